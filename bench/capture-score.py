#!/usr/bin/env python3
"""Scores the re-symbolization of a real capture (bench/capture-qemu.sh) against the kernel's text.

capture-score.py DATA/capture EVENTS.jsonl TRACE_CMD_REPORT.txt

EVENTS.jsonl is `tracesym report --format jsonl --archive DATA/capture/archive --modules ...
DATA/capture/capture.dat`; TRACE_CMD_REPORT.txt is `trace-cmd report -t -O parent=1 -O offset=1`
of the same .dat (name+0xoff <-- parent+0xoff of every function event).

Ground truth: DATA/capture/gt/NNN-LABEL.trace are non-consuming copies of the `trace` file of a
second tracefs instance "gt" (options sym-offset and sym-addr, overwrite off), tracing the same
functions as the .dat's top instance, copied right after each module load and right before each
unload.  With overwrite off every copy holds a prefix of each CPU's buffer, so an event is
(cpu, index in its CPU) in every copy; its truth is the text of the earliest copy holding it: the
kernel printed it with the module layout of that moment, which is the layout at the event's time
unless a module was freed between the event and that copy (events of an rmmod: the exit function
runs before the module_free, the copy comes after it, and the next load may sit at the freed
addresses, or ftrace's saved names of another module's freed __init code may cover them).  For
those events the addresses inside the freed module are named, as the kernel's find_kallsyms_symbol
would have named them, from the kallsyms snapshot in force before that rmmod (the archive's
kallsyms, .modules and .sections: the first symbol of the module's table at the nearest lower
address, the offset from it, the size up to the module's next symbol or the end of its text),
counted apart as source "kallsyms".

Pairing: the two instances record separate events of the same calls; per CPU, the sequences of
(ip, parent_ip) of gt and of the .dat are aligned, and a pair must lie within TOL_NS in time (the
kernel's text rounds to microseconds).  Compared for ip and parent_ip: name, offset, size, module
(tracesym: the syms entry; an address the kernel printed bare must be "unknown" there).
trace-cmd report prints no module and no size: its name and offset are compared.

Prints `mismatches: M of N` for tracesym (N = compared addresses) and the same line for trace-cmd,
with examples; exits 1 when tracesym has M > 0 (or nothing paired), 0 otherwise.
"""
import bisect
import collections
import difflib
import glob
import json
import os
import re
import sys

TOL_NS = 50_000_000
MODSPACE = 0xffffffffc0000000
LINE = re.compile(r'^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+\S+\s+(?P<ts>\d+\.\d+): (?P<rest>.*)$')
# "name+0xoff/0xsize [mod] <addr>" or "0xaddr <addr>" (the kernel's text with sym-offset, sym-addr)
SYM = r'(?P<{p}name>[^\s<]+?)(?:\+0x(?P<{p}off>[0-9a-f]+)/0x(?P<{p}size>[0-9a-f]+))?(?: \[(?P<{p}mod>[^\]]+)\])? <(?P<{p}addr>[0-9a-f]{{16}})>'
FUNC = re.compile('^' + SYM.format(p='') + ' <-' + SYM.format(p='p') + r'\s*$')
MODEV = re.compile(r'^(module_load|module_free): (\S+)')
TCR = re.compile(r'^\s*(?P<comm>.*?)-(?P<pid>\d+)\s+\[(?P<cpu>\d+)\]\s+(?P<ts>\d+\.\d+):\s+function:\s+'
                 r'(?P<name>\S+?)(?:\+0x(?P<off>[0-9a-f]+))?\s+<-- (?P<pname>\S+?)(?:\+0x(?P<poff>[0-9a-f]+))?\s*$')


def ns(ts):
    a, b = ts.split('.')
    return int(a) * 1_000_000_000 + int(b.ljust(9, '0')[:9])


def truth_of(name, off, size, mod, addr):
    """one address as the kernel printed it: (name, off, size, module) or None (printed bare)"""
    if off is None and name.startswith('0x') and int(name, 16) == int(addr, 16):
        return None
    return (name, int(off, 16) if off else None, int(size, 16) if size else None, mod or '')


