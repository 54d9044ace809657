#!/bin/bash
# run-vm-foreign.sh KVER SCENARIO [DEST] [INITRAMFS-NAME]
# run-vm.sh for GUEST_ARCH: boots build/kernel/KVER under QEMU's TCG (QEMU_MACHINE of
# foreign.sh) with build/initramfs-NAME.cpio, runs the guest scenario SCENARIO and
# unpacks what the guest wrote (a tar stream on the virtio disk) into DATA/DEST.
# GUEST_APPEND: more kernel parameters.
set -euo pipefail
. "$(dirname "$0")/config.sh"
. "$(dirname "$0")/foreign.sh"
KVER=$1 SCEN=$2 DEST=${3:-$2} NAME=${4:-$1}
K=$(kdir "$KVER")
img=$BUILD/out-$DEST.img
log=$BUILD/logs/console-$DEST.log
mkdir -p "$BUILD/logs"
rm -f "$img"; truncate -s 3G "$img"
kernel=$(ls "$K"/boot/vmlinu[xz]-"$KVER" | head -1)
echo "run-vm-foreign: $GUEST_ARCH $KVER $SCEN cpus=$VM_CPUS timeout=${VM_TIMEOUT}s"
start=$(date +%s)
set +e
# shellcheck disable=SC2086
timeout "$VM_TIMEOUT" $QEMU $QEMU_MACHINE -accel tcg,thread=multi -smp "$VM_CPUS" -m "$VM_MEM" \
  -kernel "$kernel" -initrd "$BUILD/initramfs-$NAME.cpio" \
  -append "console=$CONSOLE loglevel=4 panic=-1 corpus_scenario=$SCEN${GUEST_APPEND:+ $GUEST_APPEND}" \
  -drive "file=$img,format=raw,if=virtio" -nic none -nographic -no-reboot > "$log" 2>&1
rc=$?
set -e
echo "run-vm-foreign: qemu rc=$rc after $(( $(date +%s) - start ))s (log: $log)"
grep -q CORPUS-DONE "$log" || { echo "run-vm-foreign: guest did not finish" >&2; tail -20 "$log" >&2; exit 1; }
rm -rf "$BUILD/unpack-$DEST"; mkdir -p "$BUILD/unpack-$DEST"
tar xf "$img" -C "$BUILD/unpack-$DEST"
rm -rf "${DATA:?}/$DEST"; mkdir -p "$DATA"
mv "$BUILD/unpack-$DEST/$SCEN" "$DATA/$DEST"
cp "$log" "$DATA/$DEST/vm-console.log"
rm -rf "$BUILD/unpack-$DEST" "$img"
echo "run-vm-foreign: results in $DATA/$DEST"
