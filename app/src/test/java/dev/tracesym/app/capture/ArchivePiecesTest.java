package dev.tracesym.app.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The parts of a snapshot: trace_pipe lines, the vmlinux/module split, sections, build id. */
class ArchivePiecesTest {
    @Test
    void parsesTheKernelsModuleEventLines() {
        // lines of the reuse sample's kernel text (snapshots/042-final.trace)
        ModuleEvent load = ModuleEvent.parse("        modprobe-457     [000] .....    65.702265: module_load: corpus_printk OE");
        assertEquals(ModuleEvent.Kind.LOAD, load.kind);
        assertEquals("corpus_printk", load.module);
        assertEquals("after-load-corpus_printk", load.label());
        ModuleEvent free = ModuleEvent.parse("           rmmod-203     [001] .....    18.653216: module_free: snd_seq_dummy");
        assertEquals("after-unload-snd_seq_dummy", free.label());
        assertEquals("after-lost-events", ModuleEvent.parse("CPU:0 [LOST 3 EVENTS]").label());
        assertNull(ModuleEvent.parse("            init-105     [001] .....     5.126629: tracing_mark_write: epoch: 001 start"));
        assertNull(ModuleEvent.parse("x-1 [000] ..... 1.0: module_load: ../../etc"));
    }

    @Test
    void splitsKallsymsWhereTheFirstModuleLineStarts() throws Exception {
        byte[] full = FakeKernel.data("snapshots/001-start.kallsyms");
        int end = SymbolArchive.coreEnd(full, false, Set.of());
        String rest = new String(full, end, full.length - end, StandardCharsets.ISO_8859_1);
        assertEquals("ffffffffc0000000 t ftrace_trampoline\t[__builtin__ftrace]\n", rest);
        assertEquals('\n', full[end - 1]);
    }

    @Test
    void splitsKallmodsymsAtTheFirstLoadedModuleNotAtBuiltInOnes() {
        // line shapes of the kallmodsyms v10 cover letter (docs/FORMATS.md 4.1)
        String s = "ffffffff97606f80 t test_msr\t[rapl]\n"
                + "ffffffffa6007710 t amd_pmu_event_map\t{core.o}\n"
                + "ffffffff97d82520 t lio_ethtool_get_channels\t[liquidio] [liquidio_vf]\n"
                + "ffffffffc0a01000 t md4_transform\t[md4]\n"
                + "ffffffffc0000000 t ftrace_trampoline\t[__builtin__ftrace]\n";
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int end = SymbolArchive.coreEnd(b, true, Set.of("md4"));
        assertEquals(s.indexOf("ffffffffc0a01000"), end);
        assertEquals(0, SymbolArchive.coreEnd(b, false, Set.of()));   // read as kallsyms, [rapl] is a module
    }

    @Test
    void readsSectionAddressesAsTheKernelPrintsThem(@TempDir Path tmp) throws Exception {
        Path sys = tmp.resolve("module");
        FakeKernel.write(sys.resolve("md4/sections/.text"), "0xffffffffc0002000\n");
        FakeKernel.write(sys.resolve("md4/sections/__mcount_loc"), "0xffffffffc0005180\n");
        FakeKernel.write(sys.resolve("md4/sections/.init.text"), "0xffffffffc0009000\n");
        FakeKernel.write(sys.resolve("md4/refcnt"), "0\n");
        FakeKernel.write(sys.resolve("snd/parameters/slots"), "snd-dummy\n");
        FakeKernel.write(sys.resolve("crc7/sections/.text"), "0xffffffffc000b000\n");
        assertEquals("crc7 .text 0xffffffffc000b000\n"
                + "md4 .init.text 0xffffffffc0009000\n"
                + "md4 .text 0xffffffffc0002000\n"
                + "md4 __mcount_loc 0xffffffffc0005180\n", new String(KernelState.sections(sys), StandardCharsets.US_ASCII));
    }

    @Test
    void findsTheGnuBuildIdInKernelNotes() throws Exception {
        byte[] notes = FakeKernel.data("sys-kernel-notes");
        assertEquals("85c7e4e2ed76f4417e8aaad7c6b040d2bb897a26", KernelIdentity.buildId(notes));
        assertNull(KernelIdentity.buildId(Arrays.copyOf(notes, 20)));
    }

    @Test
    void namesModuleFilesAsTheKernelNamesModules() {
        assertEquals("snd_timer", ModuleBinaries.moduleName("kernel/sound/core/snd-timer.ko.xz"));
        assertEquals("crc_itu_t", ModuleBinaries.moduleName("kernel/lib/crc-itu-t.ko"));
        assertEquals("lz4", ModuleBinaries.moduleName("kernel/crypto/lz4.ko.zst"));
        assertNull(ModuleBinaries.moduleName("modules.order"));
    }
}
