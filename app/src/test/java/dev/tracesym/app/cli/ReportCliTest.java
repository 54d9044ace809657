package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;
import picocli.CommandLine;

/** The {@code report} and {@code annotate} command lines: options, output files, exit codes and messages. */
class ReportCliTest {
    @TempDir
    Path temp;

    /** Exit code and standard error of a run whose parse errors and messages are captured. */
    private record Outcome(int code, String err) {
    }

    private static Outcome report(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = ReportCli.run(args, ps, ps);
        return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome annotate(String... args) {
        CommandLine cl = AnnotateCli.commandLine();
        return run(cl, args, (c, err) -> ((AnnotateCli) c.getCommand()).call(err));
    }

    private interface Body {
        int call(CommandLine cl, PrintStream err);
    }

    private static Outcome run(CommandLine cl, String[] args, Body body) {
        StringWriter usage = new StringWriter();
        cl.setErr(new PrintWriter(usage, true));
        cl.setOut(new PrintWriter(usage, true));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        cl.setExecutionStrategy(pr -> {
            if (pr.isUsageHelpRequested()) {
                cl.usage(cl.getOut());
                return ExitCodes.OK;
            }
            return body.call(cl, ps);
        });
        int code = cl.execute(args);
        return new Outcome(code, usage + err.toString(StandardCharsets.UTF_8));
    }

    static Path data(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException("no samples/data");
    }

    private static byte[] reference(String relative) throws IOException {
        try (InputStream in = new XZInputStream(Files.newInputStream(data(relative)))) {
            return in.readAllBytes();
        }
    }

    @Test
    void helpShowsTheOptionsAndExamples() {
        Outcome o = report("--help");
        assertEquals(0, o.code());
        for (String s : new String[] {"--archive", "--modules", "--symbols", "--format", "--partial-ok", "-N", "-t", "-i",
            "Examples:", "tracesym report --archive snapshots/ --modules ko/ trace.dat", "Exit codes"}) {
            assertTrue(o.err().contains(s), s + " in\n" + o.err());
        }
        Outcome a = annotate("--help");
        assertEquals(0, a.code());
        assertTrue(a.err().contains("Examples:") && a.err().contains("trace-cmd report -i trace.dat | tracesym annotate"), a.err());
    }

    @Test
    void outputFileIsWrittenWholeAndInputsAreNeverOverwritten() throws IOException {
        Path out = temp.resolve("report.txt");
        Outcome o = report("-o", out.toString(), "-i", data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(new Outcome(0, ""), o);
        assertArrayEquals(reference("reuse/reuse.report.txt.xz"), Files.readAllBytes(out));
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(1, left.count(), "no temporary file left behind");
        }
        Path copy = temp.resolve("trace.dat");
        Files.copy(data("reuse/reuse.v7-zstd.dat"), copy);
        long size = Files.size(copy);
        Outcome self = report("-o", copy.toString(), copy.toString());
        assertEquals(2, self.code());
        assertTrue(self.err().contains("refusing to write " + copy + ": it is " + copy + ", which the run reads"), self.err());
        assertEquals(size, Files.size(copy), "the input is untouched");
        Path table = temp.resolve("kallsyms.xz");
        Files.copy(data("reuse/snapshots/001-start.kallsyms.xz"), table);
        Outcome intoSymbols = report("--symbols", table.toString(), "-o", table.toString(), copy.toString());
        assertEquals(2, intoSymbols.code(), intoSymbols.err());
        assertEquals(Files.size(data("reuse/snapshots/001-start.kallsyms.xz")), Files.size(table), "the symbols are untouched");
    }

    /**
     * tracesym's own usage errors exit 2; those trace-cmd report refuses too exit with trace-cmd's status,
     * which samples' ReportRefusalStatusTest compares with trace-cmd 3.1.6 (255 for an option it cannot read,
     * 2 for a missing file, ...). Each names the argument.
     */
    @Test
    void wrongUsageHasAMessage() {
        String dat = data("reuse/reuse.v7-zstd.dat").toString();
        Outcome both = report("--archive", "a", "--symbols", "b", dat);
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--symbols and --archive exclude each other"), both.err());
        Outcome modules = report("--modules", "ko", dat);
        assertEquals(2, modules.code());
        assertTrue(modules.err().contains("--modules needs --archive"), modules.err());
        Outcome format = report("--format", "xml", dat);
        assertEquals(2, format.code());
        assertTrue(format.err().contains("--format must be text, jsonl or perfetto"), format.err());
        Outcome two = report("-i", dat, "other.dat");
        assertNotEquals(0, two.code());
        assertTrue(two.err().contains("both with -i and as arguments"), two.err());
        Outcome unknown = report("--frobnicate", dat);
        assertNotEquals(0, unknown.code());
        assertEquals("tracesym report: unknown option '--frobnicate'\nTry 'tracesym report --help' for more information.\n",
                unknown.err(), "the trace is not taken for an option");
        Outcome letter = report("-Nx", dat);
        assertNotEquals(0, letter.code());
        assertTrue(letter.err().startsWith("tracesym report: unknown option -x (in -Nx)\n"), letter.err());
        Outcome missing = report("/no/such/trace.dat");
        assertNotEquals(0, missing.code());
        assertTrue(missing.err().contains("/no/such/trace.dat: no such file"), missing.err());
        Outcome text = annotate("--format", "jsonl", "/no/such/trace.txt");
        assertEquals(2, text.code());
        assertTrue(text.err().startsWith("tracesym annotate: /no/such/trace.txt"), text.err());
    }

    @Test
    void damagedTraceIsExitOneUnlessPartialIsAccepted() throws IOException {
        byte[] intact = reference("reuse/reuse.v6.dat.xz");
        Path cut = temp.resolve("cut.dat");
        Files.write(cut, java.util.Arrays.copyOf(intact, intact.length - 100_000));
        Path out = temp.resolve("cut.txt");
        Outcome o = report("-o", out.toString(), cut.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("warning: cut.dat: CPU 1 data truncated at") && o.err().contains("--partial-ok"), o.err());
        String text = Files.readString(out);
        assertTrue(text.startsWith("cpus=2\n") && text.lines().count() > 5000, "the records before the damage are kept");
        Outcome accepted = report("--partial-ok", "--format", "jsonl", "-o", temp.resolve("cut.jsonl").toString(), cut.toString());
        assertEquals(0, accepted.code(), accepted.err());
        assertTrue(accepted.err().contains("truncated"), accepted.err());
        Outcome quiet = report("-q", "-o", temp.resolve("cut-q.txt").toString(), cut.toString());
        assertEquals(1, quiet.code(), "-q silences the warning, not the failure");
        assertTrue(!quiet.err().contains("warning:") && quiet.err().contains("--partial-ok"), quiet.err());
    }

    /** A v7 trace cut inside its data loses the CPU table written after it; the events before the cut are still printed. */
    @Test
    void v7TraceCutInItsDataKeepsTheEventsBeforeTheCut() throws IOException {
        byte[] intact = Files.readAllBytes(data("reuse/reuse.v7-zstd.dat"));
        Path cut = temp.resolve("cut7.dat");
        Files.write(cut, java.util.Arrays.copyOf(intact, 1_000_000)); // CPU 1's data is cut, the options after it are gone
        Path out = temp.resolve("cut7.txt");
        Outcome o = report("-o", out.toString(), cut.toString());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("walked chunk by chunk: 2 of 2 CPUs found") && o.err().contains("CPU 1 data truncated at byte 1000000")
                && o.err().contains("--partial-ok"), o.err());
        List<String> whole = new String(reference("reuse/reuse.report.txt.xz"), StandardCharsets.UTF_8).lines().toList();
        List<String> kept = Files.readAllLines(out);
        assertTrue(kept.size() > 5000 && kept.size() < whole.size(), "kept " + kept.size() + " of " + whole.size());
        assertTrue(new java.util.HashSet<>(whole).containsAll(kept), "every line printed is a line of the intact report");
        assertEquals(0, report("--partial-ok", "-o", temp.resolve("cut7b.txt").toString(), cut.toString()).code());
    }

