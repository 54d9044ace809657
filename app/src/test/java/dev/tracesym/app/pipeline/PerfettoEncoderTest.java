package dev.tracesym.app.pipeline;

import static dev.tracesym.app.pipeline.PipelineSamples.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.app.pipeline.RecordSink.BufferName;
import dev.tracesym.app.pipeline.RecordSink.EventName;
import dev.tracesym.app.pipeline.RecordSink.Key;
import dev.tracesym.formats.json.EventRecord;
import dev.tracesym.formats.json.PerfettoWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct Perfetto encoder writes exactly the bytes of the formats module's {@link PerfettoWriter}
 * for the same records: every event of real traces (function events, function_graph slices, stacks,
 * printk), strings that need escaping, and slices whose entry or return is missing.
 */
class PerfettoEncoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"events/events.v7-zstd.dat", "reuse/reuse.v7-zstd.dat", "funcgraph/funcgraph.v7-zstd.dat"})
    void sameBytesAsPerfettoWriterForEveryEvent(String trace) throws IOException {
        byte[] direct = encode(trace, true);
        byte[] viaRecord = encode(trace, false);
        assertSame(viaRecord, direct);
        JsonNode doc = new ObjectMapper().readTree(direct);
        assertTrue(doc.get("traceEvents").size() > 10_000, "every event is there");
    }

    /** Each record of a trace of function and sched events is one event of the document, in the trace's order. */
    @Test
    void everyRecordIsAnEventOfTheDocumentInOrder() throws IOException {
        List<Long> times = new ArrayList<>();
        PipelineSamples.decodeAll(data("events/events.v7-zstd.dat"), true, namer -> new EventRecordSink(namer, r -> times.add(r.ts)));
        JsonNode doc = new ObjectMapper().readTree(encode("events/events.v7-zstd.dat", true));
        int i = 0;
        for (JsonNode ev : doc.get("traceEvents")) {
            if (ev.get("ph").asText().equals("M")) {
                continue;
            }
            assertEquals("i", ev.get("ph").asText(), "event " + i);
            // ts is µs with three decimals: the record's ns exactly
            assertEquals(times.get(i), new BigDecimal(ev.get("ts").asText()).movePointRight(3).longValueExact(),
                    "event " + i);
            i++;
        }
        assertEquals(times.size(), i, "events");
        assertTrue(times.size() > 10_000, "every record of the trace: " + times.size());
    }

    /** A full disk or a closed pipe: the next record or the end says so (the stream's message), nothing hangs. */
    @Test
    void aFailingOutputStopsTheEncoderWithTheStreamsFailure() {
        OutputStream full = new OutputStream() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > 1 << 20) {
                    throw new IOException("No space left on device");
                }
                written += len;
            }
        };
        IOException e = assertThrows(IOException.class, () -> assertTimeoutPreemptively(
                Duration.ofSeconds(60), () -> {
                    PerfettoEncoder direct = new PerfettoEncoder(full, null);
                    try {
                        for (int n = 0; n < 10_000_000; n++) {
                            direct.begin(1_000_000L + n, n % 2, 7, "comm", EventName.of("function", "ftrace"), BufferName.of(""));
                            direct.integer(Key.of("n"), n);
                            direct.end();
                        }
                        direct.finish();
                    } finally {
                        direct.close();
                    }
                }));
        assertTrue(String.valueOf(e.getMessage()).contains("No space left on device"), e.toString());
    }

    @Test
    void escapingAndUnbalancedSlicesAsPerfettoWriter() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PerfettoEncoder direct = new PerfettoEncoder(a, null);
        PerfettoWriter w = new PerfettoWriter(b);
        EventRecordSink viaRecord = new EventRecordSink(null, w::write);
        byte[] phases = {EventRecord.INSTANT, EventRecord.BEGIN, EventRecord.END, EventRecord.END, EventRecord.COMPLETE,
            EventRecord.BEGIN, EventRecord.BEGIN};
        for (RecordSink s : new RecordSink[] {direct, viaRecord}) {
            int n = 0;
            for (String comm : EscapingCases.COMMS) {
                for (byte phase : phases) {
                    n++;
                    s.begin(-5 + 1_000_003L * n, 1, 40 + n % 3, comm, EventName.of("ev\"ent", n % 2 == 0 ? "" : "sys"),
                            BufferName.of(n % 4 == 0 ? "" : "b\u00fcf"));
                    s.integer(Key.of("small"), -12);
                    s.integer(Key.of("big"), 1L << 60);
                    s.integer(Key.of("small"), 7); // a repeated key keeps its first value
                    EscapingCases.fields(s, comm);
                    s.symbol(Key.of("ip"), 0xffffffffc02d4000L, -2);
                    s.slice(phase, n % 5 == 0 ? -1 : 1234, 0xffffffffc02d4000L, n % 2 == 0 ? RecordSink.NO_FUNCTION : -3);
                    s.end();
                }
            }
        }
        direct.finish();
        direct.close();
        w.close();
        assertSame(b.toByteArray(), a.toByteArray());
        new ObjectMapper().readTree(a.toByteArray());
    }

    @Test
    void aRecordWithAHundredThousandFieldsIsWrittenInLinearTime() throws IOException {
        // a key was looked for among all the record's keys before it: 10^5 fields took minutes (a hang)
        int n = 100_000;
        Key[] keys = new Key[n];
        for (int i = 0; i < n; i++) {
            keys[i] = Key.of("f" + (i % 90_000)); // the last 10,000 repeat earlier ones: the first value counts
        }
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PerfettoEncoder direct = new PerfettoEncoder(a, null);
        PerfettoWriter w = new PerfettoWriter(b);
        EventRecordSink viaRecord = new EventRecordSink(null, w::write);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (RecordSink s : new RecordSink[] {direct, viaRecord}) {
                for (int round = 0; round < 2; round++) { // the second record starts with no keys seen
                    s.begin(1000 + round, 0, 1, "c", EventName.of("many", "sys"), BufferName.of(""));
                    for (int i = 0; i < n; i++) {
                        s.integer(keys[i], i);
                        s.symbol(keys[i], 0xffffffffc02d4000L + i, -3);
                    }
                    s.end();
                }
            }
            direct.finish();
        });
        direct.close();
        w.close();
        assertSame(b.toByteArray(), a.toByteArray());
        JsonNode first = null;
        for (JsonNode ev : new ObjectMapper().readTree(a.toByteArray()).get("traceEvents")) {
            if (first == null && ev.has("args") && ev.get("args").has("fields")) {
                first = ev.get("args");
            }
        }
        assertEquals(90_000, first.get("fields").size());
        assertEquals(89_999, first.get("fields").get("f89999").asInt(), "the first value of a repeated key");
        assertEquals(90_000, first.get("syms").size());
    }

    private static byte[] encode(String trace, boolean direct) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 << 20);
        if (direct) {
            PerfettoEncoder encoder = PipelineSamples.decodeAll(data(trace), true, namer -> new PerfettoEncoder(out, namer));
            encoder.finish();
            encoder.close();
        } else {
            PerfettoWriter writer = new PerfettoWriter(out);
            PipelineSamples.decodeAll(data(trace), true, namer -> new EventRecordSink(namer, r -> {
                try {
                    writer.write(r);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            writer.close();
        }
        return out.toByteArray();
    }

    private static void assertSame(byte[] expected, byte[] actual) {
        String e = new String(expected, StandardCharsets.UTF_8);
        String a = new String(actual, StandardCharsets.UTF_8);
        if (!e.equals(a)) {
            String[] el = e.split("\\},\\{", -1);
            String[] al = a.split("\\},\\{", -1);
            for (int i = 0; i < Math.min(el.length, al.length); i++) {
                assertEquals(el[i], al[i], "event " + (i + 1));
            }
            assertEquals(el.length, al.length, "events");
        }
        assertEquals(expected.length, actual.length, "bytes");
    }
}
