#!/bin/bash
# spark-scale.sh: the Spark job (spark/bin/tracesym-spark, local mode) against `tracesym batch` on the
# same inputs: 1x, 4x and 16x copies of the samples, each copy a trace with its own archive beside it
# (NAME.archive/ with snapshots/ and modules/, hard links), at 1 and 2 cores (local[1] / local[2],
# batch -j 1 / -j 2). Prints wall time, events/s, the job's time over batch's, the speed-up from one
# core to two, and the job's memory (driver and executor are one JVM in local mode): peak RSS from GNU
# time, and the largest heap left after a collection (the live set, from the JVM's GC log), which is
# what grows when something is kept per trace or per event. Each configuration runs --runs times
# (default 2); the best time is kept, the largest memory. The fixed cost of each command (JVM, and
# for the job the Spark session and its stop) is timed on an empty folder (both exit 2 there), so
# that the speed-up and the overhead can also be given for the work alone (time minus fixed cost).
#
# --live SECONDS measures memory instead of time: the job runs once per size and core count, and
# every SECONDS a full collection is forced (jcmd PID GC.run); the largest heap left after those
# is the live set, which young collections alone do not show (G1 leaves old garbage for later).
# --phases runs the job once per size and core count with Spark's event log and splits its wall time:
# JVM start and stop (wall time outside the SparkContext's life), the session up to the job (context,
# listing, planning), the job (tasks scheduled, run and committed), and within it the tasks' own run
# time summed over tasks (the same per-trace pipeline batch runs), beside batch's time on one core.
# --work DIR keeps the copies there (and their compiled indexes in the cache) between runs, so that
# a later run only measures (--prepare: make them and stop); by default they live in a temporary
# folder removed at the end.
#
# usage: bench/spark-scale.sh [--sizes "1 4 16"] [--cores "1 2"] [--format jsonl] [--xmx 1g] [--runs 2]
#                             [--job-opts "JVM OPTIONS"] [--work DIR [--prepare]] [--live SECONDS | --phases]
#   --job-opts  more JVM options for the job (e.g. batch's own, "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
# Needs: mvn -B -q package -DskipTests (app/target/tracesym.jar, spark/target), GNU time, jcmd, python3.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
sizes="1 4 16" cores="1 2" format=jsonl xmx=1g runs=2 work= live= prepare=0 phases=0 job_opts=
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --cores) cores=$2; shift 2 ;;
    --format) format=$2; shift 2 ;;
    --xmx) xmx=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --live) live=$2; shift 2 ;;
    --prepare) prepare=1; shift ;;
    --phases) phases=1; shift ;;
    --job-opts) job_opts=$2; shift 2 ;;
    *) echo "spark-scale.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
data=$root/samples/data
if [ -n "$work" ]; then
  mkdir -p "$work" && work=$(cd "$work" && pwd)
  trap 'rm -rf "$work/out" "$work/gc.log" "$work/events"' EXIT
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/spark-scale.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work/empty"

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
  [ -f "$work/in-$n/.ready" ] && continue
  rm -rf "$work/in-$n"
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

# best wall time, largest peak RSS (MB), largest heap after GC (MB, 0 without a GC log) of $runs runs, and
# the CPU seconds (user + system) of the best run;
# the command must exit ${expect:-0}
measure() {
  local best= cpu= rss=0 live=0 t m u y l rc
  for _ in $(seq 1 "$runs"); do
    rm -rf "$work/out" "$work/gc.log"
    rc=0
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > /dev/null 2> "$work/err" || rc=$?
    [ "$rc" = "${expect:-0}" ] || { cat "$work/err" >&2; exit 1; }
    read -r t m u y < <(tail -n 1 "$work/time")   # after "Command exited with non-zero status N"
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t cpu=$(awk "BEGIN{print $u + $y}"); fi
    [ "$m" -gt "$rss" ] && rss=$m
    if [ -f "$work/gc.log" ]; then
      l=$(sed -n 's/.*->\([0-9]*\)M(.*/\1/p' "$work/gc.log" | sort -n | tail -n 1)
      [ "${l:-0}" -gt "$live" ] && live=$l
    fi
  done
  echo "$best $((rss / 1024)) $live $cpu"
}

