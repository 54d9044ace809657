#!/bin/bash
# prepare-foreign.sh: for GUEST_ARCH (arm64, s390x, amd64), downloads Debian's kernel package
# (FK_PKG, or PKG KVER given as arguments) and the guest's userland (FOREIGN_DEBS) with
# `apt-get download PKG:ARCH` (after `dpkg --add-architecture ARCH`), and unpacks them
# with dpkg-deb -x: the kernel into build/kernel/KVER (depmod run on it), the userland
# into build/sysroot-ARCH.  Nothing of the foreign architecture is installed on the
# host.  Prints the KVER.  PKG "-": the userland only (for a kernel built here, e.g. by
# build-kernel-builtin.sh, already in build/kernel/KVER).
set -euo pipefail
. "$(dirname "$0")/config.sh"
. "$(dirname "$0")/foreign.sh"
PKG=${1:-$FK_PKG} KVER=${2:-$FK_VER}
if [ "$GUEST_ARCH" != "$(dpkg --print-architecture)" ] && \
   ! dpkg --print-foreign-architectures | grep -qx "$GUEST_ARCH"; then
  dpkg --add-architecture "$GUEST_ARCH"
  apt-get update -o DPkg::Lock::Timeout=900 > /dev/null
fi
D=$BUILD/debs-$GUEST_ARCH
mkdir -p "$D" "$BUILD/kernel"
cd "$D"
[ "$PKG" = - ] && KPKG= || KPKG=$PKG
for p in $KPKG $FOREIGN_DEBS; do
  ls "${p}"_*_"$GUEST_ARCH".deb > /dev/null 2>&1 || apt-get download "$p:$GUEST_ARCH" > /dev/null 2>&1 \
    || { echo "prepare-foreign: cannot download $p:$GUEST_ARCH" >&2; exit 1; }
done
[ -z "$KPKG" ] || KVER=$(unpack_kernel "$(ls "${PKG}"_*.deb | head -1)" "$KVER")
rm -rf "$SYSROOT"; mkdir -p "$SYSROOT"
for p in $FOREIGN_DEBS; do dpkg-deb -x "$(ls "${p}"_*_"$GUEST_ARCH".deb | head -1)" "$SYSROOT"; done
echo "$KVER"