def read_copies(gt_dir):
    """[(n, label, {cpu: [event...]})] in copy order"""
    copies = []
    for path in sorted(glob.glob(os.path.join(gt_dir, '*.trace'))):
        n, label = os.path.basename(path)[:-len('.trace')].split('-', 1)
        per_cpu = collections.defaultdict(list)
        with open(path, errors='replace') as f:
            for raw in f:
                m = LINE.match(raw.rstrip('\n'))
                if not m:
                    continue
                ev = {'cpu': int(m['cpu']), 'ts': ns(m['ts']), 'text': m['rest']}
                fm = FUNC.match(m['rest'])
                if fm:
                    ev['kind'] = 'function'
                    ev['addr'], ev['paddr'] = int(fm['addr'], 16), int(fm['paddr'], 16)
                    ev['ip'] = truth_of(fm['name'], fm['off'], fm['size'], fm['mod'], fm['addr'])
                    ev['parent_ip'] = truth_of(fm['pname'], fm['poff'], fm['psize'], fm['pmod'], fm['paddr'])
                else:
                    mm = MODEV.match(m['rest'])
                    ev['kind'] = mm[1] if mm else 'other'
                per_cpu[ev['cpu']].append(ev)
        copies.append((n, label, per_cpu))
    return copies


class Snapshot:
    """one kallsyms snapshot of the archive: per module, its symbols in table order"""

    def __init__(self, paths):
        self.mods = collections.defaultdict(list)    # module -> [(addr, name)] in file order
        for p in paths:
            with open(p, errors='replace') as f:
                for line in f:
                    if '\t[' not in line:
                        continue
                    a, _t, rest = line.split(' ', 2)
                    name, mod = rest.rstrip('\n').split('\t')
                    self.mods[mod.strip('[]')].append((int(a, 16), name))
        self.extent = {}                              # module -> (base, size) of /proc/modules
        self.sections = collections.defaultdict(list)  # module -> [(section, addr)]

    def lookup(self, addr):
        """(name, off, size, module) as find_kallsyms_symbol: the best address <= addr, the first
        of the table there; size up to the next symbol of the module, at most to the end of its
        text (the first page of non-executable sections); None where the address is in no module"""
        for mod, (base, size) in self.extent.items():
            if base <= addr < base + size:
                best, nxt = None, base + size
                for a, name in self.mods.get(mod, ()):
                    if a <= addr and (best is None or a > best[0]):
                        best = (a, name)
                    if addr < a < nxt:
                        nxt = a
                for sname, a in self.sections.get(mod, ()):
                    if addr < a < nxt and 'text' not in sname and sname != '.altinstr_replacement':
                        nxt = a
                if best:
                    return (best[1], addr - best[0], nxt - best[0] if self.sections.get(mod) else None, mod)
        return None


def load_archive(a_dir):
    manifest = [l.rstrip('\n').split('\t') for l in open(os.path.join(a_dir, 'manifest.tsv'))]
    events = [l.rstrip('\n').split('\t') for l in open(os.path.join(a_dir, 'events.tsv'))]
    snaps = []
    for n, label, _up in manifest:
        base = os.path.join(a_dir, f'{n}-{label}')
        s = Snapshot([base + ('.kallsyms' if os.path.exists(base + '.kallsyms') else '.modsyms')])
        for line in open(base + '.modules'):
            p = line.split()
            s.extent[p[0]] = (int(p[5], 16), int(p[1]))
        if os.path.exists(base + '.sections'):
            for line in open(base + '.sections'):
                p = line.split()
                s.sections[p[0]].append((p[1], int(p[2], 16)))
        snaps.append((n, label, s))
    return snaps, events


