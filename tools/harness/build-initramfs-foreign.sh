#!/bin/bash
# build-initramfs-foreign.sh KVER [NAME]
# For GUEST_ARCH: builds build/initramfs-NAME.cpio (NAME defaults to KVER) from the
# userland unpacked by prepare-foreign.sh (busybox-static, kmod, trace-cmd and their
# libraries: the whole unpacked tree, less documentation), the GUEST_MODULES of KVER and
# their dependencies (+ depmod data) and the guest scripts from harness/guest/.
# GUEST_OVERLAY=DIR: a tree copied over the userland (e.g. another trace-cmd installed
# with DESTDIR=DIR; its libraries replace Debian's of the same name).
set -euo pipefail
. "$(dirname "$0")/config.sh"
. "$(dirname "$0")/foreign.sh"
KVER=$1 NAME=${2:-$1}
R=$BUILD/initramfs-$NAME
rm -rf "$R"; mkdir -p "$R"
cp -a "$SYSROOT"/. "$R"/
rm -rf "$R"/usr/lib/*/gconv "$R"/usr/share/doc "$R"/usr/share/man "$R"/usr/share/locale "$R"/usr/share/lintian
if [ -n "${GUEST_OVERLAY:-}" ]; then cp -a "$GUEST_OVERLAY"/. "$R"/; fi
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,out,etc,scenarios}
# Debian bookworm's packages put files in /bin, /lib (not merged /usr); busybox-static
# installs /bin/busybox
for a in $(/bin/busybox --list); do   # applet names are the same on every architecture
  case $a in modprobe|insmod|rmmod|lsmod|depmod|modinfo|busybox) continue ;; esac
  [ -e "$R/bin/$a" ] || [ -e "$R/usr/bin/$a" ] || [ -e "$R/sbin/$a" ] || ln -s busybox "$R/bin/$a"
done
for a in modprobe insmod rmmod lsmod depmod modinfo; do ln -sf /bin/kmod "$R/sbin/$a"; done

initramfs_modules "$R" "$KVER" $GUEST_MODULES virtio_mmio virtio_ccw
initramfs_pack "$R" "$BUILD/initramfs-$NAME.cpio"
