#!/bin/sh
# tracesym capture, as a POSIX shell script for targets without Java (busybox sh is enough).
# Records a tracesym symbol archive beside the tracer: a full snapshot of the kernel's
# symbols, then one snapshot after every module load and unload, each announced by an
# "epoch: NNN label" marker in trace_marker.  Same options and same archive as
# `tracesym capture` (printed by `tracesym capture --script`).
#
#   sh tracesym-capture.sh -o ARCHIVE [--append] [--duration SECONDS] [--no-modules-copy]
#                          [--instance NAME] [--marker-instance NAME]
#   (--proc, --sys, --tracefs, --lib-modules, --boot DIR read another tree, for testing)
# Ends at Ctrl-C, SIGTERM, SIGHUP or after --duration.  Exit: 0 ok, 1 failure, 2 usage/input.
set -u
LC_ALL=C
export LC_ALL
ME=tracesym-capture

say() { echo "$ME: $*" >&2; }
usage_error() { say "$*"; echo "Try '$ME --help' for more information." >&2; exit 2; }

OUT= APPEND=0 DURATION= COPY_KO=1 INSTANCE=tracesym-capture MARKER_INSTANCE=
PROC=/proc SYS=/sys TRACEFS= LIBMOD= BOOT=/boot
while [ $# -gt 0 ]; do
  case $1 in
    -h|--help) sed -n '2,11p' "$0" 2>/dev/null | sed 's/^# \{0,1\}//'; exit 0 ;;
    --append) APPEND=1; shift; continue ;;
    --no-modules-copy) COPY_KO=0; shift; continue ;;
    --*=*) opt=${1%%=*}; val=${1#*=}; shift ;;
    -o|-d|--output|--duration|--instance|--marker-instance|--proc|--sys|--tracefs|--lib-modules|--boot)
       [ $# -ge 2 ] || usage_error "$1 needs a value"
       opt=$1; val=$2; shift 2 ;;
    *) usage_error "unknown option: $1" ;;
  esac
  case $opt in
    -o|--output) OUT=$val ;;
    -d|--duration) DURATION=$val ;;
    --instance) INSTANCE=$val ;;
    --marker-instance) MARKER_INSTANCE=$val ;;
    --proc) PROC=$val ;;
    --sys) SYS=$val ;;
    --tracefs) TRACEFS=$val ;;
    --lib-modules) LIBMOD=$val ;;
    --boot) BOOT=$val ;;
    *) usage_error "unknown option: $opt" ;;
  esac
done
[ -n "$OUT" ] || usage_error "missing -o ARCHIVE"
if [ -n "$DURATION" ] && ! awk -v d="$DURATION" 'BEGIN { exit !(d ~ /^[0-9]+(\.[0-9]+)?$/ && d + 0 > 0) }'; then
  usage_error "--duration must be a positive number of seconds"
fi
for n in "$INSTANCE" ${MARKER_INSTANCE:+"$MARKER_INSTANCE"}; do
  case $n in ''|*[!A-Za-z0-9_.-]*) usage_error "not a tracefs instance name: $n" ;; esac
done