    @Test
    void combinedShortOptionsAsInTraceCmd() throws IOException {
        Path out = temp.resolve("nt.txt");
        Outcome o = report("-Nt", "-o", out.toString(), data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(new Outcome(0, ""), o);
        assertArrayEquals(reference("reuse/reuse.report-N-t.txt.xz"), Files.readAllBytes(out));
    }

    @Test
    void jsonLinesAndPerfettoGoToTheirFiles() throws IOException {
        Path jsonl = temp.resolve("e.jsonl");
        assertEquals(new Outcome(0, ""), report("--format", "JSONL", "--symbols",
                data("reuse/snapshots/042-final.kallsyms.xz").toString(), "-o", jsonl.toString(),
                data("reuse/reuse.v7-zstd.dat").toString()));
        assertEquals(12719, Files.readAllLines(jsonl).size());
        Path json = temp.resolve("t.json");
        assertEquals(new Outcome(0, ""), report("--format", "perfetto", "-o", json.toString(),
                data("funcgraph/funcgraph.v7-zstd.dat").toString()));
        String doc = Files.readString(json);
        assertTrue(doc.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[") && doc.endsWith("]}"), doc.substring(0, 60));
        Path annotated = temp.resolve("a.txt");
        assertEquals(new Outcome(0, ""), annotate("--symbols", data("reuse/snapshots/042-final.kallsyms.xz").toString(),
                "-o", annotated.toString(), data("text/reuse-042-final.trace.xz").toString()));
        assertTrue(Files.size(annotated) > 1_000_000);
    }
}
