#!/usr/bin/env python3
"""alternate.py: several commands timed side by side, alternating run by run, so that a machine whose
load changes during the measurement weighs on each of them alike.

usage: bench/alternate.py N CMD1 -- CMD2 [-- CMD3 ...]

Each CMD is a shell command line; its standard output is read to the end through a pipe (as
`| wc -c` would), its standard error discarded. Two warm-up runs each (class-data archives, AOT
caches, page cache), then N rounds of one run of every command. Prints, per command, the median and
minimum wall time, the median CPU time (user + system of the command and its children) and the peak
RSS, after the load average.
"""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    t0 = time.perf_counter()
    p = subprocess.Popen(["sh", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    while p.stdout.read(1 << 20):
        pass
    _, _, usage = os.wait4(p.pid, 0)
    return time.perf_counter() - t0, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    cmds = " ".join(sys.argv[2:]).split(" -- ")
    for c in cmds:
        run(c)
        run(c)
    results = {c: [] for c in cmds}
    for _ in range(rounds):
        for c in cmds:
            results[c].append(run(c))
    print("load average:", " ".join(open("/proc/loadavg").read().split()[:3]))
    for c in cmds:
        walls = [r[0] for r in results[c]]
        cpus = [r[1] for r in results[c]]
        rss = max(r[2] for r in results[c])
        print("wall median %.3f s min %.3f s  cpu median %.3f s  peak RSS %3d MiB  %s"
              % (statistics.median(walls), min(walls), statistics.median(cpus), rss, c))


if __name__ == "__main__":
    main()
