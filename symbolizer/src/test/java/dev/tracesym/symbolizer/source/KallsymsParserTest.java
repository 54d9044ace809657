package dev.tracesym.symbolizer.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class KallsymsParserTest {

    private static KallsymsListing parse(String text) throws SymbolSourceException {
        return KallsymsParser.parse(TextSource.of(text, "test"), new Names());
    }

    @Test
    void readsAWholeProcKallsymsOfTheReuseSample() throws Exception {
        KallsymsListing l = KallsymsParser.parse(Samples.read("reuse", "snapshots", "001-start.kallsyms.xz"), new Names());
        assertEquals(94904, l.count());
        assertEquals("fixed_percpu_data", l.name(0));
        assertEquals('A', l.type(0));
        assertEquals(0, l.address(0));
        int last = l.count() - 1;
        assertEquals("ftrace_trampoline", l.name(last));
        assertEquals("__builtin__ftrace", l.module(last));
        assertFalse(l.hasSizes());
        assertFalse(l.hasObjects());
    }

    @Test
    void moduleLinesOnlySkipsTheKernelImage() throws Exception {
        KallsymsListing l = KallsymsParser.parseModuleLines(Samples.read("reuse", "snapshots", "042-final.kallsyms.xz"), new Names());
        for (int i = 0; i < l.count(); i++) {
            assertTrue(l.module(i) != null, l.name(i));
        }
        assertTrue(l.count() > 1000);
    }

    /**
     * A real /proc/kallmodsyms (kallmodsyms-6.12 sample: size column, built-in modules, objects),
     * and the same lines without the size column (the layout of kallmodsyms v8-v10, made here by
     * deleting the second field of every line): both read to the same symbols, modules and objects.
     */
    @Test
    void readsARealProcKallmodsymsWithAndWithoutItsSizeColumn() throws Exception {
        TextSource real = Samples.read("kallmodsyms-6.12", "kallmodsyms", "001-start.kallsyms.xz");
        KallsymsListing sized = KallsymsParser.parse(real, new Names());
        String[] lines = real.text().split("\n");
        assertEquals(lines.length, sized.count());
        assertTrue(sized.hasSizes() && sized.hasObjects() && sized.isKallmodsyms());
        StringBuilder b = new StringBuilder();
        int modules = 0;
        int objects = 0;
        for (String line : lines) {
            int sp = line.indexOf(' ');
            b.append(line, 0, sp).append(line.substring(line.indexOf(' ', sp + 1))).append('\n');
            modules += line.contains("\t[") ? 1 : 0;
            objects += line.contains("{") ? 1 : 0;
        }
        KallsymsListing unsized = parse(b.toString());
        assertFalse(unsized.hasSizes());
        assertTrue(unsized.isKallmodsyms(), "built-in module lines amid the image's tell it from a kallsyms");
        int withModule = 0;
        int withObject = 0;
        for (int i = 0; i < sized.count(); i++) {
            assertEquals(sized.address(i), unsized.address(i));
            assertEquals(sized.type(i), unsized.type(i));
            assertEquals(sized.name(i), unsized.name(i));
            assertArrayEquals(sized.modules(i), unsized.modules(i));
            assertEquals(sized.object(i), unsized.object(i));
            assertEquals(KallsymsListing.NO_SIZE, unsized.size(i));
            withModule += sized.moduleCount(i) > 0 ? 1 : 0;
            withObject += sized.object(i) != null ? 1 : 0;
        }
        assertEquals(modules, withModule);
        assertEquals(objects, withObject);
        int init = find(sized, "init_once", "fat", null);
        assertTrue(init >= 0 && find(sized, "init_once", "fat", "inode.o") > init,
                "fat's two init_once: cache.o's unmarked, inode.o's {inode.o}");
        assertEquals(0x15, sized.size(init));
        assertEquals('t', sized.type(find(sized, "fat_cache_destroy", "fat", null)),
                "built-in modules' symbols are listed in lower case (T in /proc/kallsyms)");
    }

    private static int find(KallsymsListing l, String name, String module, String object) {
        for (int i = 0; i < l.count(); i++) {
            if (l.name(i).equals(name) && module.equals(l.module(i)) && Objects.equals(object, l.object(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The four lines of the kallmodsyms v10 cover letter (docs/FORMATS.md 4.1). */
    @Test
    void kallmodsymsWithModulesAndObjects() throws Exception {
        KallsymsListing l = parse("ffffffff97606f80 t test_msr\t[rapl]\n"
                + "ffffffffa6007710 t amd_pmu_event_map\t{core.o}\n"
                + "ffffffff97d82520 t lio_ethtool_get_channels\t[liquidio] [liquidio_vf]\n"
                + "ffffffff97d91a80 t cn23xx_vf_mbox_thread\t[liquidio] [liquidio_vf] {cn23xx_vf_device.o}\n");
        assertEquals(4, l.count());
        assertEquals("rapl", l.module(0));
        assertNull(l.object(0));
        assertNull(l.module(1));
        assertEquals("core.o", l.object(1));
        assertArrayEquals(new String[] {"liquidio", "liquidio_vf"}, l.modules(2));
        assertEquals(2, l.moduleCount(3));
        assertEquals("liquidio_vf", l.module(3, 1));
        assertEquals("cn23xx_vf_device.o", l.object(3));
        assertEquals(0xffffffff97d91a80L, l.address(3));
        assertFalse(l.hasSizes());
    }

    /** The sized layout (%pK %lx %c %s\t[%s]) made from the same real lines: a size 'b' is not a type. */
    @Test
    void kallmodsymsWithSizeColumn() throws Exception {
        KallsymsListing l = parse("ffffffff97606f80 b t test_msr\t[rapl]\n"
                + "ffffffffa6007710 1a0 t amd_pmu_event_map\n"
                + "ffffffff97d82520 0 t lio_ethtool_get_channels\t[liquidio] [liquidio_vf]\n");
        assertTrue(l.hasSizes());
        assertEquals(0xb, l.size(0));
        assertEquals('t', l.type(0));
        assertEquals("test_msr", l.name(0));
        assertEquals(0x1a0, l.size(1));
        assertEquals(0, l.size(2));
        assertEquals("liquidio", l.module(2));
    }

    @Test
    void systemMapLines() throws Exception {
        KallsymsListing l = parse("0000000000000000 D __per_cpu_start\nffffffff81000000 T _text\nffffffff820c5000 ? __nosave_begin\n");
        assertEquals(3, l.count());
        assertEquals('?', l.type(2));
        assertEquals(0xffffffff81000000L, l.address(1));
    }

    @Test
    void refusesAKallsymsReadWithoutTheRightToSeeAddresses() {
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> parse(
                "0000000000000000 A fixed_percpu_data\n0000000000000000 T _stext\n0000000000000000 t sound_devnode\t[soundcore]\n"));
        assertTrue(e.getMessage().contains("kptr_restrict"), e.getMessage());
        assertTrue(e.getMessage().startsWith("test: all 3 symbol addresses are zero"), e.getMessage());
    }

    @Test
    void errorsNameTheLineAndWhatWasExpected() {
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> parse("ffffffff81000000 T _text\nzzzz T broken\n"));
        assertEquals("test:2: expected symbol address (hexadecimal), found 'zzzz'", e.getMessage());
        assertEquals(2, e.position());
        assertTrue(e.isLine());

        e = assertThrows(SymbolSourceException.class, () -> parse("ffffffff81000000 Tx _text\n"));
        assertEquals("test:1: expected a one-letter symbol type, found 'Tx'", e.getMessage());

        e = assertThrows(SymbolSourceException.class, () -> parse("ffffffff81000000 _text\n"));
        assertTrue(e.getMessage().startsWith("test:1: expected 'address [size] type name'"), e.getMessage());

        e = assertThrows(SymbolSourceException.class, () -> parse("ffffffff81000000 T _text junk\n"));
        assertEquals("test:1: expected 'address size type name' (four fields before any [module] or {object}), "
                + "found 'ffffffff81000000 T _text junk'", e.getMessage());

        e = assertThrows(SymbolSourceException.class, () -> parse("ffffffff81000000 T _text\tmod]\n"));
        assertTrue(e.getMessage().startsWith("test:1: expected 'address size type name'"), e.getMessage());
        e = assertThrows(SymbolSourceException.class, () -> parse("ffffffff81000000 T _text [mod] junk\n"));
        assertEquals("test:1: expected [module] or {object} after the symbol name, found 'junk'", e.getMessage());

        e = assertThrows(SymbolSourceException.class, () -> parse("ffffffff81000000 T a\nffffffff81000010 10 T b\n"));
        assertTrue(e.getMessage().startsWith("test:2: expected no size column"), e.getMessage());

        e = assertThrows(SymbolSourceException.class, () -> parse("1ffffffff81000000 T a\n"));
        assertTrue(e.getMessage().contains("at most 16 hexadecimal digits"), e.getMessage());
    }

    @Test
    void blankLinesAndCarriageReturnsAreIgnored() throws Exception {
        KallsymsListing l = parse("\nffffffff81000000 T _text\r\n\n   \nffffffff81000010 t x\t[m]\r\n");
        assertEquals(2, l.count());
        assertEquals("m", l.module(1));
    }
}
