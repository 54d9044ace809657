package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves addresses as of their time, from a symbol archive (docs/ARCHIVE.md): snapshots of the
 * kernel's symbols taken while tracing, plus the modules' {@code .ko} files.
 *
 * <p>The state starts as the first snapshot. A marker {@code epoch: NNN label} switches to
 * snapshot NNN from its time on. Between markers the trace's own module events refine the state
 * at their exact time: {@code module_load X} adds X as the next snapshot that lists it saw it
 * (the archive is known in full, so looking ahead in it is allowed; the trace is not), with its
 * {@code __init} code live until {@link #moduleInitDone}, the next snapshot, or code loaded over
 * it; {@code module_free X} removes X and the init functions ftrace kept for it.
 *
 * <p>Loading reads and checks the whole archive, so that streaming never fails.
 */
public final class TimeAwareSymbolizer implements Symbolizer {
    private final SymbolArchive archive;
    private long[] since = new long[16];
    private KernelSymbols[] states = new KernelSymbols[16];
    private int count;
    private int cursor;
    private long lastChange = Long.MIN_VALUE;

    private TimeAwareSymbolizer(SymbolArchive archive) {
        this.archive = archive;
        since[0] = Long.MIN_VALUE;
        states[0] = archive.snapshots.get(0).state;
        count = 1;
        cursor = 0;
    }

    /**
     * Opens the archive in folder {@code archive}; {@code modulesDir} (may be null) holds the
     * modules' {@code .ko} files.
     *
     * @throws SymbolSourceException when a file of the archive is missing or malformed
     */
    public static TimeAwareSymbolizer open(Path archive, Path modulesDir) throws IOException {
        return new TimeAwareSymbolizer(SymbolArchive.open(archive, modulesDir));
    }

    /**
     * Opens the archive in folder {@code archive} with kernel build files given explicitly:
     * {@code System.map}, {@code modules.builtin.ranges}, linker maps ({@code vmlinux.map},
     * {@code vmlinux.o.map}), plain or compressed, told apart by name. Each kind given replaces
     * the one {@link #open(Path, Path)} would find in the archive folder or its parent; null or
     * empty gives exactly {@link #open(Path, Path)}.
     *
     * @throws SymbolSourceException when a file is missing, malformed, of no known kind, or does
     *     not describe the archive's kernel
     */
    public static TimeAwareSymbolizer open(Path archive, Path modulesDir, List<Path> buildFiles) throws IOException {
        return new TimeAwareSymbolizer(SymbolArchive.open(archive, modulesDir, buildFiles));
    }

    /**
     * {@link #open(Path, Path)} without the compiled index: for a copy of an archive that is read
     * once (its index would never be used again).
     */
    public static TimeAwareSymbolizer openUncached(Path archive, Path modulesDir) throws IOException {
        return new TimeAwareSymbolizer(SymbolArchive.open(archive, modulesDir, null, null));
    }

    /** A fresh symbolizer (initial state) over an archive already read; archives are immutable. */
    static TimeAwareSymbolizer over(SymbolArchive archive) {
        return new TimeAwareSymbolizer(archive);
    }

    /**
     * A new symbolizer over the same archive, in its initial state (the first snapshot in force),
     * for another trace of the same boot: the archive is read once and never changes, so
     * symbolizers of several traces may share it, also on several threads (each symbolizer
     * itself is for one thread).
     */
    public TimeAwareSymbolizer fresh() {
        return new TimeAwareSymbolizer(archive);
    }

    @Override
    public void marker(long ts, CharSequence text) {
        int n = epochNumber(text);
        if (n < 0) {
            return;
        }
        int i = archive.indexOf(n);
        if (i < 0) {
            return;
        }
        cursor = i;
        push(ts, archive.snapshots.get(i).state);
    }

    /** NNN of a text {@code epoch: NNN label} (surrounding white space allowed), or -1 for any other text. */
    static int epochNumber(CharSequence text) {
        int n = text.length();
        int i = 0;
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        String prefix = "epoch:";
        for (int k = 0; k < prefix.length(); k++, i++) {
            if (i >= n || text.charAt(i) != prefix.charAt(k)) {
                return -1;
            }
        }
        while (i < n && text.charAt(i) == ' ') {
            i++;
        }
        int v = 0;
        int digits = 0;
        for (; i < n && digits < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++, digits++) {
            v = v * 10 + (text.charAt(i) - '0');
        }
        if (digits == 0 || (i < n && !Character.isWhitespace(text.charAt(i)))) {
            return -1;
        }
        return v;
    }

    @Override
    public void moduleLoad(long ts, String module) {
        KernelSymbols cur = states[count - 1];
        if (cur.module(module) != null) {
            return;          // already loaded: the same event seen in another buffer
        }
        int j = archive.nextWith(cursor, module);
        if (j < 0) {
            return;          // the archive never saw it loaded: its addresses stay unknown
        }
        SymbolArchive.Snapshot s = archive.snapshots.get(j);
        ModuleSymbols m = s.symbols.get(module);
        ModMap map = s.modMaps.get(module);
        push(ts, cur.withLoaded(m, m.initBase() != 0, map));
    }

    @Override
    public void moduleFree(long ts, String module) {
        KernelSymbols cur = states[count - 1];
        KernelSymbols next = cur.withFreed(module);
        if (next != cur) {
            push(ts, next);
        }
    }

    @Override
    public void moduleInitDone(long ts, String module) {
        KernelSymbols cur = states[count - 1];
        KernelSymbols next = cur.withInitDone(module);
        if (next != cur) {
            push(ts, next);
        }
    }

    private void push(long ts, KernelSymbols s) {
        long t = Math.max(ts, lastChange);     // changes must not go back in time
        lastChange = t;
        if (since[count - 1] == t && count > 1) {
            states[count - 1] = s;
            return;
        }
        if (count == since.length) {
            since = Arrays.copyOf(since, count * 2);
            states = Arrays.copyOf(states, count * 2);
        }
        since[count] = t;
        states[count] = s;
        count++;
    }

    @Override
    public boolean resolve(long ts, long address, Resolution out) {
        return stateAt(ts).resolve(address, out);
    }

    /** The symbol state in force at {@code ts}. */
    public KernelSymbols stateAt(long ts) {
        int last = count - 1;
        if (ts >= since[last]) {
            return states[last];
        }
        int lo = 0;
        int hi = last;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (since[mid] <= ts) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return states[lo];
    }

    /** The archive read whole (for {@link SourceCheck}). */
    SymbolArchive archive() { return archive; }

    /** The kernel image's table (from the first snapshot). */
    public KernelTable kernelTable() { return archive.kernel; }

    /** The kernel build files in use (found next to the archive or given), in no particular order. */
    public List<Path> buildFiles() { return archive.buildFiles; }

    /** Number of snapshots in the archive. */
    public int snapshotCount() { return archive.snapshots.size(); }

    /** Snapshot {@code i}'s number (NNN) and label, e.g. {@code 002 after-load-soundcore}. */
    public String snapshotName(int i) {
        return archive.snapshots.get(i).id.toString();
    }

    /** Index of the snapshot numbered {@code number} (NNN), or -1. */
    public int snapshotIndex(int number) { return archive.indexOf(number); }

    /** The state of snapshot {@code i} as the archive recorded it. */
    public KernelSymbols snapshotState(int i) { return archive.snapshots.get(i).state; }

    /** Number of state changes applied so far, plus the initial state. */
    public int stateCount() { return count; }

    /** Modules a {@code module_load} could take from the archive (all modules any snapshot lists). */
    public List<String> knownModules() {
        List<String> l = new ArrayList<>();
        for (SymbolArchive.Snapshot s : archive.snapshots) {
            for (String m : s.symbols.keySet()) {
                if (!l.contains(m)) {
                    l.add(m);
                }
            }
        }
        return l;
    }
}
