package dev.tracesym.app.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code tracesym annotate -o FILE} process, stopped half-way by a signal while it is
 * writing: the file the user already had under that name is untouched, and after SIGINT or
 * SIGTERM no temporary file is left either. SIGKILL runs no hook: its temporary file stays, under
 * a name that says it is tracesym's ({@code NAME.tracesym-PID-N.part}), never under the final name,
 * and the next run that writes into the folder removes it, while it leaves alone the file of a
 * run still writing.
 */
@EnabledOnOs(OS.LINUX)
class InterruptedOutputTest {
    private static final String PRECIOUS = "the user's earlier output, which must survive\n";

    @Test
    void sigintLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws Exception {
        interrupt(dir, "INT", true);
    }

    @Test
    void sigtermLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws Exception {
        interrupt(dir, "TERM", true);
    }

    @Test
    void sigkillLeavesTheOldFile(@TempDir Path dir) throws Exception {
        interrupt(dir, "KILL", false);
    }

    private static void interrupt(Path dir, String signal, boolean hooksRun) throws Exception {
        Path out = dir.resolve("annotated.txt");
        Files.writeString(out, PRECIOUS);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "dev.tracesym.app.Main", "annotate", "-o", out.toString(), "-")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            // Real ftrace text, more than the output's buffer, so that the temporary file has
            // bytes in it when the signal comes; the pipe stays open, the run is mid-way.
            byte[] lines = ftraceLines();
            for (int i = 0; i < 64 && p.isAlive(); i++) in.write(lines);
            in.flush();
            waitForTemporary(dir, p);
            if (!hooksRun) {
                // another run writing into the same folder meanwhile: the live file is not its to remove
                assertEquals(0, TracesymProcess.runFrom(null, "report", "-o", dir.resolve("other.txt").toString(),
                        ReportCliTest.data("reuse/reuse.v7-zstd.dat").toString()).code());
                assertEquals(1, list(dir).stream().filter(n -> n.endsWith(".part")).count(), "the live scratch file is kept");
            }
            // a process started with SIGINT ignored (by a shell running it with & and no job
            // control, as a script's background `mvn verify &` passes on to its tests) keeps it
            // ignored, as every program does: nothing of tracesym's to test then
            Assumptions.assumeFalse(signal.equals("INT") && ignoresSigint(p.pid()),
                    "SIGINT is ignored in this process tree (started in the background?)");
            signal(p, signal);
            if (!p.waitFor(30, TimeUnit.SECONDS)) fail("tracesym did not stop on SIG" + signal);
        } catch (IOException brokenPipe) {
            // the process went away while we wrote: checked below
        } finally {
            p.destroyForcibly();
        }
        assertTrue(p.exitValue() != 0, "an interrupted run does not exit 0");
        assertEquals(PRECIOUS, Files.readString(out), "the old output under the final name is untouched");
        List<String> left = list(dir).stream().filter(n -> n.endsWith(".part")).collect(Collectors.toList());
        if (hooksRun) {
            assertEquals(List.of(), left, "temporary files left after SIG" + signal);
            return;
        }
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).matches("annotated\\.txt\\.tracesym-" + p.pid() + "-\\d+\\.part"), left.toString());
        assertEquals(0, TracesymProcess.runFrom(null, "report", "-o", dir.resolve("next.txt").toString(),
                ReportCliTest.data("reuse/reuse.v7-zstd.dat").toString()).code());
        assertEquals(List.of(), list(dir).stream().filter(n -> n.endsWith(".part")).collect(Collectors.toList()),
                "the next run removed the leftover of the killed one");
        assertEquals(PRECIOUS, Files.readString(out));
    }

    private static byte[] ftraceLines() {
        StringBuilder b = new StringBuilder("# tracer: function\n#\n");
        for (int i = 0; i < 2000; i++) {
            b.append("              dd-461     [000] .....    65.").append(String.format("%06d", i))
                    .append(": __x64_sys_read <-do_syscall_64\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void waitForTemporary(Path dir, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String n : list(dir)) {
                if (n.endsWith(".part") && Files.size(dir.resolve(n)) > 0) return;
            }
            if (!p.isAlive()) fail("tracesym exited early: " + Files.readString(dir.resolve("stderr.txt")));
            Thread.sleep(20);
        }
        fail("no temporary output appeared in " + list(dir));
    }

    /** Whether process {@code pid} ignores SIGINT (signal 2: bit 1 of SigIgn in /proc/PID/status). */
    static boolean ignoresSigint(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).trim(), 16) & 2) != 0;
            }
        }
        return false;
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
