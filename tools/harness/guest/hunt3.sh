# Scenario "hunt3": the text of the report's columns under odd inputs: pids above 99999, comms with
# spaces, tabs, UTF-8 and 15 characters, renamed tasks, stopped and killed tasks (sched_switch states),
# long and odd trace_marker texts, many short-lived tasks (more than saved_cmdlines keeps).
SNAP_PAUSE=0
trace_reset
echo 0 > $T/options/overwrite
. ./hunt-lib.sh
echo 4194304 > /proc/sys/kernel/pid_max 2>/dev/null || log "pid_max not raised"
ODD=$(mktemp)
cat > "$ODD" <<'ODD'
M=/sys/kernel/tracing/trace_marker
echo 199990 > /proc/sys/kernel/ns_last_pid 2>/dev/null
sh -c 'printf "a b\tc\303\251\033x" > /proc/$$/comm; dd if=/etc/passwd of=/dev/null 2>/dev/null; sleep 0.05'
sh -c 'printf "fifteen-chars-x" > /proc/$$/comm; dd if=/etc/passwd of=/dev/null 2>/dev/null'
sh -c 'printf "%%s%%d%%n" > /proc/$$/comm; dd if=/etc/passwd of=/dev/null 2>/dev/null'
echo 1999990 > /proc/sys/kernel/ns_last_pid 2>/dev/null
sleep 2 & s=$!; kill -STOP $s; sleep 0.05; kill -CONT $s; kill -TERM $s; wait $s 2>/dev/null
sleep 1 & k=$!; kill -KILL $k; wait $k 2>/dev/null
i=0; while [ $i -lt 150 ]; do /bin/true; i=$((i+1)); done
head -c 3000 /dev/zero | tr '\0' 'x' > $M
printf 'line1\nline2\n\n' > $M
printf '\n' > $M
printf 'back\\slash "quotes" \x7f del %%p %%s' > $M
printf '\001\000\000\000' > /sys/kernel/tracing/trace_marker_raw
ODD
log "record odd"
trace-cmd record -o "$OUT/odd.dat" -e sched -e signal -e task -e syscalls:sys_enter_openat -b 1024 \
  sh "$ODD" > "$OUT/odd.log" 2>&1 || log "odd rc=$?"
cleanup
log "record odd-fn"
trace-cmd record -o "$OUT/odd-fn.dat" -p function -l 'do_sys_openat2' -l 'kill_pid_info' -l '__x64_sys_kill' -e sched:sched_switch -e task -b 1024 \
  sh "$ODD" > "$OUT/odd-fn.log" 2>&1 || log "odd-fn rc=$?"
cleanup
copy /proc/kallsyms "$OUT/kallsyms"
log "hunt3 done"
ls -la "$OUT"
