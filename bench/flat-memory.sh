#!/bin/bash
# flat-memory.sh: does tracesym's memory stay flat as the trace grows? Generates traces of 1x, 4x and
# 16x a real trace (the big sample: 4.77 M events, 140 MB as v6; 16x = 2.2 GB, 76 M events) by
# repeating its CPU pages with rising timestamps (dev.tracesym.bench.RepeatedTrace), then times
# `tracesym report` (and `tracesym annotate` on that report's text, when the command exists) on each
# under -Xmx256m. Wall time and peak RSS come from GNU time; output goes to `wc`, never to disk.
# The generated traces live in ${TMPDIR:-/tmp} only while measured.
#
# usage: bench/flat-memory.sh [--tracesym CMD] [--sizes "1 4 16"] [--xmx 256m] [--java-opts "OPTS"] [--keep]
#                             [--annotate-args "ARGS"] [TRACE.dat]
#   TRACE.dat        default: the shared corpus's big/big.v7-zstd.dat; a v7 file is first converted to
#                    v6 with trace-cmd convert (cached as compare.sh caches it)
#   --annotate-args  options for `tracesym annotate`; default: --symbols kallsyms-at-extract.txt when
#                    that file lies beside TRACE.dat (the big sample's), else none
#   --java-opts      more TRACESYM_JAVA_OPTS after -Xmx (e.g. "-XX:TieredStopAtLevel=4" to compare)
#   --keep           keep the generated traces
# Needs: bench/target/benchmarks.jar (mvn -B -q -Pbench -pl bench -am package -DskipTests; built
# here when missing), GNU time, trace-cmd.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tracesym=$root/tracesym sizes="1 4 16" xmx=256m java_opts= keep=0 annotate_args=unset trace=
while [ $# -gt 0 ]; do
  case $1 in
    --tracesym) tracesym=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --java-opts) java_opts=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --annotate-args) annotate_args=$2; shift 2 ;;
    -*) echo "flat-memory.sh: unknown option $1" >&2; exit 2 ;;
    *) trace=$1; shift ;;
  esac
done
trace=${trace:-$(cd "$(dirname "$0")/../.." && pwd)/shared/samples/big/big.v7-zstd.dat}
[ -f "$trace" ] || { echo "flat-memory.sh: no such trace: $trace" >&2; exit 2; }
if [ "$annotate_args" = unset ]; then
  annotate_args=
  kallsyms=$(dirname "$trace")/kallsyms-at-extract.txt
  [ -f "$kallsyms" ] && annotate_args="--symbols $kallsyms"
fi
[ -x /usr/bin/time ] || { echo "flat-memory.sh: GNU time is not installed (apt-get install time)" >&2; exit 2; }
command -v trace-cmd > /dev/null || { echo "flat-memory.sh: trace-cmd is not installed" >&2; exit 2; }
jar=$root/bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -Pbench -pl bench -am package -DskipTests) || exit 1
fi
tmpdir=${TMPDIR:-/tmp}
work=$(mktemp -d "$tmpdir/tracesym-flat.XXXXXX")
[ $keep = 1 ] || trap 'rm -rf "$work"' EXIT

# the generator reads v6; keep compare.sh's cache name so the conversion happens once
v6=$trace
if [ "$(head -c 12 "$trace" | tail -c 2 | tr -d '\0')" != 6 ]; then
  v6=$tmpdir/tracesym-bench-$(basename "$trace" .dat).v6.dat
  [ -s "$v6" ] || trace-cmd convert --file-version 6 -i "$trace" -o "$v6" > /dev/null 2>&1
fi

has_annotate=0
"$tracesym" --help 2> /dev/null | grep -qE '^ +annotate ' && has_annotate=1

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), $(java -version 2>&1 | head -1), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# input: $trace (v6 form: $v6, $(stat -c %s "$v6") bytes); TRACESYM_JAVA_OPTS=-Xmx$xmx $java_opts"
if [ $has_annotate = 1 ]; then echo "# annotate: tracesym report FILE | tracesym annotate $annotate_args"
else echo "# tracesym annotate: not a command of this build, skipped"; fi

measure() { # measure LABEL CMD... : GNU time of CMD with its output counted by wc
  local label=$1; shift
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" 2> "$work/err" | wc -lc > "$work/wc" || true
  if [ -s "$work/err" ]; then echo "flat-memory.sh: $label wrote to stderr:" >&2; head -5 "$work/err" >&2; fi
  read -r wall rss < <(tail -1 "$work/time")
  read -r lines bytes < "$work/wc"
  echo "$wall $rss $lines $bytes"
}

first=1
for n in $sizes; do
  dat=$work/repeat-${n}x.dat
  java -cp "$jar" dev.tracesym.bench.RepeatedTrace "$v6" "$dat" "$n" 2> /dev/null
  size=$(stat -c %s "$dat")
  if [ $first = 1 ]; then # the launcher's first run of a command writes its CDS archive: not timed
    TRACESYM_JAVA_OPTS="-Xmx$xmx $java_opts" "$tracesym" report "$dat" > /dev/null 2>&1 || true
    first=0
  fi
  read -r wall rss lines bytes < <(TRACESYM_JAVA_OPTS="-Xmx$xmx $java_opts" measure report "$tracesym" report "$dat")
  printf '%3sx  %11d bytes  report:   %9d lines %12d bytes  wall %7.2f s  %6.2f M lines/s  peak RSS %4d MiB\n' \
    "$n" "$size" "$lines" "$bytes" "$wall" "$(awk -v l="$lines" -v w="$wall" 'BEGIN { print (w > 0 ? l / w / 1e6 : 0) }')" $((rss / 1024))
  if [ $has_annotate = 1 ]; then
    # annotate reads the report's text from a pipe; the report runs beside it, outside the timing
    read -r wall rss lines bytes < <(TRACESYM_JAVA_OPTS="-Xmx$xmx $java_opts" measure annotate sh -c \
      '"$1" report "$2" | TRACESYM_JAVA_OPTS="$3" /usr/bin/time -f "%e %M" -o "$4" "$1" annotate $5' \
      sh "$tracesym" "$dat" "-Xmx$xmx $java_opts" "$work/time.annotate" "$annotate_args")
    read -r wall rss < <(tail -1 "$work/time.annotate")
    printf '%3sx  %11d bytes  annotate: %9d lines %12d bytes  wall %7.2f s  %6.2f M lines/s  peak RSS %4d MiB\n' \
      "$n" "$size" "$lines" "$bytes" "$wall" "$(awk -v l="$lines" -v w="$wall" 'BEGIN { print (w > 0 ? l / w / 1e6 : 0) }')" $((rss / 1024))
  fi
  [ $keep = 1 ] || rm -f "$dat"
done
