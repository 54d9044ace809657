package dev.tracesym.symbolizer.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SampleData;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KallsymsSplit;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ElfModuleTest {

    @Test
    void readsACompressedModule() throws Exception {
        ElfModule m = ElfModule.read(SampleData.path("modules-6.1.0-56-amd64", "soundcore.ko.xz"), new Names());
        assertEquals(46, m.sectionCount());
        int init = m.section(".init.text");
        assertEquals(0xa2, m.sectionSize(init));
        assertEquals("soundcore", m.modinfo("name"));
        assertTrue(m.modinfo("vermagic").startsWith("6.1.0-56-amd64 "), m.modinfo("vermagic"));
        int found = -1;
        for (int i = 0; i < m.symbolCount(); i++) {
            if (m.symbolName(i).equals("init_soundcore")) {
                found = i;
            }
        }
        assertEquals(init, m.symbolSection(found));
        assertEquals(ElfModule.STT_FUNC, m.symbolType(found));
        assertEquals(0, m.symbolValue(found));
        assertTrue(m.symbolSize(found) > 0);
        assertTrue(m.mcountSiteCount() > 0, "traceable call sites");
    }

    @Test
    void malformedFilesAreNamedWithTheirOffset() throws Exception {
        TextSource src = TextSource.read(SampleData.path("modules-6.1.0-56-amd64", "crc7.ko.xz"));
        byte[] real = Arrays.copyOf(src.bytes(), src.length());
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> ElfModule.parse(new byte[] {1, 2, 3}, 3, "x.ko", new Names()));
        assertEquals("x.ko @0: expected an ELF file (magic 7f 45 4c 46)", e.getMessage());
        // cut before the section header table
        int cut = real.length / 2;
        e = assertThrows(SymbolSourceException.class, () -> ElfModule.parse(Arrays.copyOf(real, cut), cut, "cut.ko", new Names()));
        assertTrue(e.getMessage().startsWith("cut.ko @40: section header table offset"), e.getMessage());
        // a section whose size runs past the end
        byte[] big = real.clone();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(big).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        b.putLong((int) shoff + 64 + 32, 1L << 40);
        e = assertThrows(SymbolSourceException.class, () -> ElfModule.parse(big, big.length, "big.ko", new Names()));
        assertTrue(e.getMessage().contains("extends past the end of the file"), e.getMessage());
    }

    /**
     * The loader's layout, applied to every module of the reuse sample at its /proc/modules
     * address, puts every symbol exactly where the kernel's kallsyms says it is.
     */
    @Test
    void layoutPlacesEverySymbolWhereTheKernelPutIt() throws Exception {
        Names names = new Names();
        ModuleFiles ko = ModuleFiles.scan(SampleData.path("modules-6.1.0-56-amd64"), names);
        int checked = 0;
        for (String snap : new String[] {"039-after-load-corpus_printk", "028-after-load-snd_timer", "008-after-load-sha3_generic"}) {
            ModuleList mods = ModuleList.parse(TextSource.read(SampleData.path("reuse", "snapshots", snap + ".modules")), names);
            KallsymsListing l = KallsymsParser.parse(TextSource.read(SampleData.path("reuse", "snapshots", snap + ".modsyms.xz")), names);
            KallsymsSplit split = KallsymsSplit.of(l, mods);
            for (KallsymsSplit.Block b : split.modules) {
                ModuleLayout lay = ko.layout(b.module);
                if (lay == null) {
                    continue;      // virtio modules: no .ko in the sample
                }
                long base = mods.base(mods.indexOf(b.module));
                for (int line : b.lines) {
                    boolean placed = false;
                    for (int i = 0; i < lay.elf().symbolCount() && !placed; i++) {
                        placed = lay.placed(i) && lay.symbolRegion(i) == ModuleLayout.CORE
                                && lay.elf().symbolName(i).equals(l.name(line)) && base + lay.symbolOffset(i) == l.address(line);
                    }
                    assertTrue(placed, snap + " " + b.module + ": " + l.name(line) + " at " + Long.toHexString(l.address(line)));
                    checked++;
                }
                // code ends on a page; cast_common has none (only S-boxes)
                assertTrue(lay.coreTextSize() % 4096 == 0, b.module + " text " + lay.coreTextSize());
            }
        }
        assertTrue(checked > 1500, "symbols checked: " + checked);
    }

    @Test
    void moduleFilesAreFoundByKernelName() throws Exception {
        ModuleFiles ko = ModuleFiles.scan(SampleData.path("modules-6.1.0-56-amd64"), new Names());
        assertTrue(ko.has("snd_seq_device"));       // snd-seq-device.ko.xz
        assertTrue(ko.has("crc_itu_t"));
        assertEquals("snd_seq_device", ko.layout("snd_seq_device").elf().modinfo("name"));
        assertEquals(null, ko.layout("virtio_blk"));
    }

    /**
     * arm64 module PLTs (Debian 6.1 arm64 modules): the loader sizes .plt from the branch relocations
     * that leave their section and lays it out as code after the module's own; the counts are those
     * {@code readelf -r} lists (CALL26/JUMP26 to another section, one per symbol per relocation section).
     */
    @Test
    void arm64ModulesReserveTheirPlts() throws Exception {
        for (String[] c : new String[][] {{"snd.ko.xz", "113"}, {"snd-timer.ko.xz", "51"}, {"dummy.ko.xz", "15"}}) {
            ElfModule m = ElfModule.read(SampleData.path("modules-6.1.0-56-arm64", c[0]), new Names());
            assertEquals(Integer.parseInt(c[1]), m.branchPlts(false), c[0]);
            ModuleLayout l = ModuleLayout.of(m);
            int plt = m.section(".plt");
            assertEquals(ModuleLayout.CORE, l.region(plt), c[0]);
            assertEquals(ModuleLayout.TEXT, l.kind(plt), c[0]);
            long codeEnd = 0;
            for (int i = 0; i < m.sectionCount(); i++) {
                if (i != plt && l.region(i) == ModuleLayout.CORE && l.kind(i) == ModuleLayout.TEXT
                        && !m.sectionName(i).equals(".text.ftrace_trampoline")) {
                    codeEnd = Math.max(codeEnd, l.offset(i) + m.sectionSize(i));
                }
            }
            assertTrue(l.offset(plt) >= codeEnd, c[0] + ": the PLT follows the module's code");
            assertTrue(l.offset(plt) + (m.branchPlts(false) + 1) * 12L <= l.coreTextSize(), c[0]);
        }
        assertEquals(-1, ElfModule.read(SampleData.path("modules-6.1.0-56-amd64", "snd.ko.xz"), new Names()).branchPlts(false));
    }
}
