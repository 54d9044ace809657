# Scenario "lastboot": the PREVIOUS boot's persistent ring buffer, extracted by trace-cmd
# (the trace-cmd of the initramfs: 3.4 built from source, see the sample's README), whose
# LAST_BOOT_INFO option carries the previous boot's kernel and module addresses.
# Needs the kernel parameters reserve_mem=SIZE:ALIGN:trace trace_instance=boot_map@trace
# and a VM that reboots (run-vm.sh with VM_REBOOT=1): the guest runs this script twice in
# one QEMU run, telling the boots apart by a mark in the first bytes of the output disk.
#  boot 1: dummy loaded; the boot_map instance runs the function tracer (with
#    func_stack_trace where the kernel allows it) on openat and the dummy module's
#    functions, and the timer_start and workqueue_queue_work events, while dummy0 goes up and
#    down and files are opened; the kernel's own text of that buffer (boot1.trace) and a
#    snapshot (kallsyms, modules, sections: the ground truth of boot 1's addresses) are
#    written to the disk beyond 1 GiB; the mark is written; reboot -f.
#  boot 2 (another KASLR slide, modules elsewhere): boot 1's files are read back into
#    boot1/; md4 then dummy are loaded (dummy lands elsewhere); the top buffer runs the
#    same function tracing and workload (this boot's addresses); last_boot_info and the
#    kernel's own text of both buffers are copied; `trace-cmd extract -a` writes
#    lastboot.dat (v7, zstd) with both buffers and LAST_BOOT_INFO "boot_map:...".
B=$T/instances/boot_map
DISK=/dev/vda
MARK=lastboot-boot1-done
if [ ! -d $B ]; then
  log "no boot_map instance: kernel parameters reserve_mem=... trace_instance=boot_map@trace missing"
  return 0
fi
functions_on() {   # functions_on INSTANCE-DIR: function tracer on openat and dummy's functions,
  # events whose fields hold code addresses (timer and work functions)
  echo 0 > $1/tracing_on
  for e in timer/timer_start workqueue/workqueue_queue_work; do
    echo 1 > $1/events/$e/enable || log "cannot enable $e in $1"
  done
  echo ${SYS}openat > $1/set_ftrace_filter
  echo ':mod:dummy' >> $1/set_ftrace_filter || log "':mod:dummy' refused"
  echo function > $1/current_tracer
  echo 1 > $1/options/func_stack_trace || log "no func_stack_trace in $1"
  echo 1 > $1/tracing_on
}
workload() {
  ip link set dummy0 up 2>/dev/null; dd if=/proc/net/dev of=/dev/null bs=4096 2>/dev/null
  ip link set dummy0 down 2>/dev/null
  for f in /nonexistent /etc/passwd; do dd if=$f of=/dev/null bs=4096 2>/dev/null; done
}
if [ "$(dd if=$DISK bs=${#MARK} count=1 2>/dev/null)" != "$MARK" ]; then
  log "boot 1: $(grep ' _text$' /proc/kallsyms)"
  log "boot 1: boot_map last_boot_info: $(head -3 $B/last_boot_info | tr '\n' ' ')"
  modprobe dummy || log "modprobe dummy FAILED"
  echo > $B/trace
  functions_on $B
  workload
  echo 0 > $B/tracing_on
  copy $B/trace "$OUT/boot1.trace"
  log "boot 1: boot1.trace: $(grep -vc '^#' "$OUT/boot1.trace") lines"
  snap boot1 notrace
  log "boot 1: writing boot 1's files to the disk, then reboot"
  tar cf - -C "$OUT" . | dd of=$DISK bs=1M seek=1024 conv=notrunc 2>/dev/null
  printf %s "$MARK" | dd of=$DISK conv=notrunc 2>/dev/null
  sync
  reboot -f
  sleep 60
fi
log "boot 2: $(grep ' _text$' /proc/kallsyms)"
mkdir -p "$OUT/boot1"
dd if=$DISK bs=1M skip=1024 count=256 2>/dev/null | tar xf - -C "$OUT/boot1"
log "boot 2: boot 1's files: $(ls "$OUT/boot1" | tr '\n' ' ')"
copy $B/last_boot_info "$OUT/last_boot_info.txt"
log "boot 2: boot_map last_boot_info: $(tr '\n' ' ' < "$OUT/last_boot_info.txt")"
modprobe md4 || log "modprobe md4 FAILED"
modprobe dummy || log "modprobe dummy FAILED"
functions_on $T
workload
echo 0 > $T/tracing_on
snap boot2 notrace
copy $T/trace "$OUT/boot2.trace"
copy $B/trace "$OUT/boot_map.trace"
log "boot 2: boot2.trace $(grep -vc '^#' "$OUT/boot2.trace") lines, boot_map.trace $(grep -vc '^#' "$OUT/boot_map.trace") lines"
save_tracefs_meta
log "$(trace-cmd --version 2>&1 | grep '^trace-cmd version')"
log "extract"
trace-cmd extract -a --compression zstd -o "$OUT/lastboot.dat"
log "extract done rc=$?"
