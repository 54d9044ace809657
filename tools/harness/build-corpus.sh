#!/bin/bash
# build-corpus.sh [SCENARIO...]
# Regenerates the whole corpus (or only the named scenarios) from scratch:
#   host packages -> Debian kernels (extracted, not installed) -> helper module
#   -> initramfs -> one VM run per scenario
#   -> host post-processing (conversions, reports, ground truth, anchor, timing).
# Scenarios: reuse events funcgraph big perf allevents allevents-big (Debian 6.1), reuse-6.12
# allevents-6.12 (Debian 6.12),
# builtin-6.12 (a 6.12 kernel built here from linux-source-6.12 with
# CONFIG_BUILTIN_MODULE_RANGES: harness/build-kernel-builtin.sh, builtin-6.12.config).
# kallmodsyms-6.12 (only when named: builtin on a kernel with /proc/kallmodsyms, README-kallmodsyms.md).
# Environment: ACCEL=kvm to try KVM (default: TCG, see README), VM_TIMEOUT.
set -euo pipefail
. "$(dirname "$0")/config.sh"
SCENARIOS=${*:-"reuse events funcgraph big perf allevents reuse-6.12 allevents-6.12 builtin-6.12"}
want() { case " $SCENARIOS " in *" $1 "*) return 0 ;; esac; return 1; }
want_61() { local _s; for _s in reuse events funcgraph big perf allevents allevents-big; do want $_s && return 0; done; return 1; }
mkdir -p "$BUILD/logs" "$DATA"

need=""
for p in qemu-system-x86 busybox-static kmod trace-cmd cpio zstd xz-utils linux-perf; do
  dpkg -s "$p" > /dev/null 2>&1 || need="$need $p"
done
[ -z "$need" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need > /dev/null

K61= K612= KB=
if want_61; then K61=$("$HARNESS/prepare-kernel.sh" "$K61_PKG" "$K61_VER"); fi
if want reuse-6.12 || want allevents-6.12; then K612=$("$HARNESS/prepare-kernel.sh" "$K612_PKG" "$K612_VER"); fi
for k in $K61 $K612; do
  "$HARNESS/build-extmod.sh" "$k" > /dev/null || echo "build-corpus: corpus_printk for $k not built (no bprint events)" >&2
done
# the zlib variants need a zlib-capable trace-cmd at build/trace-cmd-3.1.6-src/tracecmd/trace-cmd (not built here)
if want_61; then "$HARNESS/build-initramfs.sh" "$K61" > /dev/null; fi
if want reuse-6.12; then "$HARNESS/build-initramfs.sh" "$K612" > /dev/null; fi
if want allevents || want allevents-big; then "$HARNESS/build-initramfs.sh" "$K61" catalog > /dev/null; fi
if want allevents-6.12; then "$HARNESS/build-initramfs.sh" "$K612" catalog > /dev/null; fi
if want builtin-6.12; then
  KB=$("$HARNESS/build-kernel-builtin.sh")     # a few minutes with 2 CPUs
  "$HARNESS/build-initramfs.sh" "$KB" > /dev/null
fi
# kallmodsyms-6.12: the kernel of builtin-6.12 with /proc/kallmodsyms.  kallmodsyms
# is out of tree and its port is not part of this project (see the scenario's
# README): the kernel is expected already built and installed in build/kernel/KVER
# (KM_KVER, default 6.12.117-tracesym-kallmodsyms) with its build tree in
# build/obj-kallmodsyms-6.12.
KM=${KM_KVER:-6.12.117-tracesym-kallmodsyms}
if want kallmodsyms-6.12; then
  [ -f "$(kdir "$KM")/boot/vmlinuz-$KM" ] || { echo "build-corpus: no kernel $KM in $(kdir "$KM")" >&2; exit 1; }
  "$HARNESS/build-initramfs.sh" "$KM" > /dev/null
fi

run() {   # a TCG guest very occasionally hangs; one retry
  "$HARNESS/run-vm.sh" "$@" || { echo "build-corpus: retrying $*" >&2; "$HARNESS/run-vm.sh" "$@"; }
}
for s in $SCENARIOS; do
  case $s in
    reuse-6.12) run "$K612" reuse reuse-6.12
                "$HARNESS/postprocess.sh" reuse-6.12 reuse ;;
    builtin-6.12) run "$KB" builtin builtin-6.12
                "$HARNESS/postprocess.sh" builtin-6.12 builtin
                "$HARNESS/builtin-extras.sh" builtin-6.12 "$KB" ;;
    kallmodsyms-6.12) run "$KM" builtin kallmodsyms-6.12
                "$HARNESS/postprocess.sh" kallmodsyms-6.12 builtin
                OBJDIR=$BUILD/obj-kallmodsyms-6.12 "$HARNESS/builtin-extras.sh" kallmodsyms-6.12 "$KM"
                "$HARNESS/kallmodsyms-extras.sh" kallmodsyms-6.12 ;;
    allevents)  INITRD=$BUILD/initramfs-$K61-catalog.cpio run "$K61" allevents
                "$HARNESS/postprocess.sh" allevents allevents ;;
    allevents-big) INITRD=$BUILD/initramfs-$K61-catalog.cpio run "$K61" allevents-big
                "$HARNESS/postprocess.sh" allevents-big allevents big ;;
    allevents-6.12) INITRD=$BUILD/initramfs-$K612-catalog.cpio run "$K612" allevents allevents-6.12
                "$HARNESS/postprocess.sh" allevents-6.12 allevents ;;
    big)        run "$K61" big
                "$HARNESS/postprocess.sh" big big big ;;
    perf)       run "$K61" perf ;;
    *)          run "$K61" "$s"
                "$HARNESS/postprocess.sh" "$s" "$s" ;;
  esac
  case $s in
    reuse*|builtin*|kallmodsyms*)
            n=${s%%-*}; [ "$n" = kallmodsyms ] && n=builtin
            python3 "$HARNESS/groundtruth.py" anchor "$DATA/$s" "$DATA/$s/$n.report-N-t.txt" \
              "$DATA/$s/anchor-trace-cmd-report.txt" > /dev/null
            python3 "$HARNESS/groundtruth.py" reuse "$DATA/$s" "$DATA/$s/address-reuse.txt" > /dev/null ;;
  esac
  [ -f "$HARNESS/readme/$s.txt" ] && "$HARNESS/write-readme.sh" "$s"
done
if want big; then "$HARNESS/timing.sh"; fi
if want_61; then "$HARNESS/save-modules.sh" "$K61" > /dev/null; fi
if want reuse-6.12 || want allevents-6.12; then "$HARNESS/save-modules.sh" "$K612" > /dev/null; fi
"$HARNESS/write-gitignore.sh" > /dev/null
"$HARNESS/write-index.sh"
echo "build-corpus: done"
