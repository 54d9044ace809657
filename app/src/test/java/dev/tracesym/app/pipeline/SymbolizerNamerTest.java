package dev.tracesym.app.pipeline;

import static dev.tracesym.app.pipeline.PipelineSamples.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.report.LineBuffer;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.table.KernelTable;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The time-aware ReportNamer over tracesym's symbolizers, on the reuse sample's real symbol tables. */
class SymbolizerNamerTest {
    private static final long SECOND = 1_000_000_000L;
    /** sound_devnode [soundcore] from snapshot 002, set_multicast_list [dummy] from 024 (address-reuse.txt). */
    private static final long REUSED = 0xffffffffc02be000L;

    @Test
    void anAddressIsNamedAsOfItsTimeAlsoAfterTheStateMovedOn() throws IOException {
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(data("reuse/snapshots"), data(PipelineSamples.MODULES));
        SymbolizerNamer n = SymbolizerNamer.of(sym);
        sym.marker(7 * SECOND, "epoch: 002 after-load-soundcore");
        assertEquals("sound_devnode [soundcore]", text(n, 8 * SECOND, REUSED, SymbolNamer.NAME));
        sym.marker(31 * SECOND, "epoch: 023 after-unload-soundcore");
        assertEquals(ReportNamer.NONE, n.find(32 * SECOND, REUSED), "nothing there once soundcore is gone");
        ResolvedSymbol r = new ResolvedSymbol();
        assertFalse(n.resolve(32 * SECOND, REUSED, r));
        assertEquals("module-not-loaded", r.unknown);
        sym.marker(34 * SECOND, "epoch: 024 after-load-dummy");
        assertEquals("set_multicast_list [dummy]", text(n, 35 * SECOND, REUSED, SymbolNamer.NAME));
        // a record read ahead of its time (function_graph's look-ahead) still gets the name of its own time
        assertEquals("sound_devnode [soundcore]", text(n, 8 * SECOND, REUSED, SymbolNamer.NAME));
        assertTrue(n.resolve(35 * SECOND, REUSED + 4, r));
        assertEquals("set_multicast_list", r.name);
        assertEquals("dummy", r.module);
        assertEquals(4, r.offset);
        assertTrue(r.trueSize > 0, "the .ko gives the real extent");
    }

    @Test
    void percentSHasOffsetSizeAndModuleAndBothTextFormsAgree() throws IOException {
        StaticSymbolizer sym = StaticSymbolizer.open(data("reuse/snapshots/042-final.kallsyms.xz"));
        SymbolizerNamer n = SymbolizerNamer.of(sym);
        long a = REUSED + 4;
        int s = n.find(0, a);
        assertNotEquals(ReportNamer.NONE, s);
        LineBuffer line = new LineBuffer(64);
        n.append(line, s, a, SymbolNamer.NAME_OFFSET);
        assertTrue(line.toString().matches("set_multicast_list\\+0x4/0x[0-9a-f]+ \\[dummy\\]"), line.toString());
        assertEquals(line.toString(), text(n, 0, a, SymbolNamer.NAME_OFFSET));
        assertEquals(REUSED, n.start(s));
    }

    /** Names that occur at several addresses of the kernel's table get the symbolizer's ordinal; no two symbols print alike. */
    @Test
    void twoSymbolsNeverPrintTheSameText() throws IOException {
        StaticSymbolizer sym = StaticSymbolizer.open(data("reuse/snapshots/001-start.kallsyms.xz"));
        SymbolizerNamer n = SymbolizerNamer.of(sym);
        KernelTable k = sym.state().kernel();
        Map<String, Long> seen = new HashMap<>();
        Map<String, Long> texts = new HashMap<>();
        int duplicated = 0;
        for (int i = 0; i < k.size(); i++) {
            char t = k.type(i);
            if (t != 't' && t != 'T') {
                continue;
            }
            long a = k.address(i);
            int s = n.find(0, a);
            if (s == ReportNamer.NONE || n.start(s) != a) {
                continue; // an alias: the table names the address by its first symbol
            }
            String text = text(n, 0, a, SymbolNamer.NAME);
            Long before = texts.put(text, a);
            assertTrue(before == null || before == a, text + " printed for two addresses");
            Long other = seen.putIfAbsent(k.name(i), a);
            if (other != null && other != a) {
                duplicated++;
                assertTrue(text.startsWith(k.name(i) + "#"), text);
                assertEquals(n.nameKey(s), n.nameKey(n.find(0, a)), "the same symbol, the same key");
                assertNotEquals(n.nameKey(s), n.nameKey(n.find(0, other)), "two symbols of one name, two keys");
            }
        }
        assertTrue(duplicated > 100, "the 6.1 kernel has many static functions of one name: " + duplicated);
    }

    @Test
    void printFmtSymbolsAreTheirKallsymsAddress() throws IOException {
        StaticSymbolizer sym = StaticSymbolizer.open(data("reuse/snapshots/001-start.kallsyms.xz"));
        SymbolizerNamer n = SymbolizerNamer.of(sym);
        long stext = n.addressOf("_stext");
        assertEquals(sym.state().kernel().addressOf("_stext"), stext);
        assertTrue(stext != 0);
        assertEquals(0, n.addressOf("no_such_symbol_anywhere"));
    }

    private static String text(SymbolizerNamer n, long ts, long addr, int style) {
        StringBuilder b = new StringBuilder();
        assertTrue(n.append(b, ts, addr, style), Long.toHexString(addr));
        return b.toString();
    }
}
