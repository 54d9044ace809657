package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a sample's ground truth through the symbolizer exactly as the pipeline drives it:
 * events in time order, each marker and module event applied when it occurs, then the event's
 * addresses resolved with its timestamp (ns, converted from the text digit by digit); every name
 * is compared with the kernel's own (name, offset, size, module).
 *
 * <p>The ground truth is the kernel's text, read right after the load (or before the unload) that
 * followed each event, and inside rmmod windows the kernel's answer from the snapshot before the
 * rmmod (the first symbol of the module's table at an address, as {@code find_kallsyms_symbol}
 * picks it). Every row must match: nothing is excused.
 */
class GroundTruthReplayTest {

    /** One comparison that did not match the expected text. */
    static final class Miss {
        GroundTruth.Row row;
        String what;
        long addr;
        String symbol;
        String offset;
        String size;
        String module;
        final Resolution got = new Resolution();

        @Override
        public String toString() {
            return "cpu" + row.cpu + "#" + row.idx + " " + row.timestamp + " " + row.event + " " + what + " "
                    + Long.toHexString(addr) + " (" + row.source + "): expected " + symbol + "+0x" + offset + "/0x" + size
                    + (module.isEmpty() ? "" : " [" + module + "]") + ", got " + (got.found ? got.toString() : "unknown " + got.unknown);
        }
    }

    /** Result of one replay. */
    static final class Score {
        int checked;
        final List<Miss> misses = new ArrayList<>();
        final List<String> missingAddresses = new ArrayList<>();

        void check(GroundTruth.Row row, String what, long addr, Resolution got, String sym, String off, String size, String module) {
            checked++;
            if (matches(got, sym, off, size, module)) {
                return;
            }
            Miss m = new Miss();
            m.row = row;
            m.what = what;
            m.addr = addr;
            m.symbol = sym;
            m.offset = off;
            m.size = size;
            m.module = module;
            copy(got, m.got);
            misses.add(m);
        }
    }

    static boolean matches(Resolution got, String sym, String off, String size, String module) {
        if (sym.equals("0x" + Long.toHexString(got.address))) {
            return !got.found;          // the kernel printed the bare address: no symbol there
        }
        String gotModule = got.found && !got.builtin && got.module != null ? got.module : "";
        return got.found && got.name.equals(sym) && gotModule.equals(module)
                && (off.isEmpty() || Long.parseUnsignedLong(off, 16) == got.offset)
                && (size.isEmpty() || Long.parseUnsignedLong(size, 16) == got.size);
    }

    static void copy(Resolution from, Resolution to) {
        to.reset(from.address);
        to.found = from.found;
        to.unknown = from.unknown;
        to.name = from.name;
        to.symbolAddress = from.symbolAddress;
        to.offset = from.offset;
        to.size = from.size;
        to.module = from.module;
        to.builtin = from.builtin;
        to.duplicate = from.duplicate;
        to.object = from.object;
    }

    @Test
    void reuseSampleMatchesTheKernelsOwnNames() throws IOException {
        assertReplayMatches("reuse", Archives.symbolizer("reuse"), Map.of(), 24000, "function events and their parents");
    }

    @Test
    void eventsSampleMatchesTheKernelsOwnNames() throws IOException {
        assertReplayMatches("events", Archives.symbolizer("events"), fieldAddresses(), 11000,
                "stack frames, call sites and timer/workqueue functions");
    }

    @Test
    void builtin612SampleMatchesTheKernelsOwnNames() throws IOException {
        assertReplayMatches("builtin-6.12", Archives.symbolizer("builtin-6.12"), Map.of(), 60000,
                "function events and their parents");
    }

    /**
     * groundtruth-builtin.tsv: the built-in module(s) and the object file of every function event in
     * a built-in module's range, from the archive plus the build files next to it
     * (modules.builtin.ranges, System.map, vmlinux.map, vmlinux.o.map), as
     * tools/check-groundtruth.py scores them: builtin, the same modules, an object that is the
     * expected path or a suffix of it at a '/'. Here the object must be the whole path, and the
     * name the kernel's.
     */
    @Test
    void builtin612FunctionsCarryTheirBuiltinModulesAndObjects() throws IOException {
        TimeAwareSymbolizer sym = Archives.symbolizer("builtin-6.12");
        assertEquals(4, sym.buildFiles().size(), "ranges, System.map and both linker maps found: " + sym.buildFiles());
        replay(sym, Archives.truth("builtin-6.12"), Map.of());      // the states over time, as the pipeline drives them
        Resolution r = new Resolution();
        List<String> badModule = new ArrayList<>();
        List<String> badObject = new ArrayList<>();
        Map<String, Integer> perObject = new HashMap<>();
        int n = 0;
        for (BuiltinRow b : builtinRows("builtin-6.12")) {
            sym.resolve(b.ts, b.addr, r);
            n++;
            if (!r.builtin || !modulesOf(r).equals(b.modules) || !r.name.equals(b.symbol)) {
                badModule.add(b + ", got " + r + " builtin=" + r.builtin + " " + modulesOf(r));
            }
            if (!b.object.equals(r.object)) {
                badObject.add(b + ", got " + r + " in " + r.object);
            }
            perObject.merge(b.object, 1, Integer::sum);
        }
        System.out.println("builtin-6.12 built-in functions: " + n + " rows, " + badModule.size() + " module mismatches, "
                + badObject.size() + " object mismatches; " + perObject.size() + " objects");
        assertTrue(n == 21886, "rows checked: " + n);
        assertTrue(perObject.size() > 40, "events spread over the objects of many built-in modules: " + perObject.size());
        assertEquals(List.of(), badModule.subList(0, Math.min(20, badModule.size())));
        assertEquals(List.of(), badObject.subList(0, Math.min(20, badObject.size())));
    }

