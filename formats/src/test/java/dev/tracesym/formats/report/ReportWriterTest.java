package dev.tracesym.formats.report;

import static dev.tracesym.formats.report.SyntheticTrace.A;
import static dev.tracesym.formats.report.SyntheticTrace.B;
import static dev.tracesym.formats.report.SyntheticTrace.C;
import static dev.tracesym.formats.report.SyntheticTrace.D;
import static dev.tracesym.formats.report.SyntheticTrace.P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report lines for situations the real samples do not show, written out as trace-cmd prints them. */
class ReportWriterTest {

    @Test
    void columnsShowCommPidCpuAndRoundedMicroseconds() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.cmdlines = "105 init\n";
        t.function(5_126_629_024L, 1, 105, A, P);
        t.function(6_358_639_996L, 0, 77, B, A);
        t.function(7_000_000_499L, 0, 0, C, P);
        assertEquals("cpus=2\n"
                + "            init-105   [001]     5.126629: function:             alpha\n"
                + "           <...>-77    [000]     6.358640: function:             beta\n"
                + "          <idle>-0     [000]     7.000000: function:             gamma\n",
                t.report(false, false));
    }

    @Test
    void dashTShowsNanoseconds() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.function(5_126_629_024L, 1, 0, A, P);
        t.function(123_456_000_000_001L, 1, 0, A, P);
        assertEquals("cpus=2\n"
                + "          <idle>-0     [001]     5.126629024: function:             alpha\n"
                + "          <idle>-0     [001] 123456.000000001: function:             alpha\n",
                t.report(false, true));
    }

    @Test
    void functionLinesAreIndentedByTheParentsSeenOnTheirCpu() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        long ts = 1_000_000_000L;
        t.function(ts, 0, 0, A, P);
        t.function(ts + 1000, 0, 0, B, A);
        t.function(ts + 2000, 0, 0, C, B);
        t.function(ts + 3000, 1, 0, C, B); // another CPU has its own list
        t.function(ts + 4000, 0, 0, D, A);
        t.function(ts + 5000, 0, 0, C, D);
        t.function(ts + 6000, 0, 0, A, 0x1234L); // parent without a name: no indent, list unchanged
        t.function(ts + 7000, 0, 0, 0xdeadL, P); // function without a name
        t.function(ts + 8000, 0, 0, B, A);
        List<String> info = infos(t.report(false, false));
        assertEquals(List.of("alpha", "   beta", "      gamma", "gamma", "   delta", "      gamma", "alpha", "0xdead",
                "   beta"), info);
    }

    /**
     * {@code tracesym report big.dat | head} shows its header before any record is read, and its first
     * lines without waiting for a whole batch of records (4096) to be read and rendered: the second
     * write comes after the first 64.
     */
    @Test
    void theHeaderGoesOutAtOnceAndTheFirstLinesBeforeAWholeBatchIsRead() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        for (int i = 0; i < 10_000; i++) {
            t.function(1_000_000_000L + i * 1000L, i % 2, 0, A, P);
        }
        for (boolean buffered : new boolean[] {false, true}) {
            int[] readAndWritten = t.recordsReadAtFirstWrites(buffered);
            String how = buffered ? "through a 64 KiB buffer: " : "";
            assertEquals(0, readAndWritten[0], how + "records read before the header went out");
            assertEquals("cpus=2\n".length(), readAndWritten[1], how + "the header alone");
            assertTrue(readAndWritten[2] >= 64 && readAndWritten[2] <= 128, how + "records read: " + readAndWritten[2]);
            assertTrue(readAndWritten[3] > 64 * 40, how + "64 lines: " + readAndWritten[3] + " bytes");
        }
    }

    /** The text after the event name column of each record line. */
    private static List<String> infos(String report) {
        return report.lines().skip(1).map(l -> l.substring(l.indexOf("function: ") + 22)).toList();
    }

    @Test
    void droppedEventsAreAnnouncedBeforeTheRecordThatFollowsThem() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.function(1_000_000_000L, 1, 0, A, P).missedBefore = 12;
        t.function(2_000_000_000L, 0, 0, A, P).missedBefore = -1;
        assertEquals("cpus=2\n"
                + "CPU:1 [12 EVENTS DROPPED]\n"
                + "          <idle>-0     [001]     1.000000: function:             alpha\n"
                + "CPU:0 [EVENTS DROPPED]\n"
                + "          <idle>-0     [000]     2.000000: function:             alpha\n",
                t.report(false, false));
    }

    @Test
    void instancesPrefixTheirLinesAndTheTopBufferIsIndentedToMatch() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.buffers = List.of("", "foo");
        t.function(1_000_000_000L, 0, 0, A, P);
        t.function(2_000_000_000L, 1, 0, A, P).buffer = 1;
        t.function(3_000_000_000L, 1, 0, A, P).buffer = 1;
        t.events.get(2).missedBefore = -1;
        // trace-cmd prints the prefix once per record: before the dropped-events line if there is one
        assertEquals("cpus=2\n"
                + "               <idle>-0     [000]     1.000000: function:             alpha\n"
                + "foo:           <idle>-0     [001]     2.000000: function:             alpha\n"
                + "foo: CPU:1 [EVENTS DROPPED]\n"
                + "          <idle>-0     [001]     3.000000: function:             alpha\n",
                t.report(false, false));
    }

    @Test
    void functionGraphFoldsAnEntryAndItsExitIntoOneLeafLine() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.graphEntry(1_000_000_000L, 0, 5, A, 1);
        t.graphExit(1_000_040_000L, 0, 5, A, 1, 100, 100 + 38_537);
        assertEquals("cpus=2\n"
                + "           <...>-5     [000]     1.000000: funcgraph_entry:      + 38.537 us  |    alpha();\n",
                t.report(false, false));
    }

    @Test
    void functionGraphNestsCallsAndPrintsDurationsAtTheirExit() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.graphEntry(2_000_000_000L, 0, 5, A, 0);
        t.graphEntry(2_000_001_000L, 0, 5, B, 1);
        t.graphExit(2_000_006_000L, 0, 5, B, 1, 0, 5_007);
        t.graphEntry(2_000_007_000L, 0, 5, C, 1);
        t.graphExit(2_000_008_000L, 0, 5, C, 1, 0, 12_345_678_901L);
        t.graphExit(2_000_300_000L, 0, 5, A, 0, 0, 195_470);
        assertEquals("cpus=2\n"
                + "           <...>-5     [000]     2.000000: funcgraph_entry:                   |  alpha() {\n"
                + "           <...>-5     [000]     2.000001: funcgraph_entry:        5.007 us   |    beta();\n"
                + "           <...>-5     [000]     2.000007: funcgraph_entry:      $ 12345678 us |    gamma();\n"
                + "           <...>-5     [000]     2.000300: funcgraph_exit:       ! 195.470 us |  }\n",
                t.report(false, false));
    }

    @Test
    void anExitOfAnotherTaskIsNotFolded() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.graphEntry(1_000_000_000L, 0, 5, A, 0);
        t.graphExit(1_000_001_000L, 0, 6, A, 0, 0, 1_000);
        assertEquals("cpus=2\n"
                + "           <...>-5     [000]     1.000000: funcgraph_entry:                   |  alpha() {\n"
                + "           <...>-6     [000]     1.000001: funcgraph_exit:         1.000 us   |  }\n",
                t.report(false, false));
    }

    @Test
    void theLeafLookAheadSkipsRecordsOfOtherBuffersAndStillPrintsThem() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.buffers = List.of("", "foo");
        t.graphEntry(3_000_000_000L, 0, 5, A, 0);
        t.function(3_000_001_000L, 1, 7, B, A).buffer = 1;
        t.graphExit(3_000_002_000L, 1, 5, A, 0, 0, 2_000);
        assertEquals("cpus=2\n"
                + "                <...>-5     [000]     3.000000: funcgraph_entry:        2.000 us   |  alpha();\n"
                + "foo:            <...>-7     [001]     3.000001: function:             beta\n",
                t.report(false, false));
    }

    @Test
    void aWakeupLatencyStaysOnItsSwitchWhenAGraphEntryLookedAheadPastIt() throws IOException {
        // -w on a function_graph trace with sched events (trace-cmd record -e all -p function_graph): the
        // entry's look-ahead reads the switch before the entry's line is done; the latency is the switch's
        SyntheticTrace t = new SyntheticTrace();
        t.schedWakeup(1_000_000_000L, 1, 0, "worker", 20);
        t.graphEntry(1_000_001_000L, 0, 5, A, 0);
        t.schedSwitch(1_000_002_500L, 1, "swapper/1", 0, "worker", 20);
        t.graphEntry(1_000_003_000L, 0, 5, B, 1);
        t.graphExit(1_000_004_000L, 0, 5, B, 1, 0, 1_000);
        t.graphExit(1_000_005_000L, 0, 5, A, 0, 0, 4_000);
        assertEquals("cpus=2\n"
                + "          <idle>-0     [001]     1.000000: sched_wakeup:         worker:20 [120] CPU:001\n"
                + "           <...>-5     [000]     1.000001: funcgraph_entry:                   |  alpha() {\n"
                + "          <idle>-0     [001]     1.000003: sched_switch:         swapper/1:0 [120] S ==> worker:20 [120]"
                + " Latency: 2.500 usecs\n"
                + "           <...>-5     [000]     1.000003: funcgraph_entry:        1.000 us   |    beta();\n"
                + "           <...>-5     [000]     1.000005: funcgraph_exit:         4.000 us   |  }\n",
                t.report(false, false, true));
    }

    @Test
    void withoutPluginsEventsPrintTheirPrintFormat() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.function(1_000_000_000L, 0, 0, A, P);
        t.function(1_000_000_001L, 0, 0, 0xdeadL, P);
        t.graphEntry(1_000_000_002L, 0, 0, B, 1);
        t.graphExit(1_000_000_003L, 0, 0, B, 1, 0x10, 0x20);
        assertEquals("cpus=2\n"
                + "          <idle>-0     [000]     1.000000000: function:              alpha <-- parent_fn\n"
                + "          <idle>-0     [000]     1.000000001: function:              0xdead <-- parent_fn\n"
                + "          <idle>-0     [000]     1.000000002: funcgraph_entry:      --> beta (1)\n"
                + "          <idle>-0     [000]     1.000000003: funcgraph_exit:       <-- beta (1) (start: 10  end: 20) over: 1\n",
                t.report(true, true));
    }

    @Test
    void aRecordOfAnUndefinedEventIsMarkedUnknown() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.unknown(1_000_000_000L, 0, 999);
        assertEquals("cpus=2\n[UNKNOWN EVENT][UNKNOWN EVENT] (NULL):               [UNKNOWN EVENT]\n",
                t.report(false, false));
    }

    @Test
    void schedSwitchTeachesCommsToLaterLinesOnlyWithPlugins() throws IOException {
        SyntheticTrace t = new SyntheticTrace();
        t.function(1_000_000_000L, 0, 300, A, P);
        t.schedSwitch(2_000_000_000L, 0, "init", 1, "worker", 300);
        t.function(3_000_000_000L, 0, 300, A, P);
        t.function(4_000_000_000L, 0, 1, A, P);
        assertEquals("cpus=2\n"
                + "           <...>-300   [000]     1.000000: function:             alpha\n"
                + "           <...>-1     [000]     2.000000: sched_switch:         init:1 [120] S ==> worker:300 [120]\n"
                + "          worker-300   [000]     3.000000: function:             alpha\n"
                + "            init-1     [000]     4.000000: function:             alpha\n",
                t.report(false, false));
        String raw = t.report(true, false);
        assertEquals("           <...>-300   [000]     3.000000: function:              alpha <-- parent_fn",
                raw.lines().toList().get(3));
    }
}
