package dev.tracesym.app.cli;

import dev.tracesym.app.Main;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchCliTest {
    private static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/data"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/data not found above " + Path.of("").toAbsolutePath());
        return p.resolve("samples/data");
    }

    @Test
    void badTraceIsReportedAndTheRestIsWritten(@TempDir Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path good = in.resolve("reuse.dat");
        Files.copy(samples().resolve("reuse/reuse.v7-zstd.dat"), good);
        Files.copy(samples().resolve("events/events.v6.dat.xz"), in.resolve("events.dat.xz"));
        Path bad = in.resolve("broken.dat");
        Files.writeString(bad, "this is not a trace\n");
        byte[] before = Files.readAllBytes(good);
        Path out = dir.resolve("out");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = withErr(err, "batch", "--no-progress", "-o", out.toString(), in.toString());
        String messages = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.FAILURE, code, messages);
        assertTrue(messages.contains("2 of 3 traces"), messages);
        assertTrue(messages.contains("broken.dat"), messages);
        // The outputs are trace-cmd reports of the inputs: first line cpus=N, then events.
        List<String> reuse = Files.readAllLines(out.resolve("reuse.report.txt"), StandardCharsets.ISO_8859_1);
        assertEquals("cpus=2", reuse.get(0));
        assertTrue(reuse.size() > 12_000, "reuse report has " + reuse.size() + " lines");
        assertTrue(Files.size(out.resolve("events.report.txt")) > 1_000_000);
        // Inputs untouched; no temporary file left behind.
        assertArrayEquals(before, Files.readAllBytes(good));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("events.report.txt", "reuse.report.txt"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void anOutputThatWouldOverwriteAnInputIsRefused(@TempDir Path dir) throws IOException {
        Path in = dir.resolve("t.report.txt");
        Files.copy(samples().resolve("reuse/reuse.v7-zstd.dat"), dir.resolve("t.dat"));
        Files.writeString(in, "keep me");
        int code = Main.run("batch", "--no-progress", "-o", dir.toString(), dir.resolve("t.dat").toString(), in.toString());
        assertEquals(ExitCodes.FAILURE, code);
        assertEquals("keep me", Files.readString(in));
    }

    /** Runs tracesym with its error stream into {@code err}; the exit code. */
    private static int withErr(ByteArrayOutputStream err, String... args) {
        PrintStream oldErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setErr(oldErr);
        }
    }

    /** Copies folder {@code from} (flat) to {@code to}. */
    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(p.getFileName()));
        }
    }

    /** What {@code tracesym report --format jsonl} writes for {@code trace} with names from {@code symbols}. */
    private static byte[] jsonl(Path trace, SymbolSource symbols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(trace.toString(), false, false, ReportPipeline.Format.JSONL,
                symbols, false), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Outcome.OK, r, err.toString(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void eachTraceUsesTheArchiveBesideIt(@TempDir Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path snapshots = samples().resolve("reuse/snapshots");
        Path modules = samples().resolve("modules-6.1.0-56-amd64");
        // NAME.archive/ beside NAME.dat, with its snapshots/ and modules/
        Files.copy(samples().resolve("reuse/reuse.v7-zstd.dat"), in.resolve("a.dat"));
        copyFolder(snapshots, in.resolve("a.archive/snapshots"));
        copyFolder(modules, in.resolve("a.archive/modules"));
        // a folder holding a trace, its snapshots/ and modules/
        Path b = Files.createDirectories(in.resolve("host-b"));
        Files.copy(samples().resolve("reuse/reuse.v6.dat.xz"), b.resolve("b.dat.xz"));
        copyFolder(snapshots, b.resolve("snapshots"));
        copyFolder(modules, b.resolve("modules"));
        // NAME.archive/ holding the listings themselves (as tracesym capture writes them), no modules
        Files.copy(samples().resolve("reuse/reuse.v7-zstd.dat"), in.resolve("flat.dat"));
        copyFolder(snapshots, in.resolve("flat.archive"));
        // no archive: the trace's own kallsyms
        Files.copy(samples().resolve("events/events.v7-zstd.dat"), in.resolve("c.dat"));
        Path out = dir.resolve("out");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = withErr(err, "batch", "--no-progress", "--format", "jsonl", "-o", out.toString(), in.toString());
        String messages = err.toString(StandardCharsets.UTF_8);
        assertEquals(ExitCodes.OK, code, messages);
        assertTrue(messages.contains("names: 3 with the archive beside the trace, 1 from the trace's own kallsyms"), messages);
        Path reuse = samples().resolve("reuse/reuse.v7-zstd.dat");
        Path events = samples().resolve("events/events.v7-zstd.dat");
        byte[] withArchive = jsonl(reuse, SymbolSource.archive(snapshots, modules));
        assertArrayEquals(withArchive, Files.readAllBytes(out.resolve("a.jsonl")));
        assertArrayEquals(withArchive, Files.readAllBytes(out.resolve("b.jsonl")));
        assertArrayEquals(jsonl(reuse, SymbolSource.archive(snapshots, null)), Files.readAllBytes(out.resolve("flat.jsonl")));
        assertArrayEquals(jsonl(events, null), Files.readAllBytes(out.resolve("c.jsonl")));
        // --archive names one archive for all, whatever lies beside the traces (a.archive/ has module files, --archive none)
        Path all = dir.resolve("all");
        assertEquals(ExitCodes.OK, Main.run("batch", "--no-progress", "--format", "jsonl", "--archive", snapshots.toString(),
                "-o", all.toString(), in.resolve("a.dat").toString()));
        assertArrayEquals(jsonl(reuse, SymbolSource.archive(snapshots, null)), Files.readAllBytes(all.resolve("a.jsonl")));
    }
}
