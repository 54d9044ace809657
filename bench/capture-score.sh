#!/bin/bash
# bench/capture-score.sh — the end-to-end check of `tracesym capture` on a real kernel.
#
# Re-symbolizes the capture that bench/capture-qemu.sh recorded (DATA/capture/capture.dat with the
# archive the capture script wrote beside it) and scores every function event's ip and parent_ip
# against the kernel's own text of the same calls (DATA/capture/gt/, see bench/capture-score.py),
# beside `trace-cmd report` of the same .dat (the names of the end of the recording) for contrast.
#
#   bench/capture-score.sh                 (DATA defaults to bench/out/capture-data, as capture-qemu.sh's;
#   DATA=DIR bench/capture-score.sh         capture-qemu.sh runs it at its end)
#
# MODULES: the .ko folder for --modules (default: the copies the capture put in archive/modules).
# Writes DATA/capture/score/{capture.jsonl,trace-cmd-report.txt,score.txt}; the last lines are
# "trace-cmd report: mismatches: M of N" and "tracesym: mismatches: M of N".
# Exit 0 when tracesym has no mismatch, 1 otherwise, 2 when something is missing.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
DATA=${DATA:-$REPO/bench/out/capture-data}
R=$DATA/capture
A=$R/archive
MODULES=${MODULES:-$A/modules}
for f in "$R/capture.dat" "$A/manifest.tsv" "$A/events.tsv"; do
  [ -f "$f" ] || { echo "capture-score: no $f (run bench/capture-qemu.sh first)" >&2; exit 2; }
done
ls "$R"/gt/*.trace > /dev/null 2>&1 || { echo "capture-score: no ground truth copies in $R/gt" >&2; exit 2; }
[ -f "$REPO/app/target/tracesym.jar" ] || { echo "capture-score: build tracesym first: mvn -B -q package -DskipTests" >&2; exit 2; }
command -v trace-cmd > /dev/null || { echo "capture-score: trace-cmd is missing" >&2; exit 2; }

S=$R/score
mkdir -p "$S"
echo "capture-score: tracesym report --format jsonl --archive $A --modules $MODULES $R/capture.dat"
"$REPO/tracesym" report --format jsonl --archive "$A" --modules "$MODULES" -o "$S/capture.jsonl" "$R/capture.dat"
# the function plugin's parent and offset options: "name+0xoff <-- parent+0xoff"
trace-cmd report -t -O parent=1 -O offset=1 -i "$R/capture.dat" > "$S/trace-cmd-report.txt" 2> /dev/null
set +e
python3 "$REPO/bench/capture-score.py" "$R" "$S/capture.jsonl" "$S/trace-cmd-report.txt" | tee "$S/score.txt"
rc=${PIPESTATUS[0]}
exit "$rc"
