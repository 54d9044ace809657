#!/bin/sh
# jvm-floor.sh: the floor a JVM puts under a small report, against tracesym and trace-cmd in one
# alternating run (bench/alternate.py: median wall, CPU, peak RSS): a Java program that only prints
# one line (hello), one that only copies the .dat file's bytes to its output (read), both with the
# launcher's JVM flags and a class-data archive (JDK 17: AppCDS; JDK 24+: AOT cache) of their own.
#
# usage: bench/jvm-floor.sh [-n ROUNDS] [--jdk JAVA_HOME ...] TRACE.dat
#   --jdk   a JDK to run the floor programs and tracesym on (repeatable; default: every JDK under
#           /usr/lib/jvm that is no symlink)
# Run on a quiet machine; the load average is printed.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
rounds=15 jdks=
while [ $# -gt 1 ]; do
  case $1 in
    -n) rounds=$2; shift 2 ;;
    --jdk) jdks="$jdks $2"; shift 2 ;;
    *) break ;;
  esac
done
[ $# = 1 ] || { echo "usage: bench/jvm-floor.sh [-n ROUNDS] [--jdk JAVA_HOME ...] TRACE.dat" >&2; exit 2; }
trace=$1
if [ -z "$jdks" ]; then
  for h in /usr/lib/jvm/*; do
    [ -x "$h/bin/java" ] && [ ! -L "$h" ] && jdks="$jdks $h"
  done
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the launcher's flags (./tracesym: JIT_GC, THP where the kernel offers it on request, the rest)
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss2m -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr"
case $(cat /sys/kernel/mm/transparent_hugepage/enabled 2> /dev/null) in
  *"[madvise]"*|*"[always]"*) flags="$flags -XX:+UseTransparentHugePages" ;;
esac
set -- # the commands for alternate.py, separated by --
for h in $jdks; do
  n=$(basename "$h")
  mkdir -p "$tmp/$n/classes"
  "$h/bin/javac" -d "$tmp/$n/classes" "$here/bench/jvm-floor/ReadDat.java"
  "$h/bin/jar" --create --file "$tmp/$n/read.jar" -C "$tmp/$n/classes" . # (class-data sharing needs a jar)
  cp="$tmp/$n/read.jar"
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$h/release")
  if [ "$major" -ge 24 ]; then
    "$h/bin/java" $flags -XX:AOTCacheOutput="$tmp/$n/read.aot" -cp "$cp" ReadDat "$trace" > /dev/null 2>&1
    cache="-XX:AOTCache=$tmp/$n/read.aot"
  else
    "$h/bin/java" $flags -XX:ArchiveClassesAtExit="$tmp/$n/read.jsa" -cp "$cp" ReadDat "$trace" > /dev/null 2>&1
    cache="-XX:SharedArchiveFile=$tmp/$n/read.jsa"
  fi
  env JAVA_HOME="$h" "$here/tracesym" report "$trace" > /dev/null # its own archive or cache
  [ $# = 0 ] || set -- "$@" --
  set -- "$@" "$h/bin/java $flags $cache -cp $cp ReadDat" -- "$h/bin/java $flags $cache -cp $cp ReadDat $trace" \
    -- "JAVA_HOME=$h $here/tracesym report $trace"
done
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), nproc $(nproc), $trace"
python3 "$here/bench/alternate.py" "$rounds" "$@" -- "trace-cmd report -i $trace"
