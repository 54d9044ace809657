package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -w}: the report with each woken task's latency after the sched_switch that runs it, and the
 * summary after the report, as trace-cmd 3.1.6 prints them, alone and with the filters and views.
 */
class ReportWakeupTest {
    @TempDir
    static Path temp;

    static final List<String> OPTION_SETS = List.of("-w", "-w -t", "-w --cpu 1", "-w -F sched_switch,sched_wakeup",
            "-w -F sched_switch", "-w -v -F sched_wakeup_new", "-w -N");

    static Stream<Arguments> cases() {
        return SampleTraces.cases(OPTION_SETS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameAsTraceCmd(String options, String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        String[] args = SampleTraces.args(dir, options, trace);
        String[] theirs = SampleTraces.forTraceCmd(dir, trace, args);
        TraceCmd.Run expected = TraceCmd.traceCmd(dir, theirs);
        TraceCmd.Run actual = TraceCmd.tracesym(dir, args);
        String what = options + " " + trace;
        if (TraceCmd.bothRefusedFilter(expected, actual, what)) {
            return; // a trace without sched_wakeup
        }
        assertEquals(0, actual.code(), what + ": " + actual.err());
        if (expected.code() == 139) {
            // a filter on a trace with an instance: trace-cmd crashes closing the trace, before its summary
            String ours = actual.text();
            int summary = ours.indexOf("\nAverage wakeup latency: ");
            assertTrue(List.of(theirs).contains("-F") && SampleTraces.hasInstances(dir, trace), what + ": " + expected.err());
            TraceCmd.assertSameBytes(expected.out(), (summary < 0 ? ours : ours.substring(0, summary))
                    .getBytes(StandardCharsets.ISO_8859_1), what + " (before the summary)");
            return;
        }
        TraceCmd.assertSameBytes(expected.out(), actual.out(), what);
        assertEquals(expected.code(), actual.code(), what + ": exit code");
        if (options.equals("-w") && trace.startsWith("events.")) { // the comparison covered latencies
            assertTrue(actual.text().contains(" Latency: ") && actual.text().contains("RT task timings:"));
        }
    }
}
