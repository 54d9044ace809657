package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the report entry point. */
class ReportCommandTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String input, OutputStream to) {
        return ReportCommand.run(input, false, false, to, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static Path sample(String scenario) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d.resolve(scenario).resolve(scenario + ".v7-zstd.dat");
            }
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    @Test
    void aMissingFileIsBadInputWithOneMessage() {
        assertEquals(ReportCommand.BAD_INPUT, run(temp.resolve("nope.dat").toString(), out));
        assertEquals(0, out.size());
        assertTrue(errText().contains("nope.dat: no such file"), errText());
        assertEquals(1, errText().lines().count());
    }

    @Test
    void aFileThatIsNoTraceIsBadInput() throws IOException {
        Path f = temp.resolve("notes.txt");
        Files.writeString(f, "just some text, long enough to be read as a header\n");
        assertEquals(ReportCommand.BAD_INPUT, run(f.toString(), out));
        assertEquals(0, out.size());
        assertTrue(errText().startsWith("tracesym report: notes.txt"), errText());
        assertEquals(1, errText().lines().count());
    }

    @Test
    void aTraceIsReportedWithoutMessages() {
        assertEquals(ReportCommand.OK, run(sample("reuse").toString(), out));
        String report = out.toString(StandardCharsets.ISO_8859_1);
        assertTrue(report.startsWith("cpus=2\n            init-105   [001]     5.126629: print:"), report.substring(0, 200));
        assertEquals("", errText());
    }

    @Test
    void cutDataIsReportedUpToTheCutAndWarnedAboutAfterwards() throws IOException {
        Path v6 = sample("reuse").resolveSibling("reuse.v6.dat.xz");
        byte[] whole;
        try (java.io.InputStream in = new org.tukaani.xz.XZInputStream(Files.newInputStream(v6))) {
            whole = in.readAllBytes(); // v6 keeps the event data at the end of the file
        }
        Path cut = temp.resolve("cut.dat");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 200_000));
        assertEquals(ReportCommand.OK, run(cut.toString(), out));
        assertTrue(out.size() > 100_000, "events before the cut are printed");
        assertTrue(errText().contains("warning"), errText());
    }

    @Test
    void anOutputThatFailsIsNotBlamedOnTheInput() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        assertEquals(ReportCommand.OUTPUT_FAILED, run(sample("reuse").toString(), broken));
        assertTrue(errText().contains("cannot write the report: No space left on device"), errText());
    }
}
