#!/usr/bin/env python3
"""merge.py OUT P0 P255 N0 N255 [G PRINTK P0 P255 N0 N255]...

Joins the runs of tep-oracle (with plugins and with -N, each with fill 0 and fill 255) into the
expectation file that samples' OracleReplay reads: per group a "G<TAB>printk line" line ("-" for
none), then "system:name<TAB>hex<TAB>info with plugins<TAB>info with -N" per record. An info that
differs between the two fills depends on bytes past the record and becomes <UNDEFINED>.
The first group has no extra printk format; each further one is introduced by "G PRINTK".
"""
import sys


def rows(path):
    with open(path, encoding="latin-1", newline="\n") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t", 2)
            if len(parts) != 3:
                sys.exit(f"{path}: malformed line: {line[:200]!r}")
            yield parts


def group(out, printk, p0, p255, n0, n255):
    out.write("G\t" + printk + "\n")
    count = 0
    for a, b, c, d in zip(rows(p0), rows(p255), rows(n0), rows(n255)):
        if not (a[:2] == b[:2] == c[:2] == d[:2]):
            sys.exit(f"runs disagree on the records: {a[:2]} {c[:2]}")
        plugins = a[2] if a[2] == b[2] else "<UNDEFINED>"
        noplugins = c[2] if c[2] == d[2] else "<UNDEFINED>"
        out.write(f"{a[0]}\t{a[1]}\t{plugins}\t{noplugins}\n")
        count += 1
    return count


def main():
    args = sys.argv[1:]
    out_path, runs = args[0], args[1:5]
    total = 0
    with open(out_path, "w", encoding="latin-1", newline="\n") as out:
        total += group(out, "-", *runs)
        rest = args[5:]
        while rest:
            if rest[0] != "G" or len(rest) < 6:
                sys.exit("usage: merge.py OUT P0 P255 N0 N255 [G PRINTK P0 P255 N0 N255]...")
            total += group(out, rest[1], *rest[2:6])
            rest = rest[6:]
    print(f"{out_path}: {total} records")


if __name__ == "__main__":
    main()