# --- the kernel ---------------------------------------------------------------------------
refuse() { say "$*"; cleanup_instance; exit 2; }
failure() { say "$*"; stop; cleanup_instance; exit 1; }
stop() { [ -z "$READER" ] || kill "$READER" 2>/dev/null; }
INST= CREATED=0 WORK= READER= TIMER= PREV=
cleanup_instance() {
  [ -n "$INST" ] || return 0
  if [ "$CREATED" = 1 ]; then
    rmdir "$INST" 2>/dev/null || say "could not remove $INST"
  else                                # an instance that existed: put back what was changed
    for _p in $PREV; do
      _f=${_p%%=*}; _v=${_p#*=}
      [ -n "$_v" ] && echo "$_v" > "$INST/$_f" 2>/dev/null
    done
  fi
  INST=
}

SYMKIND=kallsyms SYMSRC=$PROC/kallsyms
if [ -r "$PROC/kallmodsyms" ]; then SYMKIND=kallmodsyms SYMSRC=$PROC/kallmodsyms; fi
[ -r "$SYMSRC" ] || refuse "no $PROC/kallsyms: not a Linux procfs, or the kernel has no CONFIG_KALLSYMS"
if ! awk '$1 !~ /^0+$/ { found = 1; exit } NR >= 1000 { exit } END { exit !found }' "$SYMSRC"; then
  refuse "$SYMSRC shows no addresses: run as root, with kernel.kptr_restrict below 2 (sysctl kernel.kptr_restrict=1)"
fi
RELEASE=$(head -n 1 "$PROC/sys/kernel/osrelease")
[ -n "$LIBMOD" ] || LIBMOD=/lib/modules/$RELEASE
if [ -z "$TRACEFS" ]; then
  TRACEFS=$SYS/kernel/tracing
  [ -d "$TRACEFS/instances" ] || [ ! -d "$SYS/kernel/debug/tracing/instances" ] || TRACEFS=$SYS/kernel/debug/tracing
fi
BOOTID=
[ -r "$PROC/sys/kernel/random/boot_id" ] && BOOTID=$(head -n 1 "$PROC/sys/kernel/random/boot_id")

# The GNU build id in the kernel's ELF notes: records of namesz, descsz, type (little endian
# on the machines this runs on), name, desc, each padded to 4 bytes.
build_id() {
  od -An -v -tx1 "$1" 2>/dev/null | awk '
    function h(x) { return index("0123456789abcdef", substr(x, 1, 1)) * 16 + index("0123456789abcdef", substr(x, 2, 1)) - 17 }
    function le(p) { return h(b[p]) + 256 * h(b[p + 1]) + 65536 * h(b[p + 2]) + 16777216 * h(b[p + 3]) }
    { for (i = 1; i <= NF; i++) b[n++] = $i }
    END {
      p = 0
      while (p + 12 <= n) {
        ns = le(p); ds = le(p + 4); ty = le(p + 8)
        na = p + 12; da = na + int((ns + 3) / 4) * 4; nx = da + int((ds + 3) / 4) * 4
        if (nx > n) break
        if (ty == 3 && ns == 4 && b[na] == "47" && b[na + 1] == "4e" && b[na + 2] == "55" && b[na + 3] == "00" && ds > 0) {
          s = ""; for (i = 0; i < ds; i++) s = s b[da + i]; print s; exit
        }
        p = nx
      }
    }'
}

# --- the archive --------------------------------------------------------------------------
if [ -e "$OUT" ] && [ ! -d "$OUT" ]; then refuse "$OUT exists and is not a folder"; fi
if [ -d "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
  [ "$APPEND" = 1 ] || refuse "$OUT is not empty: choose a new folder, or add to this archive with --append"
  if [ -f "$OUT/manifest.tsv" ]; then
    bad=$(awk -F '\t' 'NF != 3 || $1 !~ /^[0-9]+$/ || $2 == "" { print NR ": " $0; exit }' "$OUT/manifest.tsv")
    [ -z "$bad" ] || refuse "$OUT/manifest.tsv line $bad: expected NNN<TAB>label<TAB>uptime"
  fi
  if [ -f "$OUT/kernel.tsv" ] && [ -n "$BOOTID" ]; then
    before=$(awk -F '\t' '$1 == "boot-id" { print $2 }' "$OUT/kernel.tsv")
    if [ -n "$before" ] && [ "$before" != "$BOOTID" ]; then
      refuse "$OUT was captured in another boot (boot-id $before, now $BOOTID): module addresses differ, use a new folder"
    fi
  fi
fi
mkdir -p "$OUT" || refuse "cannot create $OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracesym-capture.XXXXXX") || refuse "cannot create a temporary folder"
trap 'rm -rf "$WORK"' EXIT
# the highest number in use, in the manifest or in file names (a snapshot cut short)
SEQ=$( { [ -f "$OUT/manifest.tsv" ] && cut -f1 "$OUT/manifest.tsv"; ls "$OUT"; } |
       sed -n 's/^\([0-9][0-9]*\).*/\1/p' | awk '$1 + 0 > m { m = $1 + 0 } END { print m + 0 }')
put() { mv -f "$1" "$2" || failure "cannot write $2"; }     # temp file -> final name

# The vmlinux part of a symbol file ends where the first loaded module, BPF program or
# trampoline line starts.  In kallsyms that is the first "[module]" line; in kallmodsyms
# built-in modules have one too, so there the module must be loaded (or bpf, __builtin__*).
# Later snapshots store only the rest (.modsyms) when their vmlinux part is the first one's.
vmlinux_lines() {   # vmlinux_lines SYMBOLS MODULES: how many lines the vmlinux part has
  awk -v kind="$SYMKIND" -v mods=" $(cut -d ' ' -f 1 "$2" | tr '\n' ' ') " '
    (p = index($0, "\t[")) {
      if (kind == "kallsyms") { print NR - 1; found = 1; exit }
      m = substr($0, p + 2); m = substr(m, 1, index(m, "]") - 1)
      if (index(mods, " " m " ") || m == "bpf" || substr(m, 1, 11) == "__builtin__") { print NR - 1; found = 1; exit }
    }
    END { if (!found) print NR }' "$1"
}
TAB=$(printf '\t')
starts_with_module() {   # starts_with_module REST MODULES: REST is empty or begins with a module line
  _l=$(head -n 1 "$1")
  case $_l in
    '') return 0 ;;
    *"$TAB["*) [ "$SYMKIND" = kallsyms ] && return 0
       _mm=${_l#*"$TAB["}; _mm=${_mm%%]*}
       case $_mm in bpf|__builtin__*) return 0 ;; esac
       cut -d ' ' -f 1 "$2" | grep -qx "$_mm" ;;
    *) return 1 ;;
  esac
}
CORE=$WORK/vmlinux-part CORE_N=
if [ -f "$OUT/manifest.tsv" ]; then      # appending: compare with the archive's first full file
  while IFS="$(printf '\t')" read -r n l u; do
    if [ -f "$OUT/$n-$l.kallsyms" ]; then
      mf=$OUT/$n-$l.modules; [ -f "$mf" ] || mf=/dev/null
      CORE_N=$(vmlinux_lines "$OUT/$n-$l.kallsyms" "$mf")
      head -n "$CORE_N" "$OUT/$n-$l.kallsyms" > "$CORE" || refuse "cannot read $OUT/$n-$l.kallsyms"
      break
    fi
  done < "$OUT/manifest.tsv"
