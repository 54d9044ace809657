package dev.tracesym.spark;

import dev.tracesym.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TracesymSparkJobTest {
    @TempDir
    static Path dir;
    static Path fleet;

    @BeforeAll
    static void lay() throws IOException {
        fleet = SparkSamples.fleet(dir);
        // a damaged trace and a file that is no trace: they must not fail the job
        SparkSamples.cutTrace(fleet.resolve("cut.dat"));
        Files.writeString(fleet.resolve("notes.dat"), "not a trace\n");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run job(String... args) {
        SparkSamples.spark();   // the job runs in the tests' session, as spark-submit would give it one
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = TracesymSparkJob.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static int batch(String... args) {
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setErr(oldErr);
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<String> l = new ArrayList<>(s.map(p -> p.getFileName().toString()).toList());
            Collections.sort(l);
            return l;
        }
    }

    private static void assertSameFolder(Path expected, Path actual) throws IOException {
        assertEquals(names(expected), names(actual));
        for (String n : names(expected)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)), n);
        }
    }

    @Test
    void textAndJsonlOutputsEqualTracesymBatchByteForByte() throws IOException {
        for (String format : new String[] {"jsonl", "text"}) {
            Path expected = dir.resolve("batch-" + format);
            Path actual = dir.resolve("spark-" + format);
            assertEquals(1, batch("batch", "--no-progress", "--format", format, "-o", expected.toString(), fleet.toString()));
            Run r = job("--format", format, "-o", actual.toString(), fleet.toString());
            assertEquals(1, r.code(), r.err());    // as batch: two traces failed, the rest written
            assertSameFolder(expected, actual);
            assertEquals(List.of("events" + (format.equals("text") ? ".report.txt" : ".jsonl"),
                    "reuse" + (format.equals("text") ? ".report.txt" : ".jsonl")), names(actual));
            assertTrue(r.err().contains("2 of 4 traces written"), r.err());
            assertTrue(r.out().startsWith(TraceOutcome.HEADER + "\n"), r.out());
            assertTrue(r.out().contains("cut.dat\tfailed\t-\t"), r.out());
            assertTrue(r.out().contains("notes.dat\tfailed\t-\t"), r.out());
            assertTrue(r.out().contains("reuse.dat\tok\t"), r.out());
        }
        // --partial-ok keeps what was read of the damaged trace, as batch does
        Path expected = dir.resolve("batch-partial");
        Path actual = dir.resolve("spark-partial");
        batch("batch", "--no-progress", "--partial-ok", "--format", "jsonl", "-o", expected.toString(), fleet.toString());
        Run r = job("--format", "jsonl", "--partial-ok", "-o", actual.toString(), fleet.toString());
        assertSameFolder(expected, actual);
        assertTrue(r.out().contains("cut.dat\tdamaged\t"), r.out());
        // one archive for all
        expected = dir.resolve("batch-given");
        actual = dir.resolve("spark-given");
        String snapshots = SparkSamples.data().resolve("reuse/snapshots").toString();
        batch("batch", "--no-progress", "--format", "jsonl", "--archive", snapshots, "-o", expected.toString(), fleet.resolve("reuse.dat").toString());
        r = job("--format", "jsonl", "--archive", snapshots, "-o", actual.toString(), fleet.resolve("reuse.dat").toString());
        assertEquals(0, r.code(), r.err());
        assertSameFolder(expected, actual);
    }

    /** A trace whose archive beside it is not its own fails as in tracesym batch; --force-symbols writes it. */
    @Test
    void anArchiveBesideTheTraceThatIsNotItsOwnFailsThatTrace() throws IOException {
        Path in = Files.createDirectories(dir.resolve("wrong"));
        Files.copy(SparkSamples.data().resolve("reuse/reuse.v7-zstd.dat"), in.resolve("reuse.dat"));
        SparkSamples.copyFolder(SparkSamples.data().resolve("events/snapshots"), in.resolve("reuse.archive/snapshots"));
        Files.copy(SparkSamples.data().resolve("events/events.v7-zstd.dat"), in.resolve("events.dat"));
        SparkSamples.copyFolder(SparkSamples.data().resolve("events/snapshots"), in.resolve("events.archive/snapshots"));
        Run r = job("--format", "jsonl", "-o", dir.resolve("wrong-out").toString(), in.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("reuse.dat\tfailed\t-\t"), r.out());
        assertTrue(r.out().contains("does not belong to reuse.dat"), r.out());
        assertTrue(r.out().contains("events.dat\tok\t"), r.out());
        assertEquals(List.of("events.jsonl"), names(dir.resolve("wrong-out")));
        r = job("--format", "jsonl", "--force-symbols", "-o", dir.resolve("wrong-forced").toString(), in.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("events.jsonl", "reuse.jsonl"), names(dir.resolve("wrong-forced")));
    }

    @Test
    void anOutputFolderInsideAnArchiveTheRunReadsIsRefused() throws IOException {
        // as tracesym batch: the job's files and the committer's _temporary never go into an archive
        Path own = fleet.resolve("host-e/snapshots");
        List<String> before = names(own);
        for (String format : new String[] {"jsonl", "parquet"}) {
            Run r = job("--format", format, "-o", own.resolve("out").toString(), fleet.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("refusing to write into " + own.resolve("out") + ": it is inside "), r.err());
            assertEquals(before, names(own));
        }
        Path given = dir.resolve("given-archive");
        SparkSamples.copyFolder(SparkSamples.data().resolve("reuse/snapshots"), given);
        before = names(given);
        Run r = job("--format", "text", "--archive", given.toString(), "-o", given.toString(), fleet.resolve("reuse.dat").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(before, names(given));
    }

    @Test
    void parquetRoundTripsTheSourcesRows() {
        Path out = dir.resolve("parquet");
        Run r = job("--format", "parquet", "-o", out.toString(), fleet.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("reuse.dat\tok\t"), r.out());
        assertTrue(r.out().contains("cut.dat\tfailed\t"), r.out());
        Dataset<Row> source = SparkSamples.spark().read().format("tracesym").load(fleet.toString());
        Dataset<Row> back = SparkSamples.spark().read().parquet(out.toString());
        String[] cols = EventSchema.SCHEMA.fieldNames();
        List<String> a = source.selectExpr("to_json(struct(*))").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        List<String> b = back.select(cols[0], java.util.Arrays.copyOfRange(cols, 1, cols.length)).selectExpr("to_json(struct(*))")
                .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        assertTrue(a.size() > 30_000, "rows: " + a.size());
        List<String> sa = new ArrayList<>(a);
        List<String> sb = new ArrayList<>(b);
        Collections.sort(sa);
        Collections.sort(sb);
        assertEquals(sa, sb);
        // a query across traces: calls per function and module
        back.createOrReplaceTempView("events");
        List<Row> top = SparkSamples.spark().sql("SELECT s.name, s.module, count(*) AS calls FROM events "
                + "LATERAL VIEW explode(syms) AS field, s WHERE event = 'function' AND field = 'ip' AND s.module IS NOT NULL "
                + "GROUP BY s.name, s.module ORDER BY calls DESC, s.name LIMIT 5").collectAsList();
        assertEquals(5, top.size());
    }
}
