package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.profile.Hook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --profile} (with {@code -G}, {@code --by-comm}, {@code -H}) prints trace-cmd 3.1.6's tables. Where
 * trace-cmd's order depends on heap addresses (entries that compare equal; groups) both outputs are put in
 * one order first ({@link #canonical}); everything else must be the same bytes.
 */
class ProfileTest {
    @TempDir
    static Path temp;

    static final List<String> OPTION_SETS = List.of("--profile", "--profile -G", "--profile --by-comm",
            "--profile -G --by-comm");

    static Stream<Arguments> cases() {
        return TraceCmdRun.cases(OPTION_SETS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameTablesAsTraceCmd(String options, String trace) throws IOException {
        Path file = TraceCmdRun.sample(trace, temp);
        boolean instances = trace.startsWith("events/"); // a buffer instance: trace-cmd 3.1.6 dies on its first record
        Path forTraceCmd = instances ? topLevelOnly(file) : file;
        List<String> args = new ArrayList<>(List.of(options.split(" ")));
        args.add("-i");
        args.add(forTraceCmd.toString());
        TraceCmdRun.Result expected = TraceCmdRun.report(temp, args.toArray(new String[0]));
        assertEquals(0, expected.exit(), "trace-cmd: " + expected.err());

        ByteArrayOutputStream out = TraceCmdRun.buffer();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ProfileCommand.run(file.toString(), options.contains("-G"), options.contains("--by-comm"), List.of(),
                out, new PrintStream(err, true, StandardCharsets.UTF_8), null, null);
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        String ours = out.toString(StandardCharsets.ISO_8859_1);
        String theirs = expected.text();
        if (instances) {
            int buffer = ours.indexOf("\nbuffer: foo\n");
            assertTrue(buffer > 0, "the instance's tables follow the top level's");
            ours = ours.substring(0, buffer);
            // trace-cmd prints the empty per-record file-name column of an instance-less record for every record
            theirs = theirs.replaceFirst("^(cpus=\\d+\n) +", "$1");
        }
        assertEquals(canonical(theirs), canonical(ours), options + " " + trace);
    }

    /** A copy of a trace's top-level buffer, made by trace-cmd split (it leaves the instances' data out). */
    private static Path topLevelOnly(Path file) {
        Path out = temp.resolve(file.getFileName() + ".top");
        if (!Files.exists(out.resolveSibling(out.getFileName() + ".1"))) {
            ProcessBuilder pb = new ProcessBuilder("trace-cmd", "split", "-i", file.toString(), "-o", out.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            try {
                assertEquals(0, pb.start().waitFor(), "trace-cmd split");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.resolveSibling(out.getFileName() + ".1");
    }

    /**
     * The tables with every run of entries that trace-cmd's comparison leaves equal (same event name, same
     * total) sorted, and the {@code --by-comm} groups sorted by comm: the orders trace-cmd takes from heap
     * addresses.
     */
    static String canonical(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        List<List<String>> blocks = new ArrayList<>(); // a header line (or the head) and its entries
        List<String> current = new ArrayList<>();
        blocks.add(current);
        for (String l : lines) {
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
        StringBuilder out = new StringBuilder();
        List<String> run = new ArrayList<>();
        String runKey = null;
        String entry = null;
        List<String> all = new ArrayList<>();
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
        String name = first.contains(":") ? first.substring(0, first.indexOf(':')) : first;
        int total = first.indexOf(" Total: ");
        String t = total < 0 ? "0" : first.substring(total + 8, first.indexOf(' ', total + 8));
        if (name.equals("sched_switch")) {
            return first.substring(0, first.indexOf(' ') < 0 ? first.length() : first.indexOf(' '));
        }
        return name + "/" + t;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hookCases")
    void hooksAsTraceCmd(String hook, String trace) {
        Path file = TraceCmdRun.sample(trace, temp);
        Path forTraceCmd = topLevelOnly(file);
        TraceCmdRun.Result expected = TraceCmdRun.report(temp, "--profile", "-H", hook, "-i", forTraceCmd.toString());
        ByteArrayOutputStream out = TraceCmdRun.buffer();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringBuilder unknown = new StringBuilder();
        Hook h = Hook.parse(hook, unknown);
        out.writeBytes(h.describe().getBytes(StandardCharsets.ISO_8859_1));
        int exit = ProfileCommand.run(file.toString(), false, false, List.of(h), out,
                new PrintStream(err, true, StandardCharsets.UTF_8), null, null);
        assertEquals(expected.exit(), exit, err.toString(StandardCharsets.UTF_8));
        String ours = out.toString(StandardCharsets.ISO_8859_1);
        ours = ours.substring(0, ours.indexOf("\nbuffer: foo\n"));
        String theirs = expected.text().replaceFirst("(\ncpus=\\d+\n) +", "$1");
        assertEquals(canonical(theirs), canonical(ours), hook);
    }

    static Stream<Arguments> hookCases() {
        return Stream.of(
                Arguments.of("kmem:kmalloc,ptr/kmem:kfree,ptr", "events/events.v7-zstd.dat"),
                Arguments.of("timer:hrtimer_start,hrtimer/timer:hrtimer_expire_entry,hrtimer,P", "events/events.v7-zstd.dat"),
                Arguments.of("syscalls:sys_enter_openat,__syscall_nr/syscalls:sys_exit_openat,__syscall_nr,GS",
                        "events/events.v6.dat.xz"),
                Arguments.of("workqueue_queue_work,work/workqueue_execute_start,work", "events/events.v6.dat.xz"));
    }
}
