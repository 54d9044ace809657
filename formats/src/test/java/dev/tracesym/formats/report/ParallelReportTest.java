package dev.tracesym.formats.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.PrintkFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report is the same bytes whether its lines are assembled on the render thread or on worker
 * threads, whatever the batch size, on the real samples (function, function_graph, mixed events, every
 * tracepoint; with plugins and with -N -t; with a namer without time and one with).
 */
class ParallelReportTest {
    private static final Map<String, Trace> TRACES = new HashMap<>();

    /** A sample read into memory once: its report input, kallsyms and records. */
    private record Trace(ReportInput input, String kallsyms, List<RawEvent> records) {
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        // allevents: print fmts of every kind, [FAILED TO PARSE] records and plugin_kmem's call sites, which
        // one assembling thread renders in order and several leave to the planning thread
        for (String sample : List.of("reuse", "events", "funcgraph", "allevents")) {
            for (boolean nt : List.of(false, true)) {
                all.add(Arguments.of(sample, nt));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} -N -t={1}")
    @MethodSource("cases")
    void workersWriteTheBytesOfTheSequentialWriter(String sample, boolean noPluginsNs) throws IOException {
        Trace t = trace(sample);
        int all = Integer.MAX_VALUE;
        for (boolean timeless : List.of(true, false)) {
            byte[] expected = report(t, noPluginsNs, timeless, 0, 4096, all);
            assertTrue(expected.length > 100_000, "a real report");
            int[][] shapes = timeless ? new int[][] {{2, 4096}, {1, 500}, {3, 7}} : new int[][] {{2, 64}};
            for (int[] shape : shapes) {
                assertArrayEquals(expected, report(t, noPluginsNs, timeless, shape[0], shape[1], all),
                        sample + " workers=" + shape[0] + " batch=" + shape[1] + " timeless=" + timeless);
            }
        }
        assertArrayEquals(report(t, noPluginsNs, true, 0, 4096, all), report(t, noPluginsNs, true, 0, 1 << 20, all),
                "batch size does not matter without workers either");
        // one record per batch: every handover between the threads, on the first records
        assertArrayEquals(report(t, noPluginsNs, true, 0, 4096, 3000), report(t, noPluginsNs, true, 2, 1, 3000),
                "batches of one record");
    }

    @Test
    void rememberedNamesFollowTheNamersStates() throws IOException {
        for (String sample : List.of("reuse", "funcgraph")) {
            Trace t = trace(sample);
            long later = t.records().get(t.records().size() / 2).ts;
            for (boolean noPluginsNs : List.of(false, true)) {
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                ReportWriter plain = new ReportWriter(t.input(), new KallsymsNamer(t.kallsyms(), false, later),
                        noPluginsNs, noPluginsNs, expected);
                plain.threads(0, 4096);
                plain.write(source(t.records(), Integer.MAX_VALUE, false));
                ByteArrayOutputStream actual = new ByteArrayOutputStream();
                ReportWriter states = new ReportWriter(t.input(), new KallsymsNamer(t.kallsyms(), true, later),
                        noPluginsNs, noPluginsNs, actual);
                states.threads(2, 1000);
                states.write(source(t.records(), Integer.MAX_VALUE, false));
                String text = actual.toString(StandardCharsets.ISO_8859_1);
                assertTrue(text.contains(".later"), "names change half way");
                assertArrayEquals(expected.toByteArray(), actual.toByteArray(), sample + " -N -t=" + noPluginsNs);
            }
        }
    }

    @Test
    void theRecordsBeforeABrokenInputArePrintedAndTheInputsErrorIsThrown() throws IOException {
        Trace t = trace("reuse");
        int cut = 5_000;
        for (int workers : new int[] {0, 2}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReportWriter w = writer(t, false, true, workers, 100, out);
            IOException e = assertThrows(IOException.class, () -> w.write(source(t.records(), cut, true)));
            assertEquals("input broken", e.getMessage());
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            writer(t, false, true, workers, 100, whole).write(source(t.records(), cut, false));
            assertArrayEquals(whole.toByteArray(), out.toByteArray(), "workers=" + workers);
            assertEquals(cut + 1, lines(out.toByteArray()), "cpus= and one line per record (reuse has no multi-line records at its start)");
        }
    }

    @Test
    void aFailingOutputStopsTheReportWithTheOutputsError() throws IOException {
        Trace t = trace("funcgraph");
        for (int workers : new int[] {0, 2}) {
            OutputStream closedPipe = new OutputStream() {
                int written;

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written += len;
                    if (written > 200_000) {
                        throw new IOException("Broken pipe");
                    }
                }
            };
            ReportWriter w = writer(t, false, true, workers, 64, closedPipe);
            IOException e = assertThrows(IOException.class, () -> w.write(source(t.records(), Integer.MAX_VALUE, false)));
            assertEquals("Broken pipe", e.getMessage(), "workers=" + workers);
            assertFalse(Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(th -> th.getName().startsWith("tracesym-render") && th.isAlive()), "workers stopped");
        }
    }

    private static int lines(byte[] b) {
        int n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static byte[] report(Trace t, boolean noPluginsNs, boolean timeless, int workers, int batch, int records)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        writer(t, noPluginsNs, timeless, workers, batch, out).write(source(t.records(), records, false));
        return out.toByteArray();
    }

    private static ReportWriter writer(Trace t, boolean noPluginsNs, boolean timeless, int workers, int batch,
                                       OutputStream out) {
        ReportWriter w = new ReportWriter(t.input(), new KallsymsNamer(t.kallsyms(), timeless), noPluginsNs,
                noPluginsNs, out);
        w.threads(workers, batch);
        return w;
    }

