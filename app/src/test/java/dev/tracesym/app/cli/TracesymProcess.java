package dev.tracesym.app.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code tracesym} as a user would, in a process of its own (standard input redirected, the
 * heap given, no compiled-index cache), for tests of exit codes, messages, files left behind and
 * signals.
 */
final class TracesymProcess {
    /** Exit code, standard error, standard output. */
    record Run(int code, String err, String out) {
    }

    private TracesymProcess() {
    }

    /** {@code tracesym ARGS} with standard input from {@code stdin} (null: /dev/null) and a 256 MiB heap. */
    static Run run(Path stdin, String... args) throws IOException, InterruptedException {
        return withHeap(stdin, "-Xmx256m", args);
    }

    /** {@code tracesym ARGS} with the JVM option {@code heap} (e.g. {@code -Xmx16m}). */
    static Run withHeap(Path stdin, String heap, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(java(), heap, "-Dtracesym.cache.dir=", "-cp",
                System.getProperty("java.class.path"), "dev.tracesym.app.Main"));
        cmd.addAll(List.of(args));
        File err = File.createTempFile("tracesym-test-", ".err");
        File out = File.createTempFile("tracesym-test-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err).redirectOutput(out);
            pb.redirectInput(ProcessBuilder.Redirect.from(stdin == null ? new File("/dev/null") : stdin.toFile()));
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("tracesym " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Run(p.exitValue(), Files.readString(err.toPath()), Files.readString(out.toPath()));
        } finally {
            err.delete();
            out.delete();
        }
    }

    /** The java this test runs on. */
    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