fi

# --- tracefs ------------------------------------------------------------------------------
[ -d "$TRACEFS/instances" ] || refuse "no tracefs at $TRACEFS (mount it: mount -t tracefs nodev /sys/kernel/tracing)"
if [ -n "$MARKER_INSTANCE" ]; then MARKER=$TRACEFS/instances/$MARKER_INSTANCE/trace_marker; else MARKER=$TRACEFS/trace_marker; fi
[ -e "$MARKER" ] || refuse "no $MARKER"
selected_clock() { [ -r "$1" ] && sed -n 's/.*\[\([^]]*\)\].*/\1/p' "$1"; }
I=$TRACEFS/instances/$INSTANCE
if mkdir "$I" 2>/dev/null; then
  CREATED=1
elif [ -d "$I" ]; then
  say "using the existing tracefs instance $I (if another capture runs in it, both miss events)"
  for _f in events/module/module_load/enable events/module/module_free/enable tracing_on; do
    PREV="$PREV $_f=$(head -n 1 "$I/$_f" 2>/dev/null)"
  done
  PREV="$PREV trace_clock=$(selected_clock "$I/trace_clock")"
else
  refuse "cannot create $I"
fi
INST=$I
# the traced buffer's clock, so that the times of events.tsv are on the trace's clock
CLOCK=$(selected_clock "${MARKER%/trace_marker}/trace_clock")
if [ "$CREATED" = 1 ] && [ -e "$I/buffer_size_kb" ]; then echo 64 > "$I/buffer_size_kb"; fi
if [ -n "$CLOCK" ] && [ -e "$I/trace_clock" ]; then echo "$CLOCK" > "$I/trace_clock"; fi
for e in module_load module_free; do
  [ -e "$I/events/module/$e/enable" ] ||
    refuse "no $I/events/module/$e/enable: this kernel has no module events (CONFIG_MODULES, CONFIG_TRACEPOINTS)"
done
echo 1 > "$I/events/module/module_load/enable" && echo 1 > "$I/events/module/module_free/enable" &&
  echo 1 > "$I/tracing_on" || refuse "cannot enable the module events in $I"

MARKER_FAILED=0
marker() {   # one write, so one trace event; tracing that is off refuses it
  if ! printf '%s\n' "$1" 2>/dev/null >> "$MARKER"; then
    if [ "$MARKER_FAILED" = 0 ]; then
      say "marker \"$1\" not written: is tracing on? Snapshots without a marker in the trace apply from the previous one's"
      MARKER_FAILED=1
    fi
  fi
}

# "module section address" for every loadable module.  Each attribute must be read with one
# read(2): the kernel refuses reads at a non-zero position, and a shell's `read` takes a byte
# at a time; awk reads a whole buffer.  If awk fails (a module went away), one dd per file.
dump_sections() {
  set --
  for _sd in "$SYS"/module/*/sections; do
    for _sf in "$_sd"/.* "$_sd"/*; do [ -f "$_sf" ] && set -- "$@" "$_sf"; done
  done
  [ $# -gt 0 ] || return 0
  awk 'FNR == 1 {
      s = FILENAME; sub(/.*\//, "", s)
      m = FILENAME; sub(/\/sections\/[^\/]*$/, "", m); sub(/.*\//, "", m)
      v = $0; sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
      if (v != "") print m " " s " " v
    }' "$@" 2>/dev/null && return 0
  for _sf; do
    _v=$(dd if="$_sf" bs=64 count=1 2>/dev/null | head -n 1)
    _m=${_sf%/sections/*}; _m=${_m##*/}
    [ -n "$_v" ] && printf '%s %s %s\n' "$_m" "${_sf##*/}" "$_v"
  done
}

