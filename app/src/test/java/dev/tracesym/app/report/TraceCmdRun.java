package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracesym.app.pipeline.PipelineSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Runs the real {@code trace-cmd report} (3.1.6, Debian's package; {@code .ci/run} installs it) for the
 * differential tests, and finds the samples they run it on.
 */
final class TraceCmdRun {
    private static volatile boolean checked;

    /** What one run printed on standard output and how it ended. */
    record Result(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    private TraceCmdRun() {
    }

    /** {@code trace-cmd report ARGS} in {@code dir}. */
    static Result report(Path dir, String... args) {
        requireVersion();
        List<String> command = new ArrayList<>(List.of("trace-cmd", "report"));
        command.addAll(List.of(args));
        return run(dir, command);
    }

    private static Result run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            int exit = p.waitFor();
            return new Result(exit, out, new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (install Debian's trace-cmd 3.1.6)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The comparisons are against 3.1.6: another version may print otherwise. */
    private static void requireVersion() {
        if (checked) {
            return;
        }
        Result r = run(Path.of("."), List.of("trace-cmd", "-h"));
        String all = r.text() + r.err();
        if (!all.contains("trace-cmd version 3.1.6")) {
            fail("these tests compare with trace-cmd 3.1.6; found: " + all.lines().filter(l -> l.contains("version"))
                    .findFirst().orElse("no version line"));
        }
        checked = true;
    }

    /** {@code samples/data/<relative>}, decompressed into {@code dir} when kept as {@code .xz}. */
    static Path sample(String relative, Path dir) {
        return PipelineSamples.plain(relative, dir);
    }

    /** Each option set on each trace of {@link #TRACES}, as test arguments (options, trace). */
    static Stream<Arguments> cases(List<String> optionSets) {
        List<Arguments> all = new ArrayList<>();
        for (String trace : TRACES) {
            for (String options : optionSets) {
                all.add(Arguments.of(options, trace));
            }
        }
        return all.stream();
    }

    /**
     * Every kept sample trace, each file variant once, but the zlib one: Debian's trace-cmd 3.1.6 is built
     * without zlib and refuses it ("error reading header").
     */
    static final List<String> TRACES = List.of(
            "reuse/reuse.v7-zstd.dat", "reuse/reuse.v6.dat.xz",
            "events/events.v7-zstd.dat", "events/events.v6.dat.xz",
            "funcgraph/funcgraph.v7-zstd.dat", "funcgraph/funcgraph.v6.dat.xz",
            "builtin-6.12/builtin.v7-zstd.dat");

    /** Fails naming the first differing line when the bytes differ. */
    static void assertSameOutput(Result expected, int exit, byte[] out, String what) {
        assertEquals(expected.exit(), exit, what + ": exit code (trace-cmd's stderr: " + expected.err().strip() + ")");
        String e = expected.text();
        String a = new String(out, StandardCharsets.ISO_8859_1);
        if (e.equals(a)) {
            return;
        }
        String[] el = e.split("\n", -1);
        String[] al = a.split("\n", -1);
        int i = 0;
        while (i < el.length && i < al.length && el[i].equals(al[i])) {
            i++;
        }
        fail(what + ": output differs from trace-cmd's at line " + (i + 1) + "\n  trace-cmd: "
                + (i < el.length ? el[i] : "(end)") + "\n  tracesym:  " + (i < al.length ? al[i] : "(end)")
                + "\n  (" + el.length + " vs " + al.length + " lines)");
    }

    /** Bytes of an output stream, for the tracesym side. */
    static ByteArrayOutputStream buffer() {
        return new ByteArrayOutputStream(1 << 16);
    }
}
