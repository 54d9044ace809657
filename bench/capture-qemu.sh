#!/bin/bash
# bench/capture-qemu.sh — `tracesym capture --script` on a real kernel.
#
# Boots the Debian 6.1 kernel of the samples under QEMU (TCG) with the shared corpus harness
# (../shared/harness: prepare-kernel.sh, build-initramfs.sh, run-vm.sh, guest/init + lib.sh),
# adds a guest scenario "capture" that runs the capture script beside `trace-cmd record`
# while it loads and unloads modules (later modules reusing the addresses of unloaded ones),
# and checks the archive it wrote on the host.
#
#   bench/capture-qemu.sh                      (BUILD, DATA default to bench/out/capture-{build,data})
#   BUILD=DIR DATA=DIR bench/capture-qemu.sh
#
# Needs root, qemu-system-x86, busybox-static, kmod, cpio, trace-cmd (apt-get install them).
# BUILD (kernels, initramfs, logs) and DATA (results: DATA/capture/) must lie outside
# ../shared so that the samples stay as they are.  A TCG boot takes minutes (VM_TIMEOUT).
#
# DATA/capture/ holds: capture.dat (trace-cmd record of the top instance: function events of
# the modules' functions, module events, the capture's "epoch: NNN label" markers),
# archive/ (what the capture wrote), gt/NNN-*.trace (the kernel's own text of a second
# instance "gt" that traced the same functions, copied before each unload and at the end:
# the kernel names each event with the module layout of the moment of the copy, so the
# earliest copy holding an event is its ground truth), capture.log, record.log, guest-log.txt.
# At its end bench/capture-score.sh re-symbolizes capture.dat with the archive and scores it
# against gt/ (the end-to-end check: zero mismatches expected; it also runs alone on a DATA dir).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/.." && pwd)/shared}
HARNESS=$SHARED/harness
export BUILD=${BUILD:-$REPO/bench/out/capture-build} DATA=${DATA:-$REPO/bench/out/capture-data}
[ -x "$HARNESS/run-vm.sh" ] || { echo "capture-qemu: no corpus harness at $HARNESS (set SHARED)" >&2; exit 2; }
mkdir -p "$BUILD" "$DATA"
case "$(cd "$BUILD" && pwd)/ $(cd "$DATA" && pwd)/" in
  *"$SHARED/"*) echo "capture-qemu: BUILD and DATA must be outside $SHARED" >&2; exit 2 ;;
esac
. "$HARNESS/config.sh"

SCRIPT=$REPO/app/src/main/resources/dev/tracesym/app/capture/tracesym-capture.sh
[ -f "$SCRIPT" ] || { echo "capture-qemu: no $SCRIPT" >&2; exit 2; }

