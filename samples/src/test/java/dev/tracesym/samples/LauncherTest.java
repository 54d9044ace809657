package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
