#!/bin/bash
# keep-sample.sh SAMPLE NAME [MODULES-KVER]
# Copies scenario DATA/SAMPLE (as run-vm*.sh + postprocess.sh left it) into the repository's
# samples/data/SAMPLE in the form the tests read: NAME.v7-zstd.dat as it is, NAME.v6.dat and
# the reference reports xz-compressed, the ground truth xz-compressed, the snapshots without
# their .trace copies (kallsyms and modsyms xz-compressed), README.txt; and with
# MODULES-KVER, DATA/modules-KVER/*.ko xz-compressed into samples/data/modules-KVER.
# NOSNAP=1: no snapshots (a sample kept for its file format only).
set -euo pipefail
. "$(dirname "$0")/config.sh"
S=$1 NAME=$2 MODS=${3:-}
REPO=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
src=$DATA/$S dst=$REPO/samples/data/$S
xzc() { xz --lzma2=preset=9,dict=4MiB -c "$1" > "$2"; }
rm -rf "$dst"; mkdir -p "$dst"
cp "$src/$NAME.v7-zstd.dat" "$dst/"
for f in "$NAME.v6.dat" "$NAME.report.txt" "$NAME.report-N-t.txt" groundtruth.tsv groundtruth-stack.tsv; do
  [ -f "$src/$f" ] && xzc "$src/$f" "$dst/$f.xz"
done
for f in README.txt address-reuse.txt; do [ -f "$src/$f" ] && cp "$src/$f" "$dst/"; done
[ "${NOSNAP:-}" = 1 ] || mkdir -p "$dst/snapshots"
[ "${NOSNAP:-}" = 1 ] || for f in "$src"/snapshots/*; do
  b=$(basename "$f")
  case $b in
    *.trace|*.trace.gz) ;;
    *.kallsyms|*.modsyms) xzc "$f" "$dst/snapshots/$b.xz" ;;
    *) cp "$f" "$dst/snapshots/" ;;
  esac
done
if [ -n "$MODS" ]; then
  m=$REPO/samples/data/modules-$MODS
  rm -rf "$m"; mkdir -p "$m"
  for f in "$DATA/modules-$MODS"/*.ko; do xzc "$f" "$m/$(basename "$f").xz"; done
fi
du -sh "$dst" ${MODS:+"$REPO/samples/data/modules-$MODS"}