SNAPS=0
snap() {   # snap LABEL: marker, then symbols, modules, sections; the manifest row last
  SEQ=$((SEQ + 1))
  _n=$(printf %03d "$SEQ")
  marker "epoch: $_n $1"
  read -r _up _rest < "$PROC/uptime"
  _t=$OUT/.$_n-$1.part
  dd if="$SYMSRC" of="$_t.sym" bs=65536 2>/dev/null || failure "cannot read $SYMSRC"
  dd if="$PROC/modules" of="$_t.modules" bs=65536 2>/dev/null || failure "cannot read $PROC/modules"
  dump_sections > "$_t.sections" || failure "cannot write $_t.sections"
  # the same vmlinux part as the first full file: its lines, then a module line or nothing
  if [ -n "$CORE_N" ] && head -n "$CORE_N" "$_t.sym" | cmp -s - "$CORE" &&
     tail -n +$((CORE_N + 1)) "$_t.sym" > "$_t.modsyms" && starts_with_module "$_t.modsyms" "$_t.modules"; then
    rm -f "$_t.sym"
    put "$_t.modsyms" "$OUT/$_n-$1.modsyms"
  else
    rm -f "$_t.modsyms"
    if [ -z "$CORE_N" ]; then
      _cn=$(vmlinux_lines "$_t.sym" "$_t.modules")
      head -n "$_cn" "$_t.sym" > "$CORE" || failure "cannot write $CORE"
      CORE_N=$_cn
    fi
    put "$_t.sym" "$OUT/$_n-$1.kallsyms"
  fi
  put "$_t.modules" "$OUT/$_n-$1.modules"
  put "$_t.sections" "$OUT/$_n-$1.sections"
  { [ -f "$OUT/manifest.tsv" ] && cat "$OUT/manifest.tsv"; printf '%s\t%s\t%s\n' "$_n" "$1" "$_up"; } > "$OUT/.manifest.tsv.part" ||
    failure "cannot write $OUT/manifest.tsv"
  put "$OUT/.manifest.tsv.part" "$OUT/manifest.tsv"
  SNAPS=$((SNAPS + 1))
  say "$_n $1 (uptime $_up)"
}

event_row() {   # event_row EVENT MODULE TIME: events.tsv row of the snapshot just taken
  { [ -f "$OUT/events.tsv" ] && cat "$OUT/events.tsv"; printf '%03d\t%s\t%s\t%s\n' "$SEQ" "$1" "$2" "$3"; } > "$OUT/.events.tsv.part" ||
    failure "cannot write $OUT/events.tsv"
  put "$OUT/.events.tsv.part" "$OUT/events.tsv"
}

# --- module files -------------------------------------------------------------------------
KO_DONE=" " KO_MISSING=" "
[ "$COPY_KO" = 0 ] || [ -f "$LIBMOD/modules.dep" ] || say "no $LIBMOD/modules.dep: no module files are copied"
copy_ko() {   # copy_ko MODULE...: the .ko files of modules not copied yet, found via modules.dep
  [ "$COPY_KO" = 1 ] && [ -f "$LIBMOD/modules.dep" ] || return 0
  for _m; do
    case $KO_DONE in *" $_m "*) continue ;; esac
    _rel=$(awk -F: -v want="$_m" '{
        f = $1; sub(/.*\//, "", f)
        if (!sub(/\.ko$/, "", f) && !sub(/\.ko\.xz$/, "", f) && !sub(/\.ko\.zst$/, "", f) && !sub(/\.ko\.gz$/, "", f)) next
        gsub(/-/, "_", f)
        if (f == want) { print $1; exit }
      }' "$LIBMOD/modules.dep")
    if [ -z "$_rel" ] || [ ! -f "$LIBMOD/$_rel" ]; then
      case $KO_MISSING in *" $_m "*) ;; *) KO_MISSING="$KO_MISSING$_m "; say "no file for module $_m in modules.dep" ;; esac
      continue
    fi
    _f=${_rel##*/}
    mkdir -p "$OUT/modules" || failure "cannot create $OUT/modules"
    if [ ! -f "$OUT/modules/$_f" ] || [ "$(wc -c < "$OUT/modules/$_f")" != "$(wc -c < "$LIBMOD/$_rel")" ]; then
      cp "$LIBMOD/$_rel" "$OUT/modules/.$_f.part" || failure "cannot copy $LIBMOD/$_rel"
      put "$OUT/modules/.$_f.part" "$OUT/modules/$_f"
    fi
    KO_DONE="$KO_DONE$_m "
  done
}
loaded_modules() { cut -d ' ' -f 1 "$OUT/$1.modules"; }

