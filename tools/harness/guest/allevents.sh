# Scenario "allevents": every tracepoint of the kernel enabled (events/enable), no function
# tracer, a mixed workload: modules loaded and unloaded (their __init code runs while traced),
# loopback networking, mac80211_hwsim radios, a tiny KVM guest where the emulated CPU allows it
# (kvmrun), vfat on a loop device, then ext4 (jbd2) on a RAM disk with the mixload helper (futexes,
# signals, timers, sockets over IPv4/IPv6 loopback, page allocation, file I/O), writes and reads of
# a scsi_debug disk. The buffers (2 MiB per CPU) end the trace when full.
# Then the catalog: every module of the kernel that defines tracepoints is loaded (the list
# is /scenarios/catalog-modules.txt, written by build-initramfs.sh ... catalog) and a second
# `trace-cmd extract` with empty buffers writes catalog.dat, which carries the format of every
# event the kernel then has.
SNAP_PAUSE=1   # snapshots are not traced
# module loads and unloads with kallsyms snapshots but no copy of the trace text
load() { marker "epoch: load-begin $1"; log "modprobe $*"; modprobe "$@" || log "modprobe $1 FAILED"; snap "after-load-$1" notrace; }
unload() { snap "before-unload-$1" notrace; log "rmmod $1"; rmmod "$1" || log "rmmod $1 FAILED"; snap "after-unload-$1" notrace; }
trace_reset
echo mono > $T/trace_clock
echo ${ALLEVENTS_KB:-2048} > $T/buffer_size_kb   # per CPU: some 50,000 events each at most
echo 0 > $T/options/overwrite
mkdir -p /mnt/ext4 /mnt/sd /mnt/vfat
ln -sf /proc/self/mounts /etc/mtab   # mke2fs (e2fsprogs: busybox ash would run its own applet) checks mounts
# modules whose events we want enabled from the start (they are loaded before events/enable)
for m in brd scsi_debug sd_mod ext4 nls_cp437 nls_ascii vfat loop mac80211_hwsim kvm; do
  modprobe $m 2>/dev/null || log "modprobe $m failed"
done
modprobe kvm_amd 2>/dev/null || modprobe kvm_intel 2>/dev/null || log "no kvm_amd / kvm_intel"
echo 1 > $T/events/enable
log "enabled: $(grep -c . $T/set_event) events"
echo 1 > $T/tracing_on
snap start notrace

HAVE_PRINTK=; [ -f /lib/modules/$(uname -r)/extra/corpus_printk.ko ] && HAVE_PRINTK=1
workload() {
  log "workload: modules"
  load dummy
  ip link set dummy0 up 2>/dev/null && ip addr add 10.11.12.1/24 dev dummy0 2>/dev/null
  ping -c 2 -W 1 10.11.12.2 > /dev/null 2>&1
  [ -n "$HAVE_PRINTK" ] && { load corpus_printk; sleep 0.5; }

  log "workload: network, kvm, radios"
  ping -c 3 -i 0.2 127.0.0.1 > /dev/null 2>&1
  ping6 -c 2 -i 0.2 ::1 > /dev/null 2>&1
  kvmrun 150 || log "kvmrun failed"
  for w in /sys/class/ieee80211/*; do [ -e "$w" ] && cat "$w/macaddress" > /dev/null; done
  ip link set wlan0 up 2>/dev/null; sleep 0.3; ip link set wlan0 down 2>/dev/null

  log "workload: vfat on loop0"
  img=$(mktemp); dd if=/dev/zero of="$img" bs=64k count=32 2> /dev/null
  if losetup /dev/loop0 "$img"; then
    mkdosfs /dev/loop0 > /dev/null 2>&1
    if mount -t vfat /dev/loop0 /mnt/vfat; then
      echo "a long file name" > "/mnt/vfat/A long name.txt"; sync; ls -l /mnt/vfat > /dev/null; umount /mnt/vfat
    else log "mount vfat failed"; fi
    losetup -d /dev/loop0
  fi
  rm -f "$img"

  log "workload: unload"
  ip addr flush dev dummy0 2>/dev/null; ip link set dummy0 down 2>/dev/null
  unload dummy
  [ -n "$HAVE_PRINTK" ] && unload corpus_printk

  # the heavy part last: when the buffer fills up, what is lost is more of the same
  log "workload: ext4 on /dev/ram0"
  img=$(mktemp); /sbin/mke2fs -q -t ext4 -F -b 1024 -N 64 -J size=1 /dev/ram0 3072 > "$img.log" 2>&1 || log "mke2fs ram0 failed: $(cat "$img.log")"; rm -f "$img" "$img.log"
  if mount -t ext4 /dev/ram0 /mnt/ext4; then
    mixload /mnt/ext4 || log "mixload ext4 failed"
    ls -lR /mnt/ext4 > /dev/null; sync
    umount /mnt/ext4
  else log "mount ext4 failed"; fi

  log "workload: scsi_debug disk"
  for i in 1 2 3 4 5; do [ -b /dev/sda ] && break; sleep 1; done
  if [ -b /dev/sda ]; then
    dd if=/dev/urandom of=/dev/sda bs=4k count=8 conv=fsync 2> /dev/null
    dd if=/dev/sda of=/dev/null bs=4k count=8 2> /dev/null
  else log "no /dev/sda"; fi
  echo 3 > /proc/sys/vm/drop_caches
}
# ALLEVENTS_ROUNDS (scenario allevents-big): the workload again and again (modules come back at new addresses)
for round in $(seq ${ALLEVENTS_ROUNDS:-1}); do
  [ "$round" -gt 1 ] && log "round $round"
  workload
done
marker "epoch: end of recording"
echo 0 > $T/tracing_on
snap final
save_tracefs_meta
for c in $T/per_cpu/cpu*; do log "${c##*/}: $(grep -E '^(entries|overrun|dropped events)' $c/stats | tr '\n' ' ')"; done
log "extract"
trace-cmd extract -o "$OUT/allevents.dat"
log "extract done rc=$?"

# --- the catalog: every module with tracepoints loaded, empty buffers, every format
[ "${ALLEVENTS_CATALOG:-1}" = 1 ] || return 0
echo 0 > $T/events/enable
echo > $T/trace
n=0; failed=
if [ -f /scenarios/catalog-modules.txt ]; then
  for m in $(cat /scenarios/catalog-modules.txt); do
    if modprobe "$m" > /dev/null 2>&1; then n=$((n + 1)); else failed="$failed $m"; fi
  done
fi
log "catalog: loaded $n modules; failed:$failed"
echo "$failed" > "$OUT/catalog-failed-modules.txt"
cat /proc/modules > "$OUT/catalog-modules-loaded.txt"
echo > $T/trace
trace-cmd extract -o "$OUT/catalog.dat"
log "catalog extract done rc=$?"
ls -d $T/events/*/*/ | wc -l > "$OUT/catalog-format-count.txt"
