#!/bin/bash
# spark-scale.sh: the Spark job (spark/bin/tracesym-spark, local mode) against `tracesym batch` on the
# same inputs: 1x, 4x and 16x copies of the samples, each copy a trace with its own archive beside it
# (NAME.archive/ with snapshots/ and modules/, hard links), at 1 and 2 cores (local[1] / local[2],
# batch -j 1 / -j 2). Prints wall time, events/s, the job's time over batch's, the speed-up from one
# core to two, and the job's memory (driver and executor are one JVM in local mode): peak RSS from GNU
# time, and the largest heap left after a collection (the live set, from the JVM's GC log), which is
# what grows when something is kept per trace or per event. Each configuration runs --runs times
# (default 2); the best time is kept, the largest memory.
#
# usage: bench/spark-scale.sh [--sizes "1 4 16"] [--cores "1 2"] [--format jsonl] [--xmx 1g] [--runs 2]
# Needs: mvn -B -q package -DskipTests (app/target/tracesym.jar, spark/target), GNU time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes="1 4 16" cores="1 2" format=jsonl xmx=1g runs=2
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --cores) cores=$2; shift 2 ;;
    --format) format=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "spark-scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
data=$root/samples/data
work=$(mktemp -d "${TMPDIR:-/tmp}/spark-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT

# one copy of a sample: TRACE, its snapshots/, its modules/, its build files (into NAME.archive/)
lay() { # dir name trace snapshots modules [build files...]
  local dir=$1 name=$2 trace=$3 snaps=$4 mods=$5; shift 5
  mkdir -p "$dir"
  ln "$trace" "$dir/$name.dat"
  if [ -n "$snaps" ]; then
    mkdir -p "$dir/$name.archive/snapshots" "$dir/$name.archive/modules"
    ln "$snaps"/* "$dir/$name.archive/snapshots/"
    ln "$mods"/* "$dir/$name.archive/modules/"
    for f; do ln "$f" "$dir/$name.archive/"; done
  fi
}
for n in $sizes; do
  for k in $(seq 1 "$n"); do
    host=$work/in-$n/host-$k
    lay "$host" reuse "$data/reuse/reuse.v7-zstd.dat" "$data/reuse/snapshots" "$data/modules-6.1.0-56-amd64"
    lay "$host" events "$data/events/events.v7-zstd.dat" "$data/events/snapshots" "$data/modules-6.1.0-56-amd64"
    lay "$host" builtin "$data/builtin-6.12/builtin.v7-zstd.dat" "$data/builtin-6.12/snapshots" "$data/builtin-6.12/modules" \
      "$data/builtin-6.12/System.map.gz" "$data/builtin-6.12/modules.builtin.ranges" \
      "$data/builtin-6.12/vmlinux.map.xz" "$data/builtin-6.12/vmlinux.o.map.xz"
    lay "$host" funcgraph "$data/funcgraph/funcgraph.v7-zstd.dat" "" ""   # no archive: its own kallsyms
  done
done
per_copy=$((12719 + 18155 + 33801 + 45943))   # events of reuse, events, builtin, funcgraph

# best wall time, largest peak RSS (MB) and largest heap after GC (MB, 0 without a GC log) of $runs runs
measure() {
  local best= rss=0 live=0 t m l
  for _ in $(seq 1 "$runs"); do
    rm -rf "$work/out" "$work/gc.log"
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r t m < "$work/time"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
    if [ -f "$work/gc.log" ]; then
      l=$(sed -n 's/.*->\([0-9]*\)M(.*/\1/p' "$work/gc.log" | sort -n | tail -n 1)
      [ "${l:-0}" -gt "$live" ] && live=$l
    fi
  done
  echo "$best $((rss / 1024)) $live"
}

# the compiled index of every archive copy (each has its own real path), made once before timing, so
# that neither command pays for it (docs/ARCHIVE.md, "The compiled index")
for n in $sizes; do
  "$root/tracesym" batch --no-progress --format "$format" -o "$work/out" "$work/in-$n" > /dev/null 2>&1 || true
done

printf "load average before: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf "%5s %6s %9s %5s %9s %9s %11s %7s %9s %9s\n" copies traces events cores spark_s batch_s spark_ev/s ratio rss_MB live_MB
declare -A spark_t
for n in $sizes; do
  traces=$((4 * n)) events=$((per_copy * n))
  for c in $cores; do
    read -r st sm sl < <(measure env TRACESYM_SPARK_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$work/gc.log" "$root/spark/bin/tracesym-spark" \
      --master "local[$c]" --format "$format" -o "$work/out" "$work/in-$n")
    read -r bt _ < <(measure "$root/tracesym" batch --no-progress -j "$c" --format "$format" -o "$work/out" "$work/in-$n")
    spark_t[$n.$c]=$st
    printf "%5s %6s %9s %5s %9s %9s %11.0f %7.2f %9s %9s\n" "${n}x" "$traces" "$events" "$c" "$st" "$bt" \
      "$(awk "BEGIN{print $events / $st}")" "$(awk "BEGIN{print $st / $bt}")" "$sm" "$sl"
  done
done
for n in $sizes; do
  if [ -n "${spark_t[$n.1]:-}" ] && [ -n "${spark_t[$n.2]:-}" ]; then
    printf "speed-up local[1] -> local[2] at %sx: %.2f\n" "$n" "$(awk "BEGIN{print ${spark_t[$n.1]} / ${spark_t[$n.2]}}")"
  fi
done
printf "load average after: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
