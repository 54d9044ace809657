#!/usr/bin/env bash
# End-to-end check of `tracesym repl` on a real terminal: starts it in a detached tmux session on
# the reuse sample (trace + symbol archive + .ko files), types like a user (Tab completion, Ctrl-C,
# a failing command, Ctrl-D, history recall in a second session) and checks what the pane shows.
#
# Usage: bench/repl-tmux.sh            (from anywhere; needs tmux and app/target/tracesym.jar:
#                                        mvn -B -q -o package -DskipTests)
#   REPL_TMUX_BIG=big.dat bench/repl-tmux.sh
#        also checks that Ctrl-C stops a running command, on a trace big enough that
#        'events ADDR all' takes a while (the corpus's big.v7-zstd.dat, 4.7 million events)
# Writes the captured panes to bench/out/repl-tmux-*.txt. Exit 0 when every check passed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 2
out="$root/bench/out"
mkdir -p "$out"
data=samples/data
args="--trace $data/reuse/reuse.v7-zstd.dat --archive $data/reuse/snapshots --modules $data/modules-6.1.0-56-amd64"
command -v tmux >/dev/null || { echo "repl-tmux: tmux is not installed" >&2; exit 2; }
./tracesym repl --help >/dev/null 2>&1 || {
    echo "repl-tmux: './tracesym repl --help' fails: build the jar (mvn -B -q -o package -DskipTests)" \
         "and register dev.tracesym.app.repl.ReplCommand in dev.tracesym.app.Main" >&2
    exit 2
}

session="tracesym-repl-$$"
hist=$(mktemp "${TMPDIR:-/tmp}/tracesym-history.XXXXXX")
failures=0
cleanup() { stop; rm -f "$hist"; }
trap cleanup EXIT

pane() { tmux capture-pane -p -J -S - -t "$session" 2>/dev/null; }

# wait_for TEXT [SECONDS]: until the pane shows TEXT (fixed string)
wait_for() {
    local deadline=$(( $(date +%s) + ${2:-20} ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        pane | grep -qF -- "$1" && return 0
        sleep 0.2
    done
    return 1
}

check() { # check NAME TEXT [SECONDS]
    if wait_for "$2" "${3:-20}"; then echo "PASS  $1"; else echo "FAIL  $1: no '$2' on screen"; failures=$((failures + 1)); fi
}

check_absent() { # check_absent NAME TEXT
    if pane | grep -qF -- "$2"; then echo "FAIL  $1: '$2' is on screen"; failures=$((failures + 1)); else echo "PASS  $1"; fi
}

prompts() { pane | grep -c '^tracesym>'; }

# idle: the last line on screen is an empty prompt
idle() { [ "$(pane | grep -v '^ *$' | tail -n 1 | sed 's/ *$//')" = "tracesym>" ]; }

# wait_prompt N: until a prompt beyond the N seen before is waiting for input
wait_prompt() {
    local n=$1 deadline=$(( $(date +%s) + 30 ))
    while [ "$(date +%s)" -le "$deadline" ]; do
        [ "$(prompts)" -gt "$n" ] && idle && return 0
        sleep 0.2
    done
    return 1
}

send() { # send KEYS... then wait for the next prompt
    local n
    n=$(prompts)
    tmux send-keys -t "$session" "$@"
    wait_prompt "$n"
}

stop() { tmux kill-session -t "$session" 2>/dev/null; }

start() {
    stop
    tmux new-session -d -s "$session" -x 180 -y 50 \
        "TRACESYM_HISTORY='$hist' ./tracesym repl $args; echo \"[repl exited with \$?]\"; sleep 600"
}

# ---- first session
start
check "prompt after loading" "tracesym> " 60
check "banner names the trace" "12719 events"
send "at 16" Enter
check "at sets the time" "at 16.000000 (epoch"
send "reso" Tab "ffffffffc02c9000" Enter
check "Tab completes the command; resolve at 16" "0xffffffffc02c9000 create_port+0x0/0x186 [snd_seq_dummy]"
send "resolve ffffffffc02c9000 at 17.8" Enter
check "same address, later time, another module" "0xffffffffc02c9000 sha3_generic_mod_init+0x0/"
send "timeline snd_seq_du" Tab Enter
check "Tab completes a module name" "tracesym> timeline snd_seq_dummy"
check "timeline of snd_seq_dummy" "snd_seq_dummy        0xffffffffc0326000+0x4000  15.444836578 .. 18.653215753"
send "lookup sha3_generic_mod_in" Tab Enter
check "Tab completes a symbol name" "tracesym> lookup sha3_generic_mod_init"
check "lookup lists the address and module" "sha3_generic_mod_init        0xffffffffc02c9000  [sha3_generic]"
send "frobnicate" Enter
check "a failing command prints its message" "error: unknown command 'frobnicate'"
n=$(prompts)
tmux send-keys -t "$session" "resolve ffffffffc0326000"
wait_for "tracesym> resolve ffffffffc0326000" 5
tmux send-keys -t "$session" C-c
wait_prompt "$n"
send "modules at 16" Enter
check "the prompt goes on after Ctrl-C" "12 modules loaded at 16.000000"
check_absent "Ctrl-C dropped the line" "dummy_free"
send "events ffffffffc02c9000" Enter
check "events that hit an address" "9 of 12719 events hit 0xffffffffc02c9000"
send "resolve ffffffffc02be000 at 40" Enter
tmux send-keys -t "$session" C-d
check "Ctrl-D leaves with exit code 0" "[repl exited with 0]"
pane > "$out/repl-tmux-1.txt"
if grep -q "timeline snd_seq_dummy" "$hist" && ! grep -q "resolve ffffffffc0326000\$" "$hist"; then
    echo "PASS  history file has the commands, not the cancelled line"
else
    echo "FAIL  history file $hist:"; cat "$hist"; failures=$((failures + 1))
fi
stop

# ---- second session: the history persists
start
check "second prompt" "tracesym> " 60
send Up Enter
check "Up recalls the last command of the first session" "tracesym> resolve ffffffffc02be000 at 40"
check "and runs it" "0xffffffffc02be000 set_multicast_list+0x0/"
pane > "$out/repl-tmux-2.txt"
tmux send-keys -t "$session" C-d
check "second session exits" "[repl exited with 0]"
stop

# ---- optional: Ctrl-C stops a running command
if [ -n "${REPL_TMUX_BIG:-}" ]; then
    args="--trace $REPL_TMUX_BIG"
    start
    check "prompt on the big trace" "tracesym> " 120
    n=$(prompts)
    tmux send-keys -t "$session" "events ffffffffc02c9000 all" Enter
    wait_for "tracesym> events ffffffffc02c9000 all" 5
    tmux send-keys -t "$session" C-c
    wait_prompt "$n"
    if pane | grep -q "events hit 0xffffffffc02c9000"; then
        echo "SKIP  Ctrl-C stops a running command: the scan finished before Ctrl-C arrived"
    else
        check "Ctrl-C stops a running command" "cancelled" 5
    fi
    send "at" Enter
    check "and the prompt goes on" "(epoch 0 of 1 since start: trace kallsyms)" 5
    pane > "$out/repl-tmux-3.txt"
    tmux send-keys -t "$session" C-d
    check "big session exits" "[repl exited with 0]"
    stop
fi

echo "panes saved in bench/out/repl-tmux-*.txt"
if [ "$failures" -eq 0 ]; then echo "repl-tmux: all checks passed"; exit 0; fi
echo "repl-tmux: $failures check(s) failed"
exit 1
