package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StaticSymbolizerTest {

    /**
     * A kallmodsyms made of the cover letter's real lines (docs/FORMATS.md 4.1) inside a kernel
     * image (_stext.._end), one loadable module, and a name that occurs twice.
     */
    private static final String KALLMODSYMS = String.join("\n",
            "ffffffff97000000 T _stext",
            "ffffffff97000100 t init_once",
            "ffffffff97000180 t init_once\t{fs/proc/inode.o}",
            "ffffffff97606f80 t test_msr\t[rapl]",
            "ffffffff97606fc0 t next_after_test_msr",
            "ffffffff97d82520 t lio_ethtool_get_channels\t[liquidio] [liquidio_vf]",
            "ffffffff97d91a80 t cn23xx_vf_mbox_thread\t[liquidio] [liquidio_vf] {cn23xx_vf_device.o}",
            "ffffffff97d91b00 T _etext",
            "ffffffff98000000 B _end",
            "ffffffffc0326000 t dummy_free\t[snd_seq_dummy]",
            "ffffffffc0326010 t dummy_input\t[snd_seq_dummy]",
            "");

    @Test
    void kallmodsymsGivesBuiltinModulesAndObjects() throws Exception {
        StaticSymbolizer s = StaticSymbolizer.fromKallsyms(KALLMODSYMS, "kallmodsyms");
        Resolution r = new Resolution();
        assertTrue(s.resolve(0, 0xffffffff97606f90L, r));
        assertEquals("test_msr", r.name);
        assertEquals(0x10, r.offset);
        assertEquals(0x40, r.size);
        assertEquals("rapl", r.module);
        assertTrue(r.builtin);
        assertNull(r.modules);
        assertEquals("test_msr+0x10/0x40 [rapl]", r.toString());

        assertTrue(s.resolve(0, 0xffffffff97d91a90L, r));
        assertArrayEquals(new String[] {"liquidio", "liquidio_vf"}, r.modules);
        assertEquals("liquidio", r.module);
        assertEquals("cn23xx_vf_device.o", r.object);
        assertEquals("cn23xx_vf_mbox_thread+0x10/0x80 [liquidio] [liquidio_vf] {cn23xx_vf_device.o}", r.toString());

        assertTrue(s.resolve(0, 0xffffffffc0326011L, r));
        assertEquals("dummy_input", r.name);
        assertEquals("snd_seq_dummy", r.module);
        assertFalse(r.builtin);
    }

    /** Two symbols never print the same text: a repeated name gets its object, else its ordinal. */
    @Test
    void repeatedNamesAreDisambiguated() throws Exception {
        StaticSymbolizer s = StaticSymbolizer.fromKallsyms(KALLMODSYMS, "kallmodsyms");
        Resolution r = new Resolution();
        s.resolve(0, 0xffffffff97000104L, r);
        assertEquals(1, r.duplicate);
        assertEquals("init_once#1+0x4/0x80", r.toString());
        s.resolve(0, 0xffffffff97000184L, r);
        assertEquals(2, r.duplicate);
        assertEquals("init_once+0x4/0x606e00 {fs/proc/inode.o}", r.toString());
        s.resolve(0, 0xffffffff97606fc0L, r);
        assertEquals(0, r.duplicate);
    }

    /**
     * A kallmodsyms with a size column comes from a kernel that looks addresses up by size
     * (kernel/kallsyms.c get_symbol_pos with kallsyms_sizes): its %pS size is the column.
     */
    @Test
    void kallmodsymsSizesAreTheKernelsSizes() throws Exception {
        StaticSymbolizer s = StaticSymbolizer.fromKallsyms("ffffffff97000000 0 T _stext\n"
                + "ffffffff97606f80 b t test_msr\t[rapl]\n"
                + "ffffffff97606fc0 20 t next\nffffffff98000000 0 B _end\n", "sized");
        Resolution r = new Resolution();
        s.resolve(0, 0xffffffff97606f84L, r);
        assertEquals(0xb, r.trueSize);
        assertFalse(r.gap);
        assertEquals(0xb, r.size, "the size-aware kernel prints the symbol's own size");
        assertEquals(Resolution.Source.KALLMODSYMS, r.sizeFrom);
        s.resolve(0, 0xffffffff97606f8bL, r);
        assertTrue(r.gap);
        assertEquals("test_msr+0xb/0xb [rapl]", r.toString(), "past its end the kernel still names it");
        s.resolve(0, 0xffffffff97000004L, r);
        assertEquals(Resolution.NO_TRUE_SIZE, r.trueSize, "a 0 size column means no extent");
        assertEquals(0, r.size);
    }

    @Test
    void theLastSymbolRunsToTheEndOfTheImage() throws Exception {
        StaticSymbolizer s = StaticSymbolizer.fromKallsyms(KALLMODSYMS, "kallmodsyms");
        Resolution r = new Resolution();
        s.resolve(0, 0xffffffff98000000L - 1, r);
        assertEquals("_etext", r.name);
        assertFalse(s.resolve(0, 0xffffffff98000000L, r), "_end itself is past the image");
        assertEquals(UnknownReason.UNMAPPED, r.unknown);
    }

    @Test
    void readsTheEndOfRecordingKallsymsOfATraceAndSystemMap() throws Exception {
        StaticSymbolizer end = StaticSymbolizer.open(SampleData.path("events", "snapshots", "009-final.kallsyms.xz"));
        Resolution r = new Resolution();
        assertTrue(end.resolve(0, 0xffffffffa79c36bdL, r));
        assertEquals("tracing_mark_write+0xdd/0x240", r.toString());
        StaticSymbolizer map = StaticSymbolizer.open(SampleData.path("builtin-6.12", "System.map.gz"));
        assertTrue(map.resolve(0, 0xffffffff81000000L, r));
        assertEquals("startup_64", r.name, "link-time addresses; the alias the kernel's table puts first (kallsyms: startup_64, _stext, _text)");
    }
}