copy_if_present() {   # copy_if_present FROM NAME
  if [ -f "$1" ] && [ -r "$1" ] && [ ! -e "$OUT/$2" ]; then
    cp "$1" "$OUT/.$2.part" || failure "cannot copy $1"
    put "$OUT/.$2.part" "$OUT/$2"
  fi
}
kernel_files() {   # kernel.tsv, System.map and the built-in module lists, once per archive
  if [ ! -e "$OUT/kernel.tsv" ]; then
    {
      printf 'release\t%s\n' "$RELEASE"
      [ -r "$PROC/sys/kernel/version" ] && printf 'version\t%s\n' "$(head -n 1 "$PROC/sys/kernel/version")"
      [ -r "$PROC/sys/kernel/arch" ] && printf 'machine\t%s\n' "$(head -n 1 "$PROC/sys/kernel/arch")"
      _bid=$(build_id "$SYS/kernel/notes"); [ -n "$_bid" ] && printf 'build-id\t%s\n' "$_bid"
      [ -n "$BOOTID" ] && printf 'boot-id\t%s\n' "$BOOTID"
      printf 'symbols\t%s\n' "$SYMKIND"
      printf 'captured-by\t%s\n' "tracesym capture --script"
    } > "$OUT/.kernel.tsv.part" || failure "cannot write $OUT/kernel.tsv"
    put "$OUT/.kernel.tsv.part" "$OUT/kernel.tsv"
  fi
  _map=$BOOT/System.map-$RELEASE; [ -f "$_map" ] || _map=$LIBMOD/System.map
  copy_if_present "$_map" System.map
  copy_if_present "$LIBMOD/modules.builtin" modules.builtin
  copy_if_present "$LIBMOD/modules.builtin.ranges" modules.builtin.ranges
}

# --- follow module loads and unloads ------------------------------------------------------
# A reader process copies trace_pipe into a FIFO: stopping is killing it, which ends the loop.
FIFO=$WORK/events.fifo
mkfifo "$FIFO" || refuse "cannot create the FIFO $FIFO"
trap stop INT TERM HUP
# dd, not cat: busybox cat sendfile()s, which splices trace_pipe until its whole count is done
dd if="$I/trace_pipe" bs=4096 2>/dev/null > "$FIFO" &
READER=$!
exec 3< "$FIFO"
snap start
kernel_files
copy_ko $(loaded_modules "$(printf %03d "$SEQ")-start")
if [ -n "$DURATION" ]; then
  ( sleep "$DURATION"; kill "$READER" 2>/dev/null ) &
  TIMER=$!
  say "following module loads and unloads in $I for $DURATION s"
else
  say "following module loads and unloads in $I; Ctrl-C ends the capture"
fi
while :; do
  # ends when the reader is gone: killed by stop() or the timer (a signal also interrupts read)
  IFS= read -r line <&3 || break
  case $line in
    *': module_load: '*) m=${line#*: module_load: }; m=${m%% *}; ev=load; ts=${line%%: module_load: *} ;;
    *': module_free: '*) m=${line#*: module_free: }; m=${m%% *}; ev=unload; ts=${line%%: module_free: *} ;;
    *'[LOST '*' EVENTS]'*) m=; ev=lost ;;
    *) continue ;;
  esac
  case $ev in
    lost) snap after-lost-events; event_row lost - -
          copy_ko $(loaded_modules "$(printf %03d "$SEQ")-after-lost-events") ;;
    *) case $m in ''|*[!A-Za-z0-9_-]*) continue ;; esac
       ts=${ts##* }; [ -n "$ts" ] || ts=-
       snap "after-$ev-$m"
       if [ "$ev" = load ]; then event_row module_load "$m" "$ts"; copy_ko "$m"; else event_row module_free "$m" "$ts"; fi ;;
  esac
done
exec 3<&-
[ -z "$TIMER" ] || kill "$TIMER" 2>/dev/null
wait "$READER" 2>/dev/null
READER=
trap - INT TERM HUP
snap final
cleanup_instance
say "$SNAPS snapshots in $OUT"
exit 0
