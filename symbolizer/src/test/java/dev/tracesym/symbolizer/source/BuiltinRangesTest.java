package dev.tracesym.symbolizer.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SymbolSourceException;
import org.junit.jupiter.api.Test;

class BuiltinRangesTest {

    @Test
    void readsTheRealFileAndPlacesItAtRuntimeAddresses() throws Exception {
        BuiltinRanges r = BuiltinRanges.parse(Samples.read("builtin-6.12", "modules.builtin.ranges"), new Names());
        BuiltinRanges.Section text = r.section(".text");
        assertEquals("_text", text.anchorSymbol);
        assertEquals(0, text.anchorOffset);
        assertEquals(54, text.count());
        // _text of the booted kernel (KASLR) from its kallsyms: ffffffff9be00000
        BuiltinRanges.Placed p = r.place(".text", 0xffffffff9be00000L);
        int i = p.find(0xffffffff9be00000L + 0x00267490L);
        assertArrayEquals(new String[] {"fat"}, p.modules(i));
        assertEquals(-1, p.find(0xffffffff9be00000L + 0x00267490L - 1));
        assertEquals(i, p.find(0xffffffff9be00000L + 0x00272263L - 1));
        assertEquals(-1, p.find(0xffffffff9be00000L + 0x00272263L), "END is exclusive (vfat starts later)");
        // a section the file lists without an anchor line cannot be placed
        assertNull(r.place(".altinstr_replacement", 0xffffffff9be00000L));
    }

    @Test
    void sharedRangesListEveryModule() throws Exception {
        BuiltinRanges r = BuiltinRanges.parse(TextSource.of(".text 00000000-00000000 = _text\n"
                + ".text 008e9630-008ea610 snd_soc_wcd9335 snd_soc_wcd934x snd_soc_wcd938x\n"
                + ".text 0000baf0-0000cb10 amd_uncore\n"
                + ".data 00000000-00000000 = _sdata\n.data 0000f020-0000f680 amd_uncore\n", "r"), new Names());
        BuiltinRanges.Placed p = r.place(".text", 0xffffffff81000000L);
        assertEquals(2, p.count());
        assertEquals(0xffffffff8100baf0L, p.start(0));       // sorted by address
        assertArrayEquals(new String[] {"snd_soc_wcd9335", "snd_soc_wcd934x", "snd_soc_wcd938x"},
                p.modules(p.find(0xffffffff818e9700L)));
        assertEquals("_sdata", r.section(".data").anchorSymbol);
    }

    @Test
    void malformedLinesAreNamed() {
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> BuiltinRanges.parse(TextSource.of(".text 0000-00zz amd_uncore\n", "r"), new Names()));
        assertEquals("r:1: expected a hexadecimal offset, found '00zz'", e.getMessage());
        e = assertThrows(SymbolSourceException.class,
                () -> BuiltinRanges.parse(TextSource.of(".text 00000000 amd_uncore\n", "r"), new Names()));
        assertTrue(e.getMessage().startsWith("r:1: expected START-END"), e.getMessage());
        e = assertThrows(SymbolSourceException.class,
                () -> BuiltinRanges.parse(TextSource.of(".text 00000000-00000010\n", "r"), new Names()));
        assertEquals("r:1: expected '= SYMBOL' or a module name, found end of line", e.getMessage());
    }
}
