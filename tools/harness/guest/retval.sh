# Scenario "retval": function-graph return values, recorded by `trace-cmd record`
# (the trace-cmd of the initramfs: 3.3 or 3.4 built from source, see the sample's README)
# on a kernel with CONFIG_FUNCTION_GRAPH_RETVAL (build-kernel-builtin.sh retval).
# function_graph restricted (-g) to the call graphs of finit_module, delete_module and
# openat, with the funcgraph-retval option (-O), plus sched_switch and the module events.
# The workload loads md4 (loadable), opens files that exist and files that do not (error
# returns: -ENOENT), unloads md4; kallsyms/modules snapshots (no trace copies: trace-cmd
# record consumes the buffers) at the start, after the load and at the end, markers before
# and after the unload (a snapshot's reads of sysfs would be graphed as openat calls).
# Then the kernel's text output of the same option (retval.trace) for openat alone.
trace_reset
if [ ! -f $T/options/funcgraph-retval ]; then
  log "kernel has no option funcgraph-retval (CONFIG_FUNCTION_GRAPH_RETVAL off)"
fi
export OUT
snap start notrace
log "$(trace-cmd --version 2>&1 | grep '^trace-cmd version')"
log "record"
trace-cmd record -p function_graph -O funcgraph-retval \
  -g ${SYS}finit_module -g ${SYS}delete_module -g ${SYS}openat \
  -e sched:sched_switch -e module:module_load -e module:module_free \
  -b 8192 -C mono --file-version 7 --compression zstd -o "$OUT/retval.dat" \
  -- sh -c '. ./lib.sh; md4_open_workload'
log "record done rc=$?"
SNAPSEQ=2
snap final notrace
save_tracefs_meta
graph_text "$OUT/retval.trace" funcgraph-retval
