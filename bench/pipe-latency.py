#!/usr/bin/env python3
"""pipe-latency.py: does `... | tracesym annotate | less` stream?

Feeds real trace text into `tracesym annotate` through a pipe the way a slow producer does
(`trace-cmd report` starting up, `cat trace_pipe` on a quiet system) and measures, for every
line written, how long until its annotated line comes out of tracesym's standard output.

usage: bench/pipe-latency.py [--tracesym CMD] [--delay S] [--lines N] [--gap S] TEXT [-- ANNOTATE ARGS]

  TEXT      trace text (plain); its first N lines are fed (default 20)
  --delay   seconds between starting tracesym and writing the first line (default 0: the first
            line is there at once, so its latency includes the JVM's start-up and the symbols'
            loading; a larger delay shows the latency once tracesym is up, as behind a producer
            that takes that long to start)
  --gap     seconds between later lines (default 0.2)
Prints one row per line (latency in ms) and a summary; exit status 1 when any line took longer
than a second after it was written.
"""
import os
import select
import shlex
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        i = args.index("--")
        args, extra = args[:i], args[i + 1:]
    here = os.path.dirname(os.path.abspath(__file__))
    tracesym = os.path.join(here, "..", "tracesym")
    delay, lines, gap, text = 0.0, 20, 0.2, None
    while args:
        a = args.pop(0)
        if a == "--tracesym":
            tracesym = args.pop(0)
        elif a == "--delay":
            delay = float(args.pop(0))
        elif a == "--lines":
            lines = int(args.pop(0))
        elif a == "--gap":
            gap = float(args.pop(0))
        elif a.startswith("-"):
            sys.exit(__doc__)
        else:
            text = a
    if text is None:
        sys.exit(__doc__)
    with open(text, "rb") as f:
        feed = [f.readline() for _ in range(lines)]
    feed = [l for l in feed if l]
    cmd = shlex.split(tracesym) + ["annotate"] + extra + ["-"]
    print(f"# {' '.join(cmd)} < first {len(feed)} lines of {text}, first after {delay} s, then every {gap} s")
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    out = p.stdout.fileno()
    pending = b""
    worst = 0.0
    time.sleep(delay)
    for n, line in enumerate(feed, 1):
        written = time.monotonic()
        p.stdin.write(line)
        p.stdin.flush()
        # wait for this line's annotated copy (one output line per input line)
        while b"\n" not in pending:
            r, _, _ = select.select([out], [], [], 10)
            if not r:
                p.kill()
                sys.exit(f"line {n}: nothing after 10 s")
            chunk = os.read(out, 65536)
            if not chunk:
                sys.exit(f"line {n}: tracesym closed its output; exit {p.wait()}")
            pending += chunk
        got = time.monotonic()
        _, pending = pending.split(b"\n", 1)
        ms = (got - written) * 1000
        worst = max(worst, ms)
        label = f"first line (tracesym started {written - start:.2f} s before)" if n == 1 else ""
        print(f"line {n:3d}: {ms:8.1f} ms {label}")
        time.sleep(gap)
    p.stdin.close()
    p.wait()
    print(f"worst latency: {worst:.1f} ms; exit status {p.returncode}")
    sys.exit(0 if worst <= 1000 and p.returncode == 0 else 1)


if __name__ == "__main__":
    main()
