#!/bin/bash
# compare-options.sh TRACE...: `trace-cmd report OPTIONS -i TRACE` against `tracesym report OPTIONS -i TRACE`
# for many option sets; prints one DIFF line per set whose output or exit code differs (SHOW=N: the first N
# lines of the diff; VERB=1: also the identical ones). OPTSETS='"-R" "-l -N"' replaces the default sets.
# TRACESYM: the launcher to run (default: this tree's). Filters come before -i (after -i, trace-cmd 3.1.6
# ignores them for a single input: docs/REPORT-OPTIONS.md). --profile is left out: trace-cmd 3.1.6 prints
# its tables in an order that changes from run to run; --events too: trace-cmd 3.1.6 prints nothing for a
# v7 file (docs/REPORT-OPTIONS.md).
TS=${TRACESYM:-$(cd "$(dirname "$0")/../.." && pwd)/tracesym}
SETS=( "" "-N -t" "-R" "-l" "--stat" "-f" "-e" "-t" "-N" "-P" "-E" "--cpus" "--first-event" "--last-event"
  "--uname" "--version" "-w" "--ts-diff" "-R -t" "-l -N" "--cpu 0" "-F sched_switch" "-F sched" "-F ftrace"
  "-F kprobes" "-O fgraph:tailprint" "-O parent" "-O offset" "--ts-check" "-v -F sched" "--raw-ts" "--nodate"
  "-I" "-S" "--ts2secs 1000000" "--align-ts" "--check-events" "-p" "-O fgraph:depth" "-O ftrace:indent"
  "--ts-diff -t" "-l -t" "-w -t" "-R -l" "--cpu 0,1" "-N -R" )
[ -n "$OPTSETS" ] && eval "SETS=( $OPTSETS )"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
for t in "$@"; do
  for o in "${SETS[@]}"; do
    eval "a=( $o )"
    trace-cmd report "${a[@]}" -i "$t" > "$W/tc.out" 2> "$W/tc.err"; rc1=$?
    "$TS" report "${a[@]}" -i "$t" > "$W/ts.out" 2> "$W/ts.err"; rc2=$?
    n=$(diff "$W/tc.out" "$W/ts.out" | grep -c '^[<>]')
    if [ "$n" != 0 ] || [ $rc1 != $rc2 ]; then
      echo "DIFF $t [$o] exit $rc1/$rc2, $n lines differ of $(wc -l < "$W/tc.out")"
      [ -n "$SHOW" ] && diff "$W/tc.out" "$W/ts.out" | head -"$SHOW"
    elif [ -n "$VERB" ]; then
      echo "same $t [$o] $(wc -l < "$W/tc.out") lines"
    fi
  done
done
