package dev.tracesym.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code tracesym} as a user runs it: a separate JVM on the test class path, with real standard
 * streams, so exit codes, what reaches stdout and stderr, closed pipes, files left behind and
 * signals are what a shell sees. {@link #run(byte[], String...)} feeds standard input from bytes and
 * keeps standard output as bytes (a closed pipe with {@code keep}); {@link #runFrom} and
 * {@link #withHeap} redirect standard input from a file, give the heap and use no compiled-index cache.
 */
final class TracesymProcess {
    /** How a run ended: its exit code, its standard output and its standard error. */
    record Result(int code, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "exit " + code + ", " + out.length + " bytes out, stderr: " + err;
        }
    }

    private TracesymProcess() {
    }

    /** Runs {@code tracesym ARGS} with {@code stdin} (null: empty) as its standard input. */
    static Result run(byte[] stdin, String... args) {
        return run(stdin, -1, args);
    }

    /**
     * Runs {@code tracesym ARGS} and reads at most {@code keep} bytes of its standard output (-1: all),
     * then closes the pipe as {@code | head -c KEEP} does.
     */
    static Result run(byte[] stdin, int keep, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.tracesym.app.Main");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).start();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream(), -1));
            CompletableFuture<Void> in = CompletableFuture.runAsync(() -> {
                try (OutputStream o = p.getOutputStream()) {
                    if (stdin != null) {
                        o.write(stdin);
                    }
                } catch (IOException e) {
                    // the command stopped reading: what it did is what the test looks at
                }
            });
            byte[] out = readAll(p.getInputStream(), keep);
            if (keep >= 0) {
                p.getInputStream().close();
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("tracesym " + String.join(" ", args) + " did not end");
            }
            in.join();
            return new Result(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in, int keep) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        try {
            int n;
            while ((keep < 0 || b.size() < keep) && (n = in.read(buf, 0, keep < 0 ? buf.length : Math.min(buf.length, keep - b.size()))) > 0) {
                b.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** {@code samples/data/<relative>} of the repository. */
    static Path data(String relative) {
        return ReportCliTest.data(relative);
    }

    /** {@link #data} as a string argument. */
    static String arg(String relative) {
        return data(relative).toString();
    }

    /** Exit code, standard error, standard output. */
    record Run(int code, String err, String out) {
    }

    /** {@code tracesym ARGS} with standard input from {@code stdin} (null: /dev/null) and a 256 MiB heap. */
    static Run runFrom(Path stdin, String... args) throws IOException, InterruptedException {
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
