package dev.tracesym.symbolizer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SymbolSourceException;
import org.junit.jupiter.api.Test;

class ModuleListTest {

    @Test
    void readsProcModulesWithTaints() throws Exception {
        ModuleList m = ModuleList.parse(Samples.read("events", "snapshots", "003-after-load-dummy.modules"), new Names());
        assertEquals(8, m.count());
        assertEquals("dummy", m.name(0));
        assertEquals(16384, m.size(0));
        assertEquals(0xffffffffc03ee000L, m.base(0));
        assertEquals("corpus_printk", m.name(1));
        assertEquals("Live", m.state(1));
        assertEquals(1, m.indexOf("corpus_printk"));
        assertEquals(-1, m.indexOf("nope"));
    }

    @Test
    void refusesHiddenAddressesAndNamesBadLines() {
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> ModuleList.parse(
                TextSource.of("crc7 16384 0 - Live 0x0000000000000000\n", "m"), new Names()));
        assertTrue(e.getMessage().contains("kptr_restrict"), e.getMessage());
        e = assertThrows(SymbolSourceException.class, () -> ModuleList.parse(
                TextSource.of("crc7 16k 0 - Live 0xffffffffc03d8000\n", "m"), new Names()));
        assertEquals("m:1: expected module size (decimal), found '16k'", e.getMessage());
        e = assertThrows(SymbolSourceException.class, () -> ModuleList.parse(TextSource.of("crc7 16384 0 -\n", "m"), new Names()));
        assertEquals("m:1: expected module state (Live, Loading, Unloading), found end of line", e.getMessage());
    }

    @Test
    void sectionsWithHiddenAddressesAreUnknown() throws Exception {
        ModuleSections s = ModuleSections.parse(Samples.read("reuse", "snapshots", "002-after-load-soundcore.sections"), new Names());
        assertFalse(s.hasAddresses());
        assertEquals(ModuleSections.UNKNOWN, s.address("soundcore", ".init.text"));
        assertTrue(s.modules().contains("virtio_pci"));
        ModuleSections v = ModuleSections.parse(TextSource.of("md4 .text 0xffffffffc0002000\nmd4 .init.text ffffffffc0008000\n", "s"), new Names());
        assertEquals(0xffffffffc0008000L, v.address("md4", ".init.text"));
        assertEquals(0xffffffffc0002000L, v.address("md4", ".text"));
        assertTrue(v.hasAddresses());
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> ModuleSections.parse(TextSource.of("md4 .text\n", "s"), new Names()));
        assertEquals("s:1: expected section address (hexadecimal), found end of line", e.getMessage());
    }
}
