package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What trace-cmd report 3.1.6 refuses, refused by {@code tracesym report} with trace-cmd's exit status and
 * the same standard output (issue 16; docs/REPORT-OPTIONS.md "Exit status"): usage() exits 255, die() with
 * the errno its earlier work left (255 when 0), so the same refusal is 255 on one trace and 22 (EINVAL, left by
 * an event format libtraceevent cannot parse) on another. Each class of refusal runs on every sample
 * ({@link SampleTraces#ALL}), and the file-level ones on files that are missing, no trace, a folder, and with
 * several inputs in both orders.
 *
 * <p>Where trace-cmd refuses through usage() it prints its usage text on standard output, which tracesym
 * cannot copy: there tracesym's standard output must be empty and trace-cmd's must be that usage text.
 */
class ReportRefusalStatusTest {
    @TempDir
    static Path temp;

    /** Refusals of the command line and of the filters, run on every sample. */
    static final List<String> REFUSALS = List.of("-F nosuch", "-F sched_switch:prev_pid=", "-N -F nosuch",
            "--stat -F nosuch", "-T -F nosuch", "--cpu x", "--cpu 3-1", "-v -v", "-Z", "-Nx", "--frobnicate", "--cpus=3", "--verbose=bogus");

    static Stream<Arguments> cases() {
        return SampleTraces.cases(REFUSALS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameStatusAsTraceCmd(String options, String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        assertSame(dir, SampleTraces.args(dir, options, trace));
    }

    /** The inputs trace-cmd cannot open or read, alone, after a trace and (for the filter) in both orders. */
    @Test
    void inputsTraceCmdRefuses() throws Exception {
        Path dir = SampleTraces.in(temp);
        Files.writeString(dir.resolve("not-a-trace.txt"), "hello, no trace here\n");
        Files.write(dir.resolve("empty.dat"), new byte[0]);
        Files.createDirectories(dir.resolve("a-folder"));
        for (String in : List.of("no-such.dat", "not-a-trace.txt", "empty.dat", "a-folder")) {
            for (String before : List.of("", "builtin.v7-zstd.dat", "reuse.v6.dat")) {
                assertSame(dir, (before.isEmpty() ? "" : "-i " + before + " ") + "-i " + in);
                // trace-cmd opens every input before it prints their statistics: nothing printed
                assertSame(dir, "--stat " + (before.isEmpty() ? "" : "-i " + before + " ") + "-i " + in);
            }
            assertSame(dir, "-e -i " + in);
        }
        // a v7 file of a compression neither knows: trace-cmd loaded its plugins first (ENOENT where
        // $HOME/.local/lib/traceevent/plugins does not exist; -N loads none)
        byte[] v7 = Files.readAllBytes(dir.resolve("reuse.v7-zstd.dat"));
        int name = new String(v7, 0, 64, StandardCharsets.ISO_8859_1).indexOf("zstd\0");
        System.arraycopy("lzzz".getBytes(StandardCharsets.ISO_8859_1), 0, v7, name, 4);
        Files.write(dir.resolve("lzzz.dat"), v7);
        assertSame(dir, "-i lzzz.dat");
        assertSame(dir, "-N -i lzzz.dat");
        // a refused filter dies with the errno the last input's reading left
        for (String[] pair : new String[][] {{"builtin.v7-zstd.dat", "reuse.v6.dat"}, {"reuse.v6.dat", "builtin.v7-zstd.dat"},
                {"allevents-6.12.v6.dat", "allevents-6.12.v7-zstd.dat"}}) {
            assertSame(dir, "-F nosuch -i " + pair[0] + " -i " + pair[1]);
        }
        // a --comm name missing from the trace: trace-cmd's warning clears errno before the filter is refused
        assertSame(dir, "--comm nosuchtask -F nosuch -i builtin.v7-zstd.dat");
        assertSame(dir, "--kallsyms no-such-kallsyms -i reuse.v6.dat");
        assertSame(dir, "-w -i reuse.v6.dat -i funcgraph.v6.dat");
        assertSame(dir, "--ts-offset 5 -i reuse.v6.dat");
        assertSame(dir, "-i reuse.v6.dat no-such.dat"); // a file with -i and another as an argument: usage()
        assertSame(dir, "-i reuse.v6.dat reuse.v6.dat"); // the same file both ways too
        assertSame(dir, "-i reuse.v6.dat -- reuse.v6.dat");
    }

    /**
     * A trace cut short. Where trace-cmd 3.1.6 refuses it (in its file header: before the byte order as a file
     * that is no trace, a v7 file up to its compression after loading the plugins) the same status and nothing on
     * standard output. Where trace-cmd hides the damage (docs/REPORT-OPTIONS.md, "Where trace-cmd 3.1.6 has a
     * bug"): cut in its metadata, trace-cmd prints nothing and exits 0, tracesym refuses it naming the file, the
     * byte and what it expected there (2); a v7 file cut where its options offset is, trace-cmd crashes (double
     * free, SIGABRT) and tracesym refuses it as a header cut short; cut in its events, trace-cmd prints only a
     * "File possibly truncated" line (v6, exit 22) or nothing (v7, exit 0), tracesym every event before the cut,
     * a warning and exit 1.
     */
    @Test
    void tracesCutShort() throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String sample : List.of("reuse.v6.dat", "reuse.v7-zstd.dat", "reuse-arm64.v6.dat", "reuse-arm64.v7-zstd.dat")) {
            byte[] whole = Files.readAllBytes(dir.resolve(sample));
            java.util.Set<String> lines = new java.util.HashSet<>(); // of the intact report, with and without -N
            for (String[] intact : new String[][] {{"-i", sample}, {"-N", "-i", sample}}) {
                lines.addAll(List.of(TraceCmd.traceCmd(dir, intact).text().split("\n")));
            }
            for (long n : new long[] {5, 10, 11, 12, 13, 16, 20, 24, 28, 30, 36, 37, 100, 5000, 60_000, whole.length / 2,
                    whole.length * 99L / 100, whole.length - 1000}) {
                String cut = "cut-" + n + "-" + sample;
                Files.write(dir.resolve(cut), java.util.Arrays.copyOf(whole, (int) n));
                for (String plugins : List.of("", "-N ")) {
                    String[] args = (plugins + "-i " + cut).split(" ");
                    String what = String.join(" ", args);
                    TraceCmd.Run expected = TraceCmd.traceCmd(dir, args);
                    TraceCmd.Run actual = TraceCmd.tracesym(dir, args);
                    String printed = new String(actual.out(), StandardCharsets.ISO_8859_1);
                    if (expected.code() == 134) { // the crash (SIGABRT): refused as a header cut short
                        assertTrue(expected.err().contains("double free"), what + ": " + expected.err());
                        TraceCmd.Run header = TraceCmd.traceCmd(dir, (plugins + "-i cut-28-" + sample).split(" "));
                        assertEquals(header.code(), actual.code(), what + ": " + actual.err());
                        assertTrue(actual.err().contains(cut + " @") && actual.err().contains("the file header is cut short"),
                                what + ": " + actual.err());
                    } else if (expected.code() != 0 && expected.out().length == 0) { // refused
                        assertSame(dir, args);
                    } else if (actual.code() == 2) { // trace-cmd: nothing, exit 0; tracesym: where and what
                        assertEquals(0, expected.code(), what + ": " + expected.err());
                        assertEquals(0, expected.out().length, what);
                        assertEquals("", printed, what);
                        assertTrue(actual.err().matches("tracesym report: \\S*" + cut + " @\\d+: [^\\n]+\n"),
                                what + ": " + actual.err());
                    } else { // cut in its events: the events before the cut, a warning, exit 1
                        assertTrue(expected.code() == 0 && expected.out().length == 0
                                || expected.code() == 22 && expected.text().startsWith("File possibly truncated."),
                                what + ": trace-cmd " + expected.code() + " " + expected.err());
                        assertEquals(1, actual.code(), what + ": " + actual.err());
                        assertTrue(actual.err().contains("warning: ") && actual.err().contains(cut), what + ": " + actual.err());
                        String[] got = printed.split("\n");
                        assertTrue(got.length > (n == whole.length - 1000 ? 1000 : 0), what + ": " + got.length + " lines");
                        for (String line : got) {
                            assertTrue(lines.contains(line), what + ": a line of the intact report: " + line);
                        }
                    }
                }
            }
        }
    }

    /**
     * With several inputs trace-cmd compiles each file's filters just before it prints that file's {@code cpus=N}
     * line (and, for {@code --stat}, {@code --uname}, {@code --version}, what follows it): a filter refused for a
     * later file only comes after the lines of the files before it, and {@code -T} prints them before the filters
     * of the first file that has some.
     */
    @Test
    void aFilterRefusedForALaterFile() throws Exception {
        Path dir = SampleTraces.in(temp);
        List<String> files = List.of("-i reuse.v6.dat -i builtin.v7-zstd.dat", "-i events.v7-zstd.dat -i reuse.v6.dat",
                "-i builtin.v7-zstd.dat -i allevents.v6.dat -i events.v6.dat", "-i reuse.v6.dat -F print -i funcgraph.v7-zstd.dat");
        for (String view : List.of("", "-t ", "--cpu 0 ", "-v ", "--stat ", "--uname ", "--version ", "-T ", "--profile ")) {
            for (String inputs : files) {
                if (view.equals("-T ") && inputs.contains("-F print")) {
                    continue; // the first file's filters are shown, no refusal: below
                }
                String args = view + inputs + " -F nosuch";
                assertTrue(TraceCmd.traceCmd(dir, args.split(" ")).text().contains("cpus=2\n"), args + ": trace-cmd prints a cpus= line");
                assertSame(dir, args.split(" "), true); // a refused run writes no -o file: its real standard output
            }
        }
        for (String inputs : files) { // -T: the filters of the first file that has some, after the files before it
            String[] args = ("-T " + inputs + " -F sched_switch").split(" ");
            TraceCmd.Run expected = TraceCmd.traceCmd(dir, args);
            TraceCmd.Run actual = launcher(dir, args);
            assertEquals(0, expected.code(), String.join(" ", args));
            assertEquals(expected.code(), actual.code(), actual.err());
            TraceCmd.assertSameBytes(expected.out(), actual.out(), String.join(" ", args));
        }
    }

    /**
     * A {@code -H} field its event lacks: trace-cmd prints the hook and the {@code cpus=N} line, then dies. The
     * run is compared through the launcher's real standard output (with {@code -o}, a refused run writes no file).
     */
    @Test
    void aHookFieldTheEventLacks() throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String trace : List.of("builtin.v7-zstd.dat", "reuse.v6.dat")) {
            String[] args = {"--profile", "-H", "sched:sched_switch,nosuch/sched:sched_wakeup,pid", "-i", trace};
            TraceCmd.Run expected = TraceCmd.traceCmd(dir, args);
            TraceCmd.Run actual = launcher(dir, args);
            String what = String.join(" ", args);
            assertTrue(expected.err().contains("does not have field"), what + ": " + expected.err());
            assertEquals(expected.code(), actual.code(), what + ": " + actual.err());
            TraceCmd.assertSameBytes(expected.out(), actual.out(), what);
        }
    }

    /** {@code ./tracesym report ARGS} in {@code dir}, its standard output and status. */
    private static TraceCmd.Run launcher(Path dir, String... args) throws Exception {
        Path repository = TraceCmd.data("README.md").getParent().getParent().getParent();
        List<String> cmd = new java.util.ArrayList<>(List.of(repository.resolve("tracesym").toString(), "report"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        assertTrue(p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "tracesym ended");
        return new TraceCmd.Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    }

    /**
     * Where trace-cmd crashes on a refusal (a dangling operator: SIGSEGV), tracesym refuses the filter with
     * the status of any filter trace-cmd refuses (docs/REPORT-OPTIONS.md).
     */
    @Test
    void aDanglingOperatorIsRefusedAsAFilter() throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String trace : List.of("builtin.v7-zstd.dat", "reuse.v6.dat")) {
            String[] crash = SampleTraces.args(dir, "-F sched_switch:prev_pid==1&&", trace);
            assertEquals(139, TraceCmd.traceCmd(dir, crash).code(), "trace-cmd 3.1.6 crashes");
            TraceCmd.Run refused = TraceCmd.traceCmd(dir, SampleTraces.args(dir, "-F sched_switch:prev_pid=", trace));
            TraceCmd.Run ours = TraceCmd.tracesym(dir, crash);
            assertEquals(refused.code(), ours.code(), ours.err());
            assertEquals(0, ours.out().length);
        }
    }

    /**
     * {@code -T} with {@code --stat}, {@code --uname}, {@code --version} or {@code --profile}: trace-cmd compiles the
     * filters before what those print for the file, shows them and stops (exit 0), after the lines of the files
     * before the first one that has filters.
     */
    @Test
    void filterTestBeforeTheViewsOfTheFile() throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String view : List.of("--stat", "--uname", "--version", "--profile")) {
            for (String args : List.of(view + " -T -F print -i reuse.v6.dat", view + " -T --comm init -i builtin.v7-zstd.dat",
                    view + " -T -i reuse.v6.dat -i funcgraph.v7-zstd.dat -F sched_switch")) {
                String[] a = args.split(" ");
                TraceCmd.Run expected = TraceCmd.traceCmd(dir, a);
                TraceCmd.Run actual = TraceCmd.tracesym(dir, a);
                assertEquals(0, expected.code(), args);
                assertTrue(expected.text().contains(" '"), args + ": trace-cmd shows a filter: " + expected.text());
                assertEquals(expected.code(), actual.code(), args + ": " + actual.err());
                TraceCmd.assertSameBytes(expected.out(), actual.out(), args);
            }
        }
    }

    /**
     * A {@code -r}/{@code -n} name regcomp refuses: trace-cmd means to die after parsing the first file (as a
     * refused filter of one trace) but crashes (SIGSEGV); tracesym refuses it with the status it means, nothing
     * printed. The views that answer before it (e.g. {@code --cpus}) do not look at the names.
     */
    @Test
    void anEventNameThatIsNoRegularExpression() throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String trace : List.of("builtin.v7-zstd.dat", "reuse.v6.dat")) {
            for (String option : List.of("-r [", "-n [", "--stat -n [", "-r ( -n x[")) {
                String[] args = SampleTraces.args(dir, option, trace);
                String what = String.join(" ", args);
                assertEquals(139, TraceCmd.traceCmd(dir, args).code(), what + ": trace-cmd 3.1.6 crashes");
                TraceCmd.Run refused = TraceCmd.traceCmd(dir, SampleTraces.args(dir, "-F nosuch", trace));
                TraceCmd.Run ours = TraceCmd.tracesym(dir, args);
                assertEquals(refused.code(), ours.code(), what + ": " + ours.err());
                assertEquals(0, ours.out().length, what);
                assertTrue(ours.err().contains("not a valid event name pattern"), what + ": " + ours.err());
            }
            String[] cpus = SampleTraces.args(dir, "--cpus -r [", trace);
            TraceCmd.Run expected = TraceCmd.traceCmd(dir, cpus);
            TraceCmd.Run actual = TraceCmd.tracesym(dir, cpus);
            assertEquals(0, expected.code());
            assertEquals(expected.code(), actual.code(), actual.err());
            TraceCmd.assertSameBytes(expected.out(), actual.out(), String.join(" ", cpus));
        }
    }

    private static void assertSame(Path dir, String options) throws Exception {
        assertSame(dir, options.split(" "));
    }

    private static void assertSame(Path dir, String[] args) throws Exception {
        assertSame(dir, args, false);
    }

    /** {@code launcher}: tracesym's real standard output ({@link #launcher}), else its run in this JVM. */
    private static void assertSame(Path dir, String[] args, boolean launcher) throws Exception {
        TraceCmd.Run expected = TraceCmd.traceCmd(dir, args);
        TraceCmd.Run actual = launcher ? launcher(dir, args) : TraceCmd.tracesym(dir, args);
        String what = String.join(" ", args);
        assertNotEquals(0, expected.code(), what + ": trace-cmd refuses it");
        assertEquals(expected.code(), actual.code(), what + ": exit status; trace-cmd said: " + expected.err()
                + "; tracesym said: " + actual.err());
        assertTrue(actual.err().startsWith("tracesym report: "), what + ": one message: " + actual.err());
        if (expected.text().startsWith("\ntrace-cmd version 3.1.6")) { // usage(): its usage text on standard output
            assertEquals(255, expected.code(), what);
            assertEquals("", new String(actual.out(), StandardCharsets.ISO_8859_1), what + ": nothing on standard output");
        } else {
            TraceCmd.assertSameBytes(expected.out(), actual.out(), what);
        }
    }
}
