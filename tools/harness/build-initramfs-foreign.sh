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
K=$(kdir "$KVER")
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

MB=$K/lib/modules/$KVER
mkdir -p "$R/lib/modules/$KVER"
cp "$MB"/modules.builtin* "$MB"/modules.order "$R/lib/modules/$KVER/"
for m in $GUEST_MODULES virtio_mmio virtio_ccw; do
  if ! out=$(modprobe -d "$K" -S "$KVER" --show-depends "$m" 2>&1); then
    echo "build-initramfs-foreign: note: module $m not available for $KVER" >&2; continue
  fi
  echo "$out" | awk '$1=="insmod"{print $2}' | while read -r ko; do
    rel=${ko#$K}; mkdir -p "$R$(dirname "$rel")"; cp "$ko" "$R$rel"
  done
done
if [ -d "$BUILD/extmod/$KVER" ]; then     # the trace_printk helper module (build-extmod-foreign.sh)
  mkdir -p "$R/lib/modules/$KVER/extra"; cp "$BUILD/extmod/$KVER"/*.ko "$R/lib/modules/$KVER/extra/"
fi
depmod -b "$R" "$KVER"

cp "$HARNESS/guest/init" "$R/init"; chmod +x "$R/init"
cp "$HARNESS"/guest/*.sh "$R/scenarios/"
echo "root:x:0:0:root:/:/bin/sh" > "$R/etc/passwd"
echo "root:x:0:" > "$R/etc/group"
(cd "$R" && find . -print0 | cpio --null -o -H newc --quiet) > "$BUILD/initramfs-$NAME.cpio"
ls -la "$BUILD/initramfs-$NAME.cpio"
