package dev.tracesym.app.repl;

import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolCheck;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.symbolizer.ArchiveLayout;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.TraceKernel;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The questions the REPL and {@code tracesym resolve} ask of the symbol state over time, answered
 * from a symbolizer that has been fed the trace's state changes (or, for an archive without a
 * trace, its snapshots at the times of {@code manifest.tsv}).
 *
 * <p>The symbol state is a sequence of epochs: an epoch starts at each change (snapshot marker,
 * module load, module free, init code freed) that gives a new state, and lasts until the next.
 * A module's span is a maximal run of epochs in which it is loaded at the same base.
 */
final class SymbolQueries {
    /** A module loaded at one base for one stretch of time. */
    record ModuleSpan(String name, long base, long size, int symbols, long from, long to, String fromCause, String toCause) {
        /** {@code snd_seq_dummy  0xffffffffc02c9000+0x3000  15.444837 .. 18.653216}. */
        String format() {
            return String.format("%-20s %s+0x%x  %s .. %s%s", name, Hex.format(base), size, when(from), when(to),
                    causes());
        }

        private String causes() {
            String a = fromCause == null ? "" : fromCause;
            String b = toCause == null ? "" : toCause;
            if (a.isEmpty() && b.isEmpty()) return "";
            return "  (" + (a.isEmpty() ? "loaded before" : a) + (b.isEmpty() ? "" : "; " + b) + ")";
        }

        boolean covers(long ts) {
            return ts >= from && ts < to;
        }
    }

