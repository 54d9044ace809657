package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracesym.app.cli.ReportCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code trace-cmd report} (3.1.6, from Debian's package; {@code .ci/run} installs it) and
 * {@code tracesym report} on the same arguments, for the differential tests of the report options.
 *
 * <p>trace-cmd runs with an unbuffered standard output ({@code stdbuf -o0}): where it crashes while
 * cleaning up after the report (a double free with filters and buffer instances), the report it
 * printed is still whole.
 */
final class TraceCmd {
    /** How a run ended: its exit code and standard output (standard error kept for messages). */
    record Run(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    private static Boolean available;

    private TraceCmd() {
    }

    /** The samples folder of the repository (tests run in a module folder). */
    static Path data(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    /** Fails the test unless trace-cmd 3.1.6 is installed: the reference these tests compare with. */
    static void requireTraceCmd316() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("trace-cmd", "report", "-h").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                available = text.contains("trace-cmd version 3.1.6");
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        assertTrue(available, "these tests compare with trace-cmd 3.1.6 (Debian bookworm's package: "
                + "apt-get install trace-cmd, as .ci/run does)");
    }

    /** {@code trace-cmd report ARGS} in {@code dir}. */
    static Run traceCmd(Path dir, String... args) throws IOException, InterruptedException {
        requireTraceCmd316();
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-o0", "trace-cmd", "report"));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile("trace-cmd-", ".out");
        Path err = Files.createTempFile("trace-cmd-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("trace-cmd report " + String.join(" ", args) + " did not end");
            }
            return new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * {@code tracesym report ARGS} with paths relative to {@code dir} (made absolute: tracesym runs in
     * this JVM), its output through {@code -o}.
     */
    static Run tracesym(Path dir, String... args) throws IOException {
        Path out = Files.createTempFile("tracesym-", ".out");
        Files.delete(out);
        List<String> all = new ArrayList<>();
        for (String a : args) {
            all.add(!a.startsWith("-") && Files.exists(dir.resolve(a)) ? dir.resolve(a).toString() : a);
        }
        all.add("-o");
        all.add(out.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = ReportCli.run(all.toArray(new String[0]), ps, ps);
        byte[] bytes = Files.exists(out) ? Files.readAllBytes(out) : new byte[0];
        Files.deleteIfExists(out);
        return new Run(code, bytes, err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A filter naming an event the trace does not have (a trace recorded with some events only, such as the
     * retval samples' sched_switch without sched_wakeup): trace-cmd refuses it, prints nothing and dies
     * (exit 255, or the errno its reading left: 22 on Linux 6.12 v7 traces); tracesym must refuse it too,
     * print nothing, name the event and exit with trace-cmd's status (docs/REPORT-OPTIONS.md). True when that
     * was the case and both did so.
     */
    static boolean bothRefusedFilter(Run traceCmd, Run tracesym, String what) {
        if (!traceCmd.err().contains("Failed to create event filter")) {
            return false;
        }
        assertEquals(0, traceCmd.out().length, what + ": trace-cmd printed nothing");
        assertEquals(traceCmd.code(), tracesym.code(), what + ": " + tracesym.err());
        assertEquals(0, tracesym.out().length, what + ": nothing on standard output");
        assertTrue(tracesym.err().contains("no event matches"), what + ": " + tracesym.err());
        return true;
    }

    /**
     * On a difference, names the first differing line and shows both versions of it.
     */
    static void assertSameBytes(byte[] expected, byte[] actual, String what) {
        if (Arrays.equals(expected, actual)) {
            return;
        }
        String e = new String(expected, StandardCharsets.ISO_8859_1);
        String a = new String(actual, StandardCharsets.ISO_8859_1);
        String[] el = e.split("\n", -1);
        String[] al = a.split("\n", -1);
        int i = 0;
        while (i < el.length && i < al.length && el[i].equals(al[i])) {
            i++;
        }
        fail(what + ": first difference at line " + (i + 1) + " (trace-cmd " + el.length + " lines, tracesym "
                + al.length + ")\n  trace-cmd: " + (i < el.length ? el[i] : "<end>") + "\n  tracesym:  "
                + (i < al.length ? al[i] : "<end>"));
    }
}