# the compiled index of every archive copy (each has its own real path), made once before timing, so
# that neither command pays for it (docs/ARCHIVE.md, "The compiled index"); kept in a cache folder of
# the work folder, which goes with the copies
cache=-Dtracesym.cache.dir=$work/cache
for n in $sizes; do
  [ -f "$work/in-$n/.ready" ] && continue
  TRACESYM_JAVA_OPTS=$cache "$root/tracesym" batch --no-progress --format "$format" -o "$work/out" "$work/in-$n" \
    > /dev/null 2>&1 || true
  rm -rf "$work/out"
  touch "$work/in-$n/.ready"
done
[ $prepare = 1 ] && exit 0
# the job (add --master and the input); env and the launcher exec, so a job started with & has the JVM's PID
job=(env TRACESYM_SPARK_JAVA_OPTS="-Xmx$xmx -Xlog:gc:file=$work/gc.log $cache $job_opts" "$root/spark/bin/tracesym-spark"
  --format "$format" -o "$work/out")
batch=(env TRACESYM_JAVA_OPTS="$cache" "$root/tracesym" batch --no-progress --format "$format" -o "$work/out")

if [ -n "$live" ]; then
  printf "load average before: %s; job's JVM options: -Xmx%s %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)" "$xmx" "$job_opts"
  printf "%5s %6s %9s %5s %8s %9s %13s\n" copies traces events cores full_gcs live_MB after_young_MB
  for n in $sizes; do
    for c in $cores; do
      rm -rf "$work/out" "$work/gc.log"
      "${job[@]}" --master "local[$c]" "$work/in-$n" > /dev/null 2> "$work/err" &
      pid=$!   # the launcher execs java: this is the job's JVM
      while kill -0 "$pid" 2> /dev/null; do
        sleep "$live"
        jcmd "$pid" GC.run > /dev/null 2>&1 || true
      done
      wait "$pid" || { cat "$work/err" >&2; exit 1; }
      fulls=$(grep -c 'Pause Full' "$work/gc.log" || true)
      l=$(grep 'Pause Full' "$work/gc.log" | sed -n 's/.*->\([0-9]*\)M(.*/\1/p' | sort -n | tail -n 1)
      y=$(grep 'Pause Young' "$work/gc.log" | sed -n 's/.*->\([0-9]*\)M(.*/\1/p' | sort -n | tail -n 1)
      printf "%5s %6s %9s %5s %8s %9s %13s\n" "${n}x" $((4 * n)) $((per_copy * n)) "$c" "$fulls" "${l:-0}" "${y:-0}"
    done
  done
  printf "load average after: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi


