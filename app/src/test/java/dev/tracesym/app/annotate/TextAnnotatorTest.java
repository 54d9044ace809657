package dev.tracesym.app.annotate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.text.SymbolRefs;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TextAnnotatorTest {

    static String[] texts() {
        return Samples.TEXTS;
    }

    static byte[] annotate(TextTraceReader in, SymbolNamer namer, NameIndex index, TraceEventListener l) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            new TextAnnotator(namer, index, l).annotate(in, out);
        }
        return out.toByteArray();
    }

    static List<String> lines(byte[] b) {
        return List.of(new String(b, StandardCharsets.UTF_8).split("\n", -1));
    }

    /** A namer that says what the input said gives back the input: nothing but symbol text is touched. */
    @ParameterizedTest
    @MethodSource("texts")
    void identityNamerGivesBackTheInputByteForByte(String sample) throws IOException {
        IdentityNamer id = IdentityNamer.of(sample);
        assertEquals(0, id.conflicts, "one text per (time, address) in " + sample);
        byte[] out = annotate(Samples.reader(sample), id, id, null);
        assertArrayEquals(Samples.bytes(sample), out, sample);
    }

    /**
     * A namer that renames everything: the output parses into the same symbol slots, every byte
     * outside them is the input's, and each slot holds the new name in the input's form.
     */
    @ParameterizedTest
    @MethodSource("texts")
    void renamingTouchesOnlySymbolText(String sample) throws IOException {
        SymbolNamer renamer = new SymbolNamer() {
            @Override
            public boolean append(StringBuilder out, long ts, long addr, int style) {
                throw new AssertionError();
            }

            @Override
            public boolean resolve(long ts, long addr, ResolvedSymbol out) {
                out.clear();
                out.name = "sym_" + Long.toHexString(addr & 0xfff);
                out.offset = addr & 0xf;
                out.size = 0x100;
                out.module = (addr & 0x10) != 0 ? "mod_x" : null;
                return true;
            }
        };
        byte[] out = annotate(Samples.reader(sample), renamer, NameIndex.NONE, null);
        List<String> inLines = lines(Samples.bytes(sample));
        List<String> outLines = lines(out);
        assertEquals(inLines.size(), outLines.size());
        try (TextTraceReader a = Samples.reader(sample);
                TextTraceReader b = TextTraceReader.open(new ByteArrayInputStream(out), "out", WarningSink.IGNORE)) {
            TextLine x = new TextLine();
            TextLine y = new TextLine();
            int renamed = 0;
            while (a.next(x)) {
                assertTrue(b.next(y));
                assertEquals(x.kind, y.kind, x.text());
                assertEquals(x.syms.count, y.syms.count, x.text() + "\n" + y.text());
                int px = x.start;
                int py = y.start;
                for (int i = 0; i < x.syms.count; i++) {
                    assertEquals(x.text(px, x.syms.start[i]), y.text(py, y.syms.start[i]), "non-symbol text: " + y.text());
                    if (x.syms.has(i, SymbolRefs.HAS_ADDR) && !x.syms.has(i, SymbolRefs.VALUE_ONLY)) {
                        long addr = x.syms.addr[i];
                        String name = y.text(y.syms.nameStart[i], y.syms.nameEnd[i]);
                        assertEquals("sym_" + Long.toHexString(addr & 0xfff), name, y.text());
                        boolean offsets = x.syms.has(i, SymbolRefs.HAS_OFFSET)
                                || x.syms.has(i, SymbolRefs.RAW) && x.syms.has(i, SymbolRefs.WANTS_OFFSET);
                        assertEquals(offsets, y.syms.has(i, SymbolRefs.HAS_OFFSET), "offset form kept: " + y.text());
                        if (offsets) {
                            assertEquals(addr & 0xf, y.syms.offset[i]);
                        }
                        assertEquals(x.syms.has(i, SymbolRefs.HAS_SIZE), y.syms.has(i, SymbolRefs.HAS_SIZE) && !x.syms.has(i, SymbolRefs.RAW)
                                || x.syms.has(i, SymbolRefs.HAS_SIZE), y.text());
                        boolean module = (addr & 0x10) != 0;
                        assertEquals(module, y.syms.has(i, SymbolRefs.HAS_MODULE), "module shown: " + y.text());
                        renamed++;
                    } else {
                        assertEquals(x.text(x.syms.start[i], x.syms.end[i]), y.text(y.syms.start[i], y.syms.end[i]));
                    }
                    px = x.syms.end[i];
                    py = y.syms.end[i];
                }
                assertEquals(x.text(px, x.termEnd), y.text(py, y.termEnd));
            }
            assertTrue(!b.next(y));
            if (sample.contains("perf") || sample.endsWith(".trace.xz") && !sample.contains("funcgraph")) {
                assertTrue(renamed > 1000, sample + ": renamed " + renamed);
            }
        }
    }

    /**
     * perf script names with the kallsyms of the same boot: every kernel frame gets a name, core
     * frames exactly perf's own, and module code perf filed under [kernel.kallsyms] gets its module.
     */
    @Test
    void perfFramesGetTheirModule() throws IOException {
        KallsymsNamer ks = KallsymsNamer.of("text/perf-kallsyms-after.txt.xz");
        assertTrue(ks.size() > 40_000, "text symbols " + ks.size());
        for (String sample : new String[] {"text/perf-script.txt.xz", "text/perf-script-ipsym.txt.xz"}) {
            List<String> in = lines(Samples.bytes(sample));
            List<String> out = lines(annotate(Samples.reader(sample), ks, ks, null));
            assertEquals(in.size(), out.size());
            int kernel = 0;
            int modules = 0;
            for (int i = 0; i < in.size(); i++) {
                String a = in.get(i);
                String b = out.get(i);
                String[] fa = a.trim().split(" ", 2);
                if (!a.startsWith("\t") || fa[0].length() != 16 || !fa[0].startsWith("ffff") || !a.endsWith("])")) {
                    assertEquals(a, b, "not a kernel frame: unchanged");
                    continue;
                }
                long addr = Long.parseUnsignedLong(fa[0], 16);
                if (Long.compareUnsigned(addr, 0xffffffff80000000L) < 0) {
                    // kernel-half but not kernel text (stack garbage perf could not name either)
                    assertEquals(a, b);
                    continue;
                }
                kernel++;
                int k = ks.find(addr);
                assertTrue(k >= 0, "kallsyms names " + a);
                String[] fb = b.trim().split(" ", 2);
                assertEquals(fa[0], fb[0]);
                String expected = ks.name[k] + "+0x" + Long.toHexString(addr - ks.start[k]) + " ("
                        + (ks.module[k] != null ? "[" + ks.module[k] + "]" : "[kernel.kallsyms]") + ")";
                assertEquals(expected, fb[1], a);
                if (ks.module[k] != null) {
                    modules++;
                    assertTrue(a.endsWith("([kernel.kallsyms])"), "perf filed module code under the kernel: " + a);
                    assertTrue(b.endsWith("([" + ks.module[k] + "])"), b);
                } else {
                    assertEquals(a, b, "core kernel frame named as perf named it");
                }
            }
            assertTrue(kernel > 3000, sample + " kernel frames " + kernel);
            assertTrue(modules >= 4, sample + " module frames " + modules);
        }
    }

    /** An address with no symbol at its time is written bare, the way the kernel writes it. */
    @Test
    void addressesWithNothingThereBecomeRaw() throws IOException {
        SymbolNamer nothing = new SymbolNamer() {
            @Override
            public boolean append(StringBuilder out, long ts, long addr, int style) {
                return false;
            }

            @Override
            public boolean resolve(long ts, long addr, ResolvedSymbol out) {
                out.clear();
                out.unknown = (addr >>> 32) == 0xffffffffL && addr >= 0xffffffffc0000000L ? "module-not-loaded" : "no-symbols";
                return false;
            }
        };
        List<String> in = lines(Samples.bytes("text/reuse-042-final.trace.xz"));
        List<String> out = lines(annotate(Samples.reader("text/reuse-042-final.trace.xz"), nothing, null, null));
        int raw = 0;
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            String b = out.get(i);
            int lt = a.indexOf(" <ffffffffc");
            if (lt < 0) {
                assertEquals(a, b, "no-symbols keeps the text");
                continue;
            }
            String addr = a.substring(lt + 2, lt + 18);
            assertTrue(b.contains("0x" + addr + " <" + addr + ">"), b);
            raw++;
        }
        assertTrue(raw > 10_000, "module addresses " + raw);
        List<String> perf = lines(annotate(Samples.reader("text/perf-script.txt.xz"), nothing, null, null));
        assertTrue(perf.contains("\tffffffffc0281e47 [unknown] ([kernel.kallsyms])"), "perf's unknown form");
    }

    /** Names without addresses: confirmed ones gain their module, doubtful ones are marked, unknown ones stay. */
    @Test
    void namesWithoutAddressesAreConfirmedOrMarked() throws IOException {
        NameIndex index = (ts, name, module, out) -> {
            out.clear();
            switch (name) {
                case "crc_itu_t":
                    out.name = name;
                    out.module = "crc_itu_t";
                    return NameIndex.UNIQUE;
                case "do_one_initcall":
                    out.name = name;
                    return NameIndex.UNIQUE;
                case "__key.1":
                    return NameIndex.AMBIGUOUS;
                case "preclaim_oss":
                    return ts < 8_000_000_000L ? NameIndex.ABSENT : NameIndex.UNKNOWN;
                default:
                    return NameIndex.UNKNOWN;
            }
        };
        String sample = "reuse/reuse.report-N-t.txt.xz";
        List<String> in = lines(Samples.bytes(sample));
        List<String> out = lines(annotate(Samples.reader(sample), SymbolNamer.NONE, index, null));
        int added = 0;
        int marked = 0;
        for (int i = 0; i < in.size(); i++) {
            String a = in.get(i);
            String b = out.get(i);
            String want = a.replace(" crc_itu_t <--", " crc_itu_t [crc_itu_t] <--").replace("<-- crc_itu_t", "<-- crc_itu_t [crc_itu_t]")
                    .replace("__key.1", "__key.1?");
            if (a.contains("function:") && a.contains("preclaim_oss") && tsOf(a) < 8_000_000_000L) {
                want = want.replace("preclaim_oss", "preclaim_oss?");
            }
            assertEquals(want, b);
            added += a.equals(b) ? 0 : b.contains("[crc_itu_t]") ? 1 : 0;
            marked += b.contains("?") && !a.contains("?") ? 1 : 0;
        }
        assertTrue(added > 0 && marked > 0, "added " + added + ", marked " + marked);
    }

    static long tsOf(String reportLine) {
        String t = reportLine.substring(reportLine.indexOf("] ") + 2, reportLine.indexOf(": ")).trim();
        return new java.math.BigDecimal(t).movePointRight(9).longValueExact();
    }

    /** The listener hears each load, free, marker and init hit before the namer names that line or later ones. */
    @Test
    void listenerHearsTheLayoutBeforeAddressesAreNamed() throws IOException {
        List<String> calls = new ArrayList<>();
        TraceEventListener listener = new TraceEventListener() {
            @Override
            public void marker(long ts, CharSequence text) {
                calls.add("marker " + ts + " " + text);
            }

            @Override
            public void moduleLoad(long ts, String module) {
                calls.add("load " + ts + " " + module);
            }

            @Override
            public void moduleFree(long ts, String module) {
                calls.add("free " + ts + " " + module);
            }

            @Override
            public void doInitModule(long ts) {
                calls.add("init " + ts);
            }

            @Override
            public void moduleInitDone(long ts, String module) {
                calls.add((module == null ? "freeinit " : "initdone ") + ts + " " + module);
            }
        };
        SymbolNamer namer = new SymbolNamer() {
            @Override
            public boolean append(StringBuilder out, long ts, long addr, int style) {
                return false;
            }

            @Override
            public boolean resolve(long ts, long addr, ResolvedSymbol out) {
                calls.add("name " + ts);
                out.clear();
                out.unknown = "no-symbols";
                return false;
            }
        };
        for (String sample : new String[] {"text/reuse-042-final.trace.xz", "reuse/reuse.report.txt.xz", "text/funcgraph-004-final.trace.xz"}) {
            calls.clear();
            annotate(Samples.reader(sample), namer, null, listener);
            List<String> text = lines(Samples.bytes(sample));
            long loads = text.stream().filter(l -> l.contains("module_load:")).count();
            long frees = text.stream().filter(l -> l.contains("module_free:")).count();
            long markers = text.stream().filter(l -> l.contains("epoch: ")).count();
            assertEquals(loads, calls.stream().filter(c -> c.startsWith("load ")).count(), sample);
            assertEquals(frees, calls.stream().filter(c -> c.startsWith("free ")).count(), sample);
            assertEquals(markers, calls.stream().filter(c -> c.startsWith("marker ") && c.contains(" epoch: ")).count(), sample);
            assertTrue(loads > 0 && markers > 0);
            if (!sample.contains("funcgraph")) {
                assertTrue(calls.stream().anyMatch(c -> c.startsWith("init ")), sample);
                assertTrue(calls.stream().anyMatch(c -> c.startsWith("freeinit ")), sample);
                // "module_put: snd call_site=do_init_module": snd's init is done
                List<String> puts = text.stream().filter(l -> l.contains("module_put:") && l.contains("=do_init_module"))
                        .map(l -> l.substring(l.indexOf("module_put:") + 11).trim().split(" ")[0]).toList();
                assertTrue(puts.size() > 10, sample);
                assertEquals(puts, calls.stream().filter(c -> c.startsWith("initdone ")).map(c -> c.split(" ")[2]).toList());
            }
            // module names come out as the text spells them, in order
            List<String> named = text.stream().filter(l -> l.contains("module_load:"))
                    .map(l -> l.substring(l.indexOf("module_load:") + 12).trim().split(" ")[0]).toList();
            assertEquals(named, calls.stream().filter(c -> c.startsWith("load ")).map(c -> c.split(" ")[2]).toList());
            // no address is named at a time before an event already heard at that time or later
            long heard = Long.MIN_VALUE;
            for (String c : calls) {
                long ts = Long.parseLong(c.split(" ")[1]);
                if (c.startsWith("name ")) {
                    assertTrue(ts >= heard, "named at " + ts + " after hearing " + heard);
                } else {
                    heard = Math.max(heard, ts);
                }
            }
        }
        // trace-cmd -R spells the same events as fields (lines as trace-cmd 3.1.6 prints the reuse trace)
        calls.clear();
        String raw = "cpus=2\n"
                + "            init-105   [001]     5.126629: print:                 ip=tracing_mark_write buf=epoch: 001 start\n"
                + "        modprobe-122   [000]     6.499119: module_load:           taints=0 name=soundcore\n"
                + "        modprobe-122   [000]     6.499871: module_put:            ip=do_init_module refcnt=1 name=soundcore\n";
        annotate(TextTraceReader.open(new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)), "raw", WarningSink.IGNORE),
                namer, null, listener);
        assertEquals(List.of("marker 5126629000 epoch: 001 start", "load 6499119000 soundcore", "initdone 6499871000 soundcore"), calls);
        // in the kernel's text the marker of a line is heard before the line's own address is named
        calls.clear();
        annotate(Samples.reader("text/reuse-042-final.trace.xz"), namer, null, listener);
        int m = calls.indexOf(calls.stream().filter(c -> c.startsWith("marker ")).findFirst().orElseThrow());
        assertEquals("name " + calls.get(m).split(" ")[1], calls.get(m + 1));
    }
}