def build_truth(d):
    copies = read_copies(os.path.join(d, 'gt'))
    snaps, mod_events = load_archive(os.path.join(d, 'archive'))
    # each copy but the last belongs to one module event, in order: "after-load-X" was read after
    # load X (and before the next module event), "before-unload-X" before the free of X
    ev_rows = [r for r in mod_events if r[1] != 'lost']
    bound = []            # per copy: module events strictly before it happened before the copy
    for i, (n, label, _) in enumerate(copies):
        if label == 'final':
            bound.append(float('inf'))
            continue
        row = ev_rows[i]
        want = ('module_load' if label.startswith('after-load-') else 'module_free', label.split('-', 2)[2])
        if (row[1], row[2]) != want:
            sys.exit(f'capture-score: gt copy {n}-{label} does not line up with events.tsv row {row}')
        t = ns(row[3])
        bound.append(t + 1 if row[1] == 'module_load' else t)
    frees = [(ns(r[3]), r[2]) for r in ev_rows if r[1] == 'module_free']
    snap_at = {n: i for i, (n, _l, _s) in enumerate(snaps)}
    snap_starts = [-1] + [ns(r[3]) for r in ev_rows]   # snapshot i in force from its module event
    final = copies[-1][2]
    truth = collections.defaultdict(list)
    stats = collections.Counter()
    for cpu in sorted(final):
        for idx, fev in enumerate(final[cpu]):
            for ci, (n, label, per_cpu) in enumerate(copies):
                if len(per_cpu.get(cpu, ())) > idx:
                    break
            ev = dict(per_cpu[cpu][idx])
            if ev['ts'] != fev['ts'] or ev['kind'] != fev['kind'] or \
                    ev['kind'] == 'function' and (ev['addr'], ev['paddr']) != (fev['addr'], fev['paddr']):
                sys.exit(f'capture-score: cpu{cpu}#{idx}: copy {n} and the final copy disagree')
            ev['copy'] = n
            ev['source'] = {'ip': 'kernel-text', 'parent_ip': 'kernel-text'}
            if ev['kind'] == 'function':
                stats['function'] += 1
                freed = {f[1] for f in frees if ev['ts'] < f[0] < bound[ci]}
                if freed:
                    # a module was freed between the event and the copy: addresses in it (the
                    # kernel printed them bare, or with a name of whatever it found there later)
                    # from the kallsyms snapshot in force at the event
                    si = max(bisect.bisect_right(snap_starts, ev['ts']) - 1, 0)
                    snap = snaps[si][2]
                    for key, addr in (('ip', ev['addr']), ('parent_ip', ev['paddr'])):
                        if any(snap.extent[m][0] <= addr < sum(snap.extent[m]) for m in freed if m in snap.extent):
                            ev[key] = snap.lookup(addr)
                            ev['source'][key] = f'kallsyms:{snaps[si][0]}'
                            stats['from_kallsyms'] += 1
            truth[cpu].append(ev)
    return truth, stats


# Under TCG two events of one CPU can carry the same nanosecond: events are keyed by
# (cpu, ts, how many function events of that cpu and ts came before) in either report.
def read_jsonl(path):
    per_cpu = collections.defaultdict(list)
    seen = collections.Counter()
    with open(path) as f:
        for line in f:
            e = json.loads(line)
            if e['event'] != 'function' or e.get('buffer'):
                continue
            e['key'] = (e['cpu'], e['ts'], seen[(e['cpu'], e['ts'])])
            seen[(e['cpu'], e['ts'])] += 1
            per_cpu[e['cpu']].append(e)
    return per_cpu


def read_tcr(path):
    by_key = {}
    seen = collections.Counter()
    with open(path, errors='replace') as f:
        for line in f:
            m = TCR.match(line.rstrip('\n'))
            if m:
                k = (int(m['cpu']), ns(m['ts']))
                by_key[k + (seen[k],)] = m
                seen[k] += 1
    return by_key


def pair(truth, dat):
    """[(gt event, dat event)], unpaired counts, time differences.  Both instances trace the same
    functions, so per CPU the two sequences of (ip, parent_ip) are the same calls in the same order
    (up to events before the .dat's recording began or after the last copy): they are aligned as
    sequences, then each pair must lie within TOL_NS in time (the .dat's event first: the top
    instance's callback runs before the gt instance's, and under TCG an interrupt can come between)."""
    pairs, deltas, used = [], [], 0
    unpaired_gt = 0
    for cpu, evs in truth.items():
        g_ev = [g for g in evs if g['kind'] == 'function']
        d_ev = dat.get(cpu, [])
        g_key = [(g['addr'], g['paddr']) for g in g_ev]
        d_key = [(int(e['fields']['ip'], 16), int(e['fields']['parent_ip'], 16)) for e in d_ev]
        sm = difflib.SequenceMatcher(None, g_key, d_key, autojunk=False)
        for blk in sm.get_matching_blocks():
            for k in range(blk.size):
                g, e = g_ev[blk.a + k], d_ev[blk.b + k]
                if -TOL_NS <= e['ts'] - g['ts'] <= 1000:    # gt's text is rounded to microseconds
                    pairs.append((g, e))
                    deltas.append(e['ts'] - g['ts'])
                    used += 1
        unpaired_gt += len(g_ev)
    n_dat = sum(len(v) for v in dat.values())
    return pairs, unpaired_gt - used, n_dat - used, deltas


