# Scenario "newer": what a newer trace-cmd (the one in the initramfs: trace-cmd 3.3 or 3.4
# built from source, see the sample's README) writes, on a 6.12 kernel.  Top-level buffer:
# function_graph restricted to the call graphs of finit_module and delete_module, with
# funcgraph-retval and funcgraph-args where the kernel has them, plus sched_switch,
# kmalloc (call_site), module events; instance "foo": syscalls openat, module events and
# the stacktrace option.  The dummy module is loaded, used and unloaded while tracing.
trace_reset
echo mono > $T/trace_clock
echo 16384 > $T/buffer_size_kb
echo 0 > $T/options/overwrite
for f in ${SYS}finit_module ${SYS}delete_module; do
  echo $f >> $T/set_graph_function || log "no graph function $f"
done
for o in funcgraph-retval funcgraph-args; do
  if [ -f $T/options/$o ]; then echo 1 > $T/options/$o; log "option $o on"; else log "kernel has no option $o"; fi
done
for e in sched/sched_switch kmem/kmalloc module/module_load module/module_free; do
  echo 1 > $T/events/$e/enable || log "cannot enable $e"
done
mkdir -p $T/instances/foo
I=$T/instances/foo
echo 2048 > $I/buffer_size_kb
echo mono > $I/trace_clock
echo 1 > $I/options/stacktrace
for e in syscalls/sys_enter_openat syscalls/sys_exit_openat module/module_load module/module_free; do
  echo 1 > $I/events/$e/enable || log "foo: cannot enable $e"
done
# a persistent ring buffer (kernel parameters reserve_mem=...:trace trace_instance=boot_map@trace):
# trace-cmd 3.3+ stores its last_boot_info and /proc/modules with it (LAST_BOOT_INFO, MODULES_FILE)
B=$T/instances/boot_map
if [ -d $B ]; then
  log "boot_map: $(tr '\n' ' ' < $B/last_boot_info 2>/dev/null)"
  for e in module/module_load module/module_free sched/sched_process_exec; do
    echo 1 > $B/events/$e/enable || log "boot_map: cannot enable $e"
  done
  echo 1 > $B/tracing_on
else
  log "no boot_map instance"
fi
echo function_graph > $T/current_tracer
echo 1 > $I/tracing_on
echo 1 > $T/tracing_on
snap start notrace
load dummy
ip link set dummy0 up 2>/dev/null; cat /proc/net/dev > /dev/null; ip link set dummy0 down 2>/dev/null
unload dummy
marker "epoch: end of recording"
echo 0 > $T/tracing_on
echo 0 > $I/tracing_on
[ -d $B ] && echo 0 > $B/tracing_on
snap final
save_tracefs_meta
log "$(trace-cmd --version 2>&1 | grep version)"
log "extract"
trace-cmd extract -a -o "$OUT/newer.dat"
log "extract done rc=$?"
