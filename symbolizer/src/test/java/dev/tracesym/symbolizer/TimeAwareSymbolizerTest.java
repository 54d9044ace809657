package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimeAwareSymbolizerTest {

    private static TimeAwareSymbolizer reuse() throws IOException {
        return Archives.symbolizer("reuse");
    }

    /** Feeds only the state events (markers, module load/free) of a sample's ground truth, up to {@code until} ns. */
    private static void feedStateEvents(Symbolizer sym, GroundTruth gt, long until) {
        for (GroundTruth.Row row : gt.rows) {
            if (row.ts > until) {
                return;
            }
            switch (row.event) {
                case "print": sym.marker(row.ts, row.info); break;
                case "module_load": sym.moduleLoad(row.ts, row.info.strip().split(" ")[0]); break;
                case "module_free": sym.moduleFree(row.ts, row.info.strip().split(" ")[0]); break;
                default: break;
            }
        }
    }

    @Test
    void markersNameSnapshotsByNumber() {
        assertEquals(3, TimeAwareSymbolizer.epochNumber("epoch: 003 after-load-snd\n"));
        assertEquals(1, TimeAwareSymbolizer.epochNumber("epoch: 001 start"));
        assertEquals(-1, TimeAwareSymbolizer.epochNumber("epoch: load-begin snd"));
        assertEquals(-1, TimeAwareSymbolizer.epochNumber("epoch: end of recording"));
        assertEquals(-1, TimeAwareSymbolizer.epochNumber("corpus_printk: tick 1"));
        assertEquals(-1, TimeAwareSymbolizer.epochNumber("epoch: 12x y"));
        assertEquals(42, TimeAwareSymbolizer.epochNumber("  epoch:42"));
    }

    /**
     * samples/data/reuse/address-reuse.txt lists the addresses that carried different functions
     * over the recording, with the time each was first seen: every one must resolve to its
     * function of that time, although the final kallsyms (trace-cmd's view) names one.
     */
    @Test
    void reusedAddressesResolveToTheFunctionOfTheirTime() throws IOException {
        TimeAwareSymbolizer sym = reuse();
        feedStateEvents(sym, Archives.truth("reuse"), Long.MAX_VALUE);
        Pattern step = Pattern.compile("(\\d+\\.\\d+) \\[\\d\\] (\\S+) \\[(\\S+)\\]");
        Resolution r = new Resolution();
        int checked = 0;
        for (String line : SampleData.text("reuse", "address-reuse.txt").split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            long addr = Long.parseUnsignedLong(line.substring(0, 16), 16);
            Matcher m = step.matcher(line.substring(0, line.indexOf('|')));
            List<String> names = new ArrayList<>();
            while (m.find()) {
                assertTrue(sym.resolve(GroundTruth.microsToNanos(m.group(1)), addr, r), line);
                assertEquals(m.group(2) + " [" + m.group(3) + "]", r.name + " [" + r.module + "]", "at " + m.group(1));
                names.add(r.name);
                checked++;
            }
            assertTrue(names.size() >= 2, line);
        }
        assertEquals(20, checked);
    }

    /**
     * kallsyms lists a module's saved init functions with the first twice and without the last:
     * snd's alsa_sound_init is missing from every listing, and must still resolve after its init
     * code was freed, as the kernel resolves it.
     */
    @Test
    void savedInitFunctionsMissingFromKallsymsAreRecoveredFromTheKo() throws IOException {
        TimeAwareSymbolizer sym = reuse();
        long load = GroundTruth.microsToNanos("7.963880");
        sym.marker(load - 1000, "epoch: 002 after-load-soundcore");
        sym.moduleLoad(load, "snd");
        sym.moduleInitDone(load + 1000, "snd");
        Resolution r = new Resolution();
        assertTrue(sym.resolve(load + 2000, 0xffffffffc0301000L, r));
        assertEquals("alsa_sound_init+0x0/0x86 [snd]", r.toString());
        assertFalse(sym.stateAt(load + 2000).initLive("snd"));
        assertTrue(sym.stateAt(load + 500).initLive("snd"));
        assertEquals(0x86, r.size);
        // do_free_init frees every pending init region: module null
        sym.moduleLoad(load + 5000, "snd_timer");
        assertTrue(sym.stateAt(load + 5000).initLive("snd_timer"));
        sym.moduleInitDone(load + 6000, null);
        assertFalse(sym.stateAt(load + 6000).initLive("snd_timer"));
    }

    @Test
    void historyAnswersForEarlierTimes() throws IOException {
        TimeAwareSymbolizer sym = reuse();
        GroundTruth gt = Archives.truth("reuse");
        feedStateEvents(sym, gt, Long.MAX_VALUE);
        Resolution r = new Resolution();
        // sound_devnode [soundcore] at 9.5 s, set_multicast_list [dummy] at 33.3 s: same address
        sym.resolve(GroundTruth.microsToNanos("33.346083"), 0xffffffffc02be000L, r);
        assertEquals("set_multicast_list", r.name);
        sym.resolve(GroundTruth.microsToNanos("9.516798"), 0xffffffffc02be000L, r);
        assertEquals("sound_devnode", r.name);
        // between the unload of soundcore (30.51 s) and the load of dummy (32.99 s) nothing is there
        assertFalse(sym.resolve(GroundTruth.microsToNanos("31.000000"), 0xffffffffc02be000L, r));
        assertEquals(UnknownReason.MODULE_NOT_LOADED, r.unknown);
        assertTrue(sym.stateCount() > 42);
    }

    @Test
    void moduleEventsRefineTheStateBetweenMarkers() throws IOException {
        TimeAwareSymbolizer sym = reuse();
        Resolution r = new Resolution();
        // sha3_generic loads at 17.7318 s; the next marker only comes at 17.7535 s
        long load = GroundTruth.microsToNanos("17.731800");
        sym.marker(load - 5000, "epoch: 007 after-load-snd_seq_dummy");
        assertTrue(sym.resolve(load + 10, 0xffffffffc02c9000L, r));
        assertEquals("create_port [snd_seq_dummy]", r.name + " [" + r.module + "]",
                "before the load, ftrace's saved name of snd_seq_dummy's freed init code");
        sym.moduleLoad(load, "sha3_generic");
        sym.moduleLoad(load + 1, "sha3_generic");            // seen again (another buffer): no change
        assertTrue(sym.resolve(load + 10, 0xffffffffc02c9000L, r));
        assertEquals("sha3_generic_mod_init+0x0/0x1000 [sha3_generic]", r.toString());
        sym.moduleLoad(load + 20, "not_in_the_archive");      // unknown: state unchanged, no failure
        assertTrue(sym.resolve(load + 25, 0xffffffffc0326010L, r));
        assertEquals("dummy_input+0x0/0x91 [snd_seq_dummy]", r.toString());
        dev.tracesym.symbolizer.elf.ElfModule ko = dev.tracesym.symbolizer.elf.ElfModule.read(
                SampleData.path("modules-6.1.0-56-amd64", "snd-seq-dummy.ko.xz"), new dev.tracesym.symbolizer.source.Names());
        long stSize = -1;
        for (int i = 0; i < ko.symbolCount(); i++) {
            if (ko.symbolName(i).equals("dummy_input")) {
                stSize = ko.symbolSize(i);
            }
        }
        assertTrue(stSize > 0 && stSize <= 0x91);
        assertEquals(stSize, r.trueSize, "the real extent, from the .ko");
        assertFalse(r.gap);
        // dummy_free is 0xa bytes (st_size) followed by alignment padding up to dummy_input
        sym.resolve(load + 25, 0xffffffffc032600cL, r);
        assertEquals("dummy_free+0xc/0x10 [snd_seq_dummy]", r.toString());
        assertEquals(0xa, r.trueSize);
        assertTrue(r.gap, "past the function's end, in padding");
        sym.moduleFree(load + 30, "snd_seq_dummy");
        // as in the kernel: once the module is gone, ftrace's saved name of the init code that
        // was there before (snd_seq's) claims the address again
        assertTrue(sym.resolve(load + 40, 0xffffffffc0326010L, r));
        assertEquals("alsa_seq_init+0x10/0x4f [snd_seq]", r.toString());
        sym.moduleFree(load + 50, "snd_seq");
        assertFalse(sym.resolve(load + 60, 0xffffffffc0326010L, r), r.toString());
        assertEquals(UnknownReason.MODULE_NOT_LOADED, r.unknown);
        assertTrue(sym.resolve(load + 25, 0xffffffffc0326010L, r), "earlier times keep their state");
    }

    /** A stack frame in ftrace's trampoline: the kernel printed the bare address (events, cpu1#740). */
    @Test
    void trampolineAddressesSayWhyTheyHaveNoName() throws IOException {
        TimeAwareSymbolizer sym = Archives.symbolizer("events");
        Resolution r = new Resolution();
        assertFalse(sym.resolve(GroundTruth.microsToNanos("6.212641"), 0xffffffffc03c00c8L, r));
        assertEquals(UnknownReason.FTRACE_TRAMPOLINE, r.unknown);
        assertEquals("ftrace-trampoline", r.unknown.text());
        assertEquals("0xffffffffc03c00c8", r.toString());
    }

    @Test
    void addressesOutsideKernelAndModulesAreUnmapped() throws IOException {
        TimeAwareSymbolizer sym = reuse();
        Resolution r = new Resolution();
        assertFalse(sym.resolve(0, 0x1234, r));
        assertEquals(UnknownReason.UNMAPPED, r.unknown);
        assertFalse(sym.resolve(0, 0xffff888000000000L, r));
        assertEquals(UnknownReason.UNMAPPED, r.unknown);
        assertTrue(sym.resolve(0, sym.kernelTable().addressOf("do_init_module") + 0x4a, r));
        assertEquals("do_init_module+0x4a/0x1f0", r.toString());
        assertEquals(0, r.duplicate);
        assertEquals('t', r.type);
    }
}
