#!/bin/bash
# GUEST_ARCH=arm64|s390x build-foreign.sh [SCENARIO...]
# build-corpus.sh for a Debian kernel of another architecture (foreign.sh): the kernel
# and the guest's userland (busybox-static, kmod, trace-cmd 3.1.6 and their libraries)
# are Debian bookworm packages of GUEST_ARCH, downloaded and unpacked, never installed;
# the helper module is cross-compiled; each scenario (default: reuse events) runs under
# QEMU's TCG and lands in DATA/SCENARIO-ARCH, post-processed on the host exactly as the
# x86-64 samples are (postprocess.sh: conversions and reports with the host's trace-cmd,
# groundtruth.py).  The modules' .ko files go to DATA/modules-KVER.
set -euo pipefail
. "$(dirname "$0")/config.sh"
. "$(dirname "$0")/foreign.sh"
SCENARIOS=${*:-"reuse events"}
mkdir -p "$BUILD/logs" "$DATA"
need=""
for p in "$(basename "$QEMU" | sed 's/qemu-system-aarch64/qemu-system-arm/;s/qemu-system-s390x/qemu-system-misc/;s/qemu-system-x86_64/qemu-system-x86/')" \
         busybox-static kmod trace-cmd cpio zstd xz-utils binutils-multiarch; do
  dpkg -s "$p" > /dev/null 2>&1 || need="$need $p"
done
[ -z "$need" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need > /dev/null
KV=$("$HARNESS/prepare-foreign.sh")
"$HARNESS/build-extmod-foreign.sh" "$KV" > /dev/null || echo "build-foreign: corpus_printk for $KV not built (no bprint events)" >&2
"$HARNESS/build-initramfs-foreign.sh" "$KV" > /dev/null
run() {   # a TCG guest very occasionally hangs; one retry
  "$HARNESS/run-vm-foreign.sh" "$@" || { echo "build-foreign: retrying $*" >&2; "$HARNESS/run-vm-foreign.sh" "$@"; }
}
for s in $SCENARIOS; do
  dest=$s-$GUEST_ARCH
  run "$KV" "$s" "$dest"
  "$HARNESS/postprocess.sh" "$dest" "$s"
  # The file the guest wrote is the reference: the host's trace-cmd 3.1.6 reports it; a
  # conversion (trace-cmd convert on the host) whose report differs is dropped, not kept
  # (3.1.6 converts big-endian files wrongly: instance offsets byte-swapped, v7-none empty).
  (cd "$DATA/$dest"
   trace-cmd report -i "$s.v7-zstd.dat" > "$s.report.txt" 2> /dev/null
   trace-cmd report -N -t -i "$s.v7-zstd.dat" > "$s.report-N-t.txt" 2> /dev/null
   for f in "$s".v6.dat "$s".v7-none.dat "$s".v7-zlib.dat; do
     [ -f "$f" ] || continue
     if ! trace-cmd report -i "$f" 2> /dev/null | cmp -s - "$s.report.txt"; then
       echo "build-foreign: $dest/$f: trace-cmd convert's output does not report as $s.v7-zstd.dat does; dropped" >&2
       echo "$f: dropped (its trace-cmd report differs from $s.v7-zstd.dat's)" >> verify.txt
       rm -f "$f"
     fi
   done)
  if [ "$s" = reuse ]; then
    python3 "$HARNESS/groundtruth.py" anchor "$DATA/$dest" "$DATA/$dest/$s.report-N-t.txt" \
      "$DATA/$dest/anchor-trace-cmd-report.txt" > /dev/null
    python3 "$HARNESS/groundtruth.py" reuse "$DATA/$dest" "$DATA/$dest/address-reuse.txt" > /dev/null
  fi
  [ -f "$HARNESS/readme/$dest.txt" ] && "$HARNESS/write-readme.sh" "$dest"
done
"$HARNESS/save-modules.sh" "$KV" > /dev/null
echo "build-foreign: done"
