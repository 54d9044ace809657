#!/bin/bash
# filters.sh: every kind of report filter against the unfiltered report on one trace, in one hyperfine
# run (the figures are comparable with each other, whatever else the machine does), then whether each
# filtered output trace-cmd can make is byte-identical to trace-cmd's.
#
# usage: bench/filters.sh [-r RUNS] [--no-check | --check-only] [--before TRACESYM] [TRACE.dat [KALLSYMS]]
#   TRACE.dat  default: the big sample (../shared/samples/big/big.v7-zstd.dat from the repository)
#   KALLSYMS   the table for the --symbols runs (default: the big sample's kallsyms-at-extract.txt)
#   -r RUNS    timed runs of each command after one warm-up (default 3)
#   --no-check skip the comparison with trace-cmd (it takes ~15 s a filter on big)
#   --check-only  only the comparison (no timing: for a busy machine)
#   --before TRACESYM  also time the name and COMM filters with another build's launcher (e.g. an older
#              commit's), in the same hyperfine run
# Run from the repository (./tracesym, built with mvn -B -q package -DskipTests). Needs hyperfine.
set -euo pipefail
runs=3 check=1 time=1 before=
while [ $# -gt 0 ]; do
  case $1 in
    -r) runs=$2; shift 2 ;;
    --no-check) check=0; shift ;;
    --check-only) time=0; shift ;;
    --before) before=$2; shift 2 ;;
    -*) echo "filters.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
big=${1:-../shared/samples/big/big.v7-zstd.dat}
syms=${2:-$(dirname "$big")/kallsyms-at-extract.txt}
# name|tracesym options|trace-cmd options (empty: trace-cmd has no such filter)
cases=(
  "unfiltered|||"
  "--cpu 0|--cpu 0|--cpu 0"
  "-F event name, all shown (-F function)|-F function|-F function"
  "-F event name, all hidden (-v -F function)|-v -F function|-v -F function"
  "-F field compare (common_pid == 1)|-F 'function: common_pid == 1'|-F 'function: common_pid == 1'"
  "-F CPU == 0|-F 'function: CPU == 0'|-F 'function: CPU == 0'"
  "-F COMM == sha256sum|-F 'function: COMM == \"sha256sum\"'|-F 'function: COMM == \"sha256sum\"'"
  "-F COMM =~ ^k|-F 'function: COMM =~ \"^k\"'|-F 'function: COMM =~ \"^k\"'"
  "-F ip == schedule (address by name)|-F 'function: ip == \"schedule\"'|-F 'function: ip == \"schedule\"'"
  "-F ip.function ~ kmem_cache_*|-F 'function: ip.function ~ \"kmem_cache_*\"'|-F 'function: ip =~ \"^kmem_cache_\"'"
  "-F parent_ip.module == virtio_ring (none on big)|-F 'function: parent_ip.module == \"virtio_ring\"'|"
  "--symbols, unfiltered|--symbols $syms|"
  "--symbols, -F ip.function ~ kmem_cache_*|--symbols $syms -F 'function: ip.function ~ \"kmem_cache_*\"'|"
  "--symbols, -F parent_ip.module == virtio_ring (none)|--symbols $syms -F 'function: parent_ip.module == \"virtio_ring\"'|"
)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
args=(-N -w 1 -r "$runs" --export-markdown "$tmp/table.md")
i=0
for c in "${cases[@]}"; do
  IFS='|' read -r name ours theirs <<< "$c"
  i=$((i + 1))
  echo "./tracesym report $ours $big | wc -c" > "$tmp/$i.sh"
  args+=("--command-name=$name" "sh $tmp/$i.sh")
  case $name in *COMM*|*ip*)
    if [ -n "$before" ]; then
      echo "$before report $ours $big | wc -c" > "$tmp/$i.before.sh"
      args+=("--command-name=before: $name" "sh $tmp/$i.before.sh")
    fi ;;
  esac
done
if [ $time = 1 ]; then
  uptime
  hyperfine "${args[@]}"
  cat "$tmp/table.md"
  uptime
fi
[ $check = 1 ] || exit 0
for c in "${cases[@]}"; do
  IFS='|' read -r name ours theirs <<< "$c"
  case $ours in --symbols*|"") continue ;; esac
  [ -n "$theirs" ] || continue
  eval "./tracesym report $ours $big" > "$tmp/ours"
  eval "trace-cmd report $theirs -i $big" > "$tmp/theirs" 2> /dev/null || true
  if cmp -s "$tmp/ours" "$tmp/theirs"; then same=yes; else same=no; fi
  echo "$name: $(wc -c < "$tmp/ours") bytes, identical to trace-cmd: $same"
done
