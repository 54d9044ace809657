#!/bin/bash
# kallmodsyms-extras.sh DEST: scenario kallmodsyms-6.12 (scenario "builtin" on a
# kernel with CONFIG_KALLMODSYMS), after postprocess.sh and builtin-extras.sh.
# The guest saved /proc/kallmodsyms beside /proc/kallsyms at every snapshot
# (guest/lib.sh).  This makes DATA/DEST/kallmodsyms/, a symbol archive read
# alone (docs/ARCHIVE.md): manifest.tsv, .modules and .sections as in
# snapshots/, and the kallmodsyms files: full for the first and last snapshot
# (NNN-label.kallsyms: the archive's name for the full symbol file, whatever the
# kernel calls it; kernel.tsv says "symbols kallmodsyms"), and for the others only
# the lines after the kernel image's (NNN-label.modsyms), after checking that
# their image part is byte-identical to the first snapshot's.  The image part of
# a kallmodsyms is as long as that of the kallsyms read with it (the kernel
# lists the same table in both); every snapshot's two files are checked to list
# the same addresses, types (up to case) and names in the same order.
set -euo pipefail
. "$(dirname "$0")/config.sh"
DEST=$1
D=$DATA/$DEST
S=$D/snapshots K=$D/kallmodsyms
rm -rf "$K"; mkdir -p "$K"
kms=("$S"/*.kallmodsyms)
[ -e "${kms[0]}" ] || { echo "kallmodsyms-extras: no .kallmodsyms in $S" >&2; exit 1; }
first=${kms[0]} last=${kms[-1]}
cp "$S/manifest.tsv" "$K/"
firstks=$("$HARNESS/kallsyms-full.sh" "$S" "$(basename "$first" | cut -c1-3)" | grep -c -v $'\t\[')
for f in "${kms[@]}"; do
  b=$(basename "$f" .kallmodsyms) n=${b%%-*}
  ks=$("$HARNESS/kallsyms-full.sh" "$S" "$n")
  # same table: address, type and name of every line, in order (kallmodsyms has a size column,
  # and prints the type of built-in modules' symbols in lower case, as for a module's unexported ones)
  cmp -s <(printf '%s\n' "$ks" | awk '{print $1, tolower($2), $3}') \
         <(awk '{print $1, tolower($3), $4}' "$f") \
    || { echo "kallmodsyms-extras: $f does not list the symbols of its kallsyms" >&2; exit 1; }
  [ "$(printf '%s\n' "$ks" | grep -c -v $'\t\[')" = "$firstks" ] \
    || { echo "kallmodsyms-extras: $f: kernel image part of another length" >&2; exit 1; }
  cp "$S/$b.modules" "$S/$b.sections" "$K/"
  if [ "$f" = "$first" ] || [ "$f" = "$last" ]; then
    cp "$f" "$K/$b.kallsyms"
  elif cmp -s <(head -n "$firstks" "$f") <(head -n "$firstks" "$first"); then
    tail -n +"$((firstks + 1))" "$f" > "$K/$b.modsyms"
  else
    cp "$f" "$K/$b.kallsyms"
  fi
done
rm "${kms[@]}"
# which kernel, and that the symbol files are kallmodsyms (as tracesym capture writes kernel.tsv)
{
  printf 'release\t%s\n' "$(awk '{print $4; exit}' "$D/guest-info.txt")"
  printf 'symbols\tkallmodsyms\n'
  printf 'captured-by\tharness/guest/lib.sh snap (copies of /proc/kallmodsyms)\n'
} > "$K/kernel.tsv"
echo "kallmodsyms-extras: $K done ($(ls "$K" | wc -l) files)"
