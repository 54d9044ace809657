#!/bin/bash
# build-initramfs.sh KVER [catalog]
# Builds build/initramfs-KVER.cpio: busybox (static) + kmod + trace-cmd + perf
# (with their shared libraries, found with ldd) + mke2fs + the GUEST_MODULES of KVER and
# their dependencies (+ depmod data) + the guest scripts from harness/guest/
# + static builds of the helper programs in harness/guest-src/ (in /usr/bin).
# With "catalog" (scenario allevents) it builds build/initramfs-KVER-catalog.cpio, which also
# holds ALLEVENTS_MODULES and every module of KVER that defines tracepoints (an _ftrace_events
# section), listed in /scenarios/catalog-modules.txt (some 100 modules, 26-115 MB).
set -euo pipefail
. "$(dirname "$0")/config.sh"
KVER=$1 FLAVOUR=${2:-}
K=$(kdir "$KVER")
R=$BUILD/initramfs-$KVER${FLAVOUR:+-$FLAVOUR}
rm -rf "$R"; mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,proc,sys,dev,tmp,out,etc,scenarios}

copy_with_libs() {   # copy an executable and every library ldd lists
  local f=$1
  mkdir -p "$R$(dirname "$f")"; cp -L "$f" "$R$f"
  ldd "$f" 2>/dev/null | grep -oE '/[^ ]+' | while read -r lib; do
    [ -e "$R$lib" ] && continue
    mkdir -p "$R$(dirname "$lib")"; cp -L "$lib" "$R$lib"
  done
}

# busybox applets (kmod provides the module tools)
cp /bin/busybox "$R/bin/busybox"
for a in $(/bin/busybox --list); do
  case $a in modprobe|insmod|rmmod|lsmod|depmod|modinfo|busybox) continue ;; esac
  [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"
done
copy_with_libs /bin/kmod
for a in modprobe insmod rmmod lsmod depmod modinfo; do ln -sf /bin/kmod "$R/sbin/$a"; done
copy_with_libs /usr/bin/trace-cmd
mkdir -p "$R/usr/lib/x86_64-linux-gnu/traceevent"
cp -a /usr/lib/x86_64-linux-gnu/traceevent/plugins "$R/usr/lib/x86_64-linux-gnu/traceevent/" 2>/dev/null || true
if [ -x /usr/bin/perf ]; then copy_with_libs /usr/bin/perf; fi
if [ -x /sbin/mke2fs ]; then   # ext4 with a journal (busybox makes ext2 only)
  copy_with_libs /sbin/mke2fs
  [ -f /etc/mke2fs.conf ] && mkdir -p "$R/etc" && cp /etc/mke2fs.conf "$R/etc/"
fi
# static helper programs from harness/guest-src/ (afalg: AF_ALG client of scenario builtin)
for c in "$HARNESS"/guest-src/*.c; do
  [ -f "$c" ] || continue
  gcc -static -O2 -o "$R/usr/bin/$(basename "${c%.c}")" "$c" || echo "build-initramfs: WARNING: $c not built" >&2
done

# kernel modules: closure of GUEST_MODULES (+ the catalog's), the guest scripts, the archive
MB=$K/lib/modules/$KVER
MODS=$GUEST_MODULES
if [ "$FLAVOUR" = catalog ]; then
  list=$BUILD/catalog-modules-$KVER.txt   # kept: reading 4,000 modules takes minutes
  if [ ! -s "$list" ]; then
    find "$MB" -name '*.ko*' | sort | while read -r ko; do
      case $ko in *.xz) xz -dc "$ko" > "$R/probe.ko" ;; *.zst) zstd -qdc "$ko" > "$R/probe.ko" ;; *) cp "$ko" "$R/probe.ko" ;; esac
      if readelf -S -W "$R/probe.ko" 2>/dev/null | awk '$2=="_ftrace_events"{f=1} END{exit !f}'; then
        b=$(basename "$ko"); echo "${b%%.ko*}"
      fi
    done > "$list.tmp" && mv "$list.tmp" "$list"
    rm -f "$R/probe.ko"
  fi
  cp "$list" "$R/scenarios/catalog-modules.txt"
  MODS="$MODS $ALLEVENTS_MODULES $(cat "$list")"
fi
initramfs_modules "$R" "$KVER" $MODS
initramfs_pack "$R" "$R.cpio"
