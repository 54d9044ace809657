package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.report.LineBuffer;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.formats.dat.DatFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** trace-cmd's function lookup over the kallsyms stored in a .dat, quirks included. */
class TraceCmdNamerTest {
    private static TraceCmdNamer namer(String kallsyms) {
        return TraceCmdNamer.parse(kallsyms.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String name(TraceCmdNamer n, long addr, int style) {
        int sym = n.find(0, addr);
        if (sym == ReportNamer.NONE) {
            return null;
        }
        LineBuffer b = new LineBuffer(16);
        n.append(b, sym, addr, style);
        return b.toString();
    }

    private static String name(TraceCmdNamer n, long addr) {
        return name(n, addr, SymbolNamer.NAME);
    }

    @Test
    void anAddressBelongsToTheSymbolBelowItButNotPastTheLastOne() {
        TraceCmdNamer n = namer("0000000000002000 T beta\n0000000000001000 t alpha\n0000000000003000 T gamma\t[mod]\n");
        assertEquals(null, name(n, 0xfff));
        assertEquals("alpha", name(n, 0x1000));
        assertEquals("alpha", name(n, 0x1fff));
        assertEquals("beta", name(n, 0x2000));
        assertEquals("gamma", name(n, 0x3000)); // exact start of the last symbol, module not shown
        assertEquals(null, name(n, 0x3001)); // past the last start: trace-cmd knows no size
        assertEquals("beta+0x10", name(n, 0x2010, SymbolNamer.NAME_OFFSET));
        StringBuilder sb = new StringBuilder();
        assertEquals(true, n.append(sb, 0, 0x2010, SymbolNamer.NAME_OFFSET));
        assertEquals("beta+0x10", sb.toString());
        assertEquals(false, n.append(sb, 0, 0x3001, SymbolNamer.NAME));
    }

    @Test
    void insideAFunctionSharedByTwoNamesTheEarlierLineWins() {
        TraceCmdNamer n = namer("0000000000001000 T first\n0000000000001000 T second\n0000000000002000 T next\n");
        assertEquals("first", name(n, 0x1004));
    }

    @Test
    void absoluteSymbolsAndDollarNamesAreLeftOut() {
        TraceCmdNamer n = namer("0000000000001000 T keep\n0000000000001800 A absolute\n0000000000001900 t $x\n"
                + "0000000000001a00 a abs2\n0000000000002000 T after\n");
        assertEquals(4 - 2, n.size());
        assertEquals("keep", name(n, 0x1900));
    }

    @Test
    void readingStopsAtTheFirstLineThatDoesNotParse() {
        TraceCmdNamer n = namer("0000000000001000 T one\n\nnot-an-address T two\n0000000000003000 T three\n");
        assertEquals(1, n.size());
        assertEquals("one", name(n, 0x1000));
        assertEquals(null, name(n, 0x3000));
    }

    @Test
    void equalNamesShareAKey() {
        TraceCmdNamer n = namer("0000000000001000 t helper\n0000000000002000 T other\n0000000000003000 t helper\t[m]\n"
                + "0000000000004000 T end\n");
        assertEquals(n.nameKey(n.find(0, 0x1000)), n.nameKey(n.find(0, 0x3000)));
        assertEquals(false, n.nameKey(n.find(0, 0x1000)) == n.nameKey(n.find(0, 0x2000)));
    }

    /**
     * The packed-key sort the kallsyms of real kernels take and the merge sort of any addresses give the
     * same order: on the addresses of every sample trace's kallsyms in file order (aliases at one address,
     * modules out of order), and on random ones with many equal addresses.
     */
    @Test
    void bothSortsGiveLibtraceeventsOrder() throws IOException {
        int compared = 0;
        for (String scenario : new String[] {"reuse", "events", "funcgraph", "events-arm64", "events-s390x"}) {
            String file = scenario.startsWith("events") ? "events" : scenario;
            byte[] text;
            try (DatFile dat = DatFile.open(ReportCommandTest.sample(scenario).resolveSibling(file + ".v7-zstd.dat"))) {
                text = dat.kallsymsBytes();
            }
            long[] a = new String(text, StandardCharsets.ISO_8859_1).lines()
                    .mapToLong(l -> Long.parseUnsignedLong(l.substring(0, l.indexOf(' ')), 16)).toArray();
            assertTrue(a.length > 10_000, scenario + ": " + a.length + " symbols");
            assertArrayEquals(TraceCmdNamer.mergeOrder(a, a.length), TraceCmdNamer.sortedOrder(a, a.length), scenario);
            compared++;
        }
        Random random = new Random(20);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(3000);
            long base = random.nextBoolean() ? 0xffffffff81000000L : random.nextLong();
            long[] a = new long[n];
            for (int k = 0; k < n; k++) {
                a[k] = base + random.nextInt(1 + random.nextInt(n + 1)) * 16L;
            }
            assertArrayEquals(TraceCmdNamer.mergeOrder(a, n), TraceCmdNamer.sortedOrder(a, n), "round " + round);
        }
        long[] wide = {-1L, 0L, 0x10L, 0xffffffff81000000L, 0x10L, -1L}; // a span no key holds: merge sort
        assertArrayEquals(new int[] {1, 4, 2, 3, 5, 0}, TraceCmdNamer.sortedOrder(wide, wide.length),
                Arrays.toString(TraceCmdNamer.sortedOrder(wide, wide.length)));
        assertEquals(5, compared);
    }
}
