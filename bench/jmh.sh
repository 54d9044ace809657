#!/bin/bash
# jmh.sh: runs the JMH benchmarks (bench/target/benchmarks.jar, built here when missing) with the
# given JMH arguments, then prints one summary line per benchmark: wall-clock score, items (events,
# lines, lookups) per wall second, items per CPU-second of the whole process, and CPU time per
# operation. On a shared machine the CPU figures are the ones to compare.
#
# usage: bench/jmh.sh [JMH ARGS...]     e.g. bench/jmh.sh -f 1 -wi 3 -i 5 -w 5s -r 5s
#        bench/jmh.sh -f 1 -wi 3 -i 5 -p trace=big.v7-zstd,big.v6 DatDecode
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
jar=$root/bench/target/benchmarks.jar
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -B -q -Pbench -pl bench -am package -DskipTests) || exit 1
fi
json=$(mktemp "${TMPDIR:-/tmp}/tracesym-jmh.XXXXXX.json")
trap 'rm -f "$json"' EXIT
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), $(java -version 2>&1 | head -1), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$root" && java -jar "$jar" -rf json -rff "$json" "$@")
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$json" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print()
print("| benchmark | params | wall score | items / wall s | items / CPU s | CPU ms / op |")
print("|---|---|---:|---:|---:|---:|")
for b in rows:
    name = b["benchmark"].rsplit(".", 2)
    name = name[-2] + "." + name[-1]
    params = " ".join(f"{k}={v}" for k, v in (b.get("params") or {}).items())
    p = b["primaryMetric"]
    sec = b.get("secondaryMetrics", {})
    err = p.get("scoreError")
    err = err if isinstance(err, (int, float)) and err == err else None
    wall = f'{p["score"]:.4g} ± {err:.2g} {p["scoreUnit"]}' if err is not None else f'{p["score"]:.4g} {p["scoreUnit"]}'
    items = f'{sec["items"]["score"]:,.0f}' if "items" in sec else ""
    per_cpu = cpu_op = ""
    if "cpuItems" in sec and sec["cpuMicros"]["score"] > 0:
        ci, cm = sec["cpuItems"]["score"], sec["cpuMicros"]["score"]
        if "items" in sec:
            per_cpu = f"{ci / cm * 1e6:,.0f}"
        ops = ci if "items" not in sec else None
        if ops is None:
            # throughput benchmarks: ops = items / items-per-op
            ipo = sec["items"]["score"] / p["score"] if p["score"] else 0
            ops = ci / ipo if ipo else 0
        cpu_op = f"{cm / 1000 / ops:.2f}" if ops else ""
    print(f"| {name} | {params} | {wall} | {items} | {per_cpu} | {cpu_op} |")
PY
