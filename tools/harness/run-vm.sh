#!/bin/bash
# run-vm.sh KVER SCENARIO [DEST] [INITRAMFS-NAME]
# Boots build/kernel/KVER with build/initramfs-NAME.cpio (NAME defaults to KVER), runs
# the guest scenario SCENARIO and unpacks what the guest wrote (a tar stream on the
# virtio disk) into DATA/DEST (default: SCENARIO).  INITRD overrides the initramfs
# (build-initramfs.sh KVER catalog makes build/initramfs-KVER-catalog.cpio).
# Without GUEST_ARCH: an x86-64 guest (ACCEL=kvm tries KVM, TCG otherwise); with
# GUEST_ARCH (run-vm-foreign.sh): the QEMU, machine, console and VM shape of foreign.sh,
# always under TCG.  GUEST_APPEND: more kernel parameters.  VM_REBOOT=1: a reboot in the
# guest boots it again in the same run (guest/lastboot.sh) instead of ending QEMU.
set -euo pipefail
. "$(dirname "$0")/config.sh"
KVER=$1 SCEN=$2 DEST=${3:-$2} NAME=${4:-$1}
K=$(kdir "$KVER")
INITRD=${INITRD:-$BUILD/initramfs-$NAME.cpio}
accel=tcg,thread=multi
reboot=-no-reboot
[ "${VM_REBOOT:-0}" = 1 ] && reboot=
if [ -n "${GUEST_ARCH:-}" ]; then
  . "$(dirname "$0")/foreign.sh"
  machine=$QEMU_MACHINE
else
  QEMU=qemu-system-x86_64 CONSOLE=ttyS0 machine="-cpu max,la57=off"
  if [ "$ACCEL" = kvm ]; then accel=kvm machine="-cpu host,-arch-capabilities"; fi
fi
img=$BUILD/out-$DEST.img
log=$BUILD/logs/console-$DEST.log
mkdir -p "$BUILD/logs"
rm -f "$img"; truncate -s 3G "$img"
kernel=$(ls "$K"/boot/vmlinu[xz]-"$KVER" | head -1)
echo "run-vm: ${GUEST_ARCH:-x86-64} $KVER $SCEN accel=$accel cpus=$VM_CPUS timeout=${VM_TIMEOUT}s"
start=$(date +%s)
set +e
# shellcheck disable=SC2086
timeout "$VM_TIMEOUT" $QEMU $machine -accel "$accel" -smp "$VM_CPUS" -m "$VM_MEM" \
  -kernel "$kernel" -initrd "$INITRD" \
  -append "console=$CONSOLE loglevel=4 panic=-1 corpus_scenario=$SCEN${GUEST_APPEND:+ $GUEST_APPEND}" \
  -drive "file=$img,format=raw,if=virtio" -nic none -nographic $reboot > "$log" 2>&1
rc=$?
set -e
echo "run-vm: qemu rc=$rc after $(( $(date +%s) - start ))s (log: $log)"
grep -q CORPUS-DONE "$log" || { echo "run-vm: guest did not finish" >&2; tail -20 "$log" >&2; exit 1; }
rm -rf "$BUILD/unpack-$DEST"; mkdir -p "$BUILD/unpack-$DEST"
tar xf "$img" -C "$BUILD/unpack-$DEST"
rm -rf "${DATA:?}/$DEST"; mkdir -p "$DATA"
mv "$BUILD/unpack-$DEST/$SCEN" "$DATA/$DEST"
cp "$log" "$DATA/$DEST/vm-console.log"
rm -rf "$BUILD/unpack-$DEST" "$img"
echo "run-vm: results in $DATA/$DEST"