def ours(entry):
    if entry is None or 'unknown' in entry:
        return None
    mod = '' if entry.get('module') is None or entry.get('builtin') else entry['module']
    return (entry['name'], entry['off'], entry['size'], mod)


def same(t, o, with_size):
    if t is None or o is None:
        return t is None and o is None
    return t[0] == o[0] and t[1] == o[1] and (o[3] is None or t[3] == o[3]) and (not with_size or t[2] is None or t[2] == o[2])


def fmt(s):
    if s is None:
        return '(bare address)'
    name, off, size, mod = s
    out = name + (f'+{off:#x}' if off is not None else '') + (f'/{size:#x}' if size is not None else '')
    return out + (f' [{mod}]' if mod else '')


def main():
    d, jsonl, tcr_path = sys.argv[1:4]
    truth, stats = build_truth(d)
    dat = read_jsonl(jsonl)
    tcr = read_tcr(tcr_path)
    pairs, unpaired_gt, unpaired_dat, deltas = pair(truth, dat)
    n = m_ours = m_tcr = 0
    by_source = collections.Counter()
    ex_ours, ex_tcr = [], []
    kinds_tcr = collections.Counter()
    for g, e in pairs:
        t = tcr.get(e['key'])
        for key in ('ip', 'parent_ip'):
            want = g[key]
            got = ours(e['syms'].get(key))
            n += 1
            by_source[g['source'][key].split(':')[0]] += 1
            where = f"cpu{g['cpu']} {g['ts'] / 1e9:.6f} {key} {(g['addr'] if key == 'ip' else g['paddr']):#x}"
            if not same(want, got, True):
                m_ours += 1
                if len(ex_ours) < 20:
                    ex_ours.append(f'  {where}: kernel {fmt(want)} ({g["source"][key]}, copy {g["copy"]}), '
                                   f'tracesym {fmt(got)}' + (f" [{e['syms'][key]['unknown']}]" if got is None else ''))
            if t is None:
                tc = 'missing'
            else:
                name, off = (t['name'], t['off']) if key == 'ip' else (t['pname'], t['poff'])
                tc = (name, int(off, 16) if off else None, None, None)
                if name.startswith('0x') and off is None:
                    tc = None
            if tc == 'missing' or not same(want, tc, False):
                m_tcr += 1
                if want is not None and tc not in ('missing', None) and want[0] == tc[0]:
                    kinds_tcr['same name, other offset'] += 1
                else:
                    kinds_tcr['other name' if tc != 'missing' else 'no line'] += 1
                if len(ex_tcr) < 8:
                    ex_tcr.append(f'  {where}: kernel {fmt(want)}, trace-cmd report '
                                  f'{fmt(tc) if tc != "missing" else "(no line)"}')
    deltas.sort()
    print(f'ground truth: {stats["function"]} function events in gt/ ({len(glob.glob(os.path.join(d, "gt", "*.trace")))} copies); '
          f'module addresses (ip or parent_ip) of events in rmmod windows, named from the kallsyms snapshot before the rmmod: {stats["from_kallsyms"]}')
    print(f'paired with capture.dat: {len(pairs)} events (time difference .dat - gt: median '
          f'{deltas[len(deltas) // 2] / 1e3 if deltas else 0:.1f} us, largest {max(map(abs, deltas)) / 1e3 if deltas else 0:.1f} us); '
          f'gt events without a partner: {unpaired_gt}, capture.dat function events without one: {unpaired_dat}')
    print(f'compared addresses (ip and parent_ip of each pair): {n}, ' +
          ', '.join(f'{k} {v}' for k, v in sorted(by_source.items())))
    print('trace-cmd report (name and offset):')
    print('\n'.join(ex_tcr))
    print(f'trace-cmd report: mismatches: {m_tcr} of {n} (' + ', '.join(f'{k} {v}' for k, v in kinds_tcr.items()) + ')')
    print('tracesym report --archive (name, offset, size, module):')
    print('\n'.join(ex_ours))
    print(f'tracesym: mismatches: {m_ours} of {n}')
    sys.exit(1 if m_ours or not pairs else 0)


if __name__ == '__main__':
    main()
