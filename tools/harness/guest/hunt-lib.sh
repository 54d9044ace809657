# Helpers of the "hunt" scenarios (sourced by hunt.sh and hunt2.sh): the workload script
# "$WL" (a mktemp file), rec NAME ARGS... (trace-cmd record of the workload into OUT/NAME.dat) and cleanup.
mkdir -p /tmp   # the guest's initramfs has none; mktemp needs it
WL=$(mktemp)
# the workload: some exec, file, pipe and proc activity, markers of odd bytes
cat > "$WL" <<'WL'
echo "hunt: start" > /sys/kernel/tracing/trace_marker
ls -l /dev > /dev/null
cat /proc/interrupts /proc/net/dev > /dev/null
z=$(mktemp); dd if=/dev/zero of="$z" bs=64k count=8 2>/dev/null; sync; rm -f "$z"
dd if=/etc/passwd of=/dev/null bs=4096 2>/dev/null
dd if=/nonexistent of=/dev/null 2>/dev/null
printf 'tab\there, esc \033[1m bold, utf8 \303\251, percent %%s %%d\n' > /sys/kernel/tracing/trace_marker
printf 'no newline at the end' > /sys/kernel/tracing/trace_marker
printf '\001\000\000\000\377\376raw bytes\000\001' > /sys/kernel/tracing/trace_marker_raw
printf '\002\000\000\000' > /sys/kernel/tracing/trace_marker_raw
sleep ${WL_SLEEP:-0.2}
echo "hunt: end" > /sys/kernel/tracing/trace_marker
WL
rec() {   # rec NAME trace-cmd-record-args...: records the workload into OUT/NAME.dat
  _n=$1; shift
  log "record $_n: $*"
  trace-cmd record -o "$OUT/$_n.dat" "$@" sh "$WL" > "$OUT/$_n.log" 2>&1 || log "record $_n rc=$?"
  ls -la "$OUT/$_n.dat" 2>/dev/null | awk '{print "  size " $5}'
  cleanup
}
cleanup() {   # what a record may leave behind (dynamic events and their triggers stay)
  echo 0 > $T/tracing_on; echo nop > $T/current_tracer; echo > $T/set_ftrace_filter
  echo 0 > $T/events/enable; echo local > $T/trace_clock
  for _o in userstacktrace sym-offset sym-addr sym-userobj func_stack_trace func-no-repeats stacktrace; do
    [ -f $T/options/$_o ] && echo 0 > $T/options/$_o
  done
  echo 1 > $T/tracing_on
}

