package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.report.ReportWriter;
import dev.tracesym.formats.report.WakeupLatency;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code -w}: the report with wakeup latencies and their summary is trace-cmd 3.1.6's, byte for byte. */
class WakeupLatencyTest {
    @TempDir
    static Path temp;

    static Stream<String> traces() {
        return TraceCmdRun.TRACES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traces")
    void sameAsTraceCmd(String trace) throws IOException {
        Path file = TraceCmdRun.sample(trace, temp);
        TraceCmdRun.Result expected = TraceCmdRun.report(temp, "-w", "-i", file.toString());
        ByteArrayOutputStream out = TraceCmdRun.buffer();
        try (DatFile dat = DatFile.open(file)) {
            ReportInput input = ReportCommand.inputOf(dat);
            ReportWriter writer = new ReportWriter(input, ReportCommand.namerOf(dat), false, false, out);
            WakeupLatency w = WakeupLatency.of(input.formats());
            writer.tail(w);
            writer.write(dat::next);
            if (w != null) {
                out.write(w.summary());
            }
        }
        TraceCmdRun.assertSameOutput(expected, 0, out.toByteArray(), "-w " + trace);
        if (trace.startsWith("events/")) { // the sample with sched events: the comparison covered latencies
            assertTrue(expected.text().contains(" Latency: ") && expected.text().contains("RT task timings:"));
        }
    }
}
