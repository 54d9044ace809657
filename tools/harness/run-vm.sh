#!/bin/bash
# run-vm.sh KVER SCENARIO [DEST]
# Boots build/kernel/KVER with build/initramfs-KVER.cpio (2 vCPUs), runs the
# guest scenario SCENARIO and unpacks what the guest wrote (a tar stream on the
# virtio disk) into DATA/DEST (default: SCENARIO).  INITRD overrides the initramfs
# (build-initramfs.sh KVER catalog makes build/initramfs-KVER-catalog.cpio).
set -euo pipefail
. "$(dirname "$0")/config.sh"
KVER=$1 SCEN=$2 DEST=${3:-$2}
K=$(kdir "$KVER")
INITRD=${INITRD:-$BUILD/initramfs-$KVER.cpio}
img=$BUILD/out-$DEST.img
log=$BUILD/logs/console-$DEST.log
mkdir -p "$BUILD/logs"
rm -f "$img"; truncate -s 3G "$img"
accel=tcg,thread=multi cpu=max,la57=off
if [ "$ACCEL" = kvm ]; then accel=kvm; cpu=host,-arch-capabilities; fi
echo "run-vm: $KVER $SCEN accel=$accel timeout=${VM_TIMEOUT}s"
start=$(date +%s)
set +e
timeout "$VM_TIMEOUT" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp "$VM_CPUS" -m "$VM_MEM" \
  -kernel "$K/boot/vmlinuz-$KVER" -initrd "$INITRD" \
  -append "console=ttyS0 loglevel=4 panic=-1 corpus_scenario=$SCEN" \
  -drive "file=$img,format=raw,if=virtio" -nic none -nographic -no-reboot > "$log" 2>&1
rc=$?
set -e
echo "run-vm: qemu rc=$rc after $(( $(date +%s) - start ))s (log: $log)"
grep -q CORPUS-DONE "$log" || { echo "run-vm: guest did not finish" >&2; tail -20 "$log" >&2; exit 1; }
rm -rf "$BUILD/unpack-$DEST"; mkdir -p "$BUILD/unpack-$DEST"
tar xf "$img" -C "$BUILD/unpack-$DEST"
rm -rf "$DATA/$DEST"; mkdir -p "$DATA"
mv "$BUILD/unpack-$DEST/$SCEN" "$DATA/$DEST"
cp "$log" "$DATA/$DEST/vm-console.log"
rm -rf "$BUILD/unpack-$DEST" "$img"
echo "run-vm: results in $DATA/$DEST"
