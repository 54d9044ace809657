package dev.tracesym.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.SymbolSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracesymSourceTest {
    @TempDir
    static Path dir;
    static Path fleet;

    @BeforeAll
    static void lay() throws IOException {
        fleet = SparkSamples.fleet(dir);
    }

    /** The rows of one trace in order, from a load of the whole fleet. */
    private static List<Row> rowsOf(List<Row> all, String name) {
        List<Row> out = new ArrayList<>();
        for (Row r : all) {
            if (r.getString(r.fieldIndex("name")).equals(name)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every event's symbols equal tracesym report --format jsonl's, field by field, in order. */
    private static void assertSameNames(String jsonl, List<Row> rows) throws IOException {
        ObjectMapper json = new ObjectMapper();
        String[] lines = jsonl.split("\n");
        Row status = rows.get(rows.size() - 1);
        assertEquals(lines.length, rows.size() - 1, "one row per event, then the status row");
        assertEquals(lines.length, status.getStruct(status.fieldIndex("status")).getLong(1));
        int named = 0;
        for (int i = 0; i < lines.length; i++) {
            JsonNode e = json.readTree(lines[i]);
            Row r = rows.get(i);
            String where = "event " + i + ": " + lines[i];
            assertNull(r.get(r.fieldIndex("status")), where);
            assertEquals(e.get("ts").asLong(), r.getLong(r.fieldIndex("ts")), where);
            assertEquals(e.get("cpu").asInt(), r.getInt(r.fieldIndex("cpu")), where);
            assertEquals(e.get("pid").asInt(), r.getInt(r.fieldIndex("pid")), where);
            assertEquals(e.get("comm").asText(), r.getString(r.fieldIndex("comm")), where);
            assertEquals(e.get("event").asText(), r.getString(r.fieldIndex("event")), where);
            assertEquals(e.get("system").asText(), r.getString(r.fieldIndex("system")), where);
            assertEquals(e.get("buffer").asText(), r.getString(r.fieldIndex("buffer")), where);
            Map<String, String> fields = r.getJavaMap(r.fieldIndex("fields"));
            assertEquals(e.get("fields").size(), fields.size(), where);
            for (Iterator<Map.Entry<String, JsonNode>> it = e.get("fields").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                String expected = v.isArray() ? join(v) : v.asText();
                assertEquals(expected, fields.get(f.getKey()), where + " field " + f.getKey());
            }
            Map<String, Row> syms = r.getJavaMap(r.fieldIndex("syms"));
            assertEquals(e.get("syms").size(), syms.size(), where);
            for (Iterator<Map.Entry<String, JsonNode>> it = e.get("syms").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode s = f.getValue();
                Row got = syms.get(f.getKey());
                String w = where + " symbol " + f.getKey();
                assertEquals(Long.parseUnsignedLong(s.get("addr").asText().substring(2), 16), got.getLong(0), w);
                if (s.has("name")) {
                    named++;
                    assertEquals(s.get("name").asText(), got.getString(1), w);
                    assertEquals(s.get("off").asLong(), got.getLong(2), w);
                    assertEquals(s.get("size").asLong(), got.getLong(3), w);
                    assertEquals(s.get("module").isNull() ? null : s.get("module").asText(), got.getString(4), w);
                    assertEquals(s.get("object").isNull() ? null : s.get("object").asText(), got.getString(6), w);
                    assertEquals(s.has("builtin"), got.getBoolean(7), w);
                    assertNull(got.get(8), w);
                } else {
                    assertNull(got.get(1), w);
                    assertEquals(s.get("unknown").asText(), got.getString(8), w);
                }
            }
        }
        assertTrue(named > 10_000, "named " + named);
    }

    private static String join(JsonNode array) {
        List<String> s = new ArrayList<>();
        array.forEach(v -> s.add(v.asText()));
        return String.join(",", s);
    }

    @Test
    void namesEqualTheReportsForEveryEventOfReuseAndEvents() throws IOException {
        List<Row> all = SparkSamples.spark().read().format("tracesym").load(fleet.toString()).collectAsList();
        List<Row> reuse = rowsOf(all, "reuse");
        List<Row> events = rowsOf(all, "events");
        assertEquals(all.size(), reuse.size() + events.size());
        assertSameNames(SparkSamples.jsonl(SparkSamples.data().resolve("reuse/reuse.v7-zstd.dat"),
                SymbolSource.archive(SparkSamples.data().resolve("reuse/snapshots"), SparkSamples.modules()), Outcome.OK), reuse);
        assertSameNames(SparkSamples.jsonl(SparkSamples.data().resolve("events/events.v7-zstd.dat"),
                SymbolSource.archive(SparkSamples.data().resolve("events/snapshots"), SparkSamples.modules()), Outcome.OK), events);
        Row status = reuse.get(reuse.size() - 1).getStruct(reuse.get(0).fieldIndex("status"));
        assertEquals("ok", status.getString(0));
        assertTrue(status.getString(2).contains("reuse.archive/snapshots"), status.getString(2));
        assertTrue(events.get(events.size() - 1).getStruct(11).getString(2).contains("host-e/snapshots"));
    }

    @Test
    void damagedTracesGiveTheirEventsBeforeTheDamageAndAStatusRow(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path cut = in.resolve("cut.dat");
        SparkSamples.cutTrace(cut);
        Files.writeString(in.resolve("notes.dat"), "not a trace\n");
        Files.copy(SparkSamples.data().resolve("events/events.v7-zstd.dat"), in.resolve("plain.dat"));
        Dataset<Row> df = SparkSamples.spark().read().format("tracesym").load(in.toString());
        List<Row> all = df.collectAsList();

        List<Row> cutRows = rowsOf(all, "cut");
        String expected = SparkSamples.jsonl(cut, null, Outcome.DAMAGED);
        int events = expected.split("\n").length;
        assertTrue(events > 1000 && events < 12_719, "events before the damage: " + events);
        assertEquals(events + 1, cutRows.size());
        Row cutStatus = cutRows.get(events).getStruct(11);
        assertEquals("damaged", cutStatus.getString(0));
        assertEquals(events, cutStatus.getLong(1));
        assertTrue(cutStatus.getString(3).contains("cut.dat"), cutStatus.getString(3));

        List<Row> notes = rowsOf(all, "notes");
        assertEquals(1, notes.size());
        assertEquals("unusable", notes.get(0).getStruct(11).getString(0));
        assertTrue(notes.get(0).getStruct(11).getString(3).contains("not a trace-cmd .dat file"), notes.get(0).getStruct(11).getString(3));

        // no archive beside it: its own kallsyms, and the status says so
        List<Row> plain = rowsOf(all, "plain");
        Row plainStatus = plain.get(plain.size() - 1).getStruct(11);
        assertEquals("ok", plainStatus.getString(0));
        assertTrue(plainStatus.getString(2).contains("own kallsyms"), plainStatus.getString(2));
        assertEquals(SparkSamples.jsonl(in.resolve("plain.dat"), null, Outcome.OK).split("\n").length, plain.size() - 1);

        // SQL across traces: one status row per trace
        df.createOrReplaceTempView("t");
        assertEquals(3, SparkSamples.spark().sql("SELECT count(*) FROM t WHERE status IS NOT NULL").first().getLong(0));
    }

    /**
     * A trace whose archive beside it is another boot's (the events sample's snapshots beside the
     * reuse trace) gets no event rows, only a status row saying the archive does not belong to it, as
     * {@code tracesym batch} refuses it; option forceSymbols names with it anyway.
     */
    @Test
    void anArchiveBesideTheTraceThatIsNotItsOwnIsRefused(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(SparkSamples.data().resolve("reuse/reuse.v7-zstd.dat"), in.resolve("reuse.dat"));
        SparkSamples.copyFolder(SparkSamples.data().resolve("events/snapshots"), in.resolve("reuse.archive/snapshots"));
        List<Row> rows = SparkSamples.spark().read().format("tracesym").load(in.toString()).collectAsList();
        assertEquals(1, rows.size(), "only the status row");
        Row status = rows.get(0).getStruct(11);
        assertEquals("unusable", status.getString(0));
        assertEquals(0, status.getLong(1));
        assertTrue(status.getString(3).contains("does not belong to reuse.dat")
                && status.getString(3).contains("another boot of the kernel (KASLR slide)"), status.getString(3));

        List<Row> forced = SparkSamples.spark().read().format("tracesym").option("forceSymbols", "true").load(in.toString())
                .collectAsList();
        assertEquals(12_719 + 1, forced.size());
        assertEquals("ok", forced.get(forced.size() - 1).getStruct(11).getString(0));
    }

    @Test
    void anotherFileSystemGivesTheSameRows() {
        var spark = SparkSamples.spark();
        spark.sparkContext().hadoopConfiguration().set("fs." + OtherSchemeFileSystem.SCHEME + ".impl",
                OtherSchemeFileSystem.class.getName());
        String[] cols = {"name", "buffer", "cpu", "ts", "pid", "comm", "system", "event", "fields", "syms"};
        List<String> local = spark.read().format("tracesym").load(fleet.toString()).where("status IS NULL")
                .selectExpr("to_json(struct(" + String.join(",", cols) + "))").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        Dataset<Row> other = spark.read().format("tracesym").load(OtherSchemeFileSystem.SCHEME + "://" + fleet);
        List<String> remote = other.where("status IS NULL")
                .selectExpr("to_json(struct(" + String.join(",", cols) + "))").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        assertTrue(local.size() > 20_000, "rows " + local.size());
        assertEquals(local, remote);
        for (Row s : other.where("status IS NOT NULL").select("status.*").collectAsList()) {
            assertEquals("ok", s.getString(0), s.toString());
            assertTrue(s.getString(2).startsWith("archive " + OtherSchemeFileSystem.SCHEME + ":"), s.getString(2));
        }
    }
}
