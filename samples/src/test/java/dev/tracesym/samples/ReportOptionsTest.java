package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The options of {@code trace-cmd report} 3.1.6, each run by the real trace-cmd and by
 * {@code tracesym report} on the samples: the same bytes on standard output and the same exit code, or
 * the documented difference where trace-cmd loses data or crashes (docs/REPORT-OPTIONS.md).
 */
class ReportOptionsTest {
    private static final String REUSE = "reuse/reuse.v7-zstd.dat";
    private static final String EVENTS = "events/events.v7-zstd.dat";
    private static final String FUNCGRAPH = "funcgraph/funcgraph.v7-zstd.dat";
    private static final String BUILTIN = "builtin-6.12/builtin.v7-zstd.dat";

    private static Path dir() {
        return TraceCmd.data("");
    }

    private static Arguments c(String option, String... args) {
        return Arguments.of(option, List.of(args));
    }

    /** Option, then the arguments after {@code report}: trace-cmd and tracesym agree byte for byte. */
    static Stream<Arguments> identical() {
        return Stream.of(
                c("-F", "-F", "print", REUSE),
                c("-F", "-F", "function: ip == \"do_one_initcall\"", REUSE),
                c("-F", "-F", "module", "-F", "print: buf =~ \"epoch: 0[0-9]\\{2\\} \"", REUSE),
                c("-F", "-F", "funcgraph_entry: depth < 2 && !(func == 0)", FUNCGRAPH),
                c("-F", "-F", "function: parent_ip =~ \"^do_\" || ip & 1", BUILTIN),
                c("-F", "-F", "sched_switch: prev_pid == 1 || bogus == 1 && next_pid > 3", EVENTS),
                c("-F", "-F", "kmalloc: call_site == \"kmalloc_trace\"", "-F", "sys_enter_openat", EVENTS),
                c("-F", "-F", "irq/softirq_.*: vec != 9", "-F", "sched_waking,sched_wakeup: COMM =~ \"^k\"", EVENTS),
                c("-F", "-F", "kernel_stack", EVENTS),
                c("-v", "-v", "-F", "function", REUSE),
                c("-v", "-F", "print", "-v", "-F", "print: buf =~ \"load\"", REUSE),
                c("-v", "-v", "-F", "kernel_stack", EVENTS),
                c("-T", "-T", "-F", "sched_\\(switch\\|wakeup\\): prev_pid == 0", EVENTS),
                c("-T", "-T", "-F", "SCHED/.*: COMM =~ \"^ls\" || next_comm != \"x\"", "-v", "-F", "irq", EVENTS),
                c("-T", "-T", "-F", "sched_switch: prev_state & 2 || !(prev_prio < 120) && x ~ 1", EVENTS),
                c("-T", "-T", REUSE),
                c("-I", "-I", EVENTS),
                c("-I", "-I", FUNCGRAPH),
                c("-S", "-S", EVENTS),
                c("-S", "-S", "-F", "function: COMM == \"modprobe\"", BUILTIN),
                c("--cpu", "--cpu", "1", REUSE),
                c("--cpu", "--cpu", "0-1", FUNCGRAPH),
                c("--cpu", "--cpu=0", "-F", "function", BUILTIN),
                c("-N", "-N", "-F", "sched_switch", EVENTS));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("identical")
    void sameBytesAsTraceCmd(String option, List<String> args) throws Exception {
        String[] a = args.toArray(new String[0]);
        TraceCmd.Run expected = TraceCmd.traceCmd(dir(), a);
        TraceCmd.Run actual = TraceCmd.tracesym(dir(), a);
        TraceCmd.assertSameBytes(expected.out(), actual.out(), option + " " + args);
        if (expected.code() == 139 && args.contains(EVENTS) && (args.contains("-F"))) {
            // trace-cmd 3.1.6 frees the filter of a trace with buffer instances twice after the report
            assertEquals(0, actual.code(), actual.err());
        } else {
            assertEquals(expected.code(), actual.code(), "exit code; tracesym said: " + actual.err());
        }
    }

    /** Filters that trace-cmd refuses: nothing on standard output, a message; trace-cmd exits 255, tracesym 2. */
    @Test
    void refusedFiltersPrintNothing() throws Exception {
        for (String[] args : List.of(new String[] {"-F", "nosuch", REUSE}, new String[] {"-F", "print:", REUSE},
                new String[] {"-F", "print: buf == 1 ==", REUSE}, new String[] {"-F", "print: (buf == 1", REUSE},
                new String[] {"-F", "print: buf =~ 3", REUSE}, new String[] {"-F", "print: 1 == buf", REUSE})) {
            TraceCmd.Run expected = TraceCmd.traceCmd(dir(), args);
            TraceCmd.Run actual = TraceCmd.tracesym(dir(), args);
            assertEquals(255, expected.code(), Arrays.toString(args));
            assertEquals(0, expected.out().length, Arrays.toString(args));
            assertEquals(2, actual.code(), Arrays.toString(args));
            assertEquals(0, actual.out().length, Arrays.toString(args));
            assertTrue(actual.err().startsWith("tracesym report: ") && actual.err().contains(args[1].split(":")[0]),
                    actual.err());
        }
    }

    /**
     * trace-cmd 3.1.6 gives {@code --cpu} the number of a CPU slot across all buffers (the instance's CPUs
     * come after the top buffer's), so a trace with an instance loses the instance's records of the CPUs
     * asked for; tracesym shows every buffer's records of those CPUs. Without the instance's records,
     * the outputs are the same.
     */
    @Test
    void cpuSelectsTheCpuInEveryBuffer() throws Exception {
        TraceCmd.Run expected = TraceCmd.traceCmd(dir(), "--cpu", "1", EVENTS);
        TraceCmd.Run actual = TraceCmd.tracesym(dir(), "--cpu", "1", EVENTS);
        assertEquals(0, actual.code());
        List<String> top = new ArrayList<>();
        boolean instance = false;
        int instanceLines = 0;
        for (String line : actual.text().split("\n", -1)) {
            if (!line.startsWith("=> ")) { // a stack line belongs to the record before it
                instance = line.startsWith("foo:");
                assertTrue(!instance || line.contains(" [001] "), line);
            }
            if (instance) {
                instanceLines++;
            } else {
                top.add(line);
            }
        }
        assertTrue(instanceLines > 1000, "the instance's CPU 1 records are shown: " + instanceLines);
        TraceCmd.assertSameBytes(expected.out(), String.join("\n", top).getBytes(StandardCharsets.ISO_8859_1),
                "--cpu 1 without the instance");
    }

    /**
     * With the archive, a filter sees the names of the event's time: the module that held an address
     * then ({@code .module}), the function then ({@code ==} on an address field, {@code .function ~}).
     */
    @Test
    void filtersMatchNamesAsOfTheEventsTime() throws Exception {
        String[] archive = {"--archive", "reuse/snapshots", "--modules", "modules-6.1.0-56-amd64"};
        TraceCmd.Run byModule = TraceCmd.tracesym(dir(), concat(archive, "-F", "function: ip.module == \"soundcore\"", REUSE));
        assertEquals(0, byModule.code(), byModule.err());
        List<String> lines = List.of(byModule.text().split("\n"));
        assertTrue(lines.contains("        modprobe-122   [000]     6.499434: function:             init_soundcore [soundcore]"),
                byModule.text());
        assertTrue(lines.size() > 3 && lines.stream().skip(1).allMatch(l -> l.endsWith(" [soundcore]")), byModule.text());
        // the trace's own kallsyms (the end of the recording) has another module at that address then
        TraceCmd.Run withoutArchive = TraceCmd.tracesym(dir(), "-F", "function: ip.module == \"soundcore\"", REUSE);
        assertTrue(!withoutArchive.text().contains(" 6.499434: "), withoutArchive.text());
        TraceCmd.Run byName = TraceCmd.tracesym(dir(), concat(archive, "-F", "function: ip == \"init_soundcore\"", REUSE));
        // soundcore was loaded twice: its init ran twice
        assertEquals(List.of("cpus=2", "        modprobe-122   [000]     6.499434: function:             init_soundcore [soundcore]",
                "        modprobe-338   [000]    38.521289: function:             init_soundcore [soundcore]"),
                List.of(byName.text().split("\n")));
        TraceCmd.Run byGlob = TraceCmd.tracesym(dir(), concat(archive, "-F", "function: ip.function ~ \"snd_*\"", REUSE));
        List<String> snd = List.of(byGlob.text().split("\n"));
        assertTrue(snd.size() > 100 && snd.stream().skip(1).allMatch(l -> l.contains("function:") && l.trim().split("\\s+")[4].startsWith("snd_")),
                byGlob.text());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
