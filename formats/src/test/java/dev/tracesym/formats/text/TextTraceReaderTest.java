package dev.tracesym.formats.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The readers on the real sample texts: every line parsed, counts and contexts checked independently. */
class TextTraceReaderTest {

    /** What the tests compare of an event line. */
    record Event(long ts, int cpu, int pid, String comm, String buffer, String event, int syms) {}

    static List<String> lines(String f) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new java.io.ByteArrayInputStream(SampleFiles.bytes(f)), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                out.add(l);
            }
        }
        return out;
    }

    static List<Event> events(String f, TextFormat expected) throws IOException {
        List<Event> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (TextTraceReader r = SampleFiles.reader(f, (s, l, m) -> warnings.add(l + ": " + m))) {
            assertEquals(expected, r.format(), "sniffed format of " + f);
            TextLine line = new TextLine();
            while (r.next(line)) {
                if (line.kind == TextLine.EVENT) {
                    out.add(new Event(line.ts, line.cpu, line.pid, line.comm, line.buffer, line.event, line.syms.count));
                }
            }
            assertEquals(List.of(), warnings, "every line of " + f + " understood");
            assertEquals(0, r.garbageLines());
        }
        return out;
    }

    static long kinds(String f, byte kind) throws IOException {
        long n = 0;
        try (TextTraceReader r = SampleFiles.reader(f, WarningSink.IGNORE)) {
            TextLine line = new TextLine();
            while (r.next(line)) {
                if (line.kind == kind) {
                    n++;
                }
            }
        }
        return n;
    }

    static Arguments[] samples() {
        return new Arguments[] {
            Arguments.of("text/reuse-042-final.trace.xz", TextFormat.FTRACE),
            Arguments.of("text/events-009-final.trace.xz", TextFormat.FTRACE),
            Arguments.of("text/funcgraph-004-final.trace.xz", TextFormat.FTRACE),
            Arguments.of("reuse/reuse.report.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("reuse/reuse.report-N-t.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("text/reuse.report-l.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("events/events.report.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("events/events.report-N-t.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("text/events.report-R.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("text/events.report-l.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("funcgraph/funcgraph.report.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("funcgraph/funcgraph.report-N-t.txt.xz", TextFormat.TRACE_CMD),
            Arguments.of("text/perf-script.txt.xz", TextFormat.PERF_SCRIPT),
            Arguments.of("text/perf-script-ipsym.txt.xz", TextFormat.PERF_SCRIPT),
        };
    }

    // ftrace: "comm-pid [(tgid)] [cpu] [flags] secs.frac: payload"
    static final Pattern FTRACE = Pattern.compile("^\\s*([^\\[(]+?)-(\\d+)\\s+(?:\\(\\s*[-\\d]+\\)\\s+)?\\[(\\d+)\\]\\s+(?:[.\\w]{4,6}\\s+)?(\\d+\\.\\d+): ");
    // trace-cmd: "[buf:] comm-pid [cpu] secs.frac: event:" or the -l form "comm-pid cpu+flags secs.frac: event:"
    static final Pattern TRACE_CMD = Pattern.compile("^(?:(\\w+):)?\\s*([^\\[]+?)-(\\d+)\\s+(?:\\[(\\d+)\\]|(\\d+)[.\\w]+)\\s+(\\d+\\.\\d+): (\\w+):");
    // function_graph with funcgraph-abstime and funcgraph-proc: "secs.frac |   cpu)  comm-pid   |"
    static final Pattern GRAPH = Pattern.compile("^\\s*(\\d+\\.\\d+) \\|\\s+(\\d+)\\)\\s+(.+?)-(\\d+)\\s+\\|");
    // perf script: "comm tid [cpu] secs.frac: [period] event:"
    static final Pattern PERF = Pattern.compile("^(.+?)\\s+(\\d+)\\s+\\[(\\d+)\\]\\s+(\\d+\\.\\d+):\\s+(?:\\d+\\s+)?([-\\w:]+):");

    static long ns(String secs) {
        return new BigDecimal(secs).movePointRight(9).longValueExact();
    }

    /** Every event line's context, read by an independent (regex) parse of the same file, in file order. */
    static List<Event> independent(String f, TextFormat format) throws IOException {
        List<Event> out = new ArrayList<>();
        for (String l : lines(f)) {
            if (l.isEmpty() || l.charAt(0) == '#' || l.charAt(0) == '\t' || l.startsWith(" =>") || l.startsWith("=>")) {
                continue;
            }
            Matcher m;
            switch (format) {
                case FTRACE:
                    if ((m = GRAPH.matcher(l)).find()) {
                        out.add(new Event(ns(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4)), m.group(3).trim(), "", null, -1));
                    } else if ((m = FTRACE.matcher(l)).find()) {
                        out.add(new Event(ns(m.group(4)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), m.group(1).trim(), "", null, -1));
                    }
                    break;
                case TRACE_CMD:
                    if ((m = TRACE_CMD.matcher(l)).find()) {
                        int cpu = Integer.parseInt(m.group(4) != null ? m.group(4) : m.group(5));
                        out.add(new Event(ns(m.group(6)), cpu, Integer.parseInt(m.group(3)), m.group(2).trim(),
                                m.group(1) != null ? m.group(1) : "", m.group(7), -1));
                    }
                    break;
                default:
                    if ((m = PERF.matcher(l)).find()) {
                        out.add(new Event(ns(m.group(4)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), m.group(1).trim(), "", null, -1));
                    }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventLineHasTheContextAnIndependentParseFinds(String file, TextFormat format) throws IOException {
        String f = file;
        List<Event> got = events(f, format);
        List<Event> want = independent(f, format);
        // function_graph lines without abstime/proc (none in these samples) would be missing from "want"
        List<Event> timed = got.stream().filter(e -> e.comm() != null).toList();
        assertEquals(want.size(), timed.size(), "event lines with a context in " + file);
        for (int i = 0; i < want.size(); i++) {
            Event w = want.get(i);
            Event g = timed.get(i);
            String where = file + " event " + i;
            assertEquals(w.ts(), g.ts(), where + " ts");
            assertEquals(w.cpu(), g.cpu(), where + " cpu");
            assertEquals(w.pid(), g.pid(), where + " pid");
            assertEquals(w.comm(), g.comm(), where + " comm");
            assertEquals(w.buffer(), g.buffer(), where + " buffer");
            if (w.event() != null) {
                assertEquals(w.event(), g.event(), where + " event");
            }
        }
    }

    /**
     * The kernel's function_graph text with funcgraph-args (Linux 6.16: {@code do_sys_openat2(dfd=4294967196,
     * filename=0x..., how=0x...) {}, a struct by value as {@code kuid=(STRUCT)[0x0]}) and with funcgraph-retval
     * (the return value in a comment after a leaf): every call line is read as a graph entry or leaf of its function.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"args-3.4/args.trace.xz", "retval-3.4/retval.trace.xz"})
    void functionGraphWithArgumentsOrReturnValuesIsReadLineByLine(String f) throws IOException {
        List<String> calls = new ArrayList<>();
        for (String l : lines(f)) {
            Matcher m = Pattern.compile("^\\s*\\d+\\)[^|]*\\|\\s+([\\w.]+)\\(.*(?:\\) \\{|;.*)$").matcher(l);
            if (m.matches()) {
                calls.add(m.group(1));
            }
        }
        List<String> read = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (TextTraceReader r = SampleFiles.reader(f, (s, l, m) -> warnings.add(l + ": " + m))) {
            TextLine line = new TextLine();
            while (r.next(line)) {
                if (line.graph == TextLine.GRAPH_ENTRY || line.graph == TextLine.GRAPH_LEAF) {
                    read.add(line.syms.count > 0 ? "" + line.syms.count : "none");
                }
            }
        }
        assertEquals(List.of(), warnings, "every line of " + f + " understood");
        assertTrue(calls.size() > 500, f + ": " + calls.size() + " calls");
        assertEquals(calls.size(), read.size(), "every call line read as an entry or a leaf");
        assertFalse(read.contains("none"), "each with its function");
    }

    @Test
    void ftraceTextHasAsManyEventsAsItsHeaderSays() throws IOException {
        for (String file : List.of("text/reuse-042-final.trace.xz", "text/events-009-final.trace.xz")) {
            String f = file;
            List<String> lines = lines(f);
            long entries = lines.stream().filter(l -> l.startsWith("# entries-in-buffer/entries-written: "))
                    .mapToLong(l -> Long.parseLong(l.split("[:/ ]+")[3])).findFirst().orElseThrow();
            assertEquals(entries, events(f, TextFormat.FTRACE).size(), file + " events");
            long frames = lines.stream().filter(l -> l.startsWith(" => ")).count();
            assertEquals(frames, kinds(f, TextLine.FRAME), file + " stack frames");
            assertTrue(frames > 0 || file.contains("reuse"));
        }
    }

    /** The kernel's text and trace-cmd's report of the same buffer: same events in the same order. */
    @Test
    void kernelTextAndTraceCmdReportAgreeEventByEvent() throws IOException {
        String[][] pairs = {
            {"text/reuse-042-final.trace.xz", "reuse/reuse.report-N-t.txt.xz"},
            {"text/events-009-final.trace.xz", "events/events.report-N-t.txt.xz"},
            {"text/funcgraph-004-final.trace.xz", "funcgraph/funcgraph.report.txt.xz"},
        };
        for (String[] p : pairs) {
            List<Event> kernel = events(p[0], TextFormat.FTRACE);
            List<Event> report = events(p[1], TextFormat.TRACE_CMD).stream()
                    .filter(e -> e.buffer().isEmpty()).toList();
            assertEquals(report.size(), kernel.size(), p[0] + " vs " + p[1]);
            for (int i = 0; i < kernel.size(); i++) {
                Event k = kernel.get(i);
                Event r = report.get(i);
                // µs in the kernel's text (function_graph truncates, the rest rounds), ns or rounded µs in trace-cmd's
                long delta = r.ts() - k.ts();
                assertTrue(Math.abs(delta) <= 1000, p[0] + " event " + i + ": " + k + " vs " + r);
                assertEquals(r.cpu(), k.cpu(), p[0] + " event " + i);
                assertEquals(r.pid(), k.pid(), p[0] + " event " + i);
                assertTrue(r.comm().startsWith(k.comm()), p[0] + " event " + i + ": " + k.comm() + " vs " + r.comm());
            }
        }
    }

    @Test
    void perfSamplesAndFramesAreAllRead() throws IOException {
        for (String file : List.of("text/perf-script.txt.xz", "text/perf-script-ipsym.txt.xz")) {
            String f = file;
            List<String> lines = lines(f);
            long samples = lines.stream().filter(l -> !l.isEmpty() && !l.startsWith("\t")).count();
            long frames = lines.stream().filter(l -> l.startsWith("\t")).count();
            long kernelFrames = lines.stream().filter(l -> l.startsWith("\t") && l.trim().startsWith("ffff") && l.trim().length() > 16
                    && l.endsWith("])")).count();
            assertEquals(samples, events(f, TextFormat.PERF_SCRIPT).size(), file);
            assertEquals(frames, kinds(f, TextLine.FRAME), file);
            long syms = 0;
            try (TextTraceReader r = SampleFiles.reader(f, WarningSink.IGNORE)) {
                TextLine line = new TextLine();
                while (r.next(line)) {
                    SymbolRefs s = line.syms;
                    for (int i = 0; i < s.count; i++) {
                        syms++;
                        // the ip column is the address the symbol was read for
                        String text = line.text().trim();
                        assertTrue(text.startsWith(Long.toHexString(s.addr[i]) + " "), text);
                    }
                }
            }
            assertEquals(kernelFrames, syms, file + " kernel frames");
        }
    }

    /** A sym-addr symbol's address is exactly the {@code <hex>} printed after its text. */
    @ParameterizedTest
    @MethodSource("samples")
    void symbolAddressesAreThoseThePrintedNextToThem(String file, TextFormat format) throws IOException {
        int checked = 0;
        try (TextTraceReader r = SampleFiles.reader(file, WarningSink.IGNORE)) {
            TextLine line = new TextLine();
            while (r.next(line)) {
                SymbolRefs s = line.syms;
                for (int i = 0; i < s.count; i++) {
                    if (s.start[i] >= s.end[i] || s.nameStart[i] >= s.nameEnd[i] || i > 0 && s.start[i] < s.end[i - 1]) {
                        fail("spans empty or out of order: " + line.text());
                    }
                    int a = s.end[i];
                    if (s.has(i, SymbolRefs.HAS_ADDR) && a + 2 < line.end && line.buf[a] == ' ' && line.buf[a + 1] == '<'
                            && line.buf[a + 2] != '-') {
                        assertEquals(" <" + String.format("%016x", s.addr[i]) + ">", line.text(a, Math.min(line.end, a + 19)));
                        checked++;
                    }
                    if (s.has(i, SymbolRefs.HAS_ADDR) && s.has(i, SymbolRefs.RAW) && format != TextFormat.PERF_SCRIPT) {
                        // a raw symbol slot "0x...", or a bare address printed without a symbol (structured output only)
                        String raw = line.text(s.start[i], s.end[i]);
                        assertEquals(s.has(i, SymbolRefs.VALUE_ONLY) && !raw.startsWith("0x") ? String.format("%016x", s.addr[i])
                                : "0x" + Long.toHexString(s.addr[i]), raw);
                    }
                    if (s.has(i, SymbolRefs.HAS_OFFSET) && checked % 16 == 0) {
                        String span = line.text(s.start[i], s.end[i]);
                        assertTrue(span.contains("+0x" + Long.toHexString(s.offset[i])), span);
                    }
                }
            }
        }
        if (file.endsWith(".trace.xz") && !file.contains("funcgraph")) {
            assertTrue(checked > 1000, file + ": sym-addr symbols checked " + checked);
        }
    }

    @Test
    void timestampsAreExactIntegersOfNanoseconds() {
        byte[] b = "5.126629 5.126629123 12345.000001 0.9 123456789012".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5_126_629_000L, Ascii.parseTimestamp(b, 0, 8));
        assertEquals(5_126_629_123L, Ascii.parseTimestamp(b, 9, 20));
        assertEquals(12_345_000_001_000L, Ascii.parseTimestamp(b, 21, 33));
        assertEquals(900_000_000L, Ascii.parseTimestamp(b, 34, 37));
        assertEquals(123_456_789_012L, Ascii.parseTimestamp(b, 38, 50));
        byte[] bad = "5. .5 1.1234567890".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Ascii.NOT_A_NUMBER, Ascii.parseTimestamp(bad, 0, 2));
        assertEquals(Ascii.NOT_A_NUMBER, Ascii.parseTimestamp(bad, 3, 5));
        assertEquals(Ascii.NOT_A_NUMBER, Ascii.parseTimestamp(bad, 6, 18));
    }

    @Test
    void notTraceTextIsRejectedWithTheSourceName() throws IOException {
        try {
            TextTraceReader.open(new java.io.ByteArrayInputStream("hello\nworld\n".getBytes(StandardCharsets.US_ASCII)),
                    "greeting.txt", WarningSink.IGNORE);
            fail("accepted");
        } catch (dev.tracesym.formats.TraceFormatException e) {
            assertTrue(e.getMessage().startsWith("greeting.txt:1: "), e.getMessage());
        }
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        try (TextTraceReader r = TextTraceReader.open(new java.io.ByteArrayInputStream(new byte[0]), "<stdin>", WarningSink.IGNORE)) {
            assertFalse(r.next(new TextLine()));
        }
    }
}
