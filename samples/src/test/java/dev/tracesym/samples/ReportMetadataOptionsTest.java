package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The options of {@code trace-cmd report} 3.1.6 that print what the file holds instead of its events
 * ({@code -p -e -f -P -E --check-events --cpus --first-event --last-event --stat --uname --version}), each
 * run by the real trace-cmd and by {@code tracesym report} on every sample: the same bytes on standard
 * output and the same exit code.
 */
class ReportMetadataOptionsTest {
    @TempDir
    static Path temp;

    static final List<String> OPTION_SETS = List.of("-p", "-e", "-f", "-P", "-E", "--check-events", "--cpus",
            "--first-event", "--last-event", "--first-event --last-event -t", "--stat", "--uname", "--version",
            // trace-cmd's precedence: -e before --check-events before -f, -P before -E, version over uname over stat
            "--stat --uname", "--uname --version", "-P -E", "-e -f --check-events", "--check-events -f",
            // with the other options a report may have
            "--stat -F sched_switch --cpu 1", "--cpus -N", "-f -F function",
            "-H sched:sched_switch,prev_pid/sched:sched_wakeup,pid --version");

    static Stream<Arguments> cases() {
        return SampleTraces.cases(OPTION_SETS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameAsTraceCmd(String options, String trace) throws Exception {
        same(SampleTraces.args(SampleTraces.in(temp), options, trace), options + " " + trace);
    }

    static Stream<Arguments> formatTextCases() {
        return SampleTraces.cases(List.of("--events", "--event sched_switch", "--event sched", "--event sched:sched_w.*",
                "--event irq:", "--event xen\\|irq", "--event function", "--event ftrace:print", "--events --event irq"));
    }

    /**
     * {@code --events} / {@code --event}: trace-cmd 3.1.6 prints the matching formats of the event
     * systems only for v6 files and never those of ftrace (it drops the expression there). tracesym prints
     * the ftrace formats first (without a system line, as trace-cmd's code for them does), then what
     * trace-cmd prints, for every file version.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatTextCases")
    void formatTexts(String options, String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        TraceCmd.Run expected = TraceCmd.traceCmd(dir, SampleTraces.args(dir, options, trace));
        TraceCmd.Run actual = TraceCmd.tracesym(dir, SampleTraces.args(dir, options, trace));
        assertEquals(0, actual.code(), actual.err());
        assertEquals(expected.code(), actual.code());
        String ours = actual.text();
        int systems = ours.indexOf("\nsystem: ");
        String ftrace = systems < 0 ? ours : ours.substring(0, systems);
        String rest = systems < 0 ? "" : ours.substring(systems);
        if (options.equals("--events") || options.contains("function") || options.contains("print")) {
            assertTrue(ftrace.startsWith("name: "), "the ftrace formats first: " + ours);
        }
        if (trace.contains(".v6.")) {
            TraceCmd.assertSameBytes(expected.out(), rest.getBytes(StandardCharsets.ISO_8859_1), options + " " + trace);
            String v7 = trace.replace(".v6.", ".v7-zstd.");
            TraceCmd.Run sameTrace = TraceCmd.tracesym(dir, SampleTraces.args(dir, options, v7));
            TraceCmd.assertSameBytes(actual.out(), sameTrace.out(), options + ": v6 and v7 of one trace");
        } else {
            assertEquals(0, expected.out().length, "trace-cmd 3.1.6 prints nothing for a v7 file");
        }
    }

    /** Several inputs: each file's part in turn, named by its base name where trace-cmd names it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--stat", "--uname", "--version", "--cpus", "--first-event --last-event", "-e", "-P", "-p"})
    void severalInputs(String options) throws Exception {
        same(SampleTraces.args(SampleTraces.in(temp), options, "reuse.v6.dat", "funcgraph.v7-zstd.dat", "events.v7-zstd.dat"),
                options + " on three inputs");
    }

    /**
     * A filter naming no event of the trace: trace-cmd refuses it before {@code --stat}, {@code --uname} and
     * {@code --version} (nothing printed) but not before the other views, which print as without it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--stat", "--uname", "--version", "--cpus", "--first-event", "-e", "-P"})
    void filterNamingNoEvent(String option) throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String[] inputs : List.of(new String[] {"events.v7-zstd.dat"}, new String[] {"reuse.v6.dat", "events.v7-zstd.dat"})) {
            String[] args = SampleTraces.args(dir, option + " -F nosuch_event", inputs);
            String what = option + " -F nosuch_event on " + String.join(", ", inputs);
            TraceCmd.Run expected = TraceCmd.traceCmd(dir, args);
            TraceCmd.Run actual = TraceCmd.tracesym(dir, args);
            boolean refused = TraceCmd.bothRefusedFilter(expected, actual, what);
            assertEquals(option.equals("--stat") || option.equals("--uname") || option.equals("--version"), refused,
                    what + ": refused by trace-cmd; tracesym said: " + actual.err());
            if (!refused) {
                TraceCmd.assertSameBytes(expected.out(), actual.out(), what);
                assertEquals(expected.code(), actual.code(), what + ": exit code; tracesym said: " + actual.err());
            }
        }
    }

    /**
     * A format whose id libtraceevent cannot read (the sample's kmalloc format with "ID:" overwritten):
     * {@code --check-events} exits 22 (EINVAL) as trace-cmd does, and {@code -E} leaves that event out.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--check-events", "-E", "-f"})
    void unreadableFormat(String option) throws Exception {
        Path dir = SampleTraces.in(temp);
        byte[] dat = Files.readAllBytes(dir.resolve("events.v6.dat"));
        byte[] needle = "name: kmalloc\nID: ".getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(dat, needle);
        assertTrue(at > 0, "the sample has the kmalloc format");
        dat[at + needle.length - 4] = 'X';
        dat[at + needle.length - 3] = 'X';
        Files.write(dir.resolve("kmalloc-without-id.v6.dat"), dat);
        int code = same(SampleTraces.args(dir, option, "kmalloc-without-id.v6.dat"), option + " on a format without its id");
        if (option.equals("--check-events")) {
            assertEquals(22, code);
        }
    }

    /** Runs both; fails unless standard output and exit code are the same. Returns the exit code. */
    private static int same(String[] args, String what) throws Exception {
        Path dir = SampleTraces.in(temp);
        TraceCmd.Run expected = TraceCmd.traceCmd(dir, args);
        TraceCmd.Run actual = TraceCmd.tracesym(dir, args);
        TraceCmd.assertSameBytes(expected.out(), actual.out(), what);
        assertEquals(expected.code(), actual.code(), what + ": exit code; tracesym said: " + actual.err());
        return actual.code();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
