package dev.tracesym.formats.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.junit.jupiter.api.Test;

/**
 * The other layouts of the same real events: the reuse trace re-printed the way the kernel prints
 * it with record-tgid, without irq-info, in latency-format and from trace_pipe (no header), perf
 * samples without callchains, and the same text compressed four ways or with garbage inside.
 */
class TextLayoutsTest {
    /** One real ftrace event line, split into its columns (by an independent regex). */
    record Columns(String comm, int pid, int cpu, String flags, long secs, int usecs, String payload) {}

    static final Pattern LINE = Pattern.compile("^\\s*(.+?)-(\\d+)\\s+\\[(\\d+)\\] (\\S{5}) +(\\d+)\\.(\\d{6}): (.*)$");

    static List<Columns> reuseColumns() throws IOException {
        List<Columns> out = new ArrayList<>();
        for (String l : TextTraceReaderTest.lines("text/reuse-042-final.trace.xz")) {
            Matcher m = LINE.matcher(l);
            if (m.matches()) {
                out.add(new Columns(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4),
                        Long.parseLong(m.group(5)), Integer.parseInt(m.group(6)), m.group(7)));
            }
        }
        assertEquals(12719, out.size());
        return out;
    }

    /** What a layout must preserve of each event. */
    record Seen(long ts, int cpu, int pid, int tgid, String comm, String event, List<String> syms) {}

    static List<Seen> parse(String text, TextFormat expected) throws IOException {
        List<Seen> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                "layout", (s, l, m) -> warnings.add(l + ": " + m))) {
            assertEquals(expected, r.format());
            TextLine line = new TextLine();
            while (r.next(line)) {
                if (line.kind != TextLine.EVENT) {
                    continue;
                }
                List<String> syms = new ArrayList<>();
                for (int i = 0; i < line.syms.count; i++) {
                    syms.add(line.text(line.syms.start[i], line.syms.end[i]) + "@" + Long.toHexString(line.syms.addr[i]));
                }
                out.add(new Seen(line.ts, line.cpu, line.pid, line.tgid, line.comm, line.event, syms));
            }
        }
        assertEquals(List.of(), warnings);
        return out;
    }

    @Test
    void recordTgidNoIrqInfoAndTracePipeLayoutsReadLikeTheDefault() throws IOException {
        List<Columns> cols = reuseColumns();
        List<Seen> reference = parse(new String(SampleFiles.bytes("text/reuse-042-final.trace.xz"), StandardCharsets.UTF_8), TextFormat.FTRACE);
        StringBuilder tgid = new StringBuilder("# tracer: function\n#\n");
        StringBuilder noIrq = new StringBuilder("# tracer: function\n#\n");
        StringBuilder pipe = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            Columns c = cols.get(i);
            String t = String.format("%5d.%06d", c.secs(), c.usecs());
            // trace_print_context(): "%16s-%-7d " ["(%7d) " | "(-------) "] "[%03d] " flags " %5lu.%06lu: "
            String tg = i % 7 == 0 ? "(-------) " : String.format("(%7d) ", c.pid() + 1000);
            tgid.append(String.format("%16s-%-7d %s[%03d] %s %s: %s\n", c.comm(), c.pid(), tg, c.cpu(), c.flags(), t, c.payload()));
            noIrq.append(String.format("%16s-%-7d [%03d] %s: %s\n", c.comm(), c.pid(), c.cpu(), t, c.payload()));
            pipe.append(String.format("%16s-%-7d [%03d] %s %s: %s\n", c.comm(), c.pid(), c.cpu(), c.flags(), t, c.payload()));
        }
        List<Seen> a = parse(tgid.toString(), TextFormat.FTRACE);
        List<Seen> b = parse(noIrq.toString(), TextFormat.FTRACE);
        List<Seen> p = parse(pipe.toString(), TextFormat.FTRACE);
        assertEquals(reference.size(), a.size());
        assertEquals(reference.size(), b.size());
        assertEquals(reference.size(), p.size());
        for (int i = 0; i < reference.size(); i++) {
            Seen r = reference.get(i);
            assertEquals(new Seen(r.ts(), r.cpu(), r.pid(), i % 7 == 0 ? -1 : r.pid() + 1000, r.comm(), r.event(), r.syms()), a.get(i));
            assertEquals(r, b.get(i));
            assertEquals(r, p.get(i));
        }
    }

    @Test
    void latencyFormatReadsRelativeMicroseconds() throws IOException {
        List<Columns> cols = reuseColumns();
        List<Seen> reference = parse(new String(SampleFiles.bytes("text/reuse-042-final.trace.xz"), StandardCharsets.UTF_8), TextFormat.FTRACE);
        long start = cols.get(0).secs() * 1_000_000 + cols.get(0).usecs();
        StringBuilder lat = new StringBuilder("# tracer: function\n#\n");
        String marks = " +!#*@$";
        for (int i = 0; i < cols.size(); i++) {
            Columns c = cols.get(i);
            long us = c.secs() * 1_000_000 + c.usecs() - start;
            // lat_print_generic(): "%8.8s-%-7d %3d" + flags, lat_print_timestamp(): " %4lldus%c: "
            lat.append(String.format("%8.8s-%-7d %3d%s %4dus%c: %s\n", c.comm(), c.pid(), c.cpu(), c.flags(), us,
                    marks.charAt(i % marks.length()), c.payload()));
        }
        List<Seen> l = parse(lat.toString(), TextFormat.FTRACE);
        assertEquals(reference.size(), l.size());
        for (int i = 0; i < reference.size(); i++) {
            Seen r = reference.get(i);
            Seen s = l.get(i);
            assertEquals(r.ts() - start * 1000, s.ts(), "event " + i);
            assertEquals(r.cpu(), s.cpu());
            assertEquals(r.pid(), s.pid());
            assertEquals(r.comm().length() > 8 ? r.comm().substring(0, 8) : r.comm(), s.comm());
            assertEquals(r.syms(), s.syms());
        }
    }

    @Test
    void perfSamplesWithoutCallchainsCarryTheirIpSymbol() throws IOException {
        // -F comm,tid,cpu,time,event,ip,sym,symoff,dso without -g: the first frame joins the header line
        List<String> lines = TextTraceReaderTest.lines("text/perf-script-ipsym.txt.xz");
        StringBuilder flat = new StringBuilder();
        List<String> firstFrames = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.isEmpty() && !l.startsWith("\t") && i + 1 < lines.size() && lines.get(i + 1).startsWith("\t")) {
                String frame = lines.get(i + 1).trim();
                flat.append(l).append(' ').append(frame).append('\n');
                firstFrames.add(frame);
            }
        }
        int kernel = 0;
        try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(flat.toString().getBytes(StandardCharsets.UTF_8)),
                "flat", WarningSink.IGNORE)) {
            assertEquals(TextFormat.PERF_SCRIPT, r.format());
            TextLine line = new TextLine();
            int n = 0;
            while (r.next(line)) {
                assertEquals(TextLine.EVENT, line.kind, line.text());
                String frame = firstFrames.get(n++);
                boolean isKernel = frame.startsWith("ffff") && frame.indexOf(' ') == 16 && frame.endsWith("])");
                assertEquals(isKernel ? 1 : 0, line.syms.count, line.text());
                if (isKernel) {
                    kernel++;
                    assertEquals(SymbolRefs.ROLE_IP, line.syms.role[0]);
                    assertEquals(frame.substring(17), line.text(line.syms.start[0], line.syms.end[0]));
                    assertEquals(Long.parseUnsignedLong(frame.substring(0, 16), 16), line.syms.addr[0]);
                }
            }
            assertEquals(firstFrames.size(), n);
        }
        assertTrue(kernel > 300, "kernel ip samples " + kernel);
    }

    /** function_graph without funcgraph-abstime and funcgraph-proc: " 0) + 38.537 us   |        cap_capable();". */
    @Test
    void functionGraphWithoutTimeAndTaskColumns() throws IOException {
        Pattern columns = Pattern.compile("^\\s*\\d+\\.\\d+ \\|\\s+(\\d+\\))\\s+\\S+-\\d+\\s+\\|(.*)$");
        StringBuilder bare = new StringBuilder("# tracer: function_graph\n#\n# CPU  DURATION                  FUNCTION CALLS\n");
        int graphLines = 0;
        for (String l : TextTraceReaderTest.lines("text/funcgraph-004-final.trace.xz")) {
            Matcher m = columns.matcher(l);
            if (m.matches()) {
                bare.append(' ').append(m.group(1)).append(m.group(2)).append('\n');
                graphLines++;
            } else if (!l.startsWith("#")) {
                bare.append(l).append('\n');
            }
        }
        List<String> full = new ArrayList<>();
        List<String> stripped = new ArrayList<>();
        for (String[] pass : new String[][] {{"full"}, {"bare"}}) {
            byte[] text = pass[0].equals("full") ? SampleFiles.bytes("text/funcgraph-004-final.trace.xz")
                    : bare.toString().getBytes(StandardCharsets.UTF_8);
            List<String> sink = pass[0].equals("full") ? full : stripped;
            try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(text), pass[0], WarningSink.IGNORE)) {
                assertEquals(TextFormat.FTRACE, r.format());
                TextLine line = new TextLine();
                while (r.next(line)) {
                    assertTrue(line.kind != TextLine.GARBAGE, line.text());
                    if (line.kind == TextLine.EVENT) {
                        String fn = line.syms.count > 0 ? line.text(line.syms.start[0], line.syms.end[0]) : "";
                        sink.add(line.cpu + " " + line.graph + " " + line.depth + " " + line.durationNs + " " + line.event + " " + fn);
                        if (pass[0].equals("bare")) {
                            assertFalse(line.hasTs);
                        }
                    }
                }
            }
        }
        assertEquals(graphLines, stripped.size());
        assertEquals(full, stripped);
    }

    @Test
    void perfPidTidColumns() throws IOException {
        StringBuilder t = new StringBuilder();
        List<String> lines = TextTraceReaderTest.lines("text/perf-script.txt.xz");
        Pattern head = Pattern.compile("^(\\S+)\\s+(\\d+) (\\[\\d+\\].*)$");
        int samples = 0;
        for (String l : lines) {
            Matcher m = head.matcher(l);
            if (m.matches()) {
                t.append(String.format("%16s %5d/%-5d %s%n", m.group(1), 4000 + Integer.parseInt(m.group(2)), Integer.parseInt(m.group(2)), m.group(3)));
                samples++;
            } else {
                t.append(l).append('\n');
            }
        }
        List<Seen> got = parse(t.toString(), TextFormat.PERF_SCRIPT);
        List<Seen> ref = parse(new String(SampleFiles.bytes("text/perf-script.txt.xz"), StandardCharsets.UTF_8), TextFormat.PERF_SCRIPT);
        assertEquals(samples, got.size());
        assertEquals(ref.size(), got.size());
        for (int i = 0; i < ref.size(); i++) {
            Seen r = ref.get(i);
            assertEquals(new Seen(r.ts(), r.cpu(), r.pid(), r.pid() + 4000, r.comm(), r.event(), r.syms()), got.get(i));
        }
    }

    /** The function tracer without sym-addr, and without sym-offset too: same events, same names, no addresses. */
    @Test
    void functionTracerWithoutSymAddrOrSymOffset() throws IOException {
        String text = new String(SampleFiles.bytes("text/reuse-042-final.trace.xz"), StandardCharsets.UTF_8);
        String noAddr = text.replaceAll(" <[0-9a-f]{16}>", "");
        String noOffset = noAddr.replaceAll("\\+0x[0-9a-f]+/0x[0-9a-f]+", "").replaceAll(" \\[[a-z_][a-z0-9_-]*\\]", "");
        List<Seen> ref = parse(text, TextFormat.FTRACE);
        List<Seen> a = parse(noAddr, TextFormat.FTRACE);
        List<Seen> b = parse(noOffset, TextFormat.FTRACE);
        assertEquals(ref.size(), a.size());
        assertEquals(ref.size(), b.size());
        int functions = 0;
        for (int i = 0; i < ref.size(); i++) {
            Seen r = ref.get(i);
            assertEquals(r.event(), a.get(i).event(), "event " + i);
            if ("print".equals(r.event()) && !r.syms().get(0).startsWith("0x")
                    && !r.syms().get(0).startsWith("tracing_mark_write+")) {
                // "func: message" without sym-offset reads as an event named func: the text cannot tell them apart
                String ip = r.syms().get(0);
                assertEquals(ip.substring(0, ip.indexOf('+')), b.get(i).event(), "event " + i);
                continue;
            }
            assertEquals(r.event(), b.get(i).event(), "event " + i);
            assertEquals(r.syms().size(), a.get(i).syms().size(), "event " + i);
            for (int k = 0; k < r.syms().size(); k++) {
                String full = r.syms().get(k);
                String name = full.substring(0, full.indexOf('@'));
                if (name.startsWith("0x")) {
                    continue; // a raw address without sym-addr is no longer recognisable as a symbol
                }
                assertEquals(name + "@0", a.get(i).syms().get(k));
                String bare = name.replaceAll("\\+0x.*", "").replaceAll(" \\[.*", "");
                assertEquals(bare + "@0", b.get(i).syms().get(k));
            }
            if ("function".equals(r.event())) {
                functions++;
            }
        }
        assertTrue(functions > 12000, "function events " + functions);
    }

    @Test
    void lostEventsAndTimeDiffColumns() throws IOException {
        List<String> k = new ArrayList<>(TextTraceReaderTest.lines("text/reuse-042-final.trace.xz"));
        k.add(100, "CPU:1 [LOST 42 EVENTS]");
        List<String> t = new ArrayList<>();
        long previous = 0;
        for (String l : TextTraceReaderTest.lines("reuse/reuse.report-N-t.txt.xz")) {
            // trace-cmd report --ts-diff: " %-8s" with "(+delta)" after the time
            Matcher m = Pattern.compile("^(.*\\] +)(\\d+)\\.(\\d+):( .*)$").matcher(l);
            if (m.matches()) {
                long ts = Long.parseLong(m.group(2)) * 1_000_000_000L + Long.parseLong(m.group(3));
                String diff = previous == 0 ? "" : "(+" + (ts - previous) + ")";
                previous = ts;
                l = m.group(1) + m.group(2) + "." + m.group(3) + ": " + String.format("%-8s", diff) + m.group(4);
            }
            t.add(l);
        }
        t.add(50, "CPU:0 [123 EVENTS DROPPED]");
        t.add(60, "CPU:1 [EVENTS DROPPED]");
        long[] lost = new long[3];
        int n = 0;
        for (List<String> text : List.of(k, t)) {
            List<String> warnings = new ArrayList<>();
            try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(String.join("\n", text).getBytes(StandardCharsets.UTF_8)),
                    "lost", (s, l, m) -> warnings.add(m))) {
                TextLine line = new TextLine();
                int events = 0;
                while (r.next(line)) {
                    if (line.kind == TextLine.LOST) {
                        lost[n++] = line.cpu * 1000 + line.lost;
                    } else if (line.kind == TextLine.EVENT) {
                        events++;
                        assertTrue(line.event != null && !line.event.startsWith("("), line.text());
                    }
                }
                assertEquals(12719, events);
            }
            assertEquals(List.of(), warnings);
        }
        assertArrayEquals(new long[] {1042, 123, 999}, lost);
    }

    @Test
    void compressedInputReadsLikeThePlainText() throws Exception {
        byte[] all = SampleFiles.bytes("text/events-009-final.trace.xz");
        // the first ~3000 lines: header, events, stack traces (compressing all of it four ways is slow)
        int cut = 0;
        for (int n = 0; n < 3000; n++) {
            cut = indexOf(all, (byte) '\n', cut) + 1;
        }
        byte[] plain = java.util.Arrays.copyOf(all, cut);
        List<Seen> reference = parse(new String(plain, StandardCharsets.UTF_8), TextFormat.FTRACE);
        for (String kind : List.of(CompressorStreamFactory.GZIP, CompressorStreamFactory.XZ,
                CompressorStreamFactory.ZSTANDARD, CompressorStreamFactory.BZIP2)) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (OutputStream out = new CompressorStreamFactory().createCompressorOutputStream(kind, z)) {
                out.write(plain);
            }
            List<Seen> got = new ArrayList<>();
            try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(z.toByteArray()), "<stdin>", WarningSink.IGNORE)) {
                TextLine line = new TextLine();
                ByteArrayOutputStream copy = new ByteArrayOutputStream();
                while (r.next(line)) {
                    copy.write(line.buf, line.start, line.termEnd - line.start);
                    if (line.kind == TextLine.EVENT) {
                        List<String> syms = new ArrayList<>();
                        for (int i = 0; i < line.syms.count; i++) {
                            syms.add(line.text(line.syms.start[i], line.syms.end[i]) + "@" + Long.toHexString(line.syms.addr[i]));
                        }
                        got.add(new Seen(line.ts, line.cpu, line.pid, line.tgid, line.comm, line.event, syms));
                    }
                }
                assertArrayEquals(plain, copy.toByteArray(), kind + ": lines and terminators give back the input");
            }
            assertEquals(reference, got, kind);
        }
    }

    static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return b.length - 1;
    }

    @Test
    void garbageInTheMiddleIsReportedAndPassedThrough() throws IOException {
        List<String> lines = TextTraceReaderTest.lines("text/reuse-042-final.trace.xz");
        int at = lines.size() / 2;
        List<String> damaged = new ArrayList<>(lines);
        damaged.add(at, "\u0000\u0001 this is not trace text {{{");
        damaged.add(at + 5, "more garbage");
        String text = String.join("\n", damaged) + "\r\n";
        List<String> warnings = new ArrayList<>();
        int events = 0;
        StringBuilder copy = new StringBuilder();
        try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "damaged.trace",
                (s, l, m) -> warnings.add(s + ":" + l))) {
            TextLine line = new TextLine();
            while (r.next(line)) {
                copy.append(line.text(line.start, line.termEnd));
                if (line.kind == TextLine.EVENT) {
                    events++;
                }
            }
            assertEquals(2, r.garbageLines());
        }
        assertEquals(List.of("damaged.trace:" + (at + 1), "damaged.trace:" + (at + 6)), warnings);
        assertEquals(12719, events);
        assertEquals(text, copy.toString());
    }

    @Test
    void veryLongLinesAreRejectedNotBuffered() throws IOException {
        byte[] head = "# tracer: nop\n".getBytes(StandardCharsets.US_ASCII);
        java.io.InputStream endless = new java.io.InputStream() {
            int pos;

            @Override
            public int read() {
                return pos < head.length ? head[pos++] : 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos < head.length) {
                    b[off] = head[pos++];
                    return 1;
                }
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        try (TextTraceReader r = TextTraceReader.open(endless, "endless", WarningSink.IGNORE)) {
            TextLine line = new TextLine();
            assertTrue(r.next(line));
            dev.tracesym.formats.TraceFormatException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.tracesym.formats.TraceFormatException.class, () -> r.next(line));
            assertTrue(e.getMessage().startsWith("endless:2: line longer than"), e.getMessage());
        }
    }
}
