package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --profile} (with {@code -G}, {@code --by-comm}, {@code -H} and the filters) prints trace-cmd
 * 3.1.6's tables, run by both tools on every sample. Where trace-cmd's order depends on heap addresses
 * (entries that compare equal; groups), which changes from one trace-cmd run to the next, both outputs
 * are put in one order first ({@link #canonical}); everything else must be the same bytes.
 *
 * <p>trace-cmd 3.1.6 dies on the first record of a buffer instance ("Handle not found?"): for the
 * samples with an instance ({@code events}, {@code newer}) it is given the trace without it (made by {@code trace-cmd split},
 * which leaves instances' data out), and tracesym's tables of the top-level buffer are compared with
 * that; trace-cmd then prints two blanks per record before the tables (its column for a file name),
 * which are left out. On a trace with sched_switch but no sched_wakeup event, trace-cmd's sched_switch
 * tables are garbage (uninitialized pids): there the tables are compared with sched_switch filtered out.
 */
class ReportProfileTest {
    @TempDir
    static Path temp;

    static final List<String> OPTION_SETS = List.of("--profile", "--profile -G", "--profile --by-comm",
            "--profile -G --by-comm", "--profile --cpu 1", "--profile -F sched,irq,kernel_stack",
            "--profile -v -F kernel_stack", "--profile -S -I", "--profile -F function,funcgraph_entry -F print",
            "--profile -H sched:sched_switch,prev_pid/sched:sched_wakeup,pid");

    static Stream<Arguments> cases() {
        // trace-cmd crashes (SIGSEGV, nothing printed) on the split v6 events traces with a filter, and prints
        // nothing at all for the split big-endian one: compared elsewhere (bigEndianStacksAreNamed)
        return SampleTraces.cases(OPTION_SETS).filter(a -> !(((String) a.get()[1]).matches("events.*\\.v6\\.dat")
                && ((String) a.get()[0]).contains("-F")) && !a.get()[1].equals("events-s390x.v7-zstd.dat"));
    }

    /**
     * A big-endian trace (s390x): trace-cmd reads stack addresses in the host's byte order (garbage on a
     * little-endian host), tracesym in the trace's: every frame of every stack has its function name, as
     * in the little-endian samples (arm64 beside it).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("bigEndian")
    void bigEndianStacksAreNamed(String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        TraceCmd.Run actual = TraceCmd.tracesym(dir, SampleTraces.args(dir, "--profile", trace));
        assertEquals(0, actual.code(), actual.err());
        List<String> frames = new ArrayList<>();
        for (String line : actual.text().split("\n")) {
            if (line.matches(" +[| ]*\\+ .*")) {
                frames.add(line.trim());
            }
        }
        assertTrue(frames.size() > 50, "stacks in the profile: " + frames.size());
        for (String f : frames) {
            assertTrue(f.matches(".*\\+ [A-Za-z_.$][^ ]* \\(0x[0-9a-f]+\\)"), "a named frame: " + f);
        }
    }

    /**
     * With the archive, the profile names every function as of its event's time, as the report does: per
     * task, the counts of each function name in the profile are the numbers of that task's function lines
     * in the report with the same archive (the profile keeps one entry per address and function).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("withArchive")
    void withTheArchiveTheProfileCountsWhatTheReportShows(String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        String[] archive = {"--archive", TraceCmd.data("reuse/snapshots").toString(), "--modules",
                TraceCmd.data("modules-6.1.0-56-amd64").toString()};
        TraceCmd.Run report = TraceCmd.tracesym(dir, concat(archive, SampleTraces.args(dir, "-N", trace)));
        TraceCmd.Run profile = TraceCmd.tracesym(dir, concat(archive, SampleTraces.args(dir, "--profile", trace)));
        assertEquals(0, report.code(), report.err());
        assertEquals(0, profile.code(), profile.err());
        java.util.Map<String, Long> shown = new java.util.TreeMap<>();
        for (String line : report.text().split("\n")) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("^ *.*-(\\d+) +\\[\\d+\\] +[\\d.]+: function: +(\\S+( \\[\\S+\\])?) <-").matcher(line);
            if (m.find()) {
                shown.merge(m.group(1) + " " + m.group(2), 1L, Long::sum);
            }
        }
        java.util.Map<String, Long> profiled = new java.util.TreeMap<>();
        String pid = null;
        for (String line : profile.text().split("\n")) {
            if (line.startsWith("task: ")) {
                pid = line.substring(line.lastIndexOf('-') + 1);
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^  Event: func: (.*)\\(\\) \\((\\d+)\\)$")
                    .matcher(line);
            if (m.find()) {
                profiled.merge(pid + " " + m.group(1), Long.parseLong(m.group(2)), Long::sum);
            }
        }
        assertTrue(shown.size() > 50, "function lines in the report: " + shown.size());
        assertEquals(shown, profiled);
        // and the names are the archive's: a reused address is init_soundcore at 6.499 s, not crc_itu_t
        assertTrue(profiled.containsKey("122 init_soundcore [soundcore]"), profiled.keySet().toString());
    }

    static Stream<String> withArchive() {
        return Stream.of("reuse.v7-zstd.dat", "reuse.v6.dat");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static Stream<String> bigEndian() {
        return Stream.of("events-s390x.v7-zstd.dat", "events-arm64.v7-zstd.dat");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameTablesAsTraceCmd(String options, String trace) throws Exception {
        compare(options, trace);
    }

    static Stream<Arguments> hooks() {
        return Stream.of(
                Arguments.of("--profile -H kmem:kmalloc,ptr/kmem:kfree,ptr", "events.v7-zstd.dat"),
                Arguments.of("--profile -H timer:hrtimer_start,hrtimer/timer:hrtimer_expire_entry,hrtimer,P",
                        "events.v7-zstd.dat"),
                Arguments.of("--profile -H syscalls:sys_enter_openat,__syscall_nr/syscalls:sys_exit_openat,__syscall_nr,GS",
                        "events.v6.dat"),
                Arguments.of("--profile -H workqueue_queue_work,work/workqueue_execute_start,work -H "
                        + "sched_switch,prev_pid/sched_wakeup,pid", "events.v6.dat"),
                Arguments.of("--profile -H module_get,ip/module_put,ip", "reuse.v7-zstd.dat"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hooks")
    void hooksAsTraceCmd(String options, String trace) throws Exception {
        compare(options, trace);
    }

    private static void compare(String options, String trace) throws Exception {
        Path dir = SampleTraces.in(temp);
        if (!options.contains("-H") && SampleTraces.switchWithoutWakeup(dir, trace)) {
            // without a sched_wakeup event trace-cmd 3.1.6 never learns sched_switch's pid fields and files each
            // sched_switch under whatever its stack held (tasks with heap addresses for pids, other tables on
            // every run; docs/REPORT-OPTIONS.md): both print the tables without sched_switch (-v inverts every
            // -F after it; one -v only)
            options += options.contains("-v") ? " -F sched_switch" : " -v -F sched_switch";
        }
        boolean instances = SampleTraces.hasInstances(dir, trace);
        String forTraceCmd = instances ? topLevelOnly(dir, trace) : trace;
        TraceCmd.Run expected = TraceCmd.traceCmd(dir, SampleTraces.args(dir, options, forTraceCmd));
        TraceCmd.Run actual = TraceCmd.tracesym(dir, SampleTraces.args(dir, options, trace));
        if (TraceCmd.bothRefusedFilter(expected, actual, options + " " + trace)) {
            return;
        }
        assertEquals(0, actual.code(), actual.err());
        String ours = actual.text();
        String theirs = expected.text();
        if (instances) {
            int buffer = ours.indexOf("\nbuffer: ");
            assertTrue(buffer > 0, "the instance's tables follow the top level's");
            ours = ours.substring(0, buffer);
            theirs = theirs.replaceFirst("(?m)^(cpus=\\d+\n) +", "$1");
        } else {
            assertEquals(expected.code(), actual.code(), "exit code");
        }
        if (options.equals("--profile")) {
            assertTrue(ours.contains("\ntask: "), "a profile with tasks: " + ours);
        }
        assertEquals(canonical(theirs), canonical(ours), options + " " + trace);
    }

    /** A copy of a trace's top-level buffer, made by trace-cmd split (it leaves the instances' data out). */
    private static synchronized String topLevelOnly(Path dir, String trace) throws Exception {
        String name = trace + ".top";
        if (!Files.exists(dir.resolve(name + ".1"))) {
            Process p = new ProcessBuilder("trace-cmd", "split", "-i", trace, "-o", name).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0, "trace-cmd split " + trace);
        }
        return name + ".1";
    }

    /**
     * The tables with every run of entries that trace-cmd's comparison leaves equal (same event name, same
     * total) sorted, and the {@code --by-comm} groups sorted by comm: the orders trace-cmd takes from heap
     * addresses.
     */
    static String canonical(String text) {
        List<List<String>> blocks = new ArrayList<>(); // a header line (or the head) and its entries
        List<String> current = new ArrayList<>();
        blocks.add(current);
        for (String l : text.split("\n", -1)) {
            if (l.startsWith("task: ") || l.startsWith("group: ") || l.startsWith("Global ")) {
                current = new ArrayList<>();
                blocks.add(current);
            }
            current.add(l);
        }
        List<String> groups = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        for (List<String> b : blocks) {
            String canon = entries(b);
            if (!b.isEmpty() && b.get(0).startsWith("group: ")) {
                groups.add(canon);
            } else {
                rest.append(canon);
            }
        }
        groups.sort(null);
        return String.join("", groups) + "\n=== tasks\n" + rest;
    }

    private static String entries(List<String> block) {
        List<String> all = new ArrayList<>(); // an entry is its "  Event:" line and its stack lines
        String entry = null;
        for (String l : block) {
            if (l.startsWith("  Event: ")) {
                if (entry != null) {
                    all.add(entry);
                }
                entry = l + "\n";
            } else if (entry != null && !l.isEmpty()) {
                entry += l + "\n";
            } else {
                if (entry != null) {
                    all.add(entry);
                    entry = null;
                }
                all.add(l + "\n");
            }
        }
        if (entry != null) {
            all.add(entry);
        }
        StringBuilder out = new StringBuilder();
        List<String> run = new ArrayList<>();
        String runKey = null;
        for (String e : all) {
            String key = e.startsWith("  Event: ") ? tieKey(e) : null;
            if (key == null || !key.equals(runKey)) {
                run.sort(null);
                run.forEach(out::append);
                run.clear();
            }
            runKey = key;
            if (key == null) {
                out.append(e);
            } else {
                run.add(e);
            }
        }
        run.sort(null);
        run.forEach(out::append);
        return out.toString();
    }

    /** Event name and total time: what trace-cmd's compare_events looks at besides the event id. */
    private static String tieKey(String entry) {
        String first = entry.substring("  Event: ".length(), entry.indexOf('\n'));
        if (first.startsWith("sched_switch:")) { // ordered by state, never equal
            return first.substring(0, first.indexOf(' '));
        }
        String name = first.contains(":") ? first.substring(0, first.indexOf(':')) : first;
        int total = first.indexOf(" Total: ");
        return name + "/" + (total < 0 ? "0" : first.substring(total + 8, first.indexOf(' ', total + 8)));
    }
}
