#!/bin/bash
# build-extmod-foreign.sh KVER: build-extmod.sh for GUEST_ARCH.  Cross-compiles
# harness/extmod/corpus_printk.c with Debian's cross compiler (gcc-ARCH-linux-gnu) against
# Debian's linux-headers-KVER (of GUEST_ARCH, with -common, downloaded and unpacked, not
# installed) and the host's linux-kbuild-MAJOR.MINOR (the build tools, installed), into
# build/extmod/KVER/.  Optional: the scenarios run without it (no bprint events).
set -euo pipefail
. "$(dirname "$0")/config.sh"
. "$(dirname "$0")/foreign.sh"
KVER=$1
case $GUEST_ARCH in arm64) GNU=aarch64-linux-gnu ;; *) GNU=$GUEST_ARCH-linux-gnu ;; esac
base=$(echo "$KVER" | sed 's/^\([0-9]*\.[0-9]*\).*/\1/')          # 6.1
common=linux-headers-${KVER%-$GUEST_ARCH}-common
need=""
dpkg -s "gcc-$GNU" > /dev/null 2>&1 || need="$need gcc-$GNU"
dpkg -s "linux-kbuild-$base" > /dev/null 2>&1 || need="$need linux-kbuild-$base"
[ -z "$need" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need > /dev/null
H=$BUILD/headers-$KVER
if [ ! -d "$H/usr/src/linux-headers-$KVER" ]; then
  (cd "$BUILD/debs-$GUEST_ARCH" && for p in "linux-headers-$KVER:$GUEST_ARCH" "$common"; do
     ls "${p%:*}"_*.deb > /dev/null 2>&1 || apt-get download "$p" > /dev/null 2>&1; done)
  rm -rf "$H"; mkdir -p "$H/usr/lib"
  for d in "$BUILD/debs-$GUEST_ARCH"/linux-headers-"$KVER"_*.deb "$BUILD/debs-$GUEST_ARCH/$common"_*.deb; do
    dpkg-deb -x "$d" "$H"
  done
  ln -s "/usr/lib/linux-kbuild-$base" "$H/usr/lib/linux-kbuild-$base"   # host build tools
  sed -i "s#/usr/src/$common#$H/usr/src/$common#" "$H/usr/src/linux-headers-$KVER/Makefile"
fi
W=$BUILD/extmod-src-$KVER
rm -rf "$W"; mkdir -p "$W" "$BUILD/extmod/$KVER"
cp "$HARNESS"/extmod/corpus_printk.c "$HARNESS"/extmod/Kbuild "$W/"
make ARCH="$GUEST_ARCH" CROSS_COMPILE="$GNU-" -C "$H/usr/src/linux-headers-$KVER" M="$W" modules > /dev/null
cp "$W/corpus_printk.ko" "$BUILD/extmod/$KVER/"
echo "$BUILD/extmod/$KVER/corpus_printk.ko"
