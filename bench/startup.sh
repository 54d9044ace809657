#!/bin/bash
# startup.sh: wall time of `tracesym report` next to `trace-cmd report`, and the launcher's JVM flag
# choices side by side, with hyperfine. Output goes nowhere (hyperfine discards it).
#
# usage: bench/startup.sh [-r RUNS] [-w WARMUP] [--tracesym CMD] [--flags] [TRACE.dat ...] [-- EXTRA REPORT ARGS]
#
#   TRACE.dat   default: samples/data/reuse/reuse.v7-zstd.dat (12,719 events)
#   --flags     also time the alternatives to the launcher's JIT/GC/CDS choices (TRACESYM_JAVA_OPTS
#               after the launcher's own flags wins; TRACESYM_CDS=off runs without the CDS archive)
#   -r RUNS     timed runs per command (default 10), after -w WARMUP runs (default 2; the first
#               warm-up run of a new jar also writes its CDS archive)
# Prints hyperfine's summary and a markdown table (for docs/PERFORMANCE.md).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=10 warmup=2 tracesym=$here/tracesym flags=0 traces=()
while [ $# -gt 0 ]; do
  case $1 in
    -r) runs=$2; shift 2 ;;
    -w) warmup=$2; shift 2 ;;
    --tracesym) tracesym=$2; shift 2 ;;
    --flags) flags=1; shift ;;
    --) shift; break ;;
    -*) echo "startup.sh: unknown option $1" >&2; exit 2 ;;
    *) traces+=("$1"); shift ;;
  esac
done
extra="$*"
[ ${#traces[@]} -gt 0 ] || traces=("$here/samples/data/reuse/reuse.v7-zstd.dat")
command -v hyperfine > /dev/null || { echo "startup.sh: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), $(java -version 2>&1 | head -1), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for trace in "${traces[@]}"; do
  [ -f "$trace" ] || { echo "startup.sh: no such trace: $trace" >&2; exit 2; }
  cmds=(-n "trace-cmd report" "trace-cmd report -i $trace"
        -n "tracesym report" "$tracesym report $extra $trace")
  if [ $flags = 1 ]; then
    cmds+=(-n "tracesym, C2 too (TieredStopAtLevel=4)" "env TRACESYM_JAVA_OPTS=-XX:TieredStopAtLevel=4 $tracesym report $extra $trace"
           -n "tracesym, ParallelGC" "env TRACESYM_JAVA_OPTS=-XX:+UseParallelGC $tracesym report $extra $trace"
           -n "tracesym, JVM defaults (C2, G1)" "env 'TRACESYM_JAVA_OPTS=-XX:TieredStopAtLevel=4 -XX:+UseG1GC' $tracesym report $extra $trace"
           -n "tracesym, no CDS archive" "env TRACESYM_CDS=off $tracesym report $extra $trace"
           -n "tracesym, no transparent huge pages" "env TRACESYM_JAVA_OPTS=-XX:-UseTransparentHugePages $tracesym report $extra $trace")
  fi
  md=$(mktemp)
  hyperfine -N -w "$warmup" -r "$runs" --export-markdown "$md" "${cmds[@]}"
  echo
  cat "$md"
  rm -f "$md"
  echo
done
