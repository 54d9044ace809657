# Settings for guests whose userland is unpacked Debian packages (sourced after config.sh
# by the *-foreign.sh scripts): other architectures, and x86-64 with another trace-cmd
# (GUEST_OVERLAY).  GUEST_ARCH (Debian's name: arm64, s390x, amd64) selects the kernel
# package, the Debian packages of the guest's userland and the QEMU machine.
GUEST_ARCH=${GUEST_ARCH:?set GUEST_ARCH to arm64, s390x or amd64}
case $GUEST_ARCH in
  amd64)
    FK_PKG=$K61_PKG FK_VER=$K61_VER FK612_PKG=$K612_PKG FK612_VER=$K612_VER
    QEMU=qemu-system-x86_64
    QEMU_MACHINE="-cpu max,la57=off"
    CONSOLE=ttyS0 ;;
  arm64)
    FK_PKG=linux-image-6.1.0-56-arm64-unsigned FK_VER=6.1.0-56-arm64
    FK612_PKG=linux-image-6.12.118+deb12-arm64-unsigned FK612_VER=6.12.118+deb12-arm64
    QEMU=qemu-system-aarch64
    QEMU_MACHINE="-M virt -cpu max"
    CONSOLE=ttyAMA0 ;;
  s390x)
    FK_PKG=linux-image-6.1.0-50-s390x FK_VER=6.1.0-50-s390x    # the newest 6.1 Debian serves for s390x
    QEMU=qemu-system-s390x
    QEMU_MACHINE="-M s390-ccw-virtio -cpu max"
    CONSOLE=ttysclp0 ;;
  *) echo "foreign.sh: unknown GUEST_ARCH $GUEST_ARCH" >&2; exit 2 ;;
esac
# the guest's userland: Debian bookworm packages of GUEST_ARCH, unpacked (never installed)
FOREIGN_DEBS="busybox-static kmod libkmod2 liblzma5 libssl3 libzstd1 zlib1g libc6 libgcc-s1 \
 trace-cmd libtracecmd1 libtracefs1 libtraceevent1 libtraceevent1-plugin"
SYSROOT=$BUILD/sysroot-$GUEST_ARCH
# foreign TCG is several times slower than x86 on x86: one or two vCPUs, more time
VM_CPUS=${FOREIGN_CPUS:-2}
VM_MEM=${FOREIGN_MEM:-2048}
VM_TIMEOUT=${FOREIGN_TIMEOUT:-3600}