need=""
for p in qemu-system-x86 busybox-static kmod trace-cmd cpio; do dpkg -s "$p" > /dev/null 2>&1 || need="$need $p"; done
[ -z "$need" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need > /dev/null

if [ "${CHECK_ONLY:-0}" != 1 ]; then     # CHECK_ONLY=1: only the host checks of an earlier run
KVER=$("$HARNESS/prepare-kernel.sh" "$K61_PKG" "$K61_VER")
echo "capture-qemu: kernel $KVER"
[ -f "$BUILD/initramfs-$KVER.cpio" ] || "$HARNESS/build-initramfs.sh" "$KVER" > /dev/null

# The harness's initramfs plus an overlay (a second cpio archive: the kernel unpacks both)
# with the capture script and the scenario, booted from a BUILD of its own.
OV=$BUILD/capture-overlay
rm -rf "$OV"; mkdir -p "$OV/usr/bin" "$OV/scenarios"
cp "$SCRIPT" "$OV/usr/bin/tracesym-capture"; chmod +x "$OV/usr/bin/tracesym-capture"
cat > "$OV/scenarios/capture.sh" <<'GUEST'
# Scenario "capture" (tracesym bench/capture-qemu.sh): the capture script beside
# `trace-cmd record` while modules load and unload.  Sourced by the harness's init with lib.sh.
FILTER_MODS="soundcore snd snd_timer snd_seq_device snd_seq snd_seq_dummy lz4_compress lz4 \
 crc_itu_t crc7 dummy md4 wp512 cast_common cast5_generic blowfish_common blowfish_generic"
CORE_FUNCS="do_init_module do_one_initcall do_free_init free_module"
trace_reset
echo global > $T/trace_clock

# instance "gt": the same function events, printed by the kernel itself (ground truth: its text
# copied after each load and before each unload, the earliest copy holding an event names it)
G=$T/instances/gt
mkdir -p $G $OUT/gt
echo global > $G/trace_clock; echo 16384 > $G/buffer_size_kb; echo 0 > $G/options/overwrite
echo 1 > $G/options/sym-offset; echo 1 > $G/options/sym-addr
for f in $CORE_FUNCS; do echo "$f" >> $G/set_ftrace_filter; done
gt_arm() { for _m in $FILTER_MODS; do echo ":mod:$_m" >> $G/set_ftrace_filter 2>/dev/null; done; }
gt_arm
echo 1 > $G/events/module/module_load/enable; echo 1 > $G/events/module/module_free/enable
echo function > $G/current_tracer
GTN=0
gt_copy() { GTN=$((GTN + 1)); dd if=$G/trace of="$OUT/gt/$(printf %03d $GTN)-$1.trace" bs=65536 2>/dev/null; }

# the user's tracing: trace-cmd record of the top instance
set -- -o "$OUT/capture.dat" -C global -b 16384 -p function -e module:module_load -e module:module_free
for f in $CORE_FUNCS; do set -- "$@" -l "$f"; done
for m in $FILTER_MODS; do set -- "$@" -l ":mod:$m"; done
trace-cmd record "$@" > "$OUT/record.log" 2>&1 &
REC=$!
for i in $(seq 1 120); do [ "$(cat $T/tracing_on)" = 1 ] && grep -q '^function$' $T/current_tracer && break; sleep 0.5; done
log "trace-cmd record running: tracer $(cat $T/current_tracer), filter $(wc -l < $T/set_ftrace_filter) lines"

# the capture, beside it (a background job of a script ignores SIGINT: it is stopped with TERM)
/usr/bin/tracesym-capture -o "$OUT/archive" > "$OUT/capture.log" 2>&1 &
CAP=$!
snaps() { [ -f "$OUT/archive/manifest.tsv" ] && wc -l < "$OUT/archive/manifest.tsv" || echo 0; }
wait_snap() {  # wait until the capture has taken its snapshot for the last change
  _want=$1
  for _i in $(seq 1 240); do [ "$(snaps)" -ge "$_want" ] && return 0; sleep 0.25; done
  log "capture: no snapshot $_want after 60 s; its log ends: $(tail -n 2 "$OUT/capture.log" | tr '\n' '|')"
}
N=1
wait_snap $N
load() {   # the top instance's :mod: filters are consumed by each load: re-arm both instances
  arm_mod_filters; gt_arm
  log "modprobe $1"; modprobe "$1" || log "modprobe $1 FAILED"
  N=$((N + 1)); wait_snap $N
  gt_copy "after-load-$1"     # before a later module can reuse the freed init memory
}
unload() {
  gt_copy "before-unload-$1"
  log "rmmod $1"; rmmod "$1" || log "rmmod $1 FAILED"
  N=$((N + 1)); wait_snap $N
}
for m in soundcore snd snd_timer snd_seq_device snd_seq snd_seq_dummy; do load $m; done
cat /proc/asound/seq/clients /proc/asound/timers > /dev/null 2>&1
load md4
unload snd_seq_dummy; unload snd_seq; unload snd_seq_device
load crc_itu_t; load lz4_compress; load lz4
unload snd_timer; unload snd; unload soundcore
load dummy
ip link set dummy0 up 2>/dev/null; cat /proc/net/dev > /dev/null; ip link set dummy0 down 2>/dev/null
for m in soundcore snd snd_timer; do load $m; done      # same symbols, new addresses
cat /proc/asound/timers > /dev/null 2>&1
unload md4
load cast_common; load cast5_generic; load wp512
load crc7; load blowfish_common; load blowfish_generic

log "stopping the capture"
kill -TERM $CAP; wait $CAP; log "capture rc=$?"
gt_copy final
log "stopping trace-cmd record"
kill -INT $REC; wait $REC; log "trace-cmd record rc=$?"
echo 0 > $G/tracing_on
save_tracefs_meta
GUEST
(cd "$OV" && find . -print0 | cpio --null -o -H newc --quiet) > "$BUILD/capture-overlay.cpio"

B2=$BUILD/capture-vm
mkdir -p "$B2/kernel"
ln -sfn "$BUILD/kernel/$KVER" "$B2/kernel/$KVER"
cat "$BUILD/initramfs-$KVER.cpio" "$BUILD/capture-overlay.cpio" > "$B2/initramfs-$KVER.cpio"
BUILD=$B2 "$HARNESS/run-vm.sh" "$KVER" capture capture
fi

# --- on the host: what the capture wrote ------------------------------------------------
R=$DATA/capture
A=$R/archive
echo "capture-qemu: results in $R"
echo "== guest log"; cat "$R/guest-log.txt"
echo "== capture log"; cat "$R/capture.log"
echo "== archive"; ls "$A" | head -20; echo "... $(ls "$A" | wc -l) files, modules/: $(ls "$A/modules" 2>/dev/null | wc -l)"
cat "$A/kernel.tsv"
rows=$(wc -l < "$A/manifest.tsv")
markers=$(trace-cmd report -i "$R/capture.dat" 2>/dev/null | grep -c 'epoch: [0-9]' || true)
events=$(trace-cmd report -i "$R/capture.dat" 2>/dev/null | grep -cE 'module_(load|free):' || true)
echo "snapshots: $rows; epoch markers in capture.dat: $markers; module events in capture.dat: $events"
fail=0
[ "$rows" -eq "$markers" ] || { echo "capture-qemu: MISMATCH: $rows snapshots, $markers markers" >&2; fail=1; }
[ "$rows" -eq $((events + 2)) ] || { echo "capture-qemu: MISMATCH: $events module events, expected $((rows - 2))" >&2; fail=1; }
# events.tsv times the module events on the trace's clock: they match the .dat's own module events
trace-cmd report -i "$R/capture.dat" 2>/dev/null | awk '/module_(load|free):/ { t = $3; sub(/:$/, "", t); print t }' > "$R/dat-module-times.txt"
# (two records of one tracepoint in two buffers: the second is stamped microseconds later)
if ! awk -F '\t' 'NR == FNR { d[++n] = $1; next } $2 != "lost" { i++; x = $4 - d[i]; if (x < 0) x = -x; if (x > max) max = x
                   if (x > 0.001) { print "event " i ": " $4 " vs " d[i]; bad = 1 } }
     END { printf "events.tsv vs capture.dat module event times: %d events, largest difference %.0f us\n", i, max * 1e6; exit bad }' \
     "$R/dat-module-times.txt" "$A/events.tsv"; then
  echo "capture-qemu: MISMATCH: events.tsv times differ from capture.dat's module events" >&2; fail=1
