#!/bin/bash
# tools/tep-oracle/run.sh [-n COUNT] [--slice] [FILE.dat...]
#
# The differential test of tracesym's renderer against trace-cmd report itself, on every event
# format of a trace (default: the kernel catalogs samples/data/catalog/*.dat.xz, every event format of
# Debian's 6.1 and 6.12 kernels with every module that has tracepoints loaded; a .xz is unpacked
# into OUT first):
#  1. builds tep-oracle.c against Debian's libtracecmd 3.1.6 and libtraceevent 1.7.1 (installed
#     with apt-get when missing: gcc, libtracecmd-dev, libtraceevent-dev, libtracefs-dev);
#  2. runs it with plugins and with -N, each with two fills behind the records, on the trace's
#     formats (COUNT records per event, default 12, plus one per key of each __print_symbolic /
#     __print_flags table), then once per extra trace_printk format for the bprint event;
#  3. merges the runs into OUT/NAME.oracle.txt (merge.py) and replays them all through tracesym's
#     report writer: samples' CatalogOracleTest with -Dtracesym.oracle.dir=OUT, which prints
#     "formats x records" and fails listing the first differences.
# --slice also writes the fixed slice that `mvn verify` replays without a compiler:
# samples/data/catalog/NAME.oracle.txt.xz (records 0 and 1 and every 10th of each event, all of them
# for the events a plugin or trace-cmd handles and for the events printed [FAILED TO PARSE], and the
# bprint groups).
# OUT defaults to bench/out/tep-oracle (git-ignored).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/bench/out/tep-oracle}
count=12 slice=
while [ $# -gt 0 ]; do
  case $1 in
    -n) count=$2; shift 2 ;;
    --slice) slice=1; shift ;;
    *) break ;;
  esac
done
if [ $# -gt 0 ]; then given=("$@"); else given=("$root"/samples/data/catalog/*.dat.xz); fi
mkdir -p "$out"
dats=()
for d in "${given[@]}"; do
  case $d in
    *.xz) u=$out/$(basename "${d%.xz}"); [ -f "$u" ] || xz -dc "$d" > "$u"; dats+=("$u") ;;
    *) dats+=("$(realpath "$d")") ;;
  esac
done

need=
for p in gcc libtracecmd-dev libtraceevent-dev libtracefs-dev trace-cmd xz-utils; do
  dpkg -s "$p" > /dev/null 2>&1 || need="$need $p"
done
[ -z "$need" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=900 $need > /dev/null
gcc -O2 -Wall $(pkg-config --cflags libtracecmd) -o "$out/tep-oracle" "$root/tools/tep-oracle/tep-oracle.c" \
  $(pkg-config --libs libtracecmd libtraceevent)

# trace_printk formats beyond the kernel's own: conversions, flags, widths, and the spellings
# libtraceevent 1.7.1 reads differently from the kernel
bprint_formats=(
  "a %d b %u c %x d %lu e %llx f %lx" "str [%s] [%s] n %d" "ptr %p %px %pK %pS %ps %pF %pf"
  "width [%5d] [%-5d] [%05d] [%*d] [%.3d]" "strs [%10s] [%.2s] [%.*s] [%-6s]" "len %zu %zd %Lu %ld"
  "char %c then %d" "pct 100%% %d" "hex %#x %#o %08lx %X" "short %hd %hhu %d" "mixed %s=%lu %s=%d %ps"
  "ext %pI4 %pM %pU %d"
)

for dat in "${dats[@]}"; do
  name=$(basename "${dat%.dat}"); name=${name%.v7-zstd}; name=${name%.v6}   # catalog-6.1.v6.dat: catalog-6.1
  w=$out/$name
  mkdir -p "$w"
  # (dump complains about the end of a file without records, and exits 1: the sections are there)
  trace-cmd dump --kallsyms -i "$dat" > "$w/kallsyms" 2> /dev/null || true
  trace-cmd dump --printk -i "$dat" > "$w/printk" 2> /dev/null || true
  runs() {   # runs PREFIX [-b FORMAT]
    local p=$1; shift
    "$out/tep-oracle" -n "$count" -k "$w/kallsyms" -p "$w/printk" -f 0 "$@" "$dat" > "$p.p0"
    "$out/tep-oracle" -n "$count" -k "$w/kallsyms" -p "$w/printk" -f 255 "$@" "$dat" > "$p.p255"
    "$out/tep-oracle" -N -n "$count" -k "$w/kallsyms" -p "$w/printk" -f 0 "$@" "$dat" > "$p.n0"
    "$out/tep-oracle" -N -n "$count" -k "$w/kallsyms" -p "$w/printk" -f 255 "$@" "$dat" > "$p.n255"
  }
  runs "$w/all"
  merge=("$out/$name.oracle.txt" "$w/all.p0" "$w/all.p255" "$w/all.n0" "$w/all.n255")
  for i in "${!bprint_formats[@]}"; do
    runs "$w/b$i" -b "${bprint_formats[$i]}"
    merge+=(G "0xffffffffc0fe0000 : \"${bprint_formats[$i]}\\n\"" "$w/b$i.p0" "$w/b$i.p255" "$w/b$i.n0" "$w/b$i.n255")
  done
  python3 "$root/tools/tep-oracle/merge.py" "${merge[@]}"
  if [ -n "$slice" ]; then
    # records 0 and 1 (zeros, all-ones) and every 10th of every event, all records of the events a
    # plugin or trace-cmd handles; the bprint groups whole. Events printed [FAILED TO PARSE] (in
    # either mode) keep all their records: libtraceevent's field-by-field fallback remembers a string
    # field that once held unprintable bytes and prints it as ARRAY[...] from then on, so a record's
    # text depends on the records of its event before it
    awk -F'\t' '
      NR == FNR { if ($3 ~ /^\[FAILED TO PARSE\]/ || $4 ~ /^\[FAILED TO PARSE\]/) stateful[$1] = 1; next }
      /^G\t/ { print; g++; n = 0; ev = ""; next }
      { if ($1 != ev) { ev = $1; n = 0 } else n++ }
      g > 1 || n < 2 || n % 10 == 0 || $1 ~ /^(ftrace:(function|kernel_stack|raw_data|func_repeats|funcgraph_entry|funcgraph_exit)|sched:sched_(switch|wakeup|wakeup_new)|kmem:(kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node|kfree|kmem_cache_free)|timer:hrtimer_(start|expire_entry)|tlb:tlb_flush|syscalls:sys_enter_futex|mac80211:drv_bss_info_changed|kvm:kvm_(exit|entry|emulate_insn|nested_vmexit|nested_vmexit_inject)|kvmmmu:kvm_mmu_(get_page|sync_page|unsync_page|zap_page|prepare_zap_page))$/ || $1 in stateful { print }
    ' "$out/$name.oracle.txt" "$out/$name.oracle.txt" | xz -9e > "$root/samples/data/catalog/$name.oracle.txt.xz"
    echo "slice: samples/data/catalog/$name.oracle.txt.xz ($(stat -c %s "$root/samples/data/catalog/$name.oracle.txt.xz") bytes)"
  fi
done

cd "$root"
mvn -B -o -q -pl samples -am test -Dtest=CatalogOracleTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtracesym.oracle.dir="$out" -Dtracesym.oracle.catalogs="$(printf '%s\n' "${dats[@]}" | paste -sd,)"
