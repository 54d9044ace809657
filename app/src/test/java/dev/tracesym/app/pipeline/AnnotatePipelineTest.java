package dev.tracesym.app.pipeline;

import static dev.tracesym.app.pipeline.PipelineSamples.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.annotate.TextPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/** {@code tracesym annotate} on the reuse sample's kernel text, from a file and from a pipe. */
class AnnotatePipelineTest {

    /** The final text names module addresses by the modules loaded at its end; annotated, by those of each line's time. */
    @Test
    void staleModuleNamesAreReplacedByTheKernelsOwnAtTheirTime() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome code = AnnotatePipeline.run(new AnnotatePipeline.Request(data("text/reuse-042-final.trace.xz").toString(),
                TextPipeline.Output.TEXT, PipelineSamples.archive("reuse"), false), InputStream.nullInputStream(), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Outcome.OK, code, err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.ISO_8859_1);
        String input = decompressed("text/reuse-042-final.trace.xz");
        assertEquals(input.lines().count(), text.lines().count(), "every line comes out");
        assertTrue(input.contains("crc_itu_t+0x0/0x1000 [crc_itu_t] <ffffffffc02d4000> <-do_one_initcall"));
        assertTrue(text.contains("init_soundcore+0x0/0x1000 [soundcore] <ffffffffc02d4000> <-do_one_initcall"),
                "the function that was there at 6.499434");
        assertFalse(text.contains("crc_itu_t+0x0/0x1000 [crc_itu_t] <ffffffffc02d4000> <-do_one_initcall+0x59/0x220 <ffffffff85e024b9>\n            "),
                "no stale name left at that time");
        long changed = 0;
        String[] a = input.split("\n");
        String[] b = text.split("\n");
        for (int i = 0; i < a.length; i++) {
            if (!a[i].equals(b[i])) {
                changed++;
            }
        }
        assertTrue(changed > 2000, "lines renamed: " + changed);
    }

    /** A pipe that stays open: each line is annotated and written before the next one arrives. */
    @Test
    void aPipeIsAnnotatedLineByLine() throws Exception {
        PipedOutputStream feed = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(feed, 1 << 16);
        ArrivalRecorder out = new ArrivalRecorder();
        CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> AnnotatePipeline.run(
                new AnnotatePipeline.Request("-", TextPipeline.Output.TEXT,
                        SymbolSource.table(data("reuse/snapshots/001-start.kallsyms.xz")), false),
                stdin, out, new PrintStream(OutputStream.nullOutputStream())));
        String[] lines = decompressed("text/reuse-042-final.trace.xz").split("\n");
        // the header and the first events
        for (int i = 0; i < 16; i++) {
            feed.write((lines[i] + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        feed.flush();
        long written = System.nanoTime();
        String first = out.awaitLine("6.369203", 30_000);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written);
        assertTrue(first.contains("__x64_sys_finit_module+0x0/0x20 <ffffffff85f4bb50>"), first);
        assertFalse(run.isDone(), "the input is still open");
        System.out.println("first annotated event of a pipe after " + ms + " ms");
        feed.close();
        assertEquals(Outcome.OK, run.get(30, TimeUnit.SECONDS));
    }

    /** Collects output and wakes up a waiting reader at every write. */
    private static final class ArrivalRecorder extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        /** The first complete output line containing {@code marker}; fails after {@code ms}. */
        synchronized String awaitLine(String marker, long ms) throws InterruptedException {
            long end = System.currentTimeMillis() + ms;
            while (true) {
                for (String l : bytes.toString(StandardCharsets.ISO_8859_1).split("\n", -1)) {
                    if (l.contains(marker) && bytes.toString(StandardCharsets.ISO_8859_1).contains(l + "\n")) {
                        return l;
                    }
                }
                long left = end - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("no line with " + marker + " in " + ms + " ms; got: " + bytes);
                }
                wait(left);
            }
        }
    }

    private static String decompressed(String relative) {
        try (XZInputStream in = new XZInputStream(Files.newInputStream(data(relative)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
