# Scenario "hunt4": function arguments (Linux 6.15+: funcgraph-args, func-args) recorded by the
# trace-cmd of the image, then hunt3 on that kernel. (hunt2's `-e all` part once panicked Debian's
# 6.16 under TCG, in tmigr_cpu_new_timer: not run here.)
SNAP_PAUSE=0
trace_reset
echo 0 > $T/options/overwrite
. ./hunt-lib.sh
rec fgraph-args -p function_graph -g do_sys_openat2 -g vfs_read -O funcgraph-args --max-graph-depth 3 -b 1024
if [ -f $T/options/func-args ]; then
  rec fn-args -p function -l do_sys_openat2 -l vfs_read -l filename_lookup -O func-args -e sched:sched_switch -b 1024
fi
ls $T/options > "$OUT/trace-options.txt"
. ./hunt3.sh
log "hunt4 done"
