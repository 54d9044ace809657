package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input, filter, view and message options of {@code trace-cmd report -h} (3.1.6), each run by the real
 * trace-cmd and by {@code tracesym report} on every sample ({@link SampleTraces#ALL}): the same bytes on
 * standard output and the same exit code. (The options that print what the file holds, {@code --profile}
 * and {@code -w} have their own tests over every sample; {@link ReportOptionListsTest} checks that
 * together they run every option of {@code -h}.) {@code ReportOptionsTest} has the finer cases of each.
 *
 * <p>Where trace-cmd 3.1.6 is wrong (docs/REPORT-OPTIONS.md), what it prints is still compared:
 * <ul>
 * <li>with a filter on a trace with buffer instances it crashes (SIGSEGV, exit 139) after the report: the
 * report must be the same, tracesym exits 0;</li>
 * <li>{@code --cpu N} on such a trace counts CPU slots across the buffers: tracesym's {@code --cpu N} is
 * compared with trace-cmd's {@code -F '.*: CPU == N'}, which means CPU N of every buffer;</li>
 * <li>{@code -V} prints which plugin files libtraceevent loads on standard output (tracesym has none): the
 * reports are compared without those lines;</li>
 * <li>a filter naming an event the trace lacks: both refuse it with nothing on standard output and trace-cmd's
 * exit status (255, or 22 on a Linux 6.12 v7 trace: {@link ReportRefusalStatusTest}).</li>
 * </ul>
 */
class ReportEverySampleTest {
    @TempDir
    static Path temp;

    /** The option sets; TRACE stands for the sample (without it, the sample is the last -i). */
    static final List<String> OPTION_SETS = List.of("-t", "-F sched_switch:prev_pid==0||next_prio<100",
            "-F sched,irq:COMM=~\"^k\"&&!(CPU==0) -F function", "-v -F sched_switch,sched_wakeup", "-T -F sched_switch:prev_pid==0",
            "-I", "-S", "--cpu 1", "-R", "-r sched.*", "-n function", "-N", "-L", "-l", "-O parent", "--ts-diff", "--ts-check",
            "--ts2secs 2000000000", "--nodate", "--raw-ts", "--align-ts", "-i TRACE -i reuse.v7-zstd.dat",
            "-i reuse.v7-zstd.dat -i TRACE --ts-offset 5000000000", "--verbose=warn", "-V");

    static Stream<Arguments> cases() {
        return SampleTraces.cases(OPTION_SETS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameAsTraceCmd(String options, String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        String[] ours = args(dir, options, trace);
        String[] theirs = SampleTraces.forTraceCmd(dir, trace, ours);
        TraceCmd.Run expected = TraceCmd.traceCmd(dir, theirs);
        TraceCmd.Run actual = TraceCmd.tracesym(dir, ours);
        String what = options + " " + trace;
        if (TraceCmd.bothRefusedFilter(expected, actual, what)) {
            return;
        }
        byte[] report = expected.out();
        if (options.equals("-V")) {
            report = withoutPluginMessages(expected.text());
            assertTrue(report.length < expected.out().length, "trace-cmd -V printed plugin messages");
        }
        if (options.equals("-R")) {
            assertSameRawReport(report, actual.out(), what);
        } else {
            TraceCmd.assertSameBytes(report, actual.out(), what);
        }
        if (expected.code() == 139 && List.of(theirs).contains("-F") && SampleTraces.hasInstances(dir, trace)) {
            // trace-cmd 3.1.6 frees the filter of a trace with buffer instances twice after the report
            assertEquals(0, actual.code(), what + ": " + actual.err());
        } else {
            assertEquals(expected.code(), actual.code(), what + ": exit code; tracesym said: " + actual.err());
        }
        assertTrue(actual.out().length > 0, what + ": something to compare");
    }

    /**
     * {@code -R}'s report: the same bytes, but where a stack record ends its ring-buffer page and trace-cmd
     * 3.1.6's buffer ends with it, trace-cmd prints the rest of the caller array from memory that is not the
     * trace's, and tracesym the CPU's next page or {@code 00} (docs/REPORT-OPTIONS.md, "Differences"). So a
     * line may differ only if it is a stack's, the same up to its array's bytes, the array as long, and the
     * bytes the same at least through the record's own entries ({@code size} longs, 8 bytes each on the
     * samples' 64-bit kernels).
     */
    static void assertSameRawReport(byte[] theirs, byte[] ours, String what) {
        String[] t = new String(theirs, StandardCharsets.ISO_8859_1).split("\n", -1);
        String[] o = new String(ours, StandardCharsets.ISO_8859_1).split("\n", -1);
        if (t.length != o.length) {
            TraceCmd.assertSameBytes(theirs, ours, what);
        }
        for (int i = 0; i < t.length; i++) {
            if (t[i].equals(o[i])) {
                continue;
            }
            String line = what + ", line " + (i + 1) + "\n  trace-cmd: " + t[i] + "\n  tracesym:  " + o[i];
            int at = o[i].indexOf(" caller=ARRAY[");
            assertTrue(at > 0 && o[i].contains("_stack:") && t[i].startsWith(o[i].substring(0, at + 14))
                    && t[i].endsWith("]") && o[i].endsWith("]"), "only a stack's caller array may differ: " + line);
            String[] tb = t[i].substring(at + 14, t[i].length() - 1).split(", ");
            String[] ob = o[i].substring(at + 14, o[i].length() - 1).split(", ");
            assertEquals(tb.length, ob.length, "the array's declared size: " + line);
            int same = 0;
            while (same < tb.length && tb[same].equals(ob[same])) {
                same++;
            }
            java.util.regex.Matcher size = java.util.regex.Pattern.compile(" size=(\\d+) ").matcher(o[i]);
            int own = size.find() ? Integer.parseInt(size.group(1)) * 8 : 0;
            assertTrue(same >= own && same < ob.length, "the record's own " + own + " bytes the same: " + line);
        }
    }

    /** trace-cmd -V's report without the lines naming the plugin files it loads and the handlers they install. */
    static byte[] withoutPluginMessages(String traceCmdOutput) {
        return traceCmdOutput.lines()
                .filter(l -> !l.matches("version = \\d+|registering plugin: .*|overriding event .*|removing override handler .*"))
                .map(l -> l + "\n").collect(Collectors.joining()).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The options with TRACE replaced by the sample's path, or followed by {@code -i} and it. */
    private static String[] args(Path dir, String options, String trace) {
        String path = dir.resolve(trace).toAbsolutePath().toString();
        List<String> a = new ArrayList<>();
        for (String word : options.split(" ")) {
            a.add(word.equals("TRACE") ? path : word.equals("reuse.v7-zstd.dat") ? dir.resolve(word).toString() : word);
        }
        if (!options.contains("TRACE")) {
            a.add("-i");
            a.add(path);
        }
        return a.toArray(new String[0]);
    }
}
