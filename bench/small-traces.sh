#!/bin/bash
# small-traces.sh: tracesym report against trace-cmd report on the traces people open most (12 k to
# 160 k events), each side by side in one run of ../shared/bench/compare.sh (median wall, peak RSS,
# byte-identical output), on v7-zstd and on v6; then the JDKs the launcher can pick, side by side in
# one hyperfine run per trace; then the time to the first line through a pipe. v6: the sample's
# own .v6.dat.xz where it has one.
#
# usage: bench/small-traces.sh [-n RUNS] [--compare PATH] [--jdk JAVA_HOME ...] [TRACE.dat ...]
#
#   TRACE.dat   default: the reuse, events, funcgraph and both allevents samples (samples/data)
#   -n RUNS     compare.sh runs per trace (default 5), hyperfine runs per JDK (4 x RUNS)
#   --compare   compare.sh (default: ../shared/bench/compare.sh beside the repository)
#   --jdk HOME  a JDK to time tracesym on (repeatable; default: every JDK under /usr/lib/jvm, once each)
# Run on a quiet machine: the first lines print the load average. Needs trace-cmd, GNU time, hyperfine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=5 compare=$here/../shared/bench/compare.sh traces=() jdks=()
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --compare) compare=$2; shift 2 ;;
    --jdk) jdks+=("$2"); shift 2 ;;
    -*) echo "small-traces.sh: unknown option $1" >&2; exit 2 ;;
    *) traces+=("$1"); shift ;;
  esac
done
data=$here/samples/data
[ ${#traces[@]} -gt 0 ] || traces=("$data/reuse/reuse.v7-zstd.dat" "$data/events/events.v7-zstd.dat"
  "$data/funcgraph/funcgraph.v7-zstd.dat" "$data/allevents/allevents.v7-zstd.dat"
  "$data/allevents-6.12/allevents.v7-zstd.dat")
if [ ${#jdks[@]} = 0 ]; then
  for h in /usr/lib/jvm/*; do
    [ -x "$h/bin/java" ] && [ ! -L "$h" ] && jdks+=("$h")
  done
fi
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# commit $(git -C "$here" rev-parse --short HEAD), $("$here/tracesym" --version 2>&1 | tr '\n' ' ')"

# the v6 variant: the sample's own .v6.dat.xz beside it, unpacked (compare.sh --v6 caches its
# conversion by file name, which the two allevents samples share)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
v6=()
for t in "${traces[@]}"; do
  d=$(dirname "$t") b=$(basename "$t" .v7-zstd.dat)
  if [ -f "$d/$b.v6.dat.xz" ]; then
    mkdir -p "$tmp/$(basename "$d")"
    xz -dc "$d/$b.v6.dat.xz" > "$tmp/$(basename "$d")/$b.v6.dat"
    v6+=("$tmp/$(basename "$d")/$b.v6.dat")
  fi
done

echo "## compare.sh -n $runs (tracesym on the launcher's JDK)"
for t in "${traces[@]}" "${v6[@]}"; do
  echo "### $(basename "$(dirname "$t")")/$(basename "$t")"
  (cd "$here" && "$compare" -n "$runs" --tracesym ./tracesym "$t") | tail -3
done

echo "## the JDKs side by side (hyperfine, output discarded)"
for t in "${traces[@]}"; do
  cmds=()
  for h in "${jdks[@]}"; do
    env JAVA_HOME="$h" "$here/tracesym" report "$t" > /dev/null # writes its class-data archive or AOT cache
    cmds+=(-n "$(basename "$h")" "env JAVA_HOME=$h $here/tracesym report $t")
  done
  hyperfine -N -w 2 -r $((runs * 4)) "${cmds[@]}" -n trace-cmd "trace-cmd report -i $t" 2>&1 | grep -vE '^ *$'
done

echo "## the first line through a pipe (| head -1), median of $((runs * 2)) runs"
first() { # first NAME CMD...: seconds from start to the first line on the command's stdout
  python3 - "$@" <<'EOF'
import subprocess, sys, time
name, cmd, n = sys.argv[1], sys.argv[2:], int(__import__("os").environ["RUNS"])
res = []
for i in range(n):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.readline()
    res.append(time.monotonic() - t0)
    p.stdout.close(); p.wait()
res.sort()
print("%-40s median %.3f s (min %.3f, max %.3f)" % (name, res[len(res) // 2], res[0], res[-1]))
EOF
}
export RUNS=$((runs * 2))
for t in "${traces[@]}" "$here/../shared/samples/big/big.v7-zstd.dat"; do
  [ -f "$t" ] || continue
  first "trace-cmd report $(basename "$t")" trace-cmd report -i "$t"
  for h in "${jdks[@]}"; do
    first "tracesym report $(basename "$t") ($(basename "$h"))" env JAVA_HOME="$h" "$here/tracesym" report "$t"
  done
done
