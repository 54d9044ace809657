package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.source.LinkerMap;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.ObjectRanges;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel build files of the builtin-6.12 sample (a 6.12 kernel with IBT, so that vmlinux.map
 * names only vmlinux.o and the per-object detail is in vmlinux.o.map): object files of every
 * symbol, checked against what the sample's harness computed independently from the build tree
 * (builtin-objects.tsv, kallsyms-duplicates.tsv), and how duplicated names are told apart.
 */
class BuildFilesTest {
    private static final long LINK_TEXT = 0xffffffff81000000L;
    private static final long RUNTIME_TEXT = 0xffffffff9be00000L;

    private static Path sample(String name) {
        return SampleData.path("builtin-6.12", name);
    }

    private static LinkerMap map(String name) throws IOException {
        return LinkerMap.parse(TextSource.read(sample(name)), new Names());
    }

    @Test
    void theFinalMapGivesSectionsObjectsAndTheLinkerScriptsSymbols() throws IOException {
        LinkerMap m = map("vmlinux.map.xz");
        assertEquals("vmlinux", m.output());
        assertEquals(LINK_TEXT, m.addressOf("_text"));
        int text = record(m, ".text", "vmlinux.o");
        assertEquals(0xffffffff81001000L, m.recordAddress(text));
        assertEquals(0x515973, m.recordSize(text));
        // a name too long for its column: address, size and object follow on the next line
        int longName = record(m, "runtime_shift_d_hash_shift", "vmlinux.o");
        assertEquals(0xffffffff820beee0L, m.recordAddress(longName));
        assertEquals(0x14, m.recordSize(longName));
        assertEquals(-1, record(m, ".modinfo", "vmlinux.o"), "the discarded-sections list before the memory map is not read");
        assertTrue(m.assignedSymbols().contains("_etext"));
        assertTrue(!m.assignedSymbols().contains("startup_64"), "a symbol of vmlinux.o, not the linker script's");
    }

    @Test
    void theIntermediateMapGivesEachObjectsSectionsAtOffsets() throws IOException {
        LinkerMap m = map("vmlinux.o.map.xz");
        assertEquals("vmlinux.o", m.output());
        int r = record(m, ".static_call.text", "init/main.o");
        assertEquals(0, m.recordAddress(r));
        assertEquals(0x18, m.recordSize(r));
        r = record(m, ".text", "fs/fat/cache.o");
        assertTrue(r >= 0 && m.recordSize(r) > 0);
    }

    private static int record(LinkerMap m, String input, String object) {
        for (int r = 0; r < m.recordCount(); r++) {
            if (m.recordInput(r).equals(input) && m.recordObject(r).equals(object)) {
                return r;
            }
        }
        return -1;
    }