    /**
     * kallmodsyms-6.12 with its archive of /proc/kallmodsyms copies alone (copied away from the
     * build files beside it): every name, offset and size the kernel printed (its lookup is by
     * size: the sizes are the table's column), and of groundtruth-builtin.tsv every built-in
     * function's module(s) from the table's {@code [module]} groups. Objects come from the table
     * alone only where it prints {@code {object}}: there the object is its text, which the build's
     * path ends with; elsewhere none.
     */
    @Test
    void kallmodsyms612AloneGivesTheKernelsNamesSizesAndBuiltinModules(@TempDir Path tmp) throws IOException {
        Path alone = tmp.resolve("kallmodsyms");
        Files.createDirectories(alone);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(SampleData.path("kallmodsyms-6.12", "kallmodsyms"))) {
            for (Path p : ds) {
                Files.copy(p, alone.resolve(p.getFileName()));
            }
        }
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(alone, SampleData.path("kallmodsyms-6.12", "modules"));
        assertEquals(List.of(), sym.buildFiles(), "no build files beside the copy");
        assertReplayMatches("kallmodsyms-6.12", sym, Map.of(), 60000, "function events and their parents");

        // the {object} the table prints for each symbol (address and name), from the listing itself
        KallsymsListing table = KallsymsParser.parse(TextSource.read(
                SampleData.path("kallmodsyms-6.12", "kallmodsyms", "001-start.kallsyms.xz")), new Names());
        assertTrue(table.hasSizes() && table.isKallmodsyms());
        Map<String, String> printed = new HashMap<>();
        for (int i = 0; i < table.count(); i++) {
            if (table.object(i) != null) {
                printed.put(Long.toHexString(table.address(i)) + " " + table.name(i), table.object(i));
            }
        }
        List<BuiltinRow> rows = builtinRows("kallmodsyms-6.12");
        Resolution r = new Resolution();
        List<String> bad = new ArrayList<>();
        int withObject = 0;
        for (BuiltinRow b : rows) {
            sym.resolve(b.ts, b.addr, r);
            String object = printed.get(Long.toHexString(r.symbolAddress) + " " + r.name);
            boolean ok = r.builtin && modulesOf(r).equals(b.modules) && r.name.equals(b.symbol)
                    && r.moduleFrom == Resolution.Source.KALLMODSYMS && r.sizeFrom == Resolution.Source.KALLMODSYMS
                    && Objects.equals(object, r.object) && (object == null || b.object.endsWith("/" + object));
            if (!ok) {
                bad.add(b + ", got " + r + " " + modulesOf(r) + " object " + r.object + " from " + r.moduleFrom + "/"
                        + r.objectFrom);
            }
            withObject += object == null ? 0 : 1;
        }
        System.out.println("kallmodsyms-6.12 alone: " + rows.size() + " built-in function rows, " + withObject
                + " of them with an {object} printed by the kernel");
        assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())));
        assertTrue(rows.size() > 20000 && withObject > 100, "rows " + rows.size() + ", with object " + withObject);
    }

    /**
     * The same archive with the size column taken out of every symbol file (the layout of kallmodsyms
     * v8-v10, made here): it reads as well, every built-in module and name comes out the same, and
     * only sizes differ from the kernel's, which looked its symbols up by the size column this copy
     * no longer has (the sizes are then distances to the next symbol, as for /proc/kallsyms).
     */
    @Test
    void kallmodsyms612WithoutItsSizeColumnNamesTheSame(@TempDir Path tmp) throws IOException {
        Path unsized = tmp.resolve("kallmodsyms");
        Files.createDirectories(unsized);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(SampleData.path("kallmodsyms-6.12", "kallmodsyms"))) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.contains(".kallsyms") && !name.contains(".modsyms")) {
                    Files.copy(p, unsized.resolve(name));
                    continue;
                }
                StringBuilder b = new StringBuilder();
                for (String line : TextSource.read(p).text().split("\n")) {
                    int sp = line.indexOf(' ');
                    b.append(line, 0, sp).append(line.substring(line.indexOf(' ', sp + 1))).append('\n');
                }
                Files.writeString(unsized.resolve(name.replace(".xz", "")), b);
            }
        }
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(unsized, SampleData.path("kallmodsyms-6.12", "modules"));
        Score s = replay(sym, Archives.truth("kallmodsyms-6.12"), Map.of());
        List<String> notSize = new ArrayList<>();
        for (Miss m : s.misses) {
            if (!m.got.found || !m.got.name.equals(m.symbol) || Long.parseUnsignedLong(m.offset, 16) != m.got.offset
                    || !(m.got.builtin || m.got.module == null ? "" : m.got.module).equals(m.module)) {
                notSize.add(m.toString());
            }
        }
        assertEquals(List.of(), notSize.subList(0, Math.min(20, notSize.size())));
        assertTrue(s.misses.size() > 10000, "the kernel's sizes are the column's: " + s.misses.size() + " of " + s.checked);
        Resolution r = new Resolution();
        List<String> bad = new ArrayList<>();
        for (BuiltinRow b : builtinRows("kallmodsyms-6.12")) {
            sym.resolve(b.ts, b.addr, r);
            if (!r.builtin || !modulesOf(r).equals(b.modules) || !r.name.equals(b.symbol)
                    || r.moduleFrom != Resolution.Source.KALLMODSYMS || r.sizeFrom != Resolution.Source.KALLMODSYMS) {
                bad.add(b + ", got " + r + " " + modulesOf(r) + " from " + r.moduleFrom);
            }
        }
        assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())));
    }

    /** The same archive where it lies, with the kernel build's files beside it: every object, from the maps. */
    @Test
    void kallmodsyms612WithTheBuildFilesGivesEveryObject() throws IOException {
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(SampleData.path("kallmodsyms-6.12", "kallmodsyms"),
                SampleData.path("kallmodsyms-6.12", "modules"));
        assertEquals(3, sym.buildFiles().size(), "ranges and both linker maps found: " + sym.buildFiles());
        replay(sym, Archives.truth("kallmodsyms-6.12"), Map.of());
        Resolution r = new Resolution();
        List<String> bad = new ArrayList<>();
        for (BuiltinRow b : builtinRows("kallmodsyms-6.12")) {
            sym.resolve(b.ts, b.addr, r);
            if (!r.builtin || !modulesOf(r).equals(b.modules) || !b.object.equals(r.object)
                    || r.objectFrom != Resolution.Source.LINKER_MAPS) {
                bad.add(b + ", got " + r + " " + modulesOf(r) + " object " + r.object + " from " + r.objectFrom);
            }
        }
        assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())));
    }

    /** One row of a sample's groundtruth-builtin.tsv: a function event in a built-in module's code. */
    record BuiltinRow(long ts, long addr, String symbol, List<String> modules, String object) {
        @Override
        public String toString() {
            return Long.toHexString(addr) + ": expected " + symbol + " " + modules + " {" + object + "}";
        }
    }

    static List<BuiltinRow> builtinRows(String sample) throws IOException {
        String[] lines = SampleData.text(sample, "groundtruth-builtin.tsv").split("\n");
        List<String> head = List.of(lines[0].split("\t"));
        List<BuiltinRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            rows.add(new BuiltinRow(GroundTruth.microsToNanos(f[head.indexOf("timestamp")]),
                    Long.parseUnsignedLong(f[head.indexOf("addr")], 16), f[head.indexOf("symbol")],
                    List.of(f[head.indexOf("modules")].split(" ")), f[head.indexOf("object")]));
        }
        return rows;
    }

    /** The built-in or loaded module(s) of a resolution, as a list. */
    static List<String> modulesOf(Resolution r) {
        return r.modules != null ? List.of(r.modules) : r.module == null ? List.of() : List.of(r.module);
    }

    /** What trace-cmd report does: one table, the kallsyms of the end of the recording. */
    @Test
    void oneEndOfRecordingTableMisnamesReusedAddresses() throws IOException {
        StaticSymbolizer end = StaticSymbolizer.open(SampleData.path("reuse", "snapshots", "042-final.kallsyms.xz"));
        Score s = replay(end, Archives.truth("reuse"), Map.of());
        long wrongIp = s.misses.stream().filter(m -> m.what.equals("addr") && m.row.event.equals("function")
                && !m.row.module.isEmpty() && (m.got.name == null || !m.got.name.equals(m.symbol))).count();
        System.out.println("reuse with the end-of-recording kallsyms only: " + s.misses.size() + " of " + s.checked
                + " differ; function names wrong: " + wrongIp);
        assertTrue(wrongIp > 2000, "a single end-of-recording table names thousands of module functions wrongly: " + wrongIp);
    }

    /**
     * Replays the sample's ground truth through {@code sym}: every name matches the kernel's, and more
     * than {@code atLeast} of {@code what} are checked.
     */
    private static void assertReplayMatches(String sample, Symbolizer sym, Map<Long, Long> fieldAddr, int atLeast,
            String what) throws IOException {
        Score s = replay(sym, Archives.truth(sample), fieldAddr);
        List<String> strict = new ArrayList<>(s.missingAddresses);
        for (Miss m : s.misses) {
            strict.add(m.toString());
        }
        System.out.println(sample + ": " + s.checked + " names checked, " + strict.size() + " mismatches");
        assertEquals(List.of(), strict.subList(0, Math.min(30, strict.size())), sample + ": mismatches");
        assertTrue(s.checked > atLeast, what + " are checked: " + s.checked);
    }

    /** Events whose symbol column names an address field (as tools/check-groundtruth.py checks them). */
    static final Set<String> CHECKED = Set.of("function", "print", "bprint", "bputs", "kmalloc", "kfree",
            "kmalloc_node", "kmem_cache_alloc", "kmem_cache_free", "timer_start", "timer_expire_entry",
            "hrtimer_start", "hrtimer_expire_entry", "workqueue_queue_work", "workqueue_execute_start",
            "workqueue_execute_end");

    static Score replay(Symbolizer sym, GroundTruth gt, Map<Long, Long> fieldAddr) {
        Score s = new Score();
        Resolution r = new Resolution();
        for (GroundTruth.Row row : gt.rows) {
            switch (row.event) {
                case "print":
                    sym.marker(row.ts, row.info);
                    break;
                case "module_load":
                    sym.moduleLoad(row.ts, row.info.strip().split(" ")[0]);
                    break;
                case "module_free":
                    sym.moduleFree(row.ts, row.info.strip().split(" ")[0]);
                    break;
                default:
                    break;
            }
            if (!row.symbol.isEmpty() && CHECKED.contains(row.event)) {
                long a = row.addr != 0 ? row.addr : fieldAddr.getOrDefault(key(row.cpu, row.idx), 0L);
                if (a != 0) {
                    sym.resolve(row.ts, a, r);
                    s.check(row, "addr", a, r, row.symbol, row.offset, row.size, row.module);
                } else {
                    s.missingAddresses.add("cpu" + row.cpu + "#" + row.idx + " " + row.event + ": no address for " + row.symbol);
                }
            }
            if (row.event.equals("function") && !row.parentSymbol.isEmpty()) {
                sym.resolve(row.ts, row.parentAddr, r);
                s.check(row, "parent", row.parentAddr, r, row.parentSymbol, row.parentOffset, row.parentSize, row.parentModule);
            }
            for (GroundTruth.Frame f : row.frames) {
                if (f.addr != 0) {
                    sym.resolve(row.ts, f.addr, r);
                    s.check(row, "frame " + f.frame, f.addr, r, f.symbol, f.offset, f.size, f.module);
                }
            }
        }
        return s;
    }

    static long key(int cpu, int idx) {
        return ((long) cpu << 32) | idx;
    }

    private static final Pattern LINE = Pattern.compile("^\\s*(.*?)-(\\d+)\\s+\\[(\\d{3})\\]\\s+(\\d+\\.\\d+):\\s+(\\w+):\\s+(.*)$");
    private static final Pattern FIELD = Pattern.compile("(?:call_site=|function[= ])0x([0-9a-f]+)");

    /**
     * Addresses of the call_site / function fields of the events sample's top-level events, by
     * (cpu, position in that CPU's buffer), from {@code trace-cmd report} of the sample's v6 file
     * with its kallsyms blanked out, so that it prints raw addresses (samples/data/events/README.txt).
     */
    static Map<Long, Long> fieldAddresses() throws IOException {
        Map<Long, Long> out = new HashMap<>();
        int[] next = new int[64];
        for (String line : SampleData.text("events", "events.report-nokallsyms.txt").split("\n")) {
            if (line.startsWith("foo:")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int cpu = Integer.parseInt(m.group(3));
            int idx = next[cpu]++;
            Matcher f = FIELD.matcher(m.group(6));
            if (f.find()) {
                out.put(key(cpu, idx), Long.parseUnsignedLong(f.group(1), 16));
            }
        }
        assertTrue(out.size() > 3000, "field addresses found: " + out.size());
        return out;
    }
}