    /** The records, the first {@code limit} of them; then the end, or a failure when {@code fail}. */
    private static EventSource source(List<RawEvent> records, int limit, boolean fail) {
        return new EventSource() {
            int next;

            @Override
            public boolean next(RawEvent into) throws IOException {
                if (next == Math.min(limit, records.size())) {
                    if (fail) {
                        throw new IOException("input broken");
                    }
                    return false;
                }
                RawEvent e = records.get(next++);
                into.data = e.data;
                into.offset = e.offset;
                into.length = e.length;
                into.ts = e.ts;
                into.cpu = e.cpu;
                into.buffer = e.buffer;
                into.missedBefore = e.missedBefore;
                into.filePosition = e.filePosition;
                return true;
            }
        };
    }

    private static synchronized Trace trace(String sample) throws IOException {
        Trace t = TRACES.get(sample);
        if (t != null) {
            return t;
        }
        try (DatFile dat = DatFile.open(dataDir().resolve(sample).resolve(sample + ".v7-zstd.dat"))) {
            Map<String, List<String>> systems = new LinkedHashMap<>();
            for (EventSystem s : dat.eventSystems()) {
                systems.computeIfAbsent(s.name(), k -> new ArrayList<>()).addAll(s.formats());
            }
            EventFormats formats = EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
            List<String> buffers = new ArrayList<>();
            for (BufferInfo b : dat.buffers()) {
                buffers.add(b.name());
            }
            ReportInput input = new ReportInput(formats, PrintkFormats.parse(dat.printkFormats()),
                    dat.cmdlines() == null ? null : dat.cmdlines().getBytes(StandardCharsets.UTF_8), dat.cpuCount(),
                    buffers, dat.timestampsInNs());
            List<RawEvent> records = new ArrayList<>();
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                RawEvent c = new RawEvent();
                c.data = Arrays.copyOfRange(e.data, e.offset, e.offset + e.length);
                c.length = e.length;
                c.ts = e.ts;
                c.cpu = e.cpu;
                c.buffer = e.buffer;
                c.missedBefore = e.missedBefore;
                c.filePosition = e.filePosition;
                records.add(c);
            }
            t = new Trace(input, dat.kallsyms() == null ? "" : dat.kallsyms(), records);
        }
        TRACES.put(sample, t);
        return t;
    }

    private static Path dataDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    /**
     * Names addresses from kallsyms text: the last symbol at or below the address. Not trace-cmd's exact
     * lookup (the app's TraceCmdNamer is); enough to give the writer real names, name keys and misses.
     * From {@code later} on every name gets a {@code .later} suffix (a second symbol state).
     */
    static final class KallsymsNamer implements ReportNamer {
        private final long[] start;
        private final String[] name;
        private final int[] key;
        private final int keys;
        private final boolean promise;
        private final long later;
        private final Object before = new Object();
        private final Object after = new Object();

        KallsymsNamer(String kallsyms, boolean promise) {
            this(kallsyms, promise, Long.MAX_VALUE);
        }

        /** @param promise whether {@link #stateAt} tells the writer the state (else null) */
        KallsymsNamer(String kallsyms, boolean promise, long later) {
            this.promise = promise;
            this.later = later;
            List<long[]> rows = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String line : kallsyms.split("\n")) {
                String[] f = line.split("[ \t]+");
                if (f.length < 3 || f[1].equalsIgnoreCase("a")) {
                    continue;
                }
                rows.add(new long[] {Long.parseUnsignedLong(f[0], 16), names.size()});
                names.add(f[2]);
            }
            rows.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
            start = new long[rows.size()];
            name = new String[rows.size()];
            key = new int[rows.size()];
            Map<String, Integer> byName = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                start[i] = rows.get(i)[0];
                name[i] = names.get((int) rows.get(i)[1]);
                key[i] = byName.computeIfAbsent(name[i], k -> byName.size());
            }
            keys = byName.size();
        }

        @Override
        public Object stateAt(long ts) {
            return !promise ? null : ts >= later ? after : before;
        }

        @Override
        public int find(long ts, long addr) {
            int lo = 0;
            int hi = start.length - 1;
            int found = NONE;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (Long.compareUnsigned(start[mid], addr) <= 0) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found == NONE || ts < later ? found : found + start.length;
        }

        private String text(int symbol) {
            return symbol < start.length ? name[symbol] : name[symbol - start.length] + ".later";
        }

        @Override
        public int nameKey(int symbol) {
            return symbol < start.length ? key[symbol] : key[symbol - start.length] + keys;
        }

        @Override
        public String functionName(int symbol) {
            return text(symbol);
        }

        @Override
        public String moduleName(int symbol) {
            return null;
        }

        @Override
        public long start(int symbol) {
            return start[symbol % start.length];
        }

        @Override
        public void append(dev.tracesym.formats.event.ByteText out, int symbol, long addr, int style) {
            out.append(text(symbol));
            if (style == NAME_OFFSET) {
                out.append("+0x");
                out.appendHex(addr - start(symbol));
            }
        }

        @Override
        public boolean append(StringBuilder out, long ts, long addr, int style) {
            int s = find(ts, addr);
            if (s == NONE) {
                return false;
            }
            out.append(text(s));
            if (style == NAME_OFFSET) {
                out.append("+0x").append(Long.toHexString(addr - start(s)));
            }
            return true;
        }
    }
}