    /**
     * One address a name had, in one module span or in the kernel image; {@code name} as the report prints
     * it where copies share it ({@code init_once#3}, {@code init_once {fat/cache.o}}).
     */
    record NameHit(String name, long address, String module, boolean builtin, String object, long from, long to, String kind,
                   String epochs, String sources) {
        String format() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("%-28s %s", name, Hex.format(address)));
            if (module != null) b.append(builtin ? "  builtin=" + module : "  [" + module + "]");
            else b.append("  vmlinux");
            if (object != null) b.append("  object=").append(object);
            if (kind != null) b.append("  ").append(kind);
            if (sources != null && !sources.isEmpty()) b.append("  ").append(sources);
            if (from == Long.MIN_VALUE && to == Long.MAX_VALUE) return b.append("  always").toString();
            return b.append("  ").append(epochs).append("  ").append(when(from)).append(" .. ").append(when(to)).toString();
        }
    }

    private final Symbolizer symbolizer;
    private final long[] epochStart;
    private final KernelSymbols[] epochState;
    private final String[] epochCause;
    private final List<ModuleSpan> spans;
    private final long startTime, endTime;
    private final TraceScan trace;
    private final String description;
    private final List<String> warnings = new ArrayList<>();
    private boolean eventsLost;
    private String[] sortedNames;

    private SymbolQueries(Symbolizer symbolizer, long[] epochStart, KernelSymbols[] epochState, String[] epochCause,
                          long startTime, long endTime, TraceScan trace, String description) {
        this.symbolizer = symbolizer;
        this.epochStart = epochStart;
        this.epochState = epochState;
        this.epochCause = epochCause;
        this.startTime = startTime;
        this.endTime = endTime;
        this.trace = trace;
        this.description = description;
        this.spans = spansOf(epochStart, epochState, epochCause);
    }

    // ---- loading

    /**
     * Loads the symbol sources and, when a trace is given, replays its state changes.
     *
     * @param trace   a {@code .dat} trace, or null
     * @param archive a symbol archive folder (docs/ARCHIVE.md), or null
     * @param modules folder of the modules' {@code .ko} files for the archive, or null
     * @param symbols one symbol table without time (kallsyms, kallmodsyms, System.map), or null
     * @throws IllegalArgumentException when the combination names no symbols
     */
    static SymbolQueries load(Path trace, Path archive, Path modules, Path symbols) throws IOException {
        return load(trace, archive, modules, symbols, false, null);
    }

    /**
     * {@link #load(Path, Path, Path, Path)}, refusing an archive or table that does not belong to the
     * trace ({@link SymbolCheck}) unless {@code force}; {@code warnings} (may be null) gets the warning
     * about modules whose {@code __init} code has no names.
     *
     * @throws SymbolCheck.Mismatch when the symbols do not belong to the trace
     */
    static SymbolQueries load(Path trace, Path archive, Path modules, Path symbols, boolean force, Consumer<String> warnings)
            throws IOException {
        if (archive != null && symbols != null) {
            throw new IllegalArgumentException("give either --archive (symbols over time) or --symbols (one table), not both");
        }
        if (modules != null && archive == null) {
            throw new IllegalArgumentException("--modules needs --archive: the .ko files place the archive's init code");
        }
        StringBuilder d = new StringBuilder();
        if (archive != null) {
            SymbolSource source = SymbolSource.archive(archive, modules);
            TimeAwareSymbolizer ta = (TimeAwareSymbolizer) source.open();
            check(force ? source.forcing() : source, ta, trace, warnings);
            d.append("archive ").append(archive).append(": ").append(ta.snapshotCount()).append(" snapshots, ")
                    .append(ta.knownModules().size()).append(" modules");
            if (modules != null) d.append(", .ko files from ").append(modules);
            d.append('\n');
            List<StateEvents.Change> changes;
            long start, end;
            TraceScan scan = null;
            StateEvents ev = null;
            if (trace != null) {
                ev = StateEvents.feed(trace, ta);
                changes = ev.changes;
                start = ev.events == 0 ? 0 : ev.firstTs;
                end = ev.events == 0 ? 0 : ev.lastTs;
                scan = new TraceScan(trace);
                d.append("trace ").append(trace).append(": ").append(ev.events).append(" events, ")
                        .append(Seconds.format(start)).append(" .. ").append(Seconds.format(end)).append(", ")
                        .append(changes.size()).append(" state changes (markers, module load/free/init)\n");
            } else {
                changes = manifestTimes(archive, ta);
                start = changes.isEmpty() ? 0 : changes.get(0).ts();
                end = changes.isEmpty() ? 0 : changes.get(changes.size() - 1).ts();
                d.append(changes.isEmpty()
                        ? "no trace and no times in manifest.tsv: every time resolves against the first snapshot\n"
                        : "no trace: snapshots placed at the uptimes of manifest.tsv (written just after each change, so approximate)\n");
            }
            return timeAware(ta, changes, start, end, scan, d.toString()).withDamage(ev, List.of());
        }
        StaticSymbolizer st;
        List<String> skipped = new ArrayList<>();   // malformed lines of the trace's kallsyms, skipped as trace-cmd does
        if (symbols != null) {
            SymbolSource source = SymbolSource.table(symbols);
            st = (StaticSymbolizer) source.open();
            check(force ? source.forcing() : source, st, trace, null);
            d.append("symbols ").append(symbols).append(" (one table, the same at every time)\n");
        } else if (trace != null) {
            String kallsyms;
            String procModules;
            try (DatFile dat = DatFile.open(trace)) {
                kallsyms = dat.kallsyms();
                procModules = dat.modulesFile();
            }
            if (kallsyms.isEmpty()) {
                throw new IllegalArgumentException(trace + " holds no kallsyms: give --archive or --symbols");
            }
            st = StaticSymbolizer.fromKallsyms(kallsyms, procModules, trace + " (kallsyms)", skipped);
            d.append("symbols: the kallsyms stored in ").append(trace)
                    .append(" (one table, as trace-cmd report uses it; give --archive for names over time)\n");
        } else {
            throw new IllegalArgumentException("nothing to resolve against: give --trace, --archive or --symbols");
        }
        long start = 0, end = 0;
        TraceScan scan = null;
        StateEvents span = null;
        if (trace != null) {
            scan = new TraceScan(trace);
            span = StateEvents.span(trace);
            start = span.events == 0 ? 0 : span.firstTs;
            end = span.events == 0 ? 0 : span.lastTs;
            d.append("trace ").append(trace).append(": ").append(span.events).append(" events, ")
                    .append(Seconds.format(start)).append(" .. ").append(Seconds.format(end)).append('\n');
        }
        return new SymbolQueries(st, new long[] {Long.MIN_VALUE}, new KernelSymbols[] {st.state()},
                new String[] {symbols != null ? "table " + symbols.getFileName() : "trace kallsyms"}, start, end, scan,
                d.toString()).withDamage(span, skipped);
    }

    /** The trace's warnings (and the skipped kallsyms lines) as this source's; whether it lost events. */
    private SymbolQueries withDamage(StateEvents ev, List<String> skipped) {
        for (String s : skipped) {
            warnings.add(s + " (line skipped, as trace-cmd skips it)");
        }
        if (ev != null) {
            warnings.addAll(ev.warnings);
            eventsLost = ev.eventsLost;
        }
        return this;
    }

    /** What reading the trace warned of: data cut short, kallsyms lines skipped. */
    List<String> warnings() {
        return warnings;
    }

    /** True when the trace lost events to damage: the state after it may be missing changes. */
    boolean eventsLost() {
        return eventsLost;
    }

    /** Refuses symbols that do not belong to {@code trace} (null: only their own consistency); warns of unnamed init code. */
    private static void check(SymbolSource source, Symbolizer symbols, Path trace, Consumer<String> warnings) throws IOException {
        TraceKernel kernel = null;
        if (trace != null) {
            try (DatFile dat = DatFile.open(trace)) {
                kernel = ReportPipeline.kernelOf(dat, trace.toString());
            }
        }
        SymbolCheck.require(source, symbols, kernel);
        String warning = warnings == null ? null : SymbolCheck.initWarning(source, symbols);
        if (warning != null) {
            warnings.accept(warning);
        }
    }

    private static SymbolQueries timeAware(TimeAwareSymbolizer ta, List<StateEvents.Change> changes, long start, long end,
                                           TraceScan scan, String description) {
        List<Long> starts = new ArrayList<>();
        List<KernelSymbols> states = new ArrayList<>();
        List<String> causes = new ArrayList<>();
        starts.add(Long.MIN_VALUE);
        states.add(ta.stateAt(Long.MIN_VALUE));
        causes.add("snapshot " + ta.snapshotName(0));
        for (StateEvents.Change c : changes) {
            KernelSymbols s = ta.stateAt(c.ts());
            int last = starts.size() - 1;
            if (s == states.get(last)) continue;
            if (starts.get(last) == c.ts()) {
                states.set(last, s);
                causes.set(last, causes.get(last) + ", " + c.cause());
            } else {
                starts.add(c.ts());
                states.add(s);
                causes.add(c.cause());
            }
        }
        long[] st = new long[starts.size()];
        for (int i = 0; i < st.length; i++) st[i] = starts.get(i);
        return new SymbolQueries(ta, st, states.toArray(new KernelSymbols[0]), causes.toArray(new String[0]), start, end,
                scan, description);
    }

    /** Snapshot markers at the uptimes manifest.tsv gives (third column, seconds), fed to {@code ta}. */
    private static List<StateEvents.Change> manifestTimes(Path archive, TimeAwareSymbolizer ta) throws IOException {
        Path manifest = archive.resolve(ArchiveLayout.MANIFEST);
        List<StateEvents.Change> out = new ArrayList<>();
        if (!Files.isRegularFile(manifest)) return out;
        try (BufferedReader r = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.strip().split("\t");
                if (f.length < 3 || line.startsWith("#")) continue;
                long ts;
                try {
                    ts = Seconds.parse(f[2]);
                } catch (IllegalArgumentException e) {
                    continue; // a manifest without times (or a note column) places nothing
                }
                String text = "epoch: " + f[0] + " " + f[1];
                ta.marker(ts, text);
                out.add(new StateEvents.Change(ts, "snapshot " + f[0] + " " + f[1]));
            }
        }
        return out;
    }

    /** First and last timestamp and the event count of a trace. */
    // ---- time

    long startTime() {
        return startTime;
    }

    long endTime() {
        return endTime;
    }

    /** The time commands use until {@code at} says otherwise: the end, when every change has happened. */
    long defaultTime() {
        return endTime;
    }

    private int epochAt(long ts) {
        int i = Arrays.binarySearch(epochStart, ts);
        return i >= 0 ? i : -i - 2;
    }

    /** {@code " (epoch 12 since 17.731800: module_load sha3_generic)"}. */
    String epochNote(long ts) {
        int i = epochAt(ts);
        return " (epoch " + i + " of " + epochStart.length + " since " + when(epochStart[i]) + ": " + epochCause[i] + ")";
    }

    String describe() {
        return description + epochStart.length + " epochs, " + spans.size() + " module loads; times "
                + Seconds.format(startTime) + " .. " + Seconds.format(endTime) + "\n";
    }

    // ---- queries

    /** Resolves {@code addr} as of {@code ts}. */
    boolean resolve(long ts, long addr, Resolution out) {
        return symbolizer.resolve(ts, addr, out);
    }

    /** Every address {@code name} had: in the kernel image, in each module span, among saved init functions. */
    List<NameHit> lookup(String name) {
        List<NameHit> out = new ArrayList<>();
        Resolution r = new Resolution();
        KernelTable k = epochState[0].kernel();
        if (k != null) {
            for (int i = 0; i < k.size(); i++) {
                if (!k.name(i).equals(name)) continue;
                long a = k.address(i);
                epochState[0].resolve(a, r);
                boolean same = r.found && r.symbolAddress == a;
                String module = !same ? null : r.builtin && r.modules != null ? String.join(",", r.modules) : r.module;
                out.add(new NameHit(same ? shown(r) : name, a, module, same && r.builtin, same ? r.object : null, Long.MIN_VALUE,
                        Long.MAX_VALUE, null, null, same ? ResolveLine.sources(r) : null));
            }
        }
        for (ModuleSpan s : spans) {
            KernelSymbols state = epochState[epochAt(s.from())];
            ModuleSymbols m = state.module(s.name());
            if (m == null) continue;
            for (int i = 0; i < m.symbolCount(); i++) {
                if (m.symbolName(i).equals(name)) {
                    out.add(new NameHit(name, m.symbolAddress(i), s.name(), false, null, s.from(), s.to(), null, null,
                            "from " + m.source().text()));
                }
            }
        }
        // __init functions: while their module's init code lives, then under the name ftrace keeps for freed
        // init code, for as long as the address still resolves to it (another module loaded there ends it)
        Map<String, NameHit> init = new LinkedHashMap<>();
        for (int e = 0; e < epochState.length; e++) {
            long from = epochStart[e], to = e + 1 < epochStart.length ? epochStart[e + 1] : Long.MAX_VALUE;
            KernelSymbols state = epochState[e];
            for (Resolution c : state.symbolsNamed(name)) {
                if (c.module == null || c.builtin) continue;          // the kernel image's, listed above
                long a = c.symbolAddress;
                ModuleSymbols m = state.module(c.module);
                boolean live = m != null && m.inInit(a) && state.initLive(c.module);
                if (!live && m != null && m.contains(a)) continue;    // core code: the module spans above
                state.resolve(a, r);
                if (!r.found || !name.equals(r.name) || r.symbolAddress != a) continue;   // another symbol answers there now
                String kind = live ? "(init)" : "(init, freed: ftrace's saved name)";
                String key = c.module + "@" + Long.toHexString(a) + kind;
                NameHit h = init.get(key);
                String sources = r.nameFrom == null ? null : "from " + r.nameFrom.text();
                if (h != null && h.to() == from) {
                    init.put(key, new NameHit(name, a, c.module, false, null, h.from(), to, kind, null, h.sources()));
                } else if (h == null || h.to() < from) {
                    if (h != null) init.put(key + "@" + h.from(), h);    // an earlier stretch at the same place stays
                    init.put(key, new NameHit(name, a, c.module, false, null, from, to, kind, null, sources));
                }
            }
        }
        out.addAll(init.values());
        out.replaceAll(h -> new NameHit(h.name(), h.address(), h.module(), h.builtin(), h.object(), h.from(), h.to(), h.kind(),
                epochRange(h.from(), h.to()), h.sources()));
        out.sort((a, b) -> a.from() != b.from() ? Long.compare(a.from(), b.from()) : Long.compareUnsigned(a.address(), b.address()));
        return out;
    }

    /** The name as the report prints it, without offset and module: {@code name}, {@code name#n} or {@code name {object}}. */
    private static String shown(Resolution r) {
        StringBuilder b = r.appendName(new StringBuilder());
        return r.objectSuffix == null ? b.toString() : b.append(" {").append(r.objectSuffix).append('}').toString();
    }

    /** {@code epochs 12-20} for the epochs a span [from, to) covers. */
    private String epochRange(long from, long to) {
        int a = epochAt(from), b = to == Long.MAX_VALUE ? epochStart.length - 1 : epochAt(to - 1);
        return a == b ? "epoch " + a : "epochs " + a + "-" + b;
    }

    /** Module spans that cover {@code ts}, by address. */
    List<ModuleSpan> modulesAt(long ts) {
        List<ModuleSpan> out = new ArrayList<>();
        for (ModuleSpan s : spans) if (s.covers(ts)) out.add(s);
        out.sort((a, b) -> Long.compareUnsigned(a.base(), b.base()));
        return out;
    }

    /** Every span of {@code module} (file names with '-' work too: the kernel says '_'), in time order. */
    List<ModuleSpan> timeline(String module) {
        String name = module.replace('-', '_');
        List<ModuleSpan> out = new ArrayList<>();
        for (ModuleSpan s : spans) if (s.name().equals(name)) out.add(s);
        return out;
    }

    /** A hint for a module name never seen loaded: the known ones that look alike. */
    String moduleHint(String module) {
        String norm = module.replace('-', '_');
        List<String> like = new ArrayList<>();
        for (String m : moduleNames()) {
            if (m.startsWith(norm) || editDistance(m, norm) <= 2) like.add(m);
        }
        if (!like.isEmpty()) return " (did you mean " + String.join(", ", like) + "?)";
        return " (known modules: " + String.join(" ", moduleNames()) + ")";
    }

    /** Levenshtein distance, for suggesting a name after a typo. */
    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Names of every module loaded at some time, sorted. */
    List<String> moduleNames() {
        TreeSet<String> names = new TreeSet<>();
        for (ModuleSpan s : spans) names.add(s.name());
        return new ArrayList<>(names);
    }

    /** Up to {@code limit} symbol names that start with {@code prefix}, sorted. */
    List<String> symbolNames(String prefix, int limit) {
        String[] names = sortedNames();
        int i = Arrays.binarySearch(names, prefix);
        if (i < 0) i = -i - 1;
        List<String> out = new ArrayList<>();
        for (; i < names.length && out.size() < limit && names[i].startsWith(prefix); i++) out.add(names[i]);
        return out;
    }

    private String[] sortedNames() {
        if (sortedNames != null) return sortedNames;
        Set<String> all = new HashSet<>();
        KernelTable k = epochState[0].kernel();
        if (k != null) for (int i = 0; i < k.size(); i++) all.add(k.name(i));
        Set<ModuleSymbols> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        Set<ModMap> seenMaps = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (KernelSymbols s : epochState) {
            for (String mod : s.modules()) {
                ModuleSymbols m = s.module(mod);
                if (!seen.add(m)) continue;
                for (int i = 0; i < m.symbolCount(); i++) all.add(m.symbolName(i));
            }
            for (ModMap mm : s.modMaps()) {
                if (!seenMaps.add(mm)) continue;
                for (int i = 0; i < mm.count(); i++) all.add(mm.name(i));
            }
        }
        String[] a = all.toArray(new String[0]);
        Arrays.sort(a);
        sortedNames = a;
        return a;
    }

    /** What changed between two times: the changes in between, then the net difference in modules and code. */
    String diff(long a, long b) {
        if (a > b) {
            long t = a;
            a = b;
            b = t;
        }
        StringBuilder out = new StringBuilder();
        int ea = epochAt(a), eb = epochAt(b);
        out.append("from ").append(Seconds.format(a)).append(" (epoch ").append(ea).append(") to ")
                .append(Seconds.format(b)).append(" (epoch ").append(eb).append(")\n");
        if (ea == eb) {
            out.append("no change: both times are in epoch ").append(ea).append(" (since ").append(when(epochStart[ea]))
                    .append(": ").append(epochCause[ea]).append(")\n");
            return out.toString();
        }
        out.append(eb - ea).append(" changes:\n");
        for (int e = ea + 1; e <= eb; e++) {
            out.append("  ").append(Seconds.format(epochStart[e])).append("  ").append(epochCause[e]).append('\n');
        }
        List<ModuleSpan> before = modulesAt(a), after = modulesAt(b);
        Map<String, ModuleSpan> beforeByName = new HashMap<>();
        for (ModuleSpan s : before) beforeByName.put(s.name(), s);
        Map<String, ModuleSpan> afterByName = new HashMap<>();
        for (ModuleSpan s : after) afterByName.put(s.name(), s);
        int symbolsGone = 0, symbolsNew = 0;
        StringBuilder mods = new StringBuilder();
        for (ModuleSpan s : before) {
            ModuleSpan n = afterByName.get(s.name());
            if (n == null) {
                mods.append("  - ").append(s.format()).append('\n');
                symbolsGone += s.symbols();
            } else if (n != s) {
                mods.append("  ~ ").append(s.name()).append(" reloaded: ").append(Hex.format(s.base())).append(" -> ")
                        .append(Hex.format(n.base())).append('\n');
                symbolsGone += s.symbols();
                symbolsNew += n.symbols();
            }
        }
        for (ModuleSpan s : after) {
            if (!beforeByName.containsKey(s.name())) {
                mods.append("  + ").append(s.format()).append('\n');
                symbolsNew += s.symbols();
            }
        }
        out.append("modules:\n").append(mods.length() == 0 ? "  (the same modules at the same places)\n" : mods);
        out.append("module symbols: ").append(symbolsNew).append(" new, ").append(symbolsGone).append(" gone\n");
        StringBuilder reused = new StringBuilder();
        for (ModuleSpan n : after) {
            for (ModuleSpan o : before) {
                if (o == n) continue;
                long s = Math.max(o.base() ^ Long.MIN_VALUE, n.base() ^ Long.MIN_VALUE) ^ Long.MIN_VALUE;
                long e = Math.min((o.base() + o.size()) ^ Long.MIN_VALUE, (n.base() + n.size()) ^ Long.MIN_VALUE) ^ Long.MIN_VALUE;
                if (Long.compareUnsigned(s, e) < 0) {
                    reused.append("  ").append(Hex.format(s)).append("..").append(Hex.format(e)).append(": ")
                            .append(o.name()).append(" -> ").append(n.name())
                            .append(o.name().equals(n.name()) ? " (reloaded)\n" : "\n");
                }
            }
        }
        if (reused.length() > 0) out.append("addresses reused:\n").append(reused);
        return out.toString();
    }

    /** The events that hit {@code addr}: the first {@code limit} listed, then a count per name at event time. */
    String events(long addr, int limit, BooleanSupplier cancelled) throws IOException {
        if (trace == null) throw new IllegalArgumentException("no trace loaded: start with --trace FILE to search events");
        Map<Integer, String> comms = TraceScan.comms(trace.file());
        StringBuilder out = new StringBuilder();
        Resolution r = new Resolution();
        Map<String, long[]> byName = new LinkedHashMap<>(); // name -> {count, first ts, last ts}
        long[] hits = {0};
        long read = trace.scan(addr, (RawEvent e, EventFormat f, String field, int pid) -> {
            resolve(e.ts, addr, r);
            String name = r.found ? r.toString() : "not found (" + r.unknown.text() + ")";
            if (hits[0] < limit) {
                String comm = comms.getOrDefault(pid, "<...>");
                out.append(String.format("  %s [%03d] %16s-%-6d %-22s %-10s %s%n", Seconds.format(e.ts), e.cpu, comm, pid,
                        f.system + ":" + f.name, field, name));
            }
            hits[0]++;
            long[] c = byName.computeIfAbsent(name, k -> new long[] {0, e.ts, e.ts});
            c[0]++;
            c[2] = e.ts;
        }, cancelled);
        if (hits[0] > limit) out.append("  ... ").append(hits[0] - limit).append(" more ('events ")
                .append(Hex.format(addr)).append(" all' lists them)\n");
        out.append(hits[0]).append(" of ").append(read).append(" events hit ").append(Hex.format(addr));
        if (byName.isEmpty()) return out.append('\n').toString();
        out.append("; named at their time:\n");
        for (Map.Entry<String, long[]> en : byName.entrySet()) {
            long[] c = en.getValue();
            out.append(String.format("  %6d x %s  (%s .. %s)%n", c[0], en.getKey(), Seconds.format(c[1]), Seconds.format(c[2])));
        }
        return out.toString();
    }

    // ---- module spans

    private static List<ModuleSpan> spansOf(long[] starts, KernelSymbols[] states, String[] causes) {
        List<ModuleSpan> out = new ArrayList<>();
        Map<String, long[]> open = new LinkedHashMap<>(); // name -> {base, size, symbols, first epoch}
        for (int e = 0; e <= states.length; e++) {
            Map<String, ModuleSymbols> now = new LinkedHashMap<>();
            if (e < states.length) {
                for (String name : states[e].modules()) now.put(name, states[e].module(name));
            }
            for (var it = open.entrySet().iterator(); it.hasNext(); ) {
                var en = it.next();
                ModuleSymbols m = now.get(en.getKey());
                if (m != null && m.base() == en.getValue()[0]) continue;
                close(out, en.getKey(), en.getValue(), e, starts, causes);
                it.remove();
            }
            for (ModuleSymbols m : now.values()) {
                if (open.containsKey(m.module)) continue;
                long size = m.loadedSize() != 0 ? m.loadedSize() : m.textEnd() - m.base();
                open.put(m.module, new long[] {m.base(), size, m.symbolCount(), e});
            }
        }
        out.sort((a, b) -> a.from() != b.from() ? Long.compare(a.from(), b.from()) : a.name().compareTo(b.name()));
        return out;
    }

    private static void close(List<ModuleSpan> out, String name, long[] o, int endEpoch, long[] starts, String[] causes) {
        int fromEpoch = (int) o[3];
        long from = starts[fromEpoch];
        long to = endEpoch < starts.length ? starts[endEpoch] : Long.MAX_VALUE;
        String fromCause = fromEpoch == 0 ? null : causes[fromEpoch];
        String toCause = endEpoch < starts.length ? causes[endEpoch] : null;
        out.add(new ModuleSpan(name, o[0], o[1], (int) o[2], from, to, fromCause, toCause));
    }

    static String when(long ts) {
        if (ts == Long.MIN_VALUE) return "start";
        if (ts == Long.MAX_VALUE) return "end";
        return Seconds.format(ts);
    }
}
