package dev.tracesym.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.input.InputException;
import dev.tracesym.formats.text.TextFormat;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz targets for the text readers, one per format (forced), each also opened with format
 * sniffing: every line comes out (garbage lines as {@link TextLine#GARBAGE} with a warning naming
 * their line), or the input is refused with a located {@link InputException} (a {@code TraceFormatException}, or broken compressed data).
 * Seeds: the first lines of the real text samples ({@code TextTraceReaderFuzzTestInputs/}).
 */
class TextTraceReaderFuzzTest {
    private static final String NAME = "fuzz.txt";

    @FuzzTest(maxDuration = "5m")
    void ftraceText(byte[] data) throws IOException {
        read(data, null);
        read(data, TextFormat.FTRACE);
    }

    @FuzzTest(maxDuration = "5m")
    void traceCmdText(byte[] data) throws IOException {
        read(data, null);
        read(data, TextFormat.TRACE_CMD);
    }

    @FuzzTest(maxDuration = "5m")
    void perfScriptText(byte[] data) throws IOException {
        read(data, null);
        read(data, TextFormat.PERF_SCRIPT);
    }

    private static void read(byte[] data, TextFormat format) throws IOException {
        long[] lastWarned = {0};
        WarningSink sink = (source, line, message) -> {
            if (!NAME.equals(source) || line < 1 || message.isEmpty()) {
                throw new AssertionError("warning without its place: " + source + ":" + line + ": " + message);
            }
            lastWarned[0] = line;
        };
        try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(data), NAME, format, sink)) {
            TextLine line = new TextLine();
            long expected = 1;
            while (r.next(line)) {
                if (line.number != expected++) {
                    throw new AssertionError("line " + line.number + " came out as line " + (expected - 1));
                }
                if (line.kind == TextLine.GARBAGE && r.garbageLines() <= 100 && lastWarned[0] != line.number) {
                    throw new AssertionError("garbage line " + line.number + " was not reported");
                }
                line.text();
            }
        } catch (InputException expected) {
            FuzzChecks.located(expected, NAME);
        }
    }
}