if [ $phases = 1 ]; then
  printf "load average before: %s; job's JVM options: -Xmx%s %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)" "$xmx" "$job_opts"
  printf "%5s %5s %7s %9s %9s %7s %12s %9s %9s\n" copies cores wall_s jvm_s session_s job_s task_sum_s tasks_s/1c batch_j1_s
  for n in $sizes; do
    rm -rf "$work/out"
    bt=$(measure "${batch[@]}" -j 1 "$work/in-$n" | cut -d' ' -f1)
    for c in $cores; do
      rm -rf "$work/out" "$work/events" && mkdir "$work/events"
      /usr/bin/time -f %e -o "$work/time" env TRACESYM_SPARK_JAVA_OPTS="-Xmx$xmx $cache $job_opts -Dspark.eventLog.enabled=true \
        -Dspark.eventLog.dir=file:$work/events" "$root/spark/bin/tracesym-spark" --master "local[$c]" --format "$format" \
        -o "$work/out" "$work/in-$n" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
      python3 - "$(cat "$work/time")" "$work"/events/* "$n" "$c" "$bt" << 'PY'
import json, sys
wall, log, n, c, bt = float(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
t, run = {}, 0
for line in open(log):
    e = json.loads(line)
    ev = e["Event"]
    if ev in ("SparkListenerApplicationStart", "SparkListenerApplicationEnd"):
        t[ev] = e["Timestamp"]
    elif ev == "SparkListenerJobStart":
        t[ev] = e["Submission Time"]
    elif ev == "SparkListenerJobEnd":
        t[ev] = e["Completion Time"]
    elif ev == "SparkListenerTaskEnd":
        run += e["Task Metrics"]["Executor Run Time"]
app = (t["SparkListenerApplicationEnd"] - t["SparkListenerApplicationStart"]) / 1000
session = (t["SparkListenerJobStart"] - t["SparkListenerApplicationStart"]) / 1000
job = (t["SparkListenerJobEnd"] - t["SparkListenerJobStart"]) / 1000
print("%5s %5d %7.2f %9.2f %9.2f %7.2f %12.2f %9.2f %9s" % (n + "x", c, wall, wall - app, session, job, run / 1000, run / 1000 / c, bt))
PY
    done
  done
  printf "load average after: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

printf "load average before: %s; job's JVM options: -Xmx%s %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)" "$xmx" "$job_opts"
printf "%5s %6s %9s %5s %9s %9s %11s %7s %9s %9s %9s %11s\n" copies traces events cores spark_s batch_s spark_ev/s ratio \
  spark_cpu batch_cpu rss_MB after_gc_MB
declare -A spark_t spark_f batch_t batch_f
for c in $cores; do
  # on an empty folder both commands start, find no trace and exit 2: their fixed cost
  read -r st _ _ sc < <(expect=2 measure "${job[@]}" --master "local[$c]" "$work/empty")
  read -r bt _ _ bc < <(expect=2 measure "${batch[@]}" -j "$c" "$work/empty")
  spark_f[$c]=$st batch_f[$c]=$bt
  printf "%5s %6s %9s %5s %9s %9s %11s %7s %9s %9s %9s %11s\n" empty 0 0 "$c" "$st" "$bt" - - "$sc" "$bc" - -
done
for n in $sizes; do
  traces=$((4 * n)) events=$((per_copy * n))
  for c in $cores; do
    read -r st sm sl sc < <(measure "${job[@]}" --master "local[$c]" "$work/in-$n")
    read -r bt _ _ bc < <(measure "${batch[@]}" -j "$c" "$work/in-$n")
    spark_t[$n.$c]=$st batch_t[$n.$c]=$bt
    printf "%5s %6s %9s %5s %9s %9s %11.0f %7.2f %9s %9s %9s %11s\n" "${n}x" "$traces" "$events" "$c" "$st" "$bt" \
      "$(awk "BEGIN{print $events / $st}")" "$(awk "BEGIN{print $st / $bt}")" "$sc" "$bc" "$sm" "$sl"
  done
done
for n in $sizes; do
  if [ -n "${spark_t[$n.1]:-}" ] && [ -n "${spark_t[$n.2]:-}" ]; then
    printf "speed-up local[1] -> local[2] at %sx: %.2f (work alone, fixed cost taken off: %.2f)\n" "$n" \
      "$(awk "BEGIN{print ${spark_t[$n.1]} / ${spark_t[$n.2]}}")" \
      "$(awk "BEGIN{print (${spark_t[$n.1]} - ${spark_f[1]}) / (${spark_t[$n.2]} - ${spark_f[2]})}")"
  fi
done
for n in $sizes; do
  for c in $cores; do
    printf "job / batch at %sx, %s core(s), work alone: %.2f\n" "$n" "$c" \
      "$(awk "BEGIN{print (${spark_t[$n.$c]} - ${spark_f[$c]}) / (${batch_t[$n.$c]} - ${batch_f[$c]})}")"
  done
done
# from one size to the next: the added copies' time alone (whatever is fixed per run cancels out)
prev=
for n in $sizes; do
  if [ -n "$prev" ]; then
    for c in $cores; do
      printf "added copies %sx -> %sx, %s core(s): job %.2f s, batch %.2f s, job / batch %.2f\n" "$prev" "$n" "$c" \
        "$(awk "BEGIN{print ${spark_t[$n.$c]} - ${spark_t[$prev.$c]}}")" "$(awk "BEGIN{print ${batch_t[$n.$c]} - ${batch_t[$prev.$c]}}")" \
        "$(awk "BEGIN{print (${spark_t[$n.$c]} - ${spark_t[$prev.$c]}) / (${batch_t[$n.$c]} - ${batch_t[$prev.$c]})}")"
    done
    if [ -n "${spark_t[$n.1]:-}" ] && [ -n "${spark_t[$n.2]:-}" ]; then
      printf "added copies %sx -> %sx: job speed-up local[1] -> local[2] %.2f, batch -j 1 -> -j 2 %.2f\n" "$prev" "$n" \
        "$(awk "BEGIN{print (${spark_t[$n.1]} - ${spark_t[$prev.1]}) / (${spark_t[$n.2]} - ${spark_t[$prev.2]})}")" \
        "$(awk "BEGIN{print (${batch_t[$n.1]} - ${batch_t[$prev.1]}) / (${batch_t[$n.2]} - ${batch_t[$prev.2]})}")"
    fi
  fi
  prev=$n
done
printf "load average after: %s\n" "$(cut -d' ' -f1-3 /proc/loadavg)"
