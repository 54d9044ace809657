package dev.tracesym.app.pipeline;

import static dev.tracesym.app.pipeline.PipelineSamples.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.app.pipeline.RecordSink.BufferName;
import dev.tracesym.app.pipeline.RecordSink.EventName;
import dev.tracesym.app.pipeline.RecordSink.Key;
import dev.tracesym.formats.json.JsonLinesWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * The direct JSON Lines encoder writes exactly the bytes of the formats module's {@link JsonLinesWriter}
 * for the same records: every event of real traces, and strings that need escaping.
 */
class JsonLineEncoderTest {

    @ParameterizedTest
    @ValueSource(strings = {"events/events.v7-zstd.dat", "reuse/reuse.v7-zstd.dat", "funcgraph/funcgraph.v7-zstd.dat"})
    void sameBytesAsJsonLinesWriterForEveryEvent(String trace) throws IOException {
        byte[] direct = encode(trace, (out, namer) -> new JsonLineEncoder(out, namer));
        byte[] viaRecord = encode(trace, JsonLineEncoderTest::viaJsonLinesWriter);
        assertSame(viaRecord, direct);
    }

    private static RecordSink viaJsonLinesWriter(ByteArrayOutputStream out, SymbolizerNamer namer) {
        try {
            JsonLinesWriter w = new JsonLinesWriter(out);
            return new EventRecordSink(namer, r -> {
                w.write(r);
                w.flush();
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFormatNamingTwoFieldsAlikeGivesOneKeyWithTheFirstValue(@TempDir Path dir) throws IOException {
        // events.v6 with sched_switch's next_pid renamed prev_pid (same length: the file stays valid)
        byte[] dat;
        try (InputStream in = new XZInputStream(Files.newInputStream(data("events/events.v6.dat.xz")))) {
            dat = in.readAllBytes();
        }
        String text = new String(dat, StandardCharsets.ISO_8859_1);
        String from = "field:pid_t next_pid;";
        int at = text.indexOf(from);
        assertTrue(at > 0 && text.indexOf(from, at + 1) < 0, "one sched_switch format");
        System.arraycopy("field:pid_t prev_pid;".getBytes(StandardCharsets.ISO_8859_1), 0, dat, at, from.length());
        Path trace = dir.resolve("twice.dat");
        Files.write(trace, dat);

        byte[] direct = encode(trace, (out, namer) -> new JsonLineEncoder(out, namer));
        byte[] viaRecord = encode(trace, (out, namer) -> viaJsonLinesWriter(out, namer));
        assertSame(viaRecord, direct);
        int switches = 0;
        ObjectMapper json = new ObjectMapper();
        for (String line : new String(direct, StandardCharsets.UTF_8).split("\n")) {
            JsonNode ev = json.readTree(line);
            if (ev.get("event").asText().equals("sched_switch")) {
                switches++;
                assertTrue(line.indexOf("\"prev_pid\"") == line.lastIndexOf("\"prev_pid\""), line);
                assertFalse(ev.get("fields").has("next_pid"), line);
            }
        }
        assertEquals(654, switches);
    }

    @Test
    void stringsAreEscapedAsJacksonEscapesThem() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        JsonLineEncoder direct = new JsonLineEncoder(a, null);
        JsonLinesWriter w = new JsonLinesWriter(b);
        EventRecordSink viaRecord = new EventRecordSink(null, w::write);
        for (RecordSink s : new RecordSink[] {direct, viaRecord}) {
            for (String comm : EscapingCases.COMMS) {
                s.begin(-5, 1, 42, comm, EventName.of("ev\"ent", "sys"), BufferName.of("b\u00fcf"));
                s.integer(Key.of("small"), -12);
                s.integer(Key.of("big"), 1L << 60);
                s.integer(Key.of("edge"), 1L << 53);
                s.integer(Key.of("min"), Long.MIN_VALUE);
                EscapingCases.fields(s, comm);
                s.end();
            }
        }
        direct.finish();
        w.close();
        assertSame(b.toByteArray(), a.toByteArray());
    }

    private static byte[] encode(String trace, BiFunction<ByteArrayOutputStream, SymbolizerNamer, RecordSink> sinks)
            throws IOException {
        return encode(data(trace), sinks);
    }

    private static byte[] encode(Path trace, BiFunction<ByteArrayOutputStream, SymbolizerNamer, RecordSink> sinks)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 << 20);
        RecordSink sink = PipelineSamples.decodeAll(trace, false, namer -> sinks.apply(out, namer));
        if (sink instanceof JsonLineEncoder j) {
            j.finish();
            j.close();
        }
        return out.toByteArray();
    }

    private static void assertSame(byte[] expected, byte[] actual) {
        String e = new String(expected, StandardCharsets.UTF_8);
        String a = new String(actual, StandardCharsets.UTF_8);
        if (!e.equals(a) || expected.length != actual.length) {
            String[] el = e.split("\n", -1);
            String[] al = a.split("\n", -1);
            for (int i = 0; i < Math.min(el.length, al.length); i++) {
                assertEquals(el[i], al[i], "line " + (i + 1));
            }
            assertEquals(el.length, al.length, "lines");
            assertEquals(expected.length, actual.length, "bytes");
        }
    }
}