fi
# every .modsyms rebuilds a full kallsyms (harness/kallsyms-full.sh) whose modules are those of .modules
while IFS=$'\t' read -r n label up; do
  full=$("$HARNESS/kallsyms-full.sh" "$A" "$n" | grep -o $'\t\[[^]]*\]' | tr -d '\t[]' | grep -v '^__builtin__\|^bpf$' | sort -u)
  mods=$(cut -d' ' -f1 "$A/$n-$label.modules" | sort -u)
  [ "$full" = "$mods" ] || { echo "capture-qemu: MISMATCH: $n-$label: kallsyms modules differ from /proc/modules" >&2; fail=1; }
done < "$A/manifest.tsv"
# An independent look at the archive (not tracesym's symbolizer): name each module function
# event of gt/ with the snapshot in force at its time (events.tsv gives the moment of each
# load/unload) by /proc/modules extents and the nearest lower symbol, and compare with the
# kernel's own name.  Expected differences: __init functions, freed before the snapshot that
# follows their load (the kernel names them from the list ftrace saved at the free, tracesym
# from the .ko), and events inside an rmmod window, whose gt copy was taken after the unload
# (bench/capture-score.sh handles both).
python3 - "$R" <<'PY' || fail=1
import bisect, glob, re, sys
R = sys.argv[1]; A = R + '/archive'
manifest = [l.rstrip('\n').split('\t') for l in open(A + '/manifest.tsv')]
rows = [l.rstrip('\n').split('\t') for l in open(A + '/events.tsv')]
at = {r[0]: float(r[3]) for r in rows if r[1] != 'lost'}
frees = [float(r[3]) for r in rows if r[1] == 'module_free']
starts, states = [], []
for n, label, _ in manifest:
    f = A + (f'/{n}-{label}.kallsyms' if n == '001' else f'/{n}-{label}.modsyms')
    lines = [l for l in open(f) if '\t[' in l]
    mods = [(int(x.split()[5], 16), int(x.split()[1]), x.split()[0]) for x in open(A + f'/{n}-{label}.modules')]
    per, flat = {}, []
    for l in lines:
        a, t, rest = l.split(' ', 2)
        name, m = rest.rstrip('\n').split('\t')
        if t in 'tTwW':
            per.setdefault(m.strip('[]'), []).append((int(a, 16), name)); flat.append((int(a, 16), name))
    for v in per.values(): v.sort()
    flat.sort()
    starts.append(at.get(n, starts[-1] if starts else -1.0)); states.append((n, mods, per, flat))