    /** builtin-objects.tsv: the .text range of every object, from the build tree by the sample's harness. */
    @Test
    void objectRangesMatchTheBuildTreesObjects() throws IOException {
        ObjectRanges o = ObjectRanges.of(map("vmlinux.map.xz"), List.of(map("vmlinux.o.map.xz")));
        String[] lines = SampleData.text("builtin-6.12", "builtin-objects.tsv").split("\n");
        int checked = 0;
        List<String> bad = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            long start = LINK_TEXT + Long.parseLong(f[0], 16);
            long end = LINK_TEXT + Long.parseLong(f[1], 16);
            int r = o.find(start);
            checked++;
            if (r < 0 || o.start(r) != start || o.end(r) != end || !o.object(r).equals(f[3])) {
                bad.add(f[3] + " " + f[2] + " [" + Long.toHexString(start) + ", " + Long.toHexString(end) + "): got "
                        + (r < 0 ? "none" : o.object(r) + " [" + Long.toHexString(o.start(r)) + ", " + Long.toHexString(o.end(r)) + ")"));
            }
        }
        assertEquals(1288, checked);
        assertEquals(List.of(), bad.subList(0, Math.min(10, bad.size())));
    }

    /**
     * kallsyms-duplicates.tsv: every name with several addresses in the kernel image and, for text,
     * its object per the build tree. The copies must carry those objects, and print distinct texts.
     */
    @Test
    void everyCopyOfADuplicatedNameHasItsObjectAndItsOwnText() throws IOException {
        KernelSymbols state = Archives.symbolizer("builtin-6.12").stateAt(0);
        String[] lines = SampleData.text("builtin-6.12", "kallsyms-duplicates.tsv").split("\n");
        Resolution r = new Resolution();
        int withObject = 0;
        int expectObject = 0;
        List<String> bad = new ArrayList<>();
        Map<String, String> printed = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split("\t", -1);
            expectObject += f[4].isEmpty() ? 0 : 1;
            long addr = Long.parseUnsignedLong(f[2], 16);
            state.resolve(addr, r);
            if (!r.name.equals(f[0]) || r.offset != 0) {
                continue;        // an alias another name hides
            }
            if (!f[4].isEmpty()) {
                withObject++;
                if (!f[4].equals(r.object) || r.objectSuffix == null || !(f[4].equals(r.objectSuffix)
                        || f[4].endsWith("/" + r.objectSuffix))) {
                    bad.add(f[0] + " " + f[2] + ": expected " + f[4] + ", got " + r.object + " {" + r.objectSuffix + "}");
                }
            }
            assertTrue(r.duplicate > 0, f[0] + " is a duplicated name");
            String text = r.toString();
            String other = printed.put(text.replaceFirst("\\+0x[0-9a-f]+/0x[0-9a-f]+", ""), f[2]);   // the text but its offset
            if (other != null && !other.equals(f[2])) {
                bad.add(f[0] + " at " + other + " and " + f[2] + " both print " + text);
            }
        }
        assertEquals(expectObject, withObject, "every copy the build tree names an object for is checked");
        assertTrue(withObject > 300, "text copies with an object: " + withObject);
        assertEquals(List.of(), bad.subList(0, Math.min(10, bad.size())));
    }

    /** The example: init_once in seven objects, two of them in the built-in module fat. */
    @Test
    void initOnceIsNamedByItsObjectAndBuiltinModule() throws IOException {
        TimeAwareSymbolizer sym = Archives.symbolizer("builtin-6.12");
        Resolution r = new Resolution();
        List<String> texts = new ArrayList<>();
        for (Resolution c : sym.stateAt(0).symbolsNamed("init_once")) {
            sym.resolve(0, c.symbolAddress + 4, r);        // a function event: the call after endbr64
            texts.add(r.toString());
            assertEquals(c.object, r.object);
        }
        assertEquals(List.of("init_once+0x4/0x110 {fs/inode.o}", "init_once+0x4/0x20 {proc/inode.o}",
                "init_once+0x4/0x20 [fat] {fat/cache.o}", "init_once+0x4/0x60 [fat] {fat/inode.o}",
                "init_once+0x4/0x50 {tracefs/inode.o}", "init_once+0x4/0x20 {block/bdev.o}",
                "init_once+0x4/0x20 {net/socket.o}"), texts);
        sym.resolve(0, RUNTIME_TEXT + 0x2674a4, r);
        assertEquals("fat", r.module);
        assertTrue(r.builtin);
        assertEquals("fs/fat/cache.o", r.object);
    }

    /** A unique name prints no object, but keeps it for machine output; code of no object has none. */
    @Test
    void uniqueNamesKeepTheirObjectWithoutPrintingIt() throws IOException {
        TimeAwareSymbolizer sym = Archives.symbolizer("builtin-6.12");
        Resolution r = new Resolution();
        KernelTable k = sym.kernelTable();
        assertTrue(sym.resolve(0, k.addressOf("fat_get_cluster") + 4, r));
        assertEquals(0, r.duplicate);
        assertEquals("fs/fat/cache.o", r.object);
        assertNull(r.objectSuffix);
        assertEquals("fat_get_cluster+0x4/0x" + Long.toHexString(r.size) + " [fat]", r.toString());
        // __init code: the object is known, but modules.builtin.ranges covers .text only
        assertTrue(sym.resolve(0, k.addressOf("fat_cache_init") + 4, r));
        assertEquals("fs/fat/cache.o", r.object);
        assertNull(r.module);
        assertTrue(sym.resolve(0, k.addressOf("_etext"), r));
        assertNull(r.object, "symbols the linker script defines belong to no object: " + r);
    }

    /** The same files beside a System.map instead of kallsyms: link-time addresses, same objects. */
    @Test
    void aStaticSymbolizerTakesTheBuildFilesBesideItsTable() throws IOException {
        StaticSymbolizer link = StaticSymbolizer.open(List.of(sample("System.map.gz"), sample("vmlinux.map.xz"),
                sample("vmlinux.o.map.xz"), sample("modules.builtin.ranges")));
        Resolution r = new Resolution();
        assertTrue(link.resolve(0, 0xffffffff812674a4L, r));
        assertEquals("init_once+0x4/0x20 [fat] {fat/cache.o}", r.toString());
        assertEquals(3, link.buildFiles().size(), "System.map is the table here: " + link.buildFiles());

        StaticSymbolizer runtime = StaticSymbolizer.open(List.of(sample("snapshots/001-start.kallsyms.xz"),
                sample("vmlinux.o.map.xz"), sample("System.map.gz"), sample("vmlinux.map.xz")));
        assertTrue(runtime.resolve(0, 0xffffffff812674a4L + (RUNTIME_TEXT - LINK_TEXT), r));
        assertEquals("init_once+0x4/0x20 {fat/cache.o}", r.toString(), "no modules.builtin.ranges given: no built-in module");
        assertEquals("fs/fat/cache.o", r.object);
    }

    /** lld maps (samples/data/lld-small: a real two-stage lld link shaped like the kernel's). */
    @Test
    void lldMapsGiveTheSameObjects() throws IOException {
        Path dir = SampleData.path("lld-small");
        LinkerMap fin = LinkerMap.parse(TextSource.read(dir.resolve("vmlinux.map")), new Names());
        assertEquals(LINK_TEXT, fin.addressOf("_text"));
        assertTrue(fin.assignedSymbols().contains("_etext"));
        int r = record(fin, ".text", "vmlinux.o");
        assertEquals(0x36, fin.recordSize(r));
        LinkerMap rel = LinkerMap.parse(TextSource.read(dir.resolve("vmlinux.o.map")), new Names());
        assertEquals("vmlinux.o", rel.output(), "lld names no output: the map's file name stands for it");
        assertEquals(0x1a, rel.recordAddress(record(rel, ".text", "fs/fat/cache.o")), "vmlinux.a(fs/fat/cache.o) is the member");

        StaticSymbolizer s = StaticSymbolizer.open(List.of(dir.resolve("kallsyms"), dir.resolve("vmlinux.map"),
                dir.resolve("vmlinux.o.map")));
        Resolution res = new Resolution();
        long slide = RUNTIME_TEXT - LINK_TEXT;
        assertTrue(s.resolve(0, 0xffffffff8100001eL + slide, res));
        assertEquals("init_once+0x4/0x5 {cache.o}", res.toString(), "one path component tells the two apart");
        assertTrue(s.resolve(0, 0xffffffff81000029L + slide, res));
        assertEquals("init_once+0x1/0x5 {inode.o}", res.toString());
        assertEquals("fs/proc/inode.o", res.object);
        assertTrue(s.resolve(0, 0xffffffff81000000L + slide, res));
        assertEquals("init/main.o", res.object);
        assertNull(res.objectSuffix);
    }

    @Test
    void buildFilesOfAnotherKernelAreRefused() {
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> StaticSymbolizer.open(List.of(
                SampleData.path("events", "snapshots", "009-final.kallsyms.xz"), sample("vmlinux.map.xz"), sample("vmlinux.o.map.xz"))));
        assertTrue(e.getMessage().contains("vmlinux.map.xz") && e.getMessage().contains("does not describe the kernel"), e.getMessage());
        e = assertThrows(SymbolSourceException.class, () -> StaticSymbolizer.open(List.of(
                SampleData.path("events", "snapshots", "009-final.kallsyms.xz"), sample("System.map.gz"))));
        assertTrue(e.getMessage().contains("System.map.gz") && e.getMessage().contains("does not describe the kernel"), e.getMessage());
    }

    /** A System.map of another kernel lying next to an archive stops it from opening, saying where it was found. */
    @Test
    void aStrayBuildFileBesideAnArchiveIsNamed(@TempDir Path dir) throws IOException {
        Path snaps = Files.createDirectory(dir.resolve("snapshots"));
        try (var files = Files.list(SampleData.path("events", "snapshots"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, snaps.resolve(f.getFileName()));
            }
        }
        assertEquals(List.of(), TimeAwareSymbolizer.open(snaps, null).buildFiles());
        Files.copy(sample("System.map.gz"), dir.resolve("System.map.gz"));
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> TimeAwareSymbolizer.open(snaps, null));
        assertTrue(e.getMessage().startsWith(dir.resolve("System.map.gz").toString())
                && e.getMessage().contains("found beside the archive"), e.getMessage());
    }

    @Test
    void anIntermediateMapAloneOrTwoFinalMapsAreRefused(@TempDir Path dir) throws IOException {
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> StaticSymbolizer.open(List.of(
                sample("snapshots/001-start.kallsyms.xz"), sample("vmlinux.o.map.xz"))));
        assertTrue(e.getMessage().contains("relocatable link"), e.getMessage());
        Path copy = Files.copy(sample("vmlinux.map.xz"), dir.resolve("other.map.xz"));
        e = assertThrows(SymbolSourceException.class, () -> StaticSymbolizer.open(List.of(
                sample("snapshots/001-start.kallsyms.xz"), sample("vmlinux.map.xz"), copy)));
        assertTrue(e.getMessage().contains("are both final links"), e.getMessage());
    }

    @Test
    void textThatIsNoLinkMapIsRefusedWithItsName(@TempDir Path dir) throws IOException {
        Path notAMap = dir.resolve("vmlinux.map");
        Files.writeString(notAMap, "ffffffff81000000 T _text\n");
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> StaticSymbolizer.open(List.of(sample("System.map.gz"), notAMap)));
        assertTrue(e.getMessage().startsWith(notAMap.toString()) && e.getMessage().contains("Linker script and memory map"),
                e.getMessage());
        Path lld = dir.resolve("lld.map");
        Files.writeString(lld, "             VMA              LMA     Size Align Out     In      Symbol\n"
                + "ffffffff81000000          1000000       36     1 .text\n"
                + "ffffffff81000000          1000000       36    1          vmlinux.o:(.text)\n");
        e = assertThrows(SymbolSourceException.class, () -> StaticSymbolizer.open(List.of(sample("System.map.gz"), lld)));
        assertTrue(e.getMessage().startsWith(lld + ":3: ") && e.getMessage().contains("8 spaces per level"), e.getMessage());
        Path other = dir.resolve("notes.txt");
        Files.writeString(other, "x");
        e = assertThrows(SymbolSourceException.class, () -> TimeAwareSymbolizer.open(sample("snapshots"), null, List.of(other)));
        assertTrue(e.getMessage().contains("is not a kernel build file"), e.getMessage());
    }

    /** {@code lookup NAME}: every copy in the state, kernel image first, with module, builtin and object. */
    @Test
    void symbolsNamedListsEveryCopyOfAName() throws IOException {
        TimeAwareSymbolizer sym = Archives.symbolizer("builtin-6.12");
        KernelSymbols end = sym.snapshotState(sym.snapshotCount() - 1);
        List<Resolution> setup = end.symbolsNamed("setup");
        assertEquals(2, setup.size());
        assertEquals("vfat", setup.get(0).module);
        assertEquals("fs/fat/namei_vfat.o", setup.get(0).object);
        assertEquals("msdos", setup.get(1).module);
        assertTrue(setup.get(0).builtin && setup.get(1).builtin);
        assertTrue(Long.compareUnsigned(setup.get(0).symbolAddress, setup.get(1).symbolAddress) < 0);

        // cleanup_module is an alias the module's exit function hides; it is listed by its own name
        List<Resolution> cleanup = end.symbolsNamed("cleanup_module");
        assertTrue(cleanup.size() >= 2, "every loaded module with an exit function: " + cleanup);
        Resolution r = new Resolution();
        for (Resolution c : cleanup) {
            assertEquals("cleanup_module", c.name);
            assertNotNull(c.module);
            assertTrue(!c.builtin && c.object == null && c.offset == 0 && c.size > 0);
            end.resolve(c.symbolAddress, r);
            assertNotEquals("cleanup_module", r.name, "the exit function comes first at its address");
            assertEquals(c.module, r.module);
        }
        assertEquals(List.of(), end.symbolsNamed("no_such_symbol_anywhere"));
    }
}
