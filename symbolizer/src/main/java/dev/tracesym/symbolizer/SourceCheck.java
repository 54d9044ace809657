package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.elf.ElfModule;
import dev.tracesym.symbolizer.elf.ModuleLayout;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a symbol source belongs to a trace. Symbols of another kernel, of another boot of it
 * (another KASLR slide), with modules at other addresses, or {@code .ko} files of other builds give
 * names that look right and are wrong; this compares the source with what the trace records of its
 * own kernel ({@link TraceKernel}) and with itself, before any address is named:
 * <ol>
 * <li>the kernel release: the trace's {@code uname} against the archive's {@code kernel.tsv} and
 * the {@code vermagic} of every module file;</li>
 * <li>the kernel image: symbols of the trace's kallsyms at their offsets from {@code _text} (else
 * {@code _stext}) against the source's (another build), then {@code _text} itself (the KASLR slide);</li>
 * <li>the loaded modules: each module of the trace's kallsyms (read at the end of the recording)
 * against the source's final state (an archive's last snapshot);</li>
 * <li>module files: the code symbols a snapshot lists for a module against the file's layout of
 * them ({@link ModuleLayout}): a file of another build puts them elsewhere or lacks them.</li>
 * </ol>
 * It only reports: each disagreement is one sentence; refusing is the caller's decision.
 */
public final class SourceCheck {
    /**
     * Lines of the trace's kernel image read at evenly spaced places (about 4,000 code symbols of a
     * 100,000-line kallsyms): enough to tell another build, without reading 4 MB line by line.
     */
    private static final int SAMPLES = 4096;
    /** Disagreements of one kind listed by name before "and N more". */
    private static final int LISTED = 3;

    private SourceCheck() {
    }

    /** What disagrees between {@code symbols} and the trace's own record of its kernel; empty when nothing does. */
    public static List<String> disagreements(Symbolizer symbols, TraceKernel trace) {
        Source s = Source.of(symbols);
        List<String> out = new ArrayList<>();
        String release = trace == null ? null : trace.release;
        if (release != null && s.release != null && !release.equals(s.release)) {
            out.add("kernel release: " + release + " in the trace, " + s.release + " in the archive (kernel.tsv)");
        }
        String expected = release != null ? release : s.release;
        String whose = release != null ? "the trace's kernel" : "the archive's kernel (kernel.tsv)";
        vermagic(s, expected, whose, out);
        if (trace != null && trace.kallsyms != null && s.kernel != null) {
            TraceSymbols t = TraceSymbols.scan(trace.kallsyms);
            boolean imageAgrees = image(s, t, out);
            if (imageAgrees) {
                modules(s, t, out);
            }
        }
        moduleFiles(s, out);
        return out;
    }

    /** What disagrees within {@code symbols} alone (module files against the loaded modules, release); for runs without a trace. */
    public static List<String> disagreements(Symbolizer symbols) {
        return disagreements(symbols, null);
    }

