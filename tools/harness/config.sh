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

# unpack_kernel DEB KVER: a Debian kernel image package unpacked (dpkg-deb -x, never
# installed) into build/kernel/KVER, depmod run on it; KVER is the release the package
# really holds (a note when it is not the one asked for), printed.
unpack_kernel() {
  local deb=$1 kver=$2 real dest
  real=$(dpkg-deb -c "$deb" | sed -n 's#.*\./boot/vmlinu[xz]-\(.*\)$#\1#p' | head -1)
  [ "$real" = "$kver" ] || { echo "unpack_kernel: $deb has $real, not $kver" >&2; kver=$real; }
  dest=$(kdir "$kver")
  if [ ! -d "$dest/boot" ]; then
    rm -rf "$dest"; mkdir -p "$dest"
    dpkg-deb -x "$deb" "$dest"
  fi
  # Debian 13+ packages (merged /usr) put the modules in usr/lib/modules
  if [ -d "$dest/usr/lib/modules" ] && [ ! -e "$dest/lib" ]; then ln -s usr/lib "$dest/lib"; fi
  [ -f "$dest/lib/modules/$kver/modules.dep" ] || depmod -b "$dest" "$kver"
  echo "$kver"
}

# initramfs_modules ROOT KVER MODULE...: the modules of build/kernel/KVER named (with their
# dependencies; a name the kernel does not have is skipped with a note), its
# modules.builtin* and modules.order, the helper module of build/extmod/KVER if built,
# depmod data, all into the initramfs tree ROOT.
initramfs_modules() {
  local r=$1 kver=$2 k m out; shift 2
  k=$(kdir "$kver")
  mkdir -p "$r/lib/modules/$kver"
  cp "$k/lib/modules/$kver"/modules.builtin* "$k/lib/modules/$kver"/modules.order "$r/lib/modules/$kver/"
  for m in "$@"; do
    if ! out=$(modprobe -d "$k" -S "$kver" --show-depends "$m" 2>&1); then
      echo "initramfs: note: module $m not available for $kver" >&2; continue
    fi
    echo "$out" | awk '$1=="insmod"{print $2}' | while read -r ko; do
      rel=${ko#$k}; mkdir -p "$r$(dirname "$rel")"; cp "$ko" "$r$rel"
    done
  done
  # modules compressed by the package (Debian 13+: .ko.xz) are unpacked: the guest's kmod (bookworm's)
  # hands them to the kernel as they are
  find "$r/lib/modules/$kver" -name '*.ko.xz' -exec unxz {} +
  if [ -d "$BUILD/extmod/$kver" ]; then     # the trace_printk helper module (build-extmod*.sh)
    mkdir -p "$r/lib/modules/$kver/extra"; cp "$BUILD/extmod/$kver"/*.ko "$r/lib/modules/$kver/extra/"
  fi
  depmod -b "$r" "$kver"
}

# initramfs_pack ROOT CPIO: the guest's init and scenario scripts (harness/guest/) and a
# root user into ROOT, then ROOT as the newc archive CPIO.
initramfs_pack() {
  local r=$1 cpio=$2
  mkdir -p "$r/scenarios" "$r/etc"
  cp "$HARNESS/guest/init" "$r/init"; chmod +x "$r/init"
  cp "$HARNESS"/guest/*.sh "$r/scenarios/"
  echo "root:x:0:0:root:/:/bin/sh" > "$r/etc/passwd"
  echo "root:x:0:" > "$r/etc/group"
  (cd "$r" && find . -print0 | cpio --null -o -H newc --quiet) > "$cpio"
  ls -la "$cpio"
}
