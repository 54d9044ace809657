# Shared settings for the corpus harness (sourced by the other scripts).
# HARNESS is this folder (tools/harness of the tracesym repository).  Scenarios
# land in DATA, kernels, initramfs images and logs in BUILD; both default to
# bench/out/ of the repository (git-ignored), never to samples/data: copy what a
# test needs into samples/data by hand (compressed), saying how in its README.txt.
HARNESS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HARNESS/../.." && pwd)
BUILD=${BUILD:-$REPO/bench/out/harness-build}
DATA=${DATA:-$REPO/bench/out/harness-data}
CORPUS=$DATA    # where write-gitignore.sh writes its .gitignore

# Debian bookworm kernels (pinned; prepare-kernel.sh falls back to the newest
# matching package if a pinned one is no longer served).
K61_PKG=linux-image-6.1.0-56-amd64-unsigned
K61_VER=6.1.0-56-amd64
K612_PKG=linux-image-6.12.117+deb12-amd64-unsigned
K612_VER=6.12.117+deb12-amd64

# VM shape. Nested KVM hangs on this host (see README), so TCG is the default;
# set ACCEL=kvm to try KVM first.
VM_CPUS=${VM_CPUS:-2}
VM_MEM=${VM_MEM:-3072}
ACCEL=${ACCEL:-auto}
VM_TIMEOUT=${VM_TIMEOUT:-1500}

# Modules copied into the initramfs (plus their dependencies).  Names that do
# not exist for a given kernel are skipped with a warning.
GUEST_MODULES="virtio_pci virtio_blk soundcore snd snd-timer snd-seq-device snd-seq snd-seq-dummy \
 sha3_generic serpent_generic lz4 lz4_compress crc-itu-t crc7 dummy wp512 md4 cast5_generic blowfish_generic"

# Modules of the "allevents" workload (in the catalog initramfs only, see build-initramfs.sh).
ALLEVENTS_MODULES="brd scsi_debug sd_mod ext4 nls_cp437 nls_ascii vfat msdos loop mac80211_hwsim kvm kvm_amd kvm_intel dummy crc7"

kdir() { echo "$BUILD/kernel/$1"; }          # extracted package root for KVER