    /**
     * Modules the archive saw loaded after its first snapshot (so their {@code __init} code ran while
     * tracing) for which no module file was given: while their init code exists it has no names.
     * Empty for a symbol table without time.
     */
    public static List<String> initCodeWithoutFile(Symbolizer symbols) {
        if (!(symbols instanceof TimeAwareSymbolizer t)) {
            return List.of();
        }
        SymbolArchive a = t.archive();
        Set<String> out = new LinkedHashSet<>();
        Set<String> before = a.snapshots.get(0).symbols.keySet();
        for (int i = 1; i < a.snapshots.size(); i++) {
            SymbolArchive.Snapshot snap = a.snapshots.get(i);
            for (Map.Entry<String, ModuleSymbols> e : snap.symbols.entrySet()) {
                // a loaded module is in the snapshot's /proc/modules (a kallmodsyms table also names built-in ones)
                boolean loaded = snap.modules == null || snap.modules.indexOf(e.getKey()) >= 0;
                if (loaded && !before.contains(e.getKey()) && e.getValue().layout() == null) {
                    out.add(e.getKey());
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** The parts of a symbolizer the checks compare. */
    private static final class Source {
        KernelTable kernel;
        KernelSymbols last;
        String lastName;
        String release;
        /** Each distinct module (with its file) and the first snapshot that has it. */
        final Map<ModuleSymbols, String> withFile = new IdentityHashMap<>();
        final List<ModuleSymbols> withFileOrder = new ArrayList<>();

        static Source of(Symbolizer symbols) {
            Source s = new Source();
            if (symbols instanceof TimeAwareSymbolizer t) {
                SymbolArchive a = t.archive();
                s.kernel = a.kernel;
                SymbolArchive.Snapshot last = a.snapshots.get(a.snapshots.size() - 1);
                s.last = last.state;
                s.lastName = "the archive's last snapshot (" + ArchiveLayout.threeDigits(last.number) + " " + last.label + ")";
                s.release = releaseOf(a.dir);
                for (SymbolArchive.Snapshot snap : a.snapshots) {
                    for (ModuleSymbols m : snap.symbols.values()) {
                        if (m.layout() != null && !s.withFile.containsKey(m)) {
                            s.withFile.put(m, ArchiveLayout.threeDigits(snap.number) + " " + snap.label);
                            s.withFileOrder.add(m);
                        }
                    }
                }
            } else if (symbols instanceof StaticSymbolizer st) {
                s.last = st.state();
                s.kernel = s.last.kernel();
                s.lastName = "the symbol table";
            }
            return s;
        }
    }

    /** {@code release} of the archive's {@code kernel.tsv} (written by {@code tracesym capture}), or null. */
    private static String releaseOf(Path dir) {
        for (Path d : new Path[] {dir, dir.getParent()}) {
            Path p = d == null ? null : TextSource.findVariant(d.resolve(ArchiveLayout.KERNEL));
            if (p == null) {
                continue;
            }
            try {
                for (String line : TextSource.read(p).text().split("\n")) {
                    if (line.startsWith("release\t")) {
                        return line.substring("release\t".length()).strip();
                    }
                }
            } catch (IOException e) {
                return null;        // unreadable: nothing to compare (the archive itself is what names)
            }
        }
        return null;
    }

    private static void vermagic(Source s, String release, String whose, List<String> out) {
        if (release == null) {
            return;
        }
        List<String> bad = new ArrayList<>();
        String example = null;
        Set<String> seen = new LinkedHashSet<>();
        for (ModuleSymbols m : s.withFileOrder) {
            ElfModule elf = m.layout().elf();
            if (!seen.add(elf.origin())) {
                continue;
            }
            String v = elf.modinfo("vermagic");
            String built = v == null ? null : v.strip().split("\\s+")[0];
            if (built != null && !built.isEmpty() && !built.equals(release)) {
                bad.add(fileName(elf.origin()));
                if (example == null) {
                    example = built;
                }
            }
        }
        if (!bad.isEmpty()) {
            out.add("module files of another kernel: " + listed(bad) + " built for " + example
                    + " (vermagic), " + whose + " is " + release);
        }
    }

    /**
     * The kernel image: the same build (the sampled symbols at their offsets from the anchor), then the
     * same boot (the anchor itself). A sampled symbol agrees when a symbol starts at its place in the
     * source's table (the name is compared where it is the first at that address: aliases share one).
     */
    private static boolean image(Source s, TraceSymbols t, List<String> out) {
        if (t.anchor == null || t.allZero) {
            return true;          // nothing to place the trace's symbols by (kallsyms read without the right to see addresses)
        }
        long archiveAnchor = s.kernel.addressOf(t.anchor);
        if (archiveAnchor == -1) {
            return true;
        }
        long delta = archiveAnchor - t.anchorAddress;
        int compared = 0;
        int agreeing = 0;
        String example = null;
        Resolution r = new Resolution();
        for (Map.Entry<String, Long> e : t.imageSample.entrySet()) {
            long at = e.getValue() + delta;
            compared++;
            r.reset(at);
            if (s.kernel.lookup(at, r) && r.symbolAddress == at) {
                agreeing++;
            } else if (example == null) {
                example = e.getKey() + " is at " + t.anchor + "+0x" + Long.toHexString(e.getValue() - t.anchorAddress)
                        + " in the trace, " + (s.kernel.addressOf(e.getKey()) == -1 ? "absent from " + sourceName(s)
                        : "at " + t.anchor + "+0x" + Long.toHexString(s.kernel.addressOf(e.getKey()) - archiveAnchor)
                        + " in " + sourceName(s));
            }
        }
        if (compared > 0 && (compared - agreeing) * 100L > compared) {     // more than 1% elsewhere
            out.add("another kernel build: " + (compared - agreeing) + " of " + compared
                    + " kernel symbols compared lie at other offsets (" + example + ")");
            return false;
        }
        if (delta != 0) {
            out.add("another boot of the kernel (KASLR slide): " + t.anchor + " is at " + hex(t.anchorAddress)
                    + " in the trace, at " + hex(archiveAnchor) + " in " + sourceName(s));
            return false;
        }
        return true;
    }

    private static String sourceName(Source s) {
        return s.lastName.startsWith("the archive") ? "the archive" : s.lastName;
    }

    /** Modules the trace's kallsyms and the source's final state both list must lie at the same address. */
    private static void modules(Source s, TraceSymbols t, List<String> out) {
        if (s.last == null) {
            return;
        }
        List<String> bad = new ArrayList<>();
        String example = null;
        for (Map.Entry<String, String[]> e : t.moduleFirst.entrySet()) {
            ModuleSymbols m = s.last.module(e.getKey());
            if (m == null) {
                continue;          // loaded after the last snapshot, or unloaded before trace-cmd read kallsyms
            }
            String name = e.getValue()[0];
            long addr = Long.parseUnsignedLong(e.getValue()[1], 16);
            for (int i = 0; i < m.symbolCount(); i++) {
                if (m.symbolName(i).equals(name)) {
                    if (m.symbolAddress(i) != addr) {
                        bad.add(e.getKey());
                        if (example == null) {
                            example = e.getKey() + "'s " + name + " at " + hex(addr) + " in the trace's kallsyms, at "
                                    + hex(m.symbolAddress(i)) + " in " + s.lastName;
                        }
                    }
                    break;
                }
            }
        }
        if (!bad.isEmpty()) {
            out.add("modules at other addresses: " + listed(bad) + " (" + example + ")");
        }
    }

    /** Each module file must lay out the code symbols of the module the archive saw loaded as they were. */
    private static void moduleFiles(Source s, List<String> out) {
        for (ModuleSymbols m : s.withFileOrder) {
            String why = fileDisagreement(m);
            if (why != null) {
                out.add(fileName(m.layout().elf().origin()) + " is not the module that was loaded: " + why
                        + " (snapshot " + s.withFile.get(m) + ")");
            }
        }
    }

    /**
     * Why a module file does not describe the loaded module {@code m}, or null. The code symbols of one
     * ELF section keep their distances when loaded, whatever the architecture's loader does with the
     * sections: a symbol the loaded module has at another distance from its section's first symbol, or
     * one the file lacks, shows another build.
     */
    static String fileDisagreement(ModuleSymbols m) {
        ModuleLayout layout = m.layout();
        ElfModule elf = layout.elf();
        Map<String, Integer> code = new HashMap<>();
        for (int i = 0; i < elf.symbolCount(); i++) {
            if (layout.placed(i) && layout.symbolRegion(i) == ModuleLayout.CORE && layout.symbolKind(i) == ModuleLayout.TEXT) {
                code.merge(elf.symbolName(i), i, (a, b) -> -1);     // -1: more than one, not comparable
            }
        }
        Map<Integer, long[]> sectionStart = new HashMap<>();     // section -> {load address - st_value, symbol}
        int missing = 0;
        String missingName = null;
        for (int j = 0; j < m.symbolCount(); j++) {
            char type = m.symbolType(j);
            if (type != 't' && type != 'T') {
                continue;
            }
            String name = m.symbolName(j);
            Integer i = code.get(name);
            if (i == null) {
                missing++;
                if (missingName == null) {
                    missingName = name;
                }
                continue;
            }
            if (i < 0) {
                continue;
            }
            long start = m.symbolAddress(j) - elf.symbolValue(i);
            long[] first = sectionStart.putIfAbsent(elf.symbolSection(i), new long[] {start, j});
            if (first != null && first[0] != start) {
                int f = (int) first[1];
                long loaded = m.symbolAddress(j) - m.symbolAddress(f);
                long inFile = elf.symbolValue(i) - (m.symbolAddress(f) - first[0]);   // first[0] = address - st_value of f
                return name + " lies " + signedHex(loaded) + " from " + m.symbolName(f) + " in the loaded module, "
                        + signedHex(inFile) + " in the file";
            }
        }
        if (missing > 0) {
            return "the loaded module has " + (missing == 1 ? "code symbol " + missingName
                    : missing + " code symbols (" + missingName + ", ...)") + " that the file lacks";
        }
        return null;
    }

    private static String signedHex(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "+0x" + Long.toHexString(v);
    }

    private static String listed(List<String> names) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.size() && i < LISTED; i++) {
            b.append(i == 0 ? "" : ", ").append(names.get(i));
        }
        if (names.size() > LISTED) {
            b.append(" and ").append(names.size() - LISTED).append(" more");
        }
        return b.toString();
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    private static String hex(long a) {
        String h = Long.toHexString(a);
        return h.length() >= 16 ? h : "0000000000000000".substring(h.length()) + h;
    }

    /**
     * The parts of a trace's kallsyms the checks need, without building a table: the anchor line, lines
     * read at {@link #SAMPLES} evenly spaced places of the kernel image's part (kallsyms lists the image
     * first, its lines without a tab), and every line of the modules' part after it.
     */
    static final class TraceSymbols {
        String anchor;
        long anchorAddress;
        boolean allZero = true;
        /** Code symbols of the kernel image read at evenly spaced places: name to address. */
        final Map<String, Long> imageSample = new HashMap<>();
        /** Each module's first symbol line: module to {name, hex address}, in kallsyms order. */
        final Map<String, String[]> moduleFirst = new LinkedHashMap<>();

        static TraceSymbols scan(String text) {
            TraceSymbols t = new TraceSymbols();
            int n = text.length();
            int imageEnd = imageEnd(text);
            for (String anchor : new String[] {"_text", "_stext"}) {
                int at = text.indexOf(" " + anchor + "\n");
                if (at < 0 && text.endsWith(" " + anchor)) {
                    at = n - anchor.length() - 1;
                }
                if (at >= 0 && at < imageEnd) {
                    int from = text.lastIndexOf('\n', at) + 1;
                    long addr = line(text, from, t, false);
                    if (addr != -1) {
                        t.anchor = anchor;
                        t.anchorAddress = addr;
                        break;
                    }
                }
            }
            long step = Math.max(1, imageEnd / SAMPLES);
            for (long p = 0; p < imageEnd; p += step) {
                int from = p == 0 ? 0 : text.indexOf('\n', (int) p) + 1;
                if (from <= 0 && p != 0 || from >= imageEnd) {
                    break;
                }
                line(text, from, t, true);
            }
            for (int from = imageEnd; from < n; ) {
                int eol = text.indexOf('\n', from);
                line(text, from, t, false);
                from = eol < 0 ? n : eol + 1;
            }
            return t;
        }

        /**
         * Where the kernel image's lines end: kallsyms lists them first, and a line with a tab (a module's)
         * after them; found by bisection on line starts rather than by reading 4 MB.
         */
        private static int imageEnd(String text) {
            int lo = 0;                 // a line start known to be of the image (or 0)
            int hi = text.length();     // a position at or past the first module line
            while (true) {
                int mid = lo + (hi - lo) / 2;
                int from = mid == 0 ? 0 : text.lastIndexOf('\n', mid - 1) + 1;
                if (from <= lo) {
                    int eol = text.indexOf('\n', lo);
                    int next = eol < 0 ? text.length() : eol + 1;
                    if (next >= hi) {
                        return hasTab(text, lo) ? lo : hi;
                    }
                    from = next;
                }
                if (hasTab(text, from)) {
                    hi = from;
                } else {
                    lo = from;
                }
            }
        }

        private static boolean hasTab(String text, int from) {
            int eol = text.indexOf('\n', from);
            return indexIn(text, '\t', from, eol < 0 ? text.length() : eol) >= 0;
        }

        /**
         * Reads the line starting at {@code from} ({@code address type name[\t[module]]}): a module line goes
         * to {@link #moduleFirst}, an image code line to {@link #imageSample} when {@code sample}. Returns
         * its address, or -1 when it is no symbol line.
         */
        private static long line(String text, int from, TraceSymbols t, boolean sample) {
            int eol = text.indexOf('\n', from);
            if (eol < 0) {
                eol = text.length();
            }
            int sp1 = indexIn(text, ' ', from, eol);
            if (sp1 <= from || sp1 - from > 16 || sp1 + 2 >= eol || text.charAt(sp1 + 2) != ' ') {
                return -1;
            }
            long addr = parseHex(text, from, sp1);
            char type = text.charAt(sp1 + 1);
            int nameFrom = sp1 + 3;
            int tab = indexIn(text, '\t', nameFrom, eol);
            int nameEnd = tab < 0 ? eol : tab;
            if (addr == -1 || nameEnd <= nameFrom) {
                return -1;
            }
            if (addr != 0) {
                t.allZero = false;
            }
            String name = text.substring(nameFrom, nameEnd).strip();
            if (tab < 0) {
                if (sample && (type == 't' || type == 'T')) {
                    t.imageSample.putIfAbsent(name, addr);
                }
            } else {
                int open = indexIn(text, '[', tab, eol);
                int close = open < 0 ? -1 : indexIn(text, ']', open, eol);
                if (close > 0) {
                    t.moduleFirst.putIfAbsent(text.substring(open + 1, close), new String[] {name, Long.toHexString(addr)});
                }
            }
            return addr;
        }

        /** Index of {@code c} in {@code [from, to)} of {@code s}, or -1: never past the line. */
        private static int indexIn(String s, char c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (s.charAt(i) == c) {
                    return i;
                }
            }
            return -1;
        }

        /** The hex number in {@code [from, to)}, or -1 when it is not one. */
        private static long parseHex(String s, int from, int to) {
            long v = 0;
            for (int i = from; i < to; i++) {
                int d = Character.digit(s.charAt(i), 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            return v;
        }
    }
}
