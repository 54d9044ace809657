package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * The {@code tracesym} launcher and {@code install.sh} as a Linux user meets them, on the jar this
 * build made: the launcher runs through a symlink (chains of them, relative ones too), and an
 * installation under a PREFIX has the launcher, the jar, the man page and bash completion, runs
 * from anywhere, and is removed whole.
 */
@EnabledOnOs(OS.LINUX)
class LauncherTest {
    @TempDir
    Path temp;

    private static Path repository() {
        return IdenticalReportTest.dataDir().getParent().getParent();
    }

    /** {@code cmd} with the build's JDK, no class-data archives, and the caches in {@code temp}; standard output. */
    private String run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(temp.resolve("stderr.txt").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("TRACESYM_CDS", "off");
        pb.environment().put("XDG_CACHE_HOME", temp.resolve("cache").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), String.join(" ", cmd));
        String err = Files.readString(temp.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + err);
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** The first {@code n} lines of trace-cmd's report of the reuse sample. */
    private static String referenceHead(int n) throws IOException {
        try (InputStream in = new XZInputStream(Files.newInputStream(IdenticalReportTest.dataDir().resolve("reuse/reuse.report.txt.xz")))) {
            return head(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), n);
        }
    }

    private static String head(String text, int n) {
        List<String> lines = new ArrayList<>(text.lines().limit(n).toList());
        return String.join("\n", lines);
    }

    @Test
    void runsThroughSymlinks() throws Exception {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path direct = Files.createSymbolicLink(bin.resolve("tracesym"), repository().resolve("tracesym"));
        Path relative = Files.createSymbolicLink(temp.resolve("ts"), Path.of("bin/tracesym"));
        String trace = IdenticalReportTest.dataDir().resolve("reuse/reuse.v7-zstd.dat").toString();
        for (Path launcher : List.of(direct, relative)) {
            assertEquals(referenceHead(20), head(run(Map.of(), launcher.toString(), "report", trace), 20), launcher.toString());
        }
    }

    /**
     * The launcher runs JAVA_HOME's JDK when set, and {@code --version} says which JDK runs and what
     * speeds its start-up (here: nothing, the launcher's cache is off).
     */
    @Test
    void versionNamesTheJdkItRunsOn() throws Exception {
        String version = run(Map.of(), repository().resolve("tracesym").toString(), "--version");
        assertTrue(version.startsWith("tracesym "), version);
        assertTrue(version.contains("JDK " + System.getProperty("java.version") + " "), version);
        assertTrue(version.contains(" at " + System.getProperty("java.home") + "\n"), version);
        assertTrue(version.contains("start-up: none"), version);
    }

    /**
     * A command's first run records what it loads, later runs map the result: an ahead-of-time
     * cache from JDK 24 on, a class-data archive before; {@code --version} says which. The reports
     * are the same either way, and no temporary file stays in the cache folder.
     */
    @Test
    void firstRunMakesTheCacheLaterRunsUse() throws Exception {
        Path cache = temp.resolve("cds");
        Map<String, String> env = Map.of("TRACESYM_CDS", "on", "TRACESYM_CDS_DIR", cache.toString());
        String launcher = repository().resolve("tracesym").toString();
        String trace = IdenticalReportTest.dataDir().resolve("reuse/reuse.v7-zstd.dat").toString();
        boolean aot = Runtime.version().feature() >= 24;
        assertTrue(run(env, launcher, "--version").contains("start-up: this run records what later runs load"));
        assertTrue(run(env, launcher, "--version").contains(aot ? "start-up: ahead-of-time cache" : "start-up: class-data archive"));
        for (int i = 0; i < 2; i++) {
            assertEquals(referenceHead(20), head(run(env, launcher, "report", trace), 20));
        }
        List<String> files = list(cache);
        assertEquals(2, files.stream().filter(f -> f.endsWith(aot ? ".aot" : ".jsa")).count(), files.toString());
        assertEquals(List.of(), files.stream().filter(f -> f.endsWith(".tmp")).toList());
    }

    /**
     * A first run (the launcher waits for java, to publish the cache it recorded) stopped by SIGINT
     * or SIGTERM stops at once, as later runs (java itself) do: the user's old output is untouched
     * and neither the output's nor the cache's temporary files stay.
     */
    @Test
    void firstRunStopsOnSigintOrSigtermAndLeavesNoTemporary() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path dir = Files.createDirectories(temp.resolve(signal));
            Path cache = dir.resolve("cds");
            Path out = dir.resolve("annotated.txt");
            Files.writeString(out, "earlier output\n");
            ProcessBuilder pb = new ProcessBuilder(repository().resolve("tracesym").toString(), "annotate", "-o", out.toString(), "-")
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("TRACESYM_CDS_DIR", cache.toString());
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                StringBuilder text = new StringBuilder("# tracer: function\n#\n");
                for (int i = 0; i < 100_000; i++) {
                    text.append(String.format("              dd-461     [000] .....    65.%06d: __x64_sys_read <-do_syscall_64%n", i));
                }
                in.write(text.toString().getBytes(StandardCharsets.US_ASCII));
                in.flush();
                // mid-way: the output's temporary file has bytes, the pipe stays open
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (list(dir).stream().noneMatch(f -> f.endsWith(".part") && dir.resolve(f).toFile().length() > 0)) {
                    assertTrue(p.isAlive() && System.nanoTime() < deadline, "no output file being written: " + list(dir));
                    Thread.sleep(20);
                }
                // started with SIGINT ignored (a background job of a script), a program keeps ignoring it
                Assumptions.assumeFalse(signal.equals("INT") && ignoresSigint(p.pid()), "SIGINT is ignored in this process tree");
                assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher did not stop on SIG" + signal);
            } finally {
                p.destroyForcibly();
            }
            assertTrue(p.exitValue() != 0, "an interrupted run does not exit 0");
            assertEquals("earlier output\n", Files.readString(out));
            assertEquals(List.of("annotated.txt", "cds", "stderr.txt"), list(dir), "SIG" + signal);
            assertEquals(List.of(), list(cache).stream().filter(f -> f.endsWith(".tmp")).toList(), "SIG" + signal);
        }
    }

    private static boolean ignoresSigint(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("SigIgn:"))
                .anyMatch(l -> (Long.parseLong(l.substring(7).trim(), 16) & 2) != 0);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsWhereALinuxUserLooksAndUninstallsWhole() throws Exception {
        Path prefix = temp.resolve("prefix");
        run(Map.of("PREFIX", prefix.toString()), "sh", repository().resolve("install.sh").toString());
        Path launcher = prefix.resolve("bin/tracesym");
        assertTrue(Files.isExecutable(launcher));
        assertTrue(Files.size(prefix.resolve("lib/tracesym/tracesym.jar")) > 1_000_000);
        assertTrue(Files.readString(prefix.resolve("share/man/man1/tracesym.1")).startsWith(".TH TRACESYM 1"));
        assertTrue(Files.readString(prefix.resolve("share/bash-completion/completions/tracesym")).contains("complete -F"));
        // the installed launcher, called through a link from elsewhere, finds its jar in PREFIX/lib
        Path link = Files.createSymbolicLink(temp.resolve("tracesym"), launcher);
        String trace = IdenticalReportTest.dataDir().resolve("reuse/reuse.v7-zstd.dat").toString();
        assertEquals(referenceHead(20), head(run(Map.of(), link.toString(), "report", trace), 20));
        assertFalse(Files.exists(prefix.resolve("bin/app")), "nothing written beside the installed launcher");

        run(Map.of("PREFIX", prefix.toString()), "sh", repository().resolve("install.sh").toString(), "--uninstall");
        for (String f : List.of("bin/tracesym", "lib/tracesym/tracesym.jar", "share/man/man1/tracesym.1",
                "share/bash-completion/completions/tracesym")) {
            assertFalse(Files.exists(prefix.resolve(f)), f);
        }
    }
}
