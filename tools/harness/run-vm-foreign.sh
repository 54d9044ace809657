#!/bin/bash
# run-vm-foreign.sh KVER SCENARIO [DEST] [INITRAMFS-NAME]
# run-vm.sh for GUEST_ARCH (foreign.sh: arm64, s390x, or amd64 with another userland):
# its QEMU, machine and console, under TCG; GUEST_APPEND adds kernel parameters.
: "${GUEST_ARCH:?set GUEST_ARCH to arm64, s390x or amd64}"
exec "$(dirname "$0")/run-vm.sh" "$@"