def name_of(addr, t):
    n, mods, per, flat = states[max(bisect.bisect_right(starts, t) - 1, 0)]
    for base, size, m in mods:
        if base <= addr < base + size:
            lst = per.get(m, []); j = bisect.bisect_right(lst, (addr, '\xff')) - 1
            return (lst[j][1] if j >= 0 else '?'), False
    j = bisect.bisect_right(flat, (addr, '\xff')) - 1
    return (flat[j][1] if j >= 0 else '?'), True
ev = re.compile(r'\[(\d+)\]\s+\S+\s+([\d.]+): (\S+?)\+0x[0-9a-f]+/0x[0-9a-f]+ \[\S+\] <([0-9a-f]+)>')
truth = {}
for f in sorted(glob.glob(R + '/gt/*.trace')):
    for l in open(f, errors='replace'):
        m = ev.search(l)
        if m: truth.setdefault((m[1], m[2], m[4]), m[3])
same = init = rmmod = other = 0
for (cpu, ts, addr), name in truth.items():
    got, freed_init = name_of(int(addr, 16), float(ts))
    if got == name: same += 1
    elif freed_init: init += 1
    elif any(0 <= f - float(ts) < 2.0 for f in frees): rmmod += 1
    else: other += 1; print(f'  {ts} {addr}: kernel {name}, archive {got}')
print(f'gt module function events: {len(truth)}; archive names the same: {same}; __init functions'
      f' (not in the snapshots): {init}; in rmmod windows: {rmmod}; unexplained: {other}')
sys.exit(1 if other else 0)
PY
echo "== re-symbolizing capture.dat with the archive (bench/capture-score.sh)"
DATA=$DATA "$REPO/bench/capture-score.sh" || fail=1
[ $fail = 0 ] && echo "capture-qemu: OK" || { echo "capture-qemu: FAILED" >&2; exit 1; }
