# Scenario "hunt": many small traces, each recorded the way a user might (trace-cmd record
# options, trace options, dynamic events, clocks, instances, file versions), to compare
# `tracesym report` with `trace-cmd report` on traces the other scenarios do not make.
# Each trace is OUT/NAME.dat with its record log OUT/NAME.log. Short workloads, small buffers.
SNAP_PAUSE=0
trace_reset
echo 0 > $T/options/overwrite
. ./hunt-lib.sh
# dynamic events first, so that the "-e all" traces carry them too
log "dynamic events"
echo "p:kprobes/hopen do_sys_openat2 dfd=$ARG1:s32 path=+0(%si):ustring flags=+0(%dx):x64 lo=%dx:b4@4/32" >> $T/kprobe_events || log "kprobe hopen failed"
echo 'p:kprobes/hlookup filename_lookup name=+0(+0(%si)):string raw=+0(+0(%si)):x8[6] caller=+0(%sp):symbol comm=$comm' >> $T/kprobe_events || log "kprobe hlookup failed"
echo 'r:kprobes/hlookup_ret filename_lookup ret=$retval:s32 rx=$retval:x16 st=$stack0:x64' >> $T/kprobe_events || log "kretprobe failed"
echo 'p:kprobes/hvfs vfs_read file=%di:x64 cnt=%dx:u64 pos=+0(%cx):s64 s=$stack:symbol' >> $T/kprobe_events || log "kprobe hvfs failed"
echo 'p:uprobes/bbentry /bin/busybox:0xebf0 ip=%ip sp=%sp top=+0(%sp):u64 cm=$comm' >> $T/uprobe_events || log "uprobe failed"
echo 'wakeup_lat pid_t pid; u64 lat; char comm[16]' >> $T/synthetic_events || log "synth wakeup_lat failed"
echo 'open_synth int dfd; char path[]; unsigned long caller' >> $T/synthetic_events || log "synth open_synth failed"
echo 'hist:keys=pid:ts0=common_timestamp.usecs' >> $T/events/sched/sched_waking/trigger || log "hist waking failed"
echo 'hist:keys=next_pid:lat=common_timestamp.usecs-$ts0:onmatch(sched.sched_waking).trace(wakeup_lat,next_pid,$lat,next_comm)' >> $T/events/sched/sched_switch/trigger || log "hist switch failed"
echo 'hist:keys=common_pid:d=dfd,p=path,c=common_pid:onmatch(kprobes.hopen).trace(open_synth,$d,$p,$c)' >> $T/events/kprobes/hopen/trigger 2>/dev/null || log "hist open_synth failed (expected on some kernels)"
# newer kernels: fprobes (6.7+), tracepoint probes with BTF (6.9+), eprobes, BTF arguments ($arg*)
if [ -f $T/dynamic_events ]; then
  echo 'f:fprobes/fvfs vfs_read file=$arg1:x64 count=$arg3:u64' >> $T/dynamic_events || log "fprobe fvfs failed"
  echo 'f:fprobes/fvfs_exit vfs_read%return ret=$retval:s64' >> $T/dynamic_events || log "fprobe exit failed"
  echo 'f:fprobes/fbtf do_sys_openat2 $arg*' >> $T/dynamic_events || log "fprobe btf failed"
  echo 't:tprobes/tswitch sched_switch prev=prev->pid next=next->pid pcomm=next->comm:string' >> $T/dynamic_events || log "tprobe failed"
  echo 'e:eprobes/eopen syscalls/sys_enter_openat path=+0($filename):ustring fl=$flags:x32' >> $T/dynamic_events || log "eprobe failed"
  cat $T/dynamic_events > "$OUT/dynamic_events.txt"
fi
ls $T/events/synthetic/ 2>&1 | tr '\n' ' '; echo

# 1. every event + the function tracer on a few functions
rec all-fn -e all -p function -l vfs_read -l vfs_write -l do_sys_openat2 -l filename_lookup -b 2048
# 2. every event + function_graph below openat
rec all-fgraph -e all -p function_graph -g do_sys_openat2 --max-graph-depth 4 -b 2048
# 3. -T: a kernel stack after every event
rec stack-T -e sched -e irq -e kmem:kmalloc -e kmem:kfree -e kprobes -T -b 1024
# 4. user stacks and symbol options
rec ustack -e syscalls:sys_enter_openat -e syscalls:sys_exit_openat -e sched:sched_process_exec -e uprobes -O userstacktrace -O sym-offset -O sym-addr -O sym-userobj -b 1024
# 5. function tracer with stack traces, func-no-repeats
rec funcstack -p function -l do_sys_openat2 -l filename_lookup -O func_stack_trace -b 1024
rec funcrepeat -p function -l '*spin_lock*' -l '*spin_unlock*' -O func-no-repeats -b 1024
# 6. dynamic events and synthetic events alone
rec dyn -e kprobes -e uprobes -e synthetic -e sched:sched_waking -e sched:sched_switch -b 1024
# 7. lost events: tiny buffers under every event
WL_SLEEP=1 rec lost -e all -b 8
# 8. clocks, --date, --tsc2nsec
for c in global counter x86-tsc uptime perf boot mono_raw; do
  rec clock-$c -C $c -e sched:sched_switch -e sched:sched_wakeup -e irq -b 512
done
rec clock-date --date -e sched:sched_switch -e sched:sched_wakeup -b 512
rec clock-tsc2nsec -C x86-tsc --tsc2nsec -e sched:sched_switch -e sched:sched_wakeup -b 512
# 9. instances
rec instances -e sched:sched_switch -e kprobes -B inst1 -e irq -e timer -B inst2 -e syscalls:sys_enter_read -e syscalls:sys_exit_read -B inst3 -p function -l vfs_read -b 512
# 10. file versions and compression
rec fv6 --file-version 6 -e sched -e irq -e kprobes -e synthetic -b 512
rec fv7-none --compression none -e sched -e irq -e kprobes -b 512
rec fv7-any --compression any -e sched -e irq -e kprobes -b 512
# 11. the blk tracer on the output disk's reads
if [ -e /sys/block/vda/trace/enable ]; then
  echo 1 > /sys/block/vda/trace/enable
  log "record blk"
  trace-cmd record -o "$OUT/blk.dat" -p blk -b 512 dd if=/dev/vda of=/dev/null bs=4k count=64 iflag=direct > "$OUT/blk.log" 2>&1 || log "blk rc=$?"
  echo 0 > /sys/block/vda/trace/enable
  cleanup
fi
# 12. an overwritten ring buffer extracted (tracefs, overwrite on)
log "overwrite + extract"
trace_reset
echo 16 > $T/buffer_size_kb
echo 1 > $T/options/overwrite
echo 1 > $T/events/sched/enable; echo 1 > $T/events/irq/enable; echo 1 > $T/events/kmem/enable
echo 1 > $T/tracing_on
WL_SLEEP=0.5 sh "$WL"
echo 0 > $T/tracing_on
trace-cmd extract -o "$OUT/overwrite.dat" > "$OUT/overwrite.log" 2>&1 || log "extract rc=$?"
echo 0 > $T/options/overwrite
cat $T/per_cpu/cpu*/stats > "$OUT/overwrite.stats"
trace_reset
rec newprobes -e fprobes -e tprobes -e eprobes -e kprobes -b 1024
copy /proc/kallsyms "$OUT/kallsyms"
cat /proc/modules > "$OUT/modules"
log "hunt done"
ls -la "$OUT"
