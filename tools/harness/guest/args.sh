# Scenario "args": function-graph ARGUMENTS, recorded by `trace-cmd record` (the trace-cmd
# of the initramfs: 3.4 built from source, see the sample's README) on a kernel with
# CONFIG_FUNCTION_TRACE_ARGS and BTF (Linux 6.15+; Debian's 6.16 from trixie-backports).
# function_graph restricted (-g) to the call graphs of delete_module and openat (not
# finit_module: a module load's graph with arguments is megabytes), with the funcgraph-args option (-O; and funcgraph-retval where the kernel has
# it), plus sched_switch and the module events.  The workload loads md4, opens files that
# exist and files that do not, unloads md4; kallsyms/modules snapshots at the start, after
# the load and at the end.  Then the kernel's own text of the same options (args.trace) for
# openat alone.
trace_reset
opts=
for o in funcgraph-args funcgraph-retval; do
  if [ -f $T/options/$o ]; then opts="$opts -O $o"; log "kernel has option $o"; else log "kernel has no option $o"; fi
done
export OUT
snap start notrace
log "$(trace-cmd --version 2>&1 | grep '^trace-cmd version')"
log "record$opts"
trace-cmd record -p function_graph $opts \
  -g ${SYS}delete_module -g ${SYS}openat \
  -e sched:sched_switch -e module:module_load -e module:module_free \
  -b 8192 -C mono --file-version 7 --compression zstd -o "$OUT/args.dat" \
  -- sh -c '. ./lib.sh; md4_open_workload'
log "record done rc=$?"
SNAPSEQ=2
snap final notrace
save_tracefs_meta
graph_text "$OUT/args.trace" funcgraph-args funcgraph-retval
