# Scenario "hunt2": more traces a user might bring (see hunt.sh): overrun buffers under the function
# tracer, -m (a size cap per CPU), the snapshot buffer extracted, --proc-map, a trace sent over the
# network to `trace-cmd listen`, function_graph with its trace options, modules loaded while traced.
SNAP_PAUSE=0
trace_reset
echo 0 > $T/options/overwrite
. ./hunt-lib.sh
# 1. lost events: every function into 8 KB buffers
rec fn-lost -p function -b 8 -e sched:sched_switch
rec fgraph-lost -p function_graph -b 8 --max-graph-depth 3
# 2. -m: at most 100 KB per CPU (trace-cmd keeps the newest pages)
WL_SLEEP=0.5 rec cap-m -m 100 -e all -b 1024
# 3. --proc-map with user stacks
rec procmap --proc-map -e syscalls:sys_enter_openat -e sched:sched_process_exec -O userstacktrace -b 512
# 4. function_graph trace options (kernel side) and a filter of functions
rec fgraph-opts -p function_graph -g vfs_read -g vfs_write -O funcgraph-proc -O funcgraph-abstime -O funcgraph-tail -O nofuncgraph-irqs -O funcgraph-overhead -b 1024
rec fn-notrace -p function -l 'vfs_*' -n vfs_getattr -n 'vfs_statx*' -e irq -b 1024
# 5. modules loaded and unloaded under the function tracer (their functions named by the kallsyms of the end)
log "record modfn"
trace-cmd record -o "$OUT/modfn.dat" -p function -l ':mod:dummy' -l ':mod:crc7' -e module -b 1024 \
  sh -c 'modprobe dummy; modprobe crc7; ip link set dummy0 up; sleep 0.2; ip link set dummy0 down; rmmod dummy; rmmod crc7' > "$OUT/modfn.log" 2>&1 || log "modfn rc=$?"
cleanup
# 6. the snapshot buffer: events into the top buffer, a snapshot, extract -s
log "snapshot"
trace_reset
echo 256 > $T/buffer_size_kb
echo 1 > $T/events/sched/enable; echo 1 > $T/events/irq/enable
echo 1 > $T/tracing_on
sh "$WL"
echo 1 > $T/snapshot 2>/dev/null || log "no snapshot"
echo 0 > $T/tracing_on
trace-cmd extract -s -o "$OUT/snapshot.dat" > "$OUT/snapshot.log" 2>&1 || log "extract -s rc=$?"
trace-cmd extract -o "$OUT/snapshot-top.dat" > "$OUT/snapshot-top.log" 2>&1 || log "extract rc=$?"
echo 0 > $T/snapshot 2>/dev/null
cleanup
# 7. over the network: trace-cmd listen writes the file
log "listen"
mkdir -p "$OUT/net"
trace-cmd listen -p 5001 -d "$OUT/net" -o net > "$OUT/listen.log" 2>&1 &
lpid=$!
sleep 2
log "record netsend"
trace-cmd record -N 127.0.0.1:5001 -e sched -e irq -b 512 sh "$WL" > "$OUT/netsend.log" 2>&1 || log "netsend rc=$?"
cleanup
sleep 2
kill $lpid 2>/dev/null; sleep 1
ls -la "$OUT/net"
# 8. a stack trace trigger on a kprobe and a histogram's snapshot action
echo 'p:kprobes/hopen2 do_sys_openat2 dfd=%di:s32 path=+0(%si):ustring' >> $T/kprobe_events || log "kprobe failed"
echo 'stacktrace' > $T/events/kprobes/hopen2/trigger || log "trigger failed"
rec trig -e kprobes -e sched:sched_process_exec -b 512
copy /proc/kallsyms "$OUT/kallsyms"
log "hunt2 done"
ls -la "$OUT"
