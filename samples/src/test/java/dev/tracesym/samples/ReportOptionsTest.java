package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
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
    /** Big-endian (s390x) and arm64 traces, both with a buffer instance. */
    private static final String S390X = "events-s390x/events.v7-zstd.dat";
    private static final String ARM64 = "events-arm64/events.v7-zstd.dat";
    /** Every tracepoint of Debian's 6.1 and 6.12 kernels enabled around a mixed workload. */
    private static final String ALLEVENTS = "allevents/allevents.v7-zstd.dat";
    private static final String ALLEVENTS_612 = "allevents-6.12/allevents.v7-zstd.dat";

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
                c("-N", "-N", "-F", "sched_switch", EVENTS),
                c("-R", "-R", EVENTS),
                c("-R", "-R", REUSE),
                c("-R", "-R", "-l", FUNCGRAPH),
                c("-r", "-r", "sched.*", EVENTS),
                c("-r", "-r", "funcgraph_entry", FUNCGRAPH),
                c("-r", "-r", "print", "-r", "MODULE", REUSE),
                c("-n", "-n", "function", REUSE),
                c("-n", "-n", "funcgraph_exit", FUNCGRAPH),
                c("-n", "-n", "kernel_stack", "-n", "sched_switch", EVENTS),
                c("-l", "-l", EVENTS),
                c("-l", "-l", "-t", BUILTIN),
                c("-l", "-l", "--ts-diff", FUNCGRAPH),
                c("--ts-diff", "--ts-diff", REUSE),
                c("--ts-diff", "--ts-diff", "-t", "-N", FUNCGRAPH),
                c("--ts-diff", "--ts-diff", "-F", "sched_switch", EVENTS),
                c("--ts-check", "--ts-check", REUSE),
                c("-L", "-L", FUNCGRAPH),
                c("-L", "-L", REUSE),
                c("-O", "-O", "parent", REUSE),
                c("-O", "-O", "parent=1", "-O", "offset=1", EVENTS),
                c("-O", "-O", "indent=0", "-O", "ftrace:parent", BUILTIN),
                c("-O", "-O", "ftrace:parent", "-O", "parent", REUSE),
                c("-O", "-O", "fgraph:tailprint", "-O", "fgraph:depth", FUNCGRAPH),
                c("-O", "-O", "offset", "-O", "parent=TRUE", FUNCGRAPH),
                c("-q", "-q", REUSE),
                c("-t", "-t", EVENTS),
                c("--raw-ts", "--raw-ts", REUSE),
                c("--raw-ts", "--raw-ts", "-t", FUNCGRAPH),
                c("--align-ts", "--align-ts", REUSE),
                c("--align-ts", "--align-ts", EVENTS),
                c("--align-ts", "--align-ts", "-i", EVENTS, "-i", REUSE),
                c("--nodate", "--nodate", BUILTIN),
                c("--ts2secs", "--ts2secs", "2000000000", REUSE),
                c("--ts2secs", "--ts2secs", "3", FUNCGRAPH),
                c("--ts2secs", "-i", REUSE, "-i", FUNCGRAPH, "--ts2secs", "500000000"),
                c("--ts-offset", "-i", REUSE, "-i", FUNCGRAPH, "--ts-offset", "5000000000"),
                c("-i", "-i", REUSE, "-i", EVENTS),
                c("-i", "-i", FUNCGRAPH, "-i", BUILTIN, "-l"),
                c("-i", "-i", REUSE, "-F", "print", "-i", FUNCGRAPH, "-F", "funcgraph_exit"),
                c("-i", "-i", FUNCGRAPH, "-i", REUSE, "-O", "parent"),
                c("--pid", "--pid", "122,131", "--pid", "140", REUSE),
                c("--pid", "-T", "--pid", "122", REUSE),
                c("--comm", "--comm", "modprobe", BUILTIN),
                c("--comm", "-T", "--comm", "init", "--comm", "modprobe", "--pid", "3", "-F", "print", REUSE),
                c("--comm", "--comm", "modprobe", "--comm", "ls", "--pid", "1", EVENTS),
                c("-T", "-T", "-F", ".*:common_pid==1", S390X),
                c("-F", "-F", "sched_switch: prev_pid > 0 && next_prio < 120", "-F", "kmalloc: bytes_req > 100", S390X),
                c("-F", "-F", "sched_switch: prev_comm =~ \"^k\" || prev_state & 1", ARM64),
                c("-l", "-l", S390X),
                c("-O", "-O", "parent", "-O", "offset", ARM64),
                c("--ts-diff", "--ts-diff", S390X),
                c("-F", "-F", "sched,irq,timer: common_pid != 0", ALLEVENTS),
                c("-F", "-F", ".*: COMM =~ \"^kworker\"", "-v", "-F", "workqueue", ALLEVENTS_612),
                c("-F", "-F", "kmem/.*: bytes_req > 64 || gfp_flags & 0x10", "-F", "syscalls/sys_enter_.*: CPU == 1", ALLEVENTS),
                c("-T", "-T", "-F", "kvm.*,ext4/.*: COMM =~ \"^mix\" && !(common_pid < 100)", ALLEVENTS_612),
                c("-R", "-R", ALLEVENTS),
                c("-r", "-r", "sched.*", "-n", "kmem", ALLEVENTS_612),
                c("-l", "-l", ALLEVENTS_612),
                c("--cpu", "--cpu", "1", "-I", ALLEVENTS),
                c("-S", "-S", "--ts-diff", ALLEVENTS_612),
                c("--pid", "--comm", "mixload", "--pid", "1", ALLEVENTS));
    }

    /** trace-cmd 3.1.6 and tracesym on different arguments that mean the same (where trace-cmd drops a request). */
    static Stream<Arguments> equivalent() {
        return Stream.of(
                // trace-cmd 3.1.6 reads only the first file given without -i
                Arguments.of(List.of(REUSE, FUNCGRAPH), List.of("-i", REUSE, "-i", FUNCGRAPH)),
                // it ignores a -F after the only -i
                Arguments.of(List.of("-i", REUSE, "-F", "print"), List.of("-F", "print", REUSE)),
                // it applies a -F given before the -i's to the first file only
                Arguments.of(List.of("-F", "print", "-i", REUSE, "-i", FUNCGRAPH),
                        List.of("-i", REUSE, "-F", "print", "-i", FUNCGRAPH, "-F", "print")),
                // it ignores options after the file name
                Arguments.of(List.of(REUSE, "--cpu", "1", "-F", "function"), List.of("--cpu", "1", "-F", "function", REUSE)));
    }

    @ParameterizedTest(name = "tracesym {0} = trace-cmd {1}")
    @MethodSource("equivalent")
    void sameBytesAsTraceCmdWithTheRequestItDrops(List<String> ours, List<String> theirs) throws Exception {
        TraceCmd.Run expected = TraceCmd.traceCmd(dir(), theirs.toArray(new String[0]));
        TraceCmd.Run actual = TraceCmd.tracesym(dir(), ours.toArray(new String[0]));
        assertEquals(0, expected.code());
        assertEquals(0, actual.code(), actual.err());
        TraceCmd.assertSameBytes(expected.out(), actual.out(), ours + " against trace-cmd " + theirs);
    }

    /** trace-cmd 3.1.6 ignores --ts-offset after the first -i; tracesym moves every time of that file. */
    @Test
    void tsOffsetMovesTheFirstFileToo() throws Exception {
        TraceCmd.Run plain = TraceCmd.traceCmd(dir(), "-i", REUSE);
        TraceCmd.Run moved = TraceCmd.tracesym(dir(), "-i", REUSE, "--ts-offset", "1000000");
        assertEquals(0, moved.code(), moved.err());
        List<String> a = plain.text().lines().toList();
        List<String> b = moved.text().lines().toList();
        assertEquals(a.size(), b.size());
        java.util.regex.Pattern time = java.util.regex.Pattern.compile("\\] +(\\d+)\\.(\\d{6}):");
        int checked = 0;
        for (int i = 0; i < a.size(); i++) {
            java.util.regex.Matcher m = time.matcher(a.get(i));
            if (!m.find()) {
                assertEquals(a.get(i), b.get(i));
                continue;
            }
            long us = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2)) + 1000;
            String shifted = String.format("%5d.%06d:", us / 1_000_000, us % 1_000_000);
            assertEquals(a.get(i).substring(0, m.start(1) - (m.group(1).length() < 5 ? 5 - m.group(1).length() : 0))
                    + shifted + a.get(i).substring(m.end()), b.get(i), "line " + (i + 1));
            checked++;
        }
        assertTrue(checked > 12000, "times checked: " + checked);
    }

    /**
     * {@code -V}: trace-cmd lists the plugin files it loads and the handlers they install on standard
     * output, among the report; tracesym has no plugin files, and keeps diagnostics off standard output.
     * Without those lines the reports are the same.
     */
    @Test
    void verboseAddsOnlyPluginMessagesToTraceCmdsOutput() throws Exception {
        TraceCmd.Run expected = TraceCmd.traceCmd(dir(), "-V", REUSE);
        TraceCmd.Run actual = TraceCmd.tracesym(dir(), "-V", REUSE);
        assertEquals(0, actual.code());
        String report = expected.text().lines()
                .filter(l -> !l.matches("version = \\d+|registering plugin: .*|overriding event .*|removing override handler .*"))
                .map(l -> l + "\n").collect(Collectors.joining());
        assertTrue(report.length() < expected.out().length, "trace-cmd -V printed plugin messages");
        TraceCmd.assertSameBytes(report.getBytes(StandardCharsets.ISO_8859_1), actual.out(), "-V without plugin messages");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("identical")
    void sameBytesAsTraceCmd(String option, List<String> args) throws Exception {
        String[] a = args.toArray(new String[0]);
        TraceCmd.Run expected = TraceCmd.traceCmd(dir(), a);
        TraceCmd.Run actual = TraceCmd.tracesym(dir(), a);
        TraceCmd.assertSameBytes(expected.out(), actual.out(), option + " " + args);
        if (expected.code() == 139 && (args.contains("-F") || args.contains("--pid") || args.contains("--comm"))) {
            // trace-cmd 3.1.6 frees the filter of a trace with buffer instances twice after the report
            assertEquals(0, actual.code(), actual.err());
        } else {
            assertEquals(expected.code(), actual.code(), "exit code; tracesym said: " + actual.err());
        }
    }

    /**
     * Filters that trace-cmd refuses: nothing on standard output, a message, trace-cmd's exit status (also for
     * the profile, which reads the filter as the report does).
     */
    @Test
    void refusedFiltersPrintNothing() throws Exception {
        for (String[] args : List.of(new String[] {"-F", "nosuch", REUSE}, new String[] {"-F", "print:", REUSE},
                new String[] {"-F", "print: buf == 1 ==", REUSE}, new String[] {"-F", "print: (buf == 1", REUSE},
                new String[] {"-F", "print: buf =~ 3", REUSE}, new String[] {"-F", "print: 1 == buf", REUSE},
                new String[] {"-F", "nosuch", "--profile", REUSE})) {
            TraceCmd.Run expected = TraceCmd.traceCmd(dir(), args);
            TraceCmd.Run actual = TraceCmd.tracesym(dir(), args);
            assertTrue(expected.err().contains("Failed to create event filter"), Arrays.toString(args));
            assertEquals(0, expected.out().length, Arrays.toString(args));
            assertEquals(expected.code(), actual.code(), Arrays.toString(args));
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
        // ... but the functions its kallsyms puts in soundcore (-f lists them with [soundcore])
        java.util.Set<String> own = new java.util.HashSet<>();
        for (String l : TraceCmd.tracesym(dir(), "-f", REUSE).text().split("\n")) {
            if (l.endsWith(" [soundcore]")) {
                own.add(l.split(" ")[1]);
            }
        }
        List<String> shown = List.of(withoutArchive.text().split("\n"));
        assertTrue(shown.size() > 3 && shown.stream().skip(1).allMatch(l -> own.contains(l.substring(l.indexOf("function:") + 9)
                .strip())), withoutArchive.text());
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

    /**
     * One address, several owners over time: every address of the sample's {@code address-reuse.txt} (the
     * kernel's own names, from its text copies) is matched by {@code .module} and {@code .function} as
     * the module and function that held it at each event's time, and only then.
     */
    @Test
    void anAddressMatchesTheNameItHadAtEachEventsTime() throws Exception {
        String[] archive = {"--archive", "reuse/snapshots", "--modules", "modules-6.1.0-56-amd64"};
        java.util.regex.Pattern owner = java.util.regex.Pattern.compile("(\\d+\\.\\d{6}) \\[(\\d+)\\] (\\S+) \\[(\\S+)\\]");
        int addresses = 0;
        for (String line : java.nio.file.Files.readAllLines(dir().resolve("reuse/address-reuse.txt"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String address = line.substring(0, line.indexOf('\t'));
            List<String[]> owners = new ArrayList<>(); // time [cpu], function, module
            java.util.regex.Matcher m = owner.matcher(line.substring(0, line.indexOf('|')));
            while (m.find()) {
                owners.add(new String[] {String.format("[%03d] %12s:", Integer.parseInt(m.group(2)), m.group(1)),
                        m.group(3), m.group(4)});
            }
            assertTrue(owners.size() > 1, line);
            for (String[] o : owners) {
                for (String by : List.of("module == \"" + o[2] + "\"", "function == \"" + o[1] + "\"")) {
                    String filter = "function: (ip == 0x" + address + " && ip." + by + ") || (parent_ip == 0x" + address
                            + " && parent_ip." + by + ")";
                    TraceCmd.Run run = TraceCmd.tracesym(dir(), concat(archive, "-F", filter, REUSE));
                    assertEquals(0, run.code(), run.err());
                    for (String[] other : owners) {
                        boolean same = by.startsWith("module") ? other[2].equals(o[2]) : other[1].equals(o[1]);
                        assertEquals(same, run.text().contains(other[0]), filter + " at " + other[0] + ":\n" + run.text());
                    }
                }
            }
            addresses++;
        }
        assertEquals(6, addresses);
    }

    /** With the archive a filter sees the same fields: it shows the records trace-cmd shows, with other names. */
    @Test
    void filtersWithTheArchiveShowTheRecordsTraceCmdShows() throws Exception {
        String[] archive = {"--archive", "reuse/snapshots", "--modules", "modules-6.1.0-56-amd64"};
        for (String filter : List.of("function: common_pid == 122 || common_pid == 338", "module: name =~ \"^snd\"",
                "print: common_pid != 1 && CPU == 1")) {
            TraceCmd.Run expected = TraceCmd.traceCmd(dir(), "-F", filter, REUSE);
            TraceCmd.Run actual = TraceCmd.tracesym(dir(), concat(archive, "-F", filter, REUSE));
            assertEquals(0, actual.code(), actual.err());
            List<String> theirs = expected.text().lines().map(l -> l.replaceFirst(":.*", "")).toList();
            List<String> ours = actual.text().lines().map(l -> l.replaceFirst(":.*", "")).toList();
            assertTrue(theirs.size() > 2, filter + ": " + expected.text());
            assertEquals(theirs, ours, filter);
        }
    }

    /** JSON Lines get the filters and --cpu of the text: the same records, each with the names the filter matched. */
    @Test
    void jsonLinesAreFilteredAsTheText() throws Exception {
        String[] archive = {"--archive", "reuse/snapshots", "--modules", "modules-6.1.0-56-amd64", "--cpu", "0", "-F",
            "function: ip.module == \"soundcore\""};
        TraceCmd.Run text = TraceCmd.tracesym(dir(), concat(archive, REUSE));
        TraceCmd.Run json = TraceCmd.tracesym(dir(), concat(archive, "--format", "jsonl", REUSE));
        assertEquals(0, json.code(), json.err());
        List<String> records = json.text().lines().toList();
        assertEquals(text.text().lines().count() - 1, records.size(), json.text()); // the text has its cpus= line
        assertTrue(records.size() > 3, json.text());
        for (String r : records) {
            assertTrue(r.contains("\"cpu\":0,") && r.matches(".*\"syms\":\\{\"ip\":\\{[^}]*\"module\":\"soundcore\".*"), r);
        }
    }

    /** Without -i and without a file name both read trace.dat in the working directory. */
    @Test
    void withoutAFileBothReadTraceDat(@org.junit.jupiter.api.io.TempDir Path cwd) throws Exception {
        java.nio.file.Files.copy(dir().resolve(REUSE), cwd.resolve("trace.dat"));
        TraceCmd.Run expected = TraceCmd.traceCmd(cwd, "-F", "print");
        // tracesym as a process of its own, started in that directory
        Path out = cwd.resolve("tracesym.out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.tracesym.app.Main", "report", "-F", "print")
                .directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertEquals(0, p.waitFor());
        assertEquals(0, expected.code());
        assertTrue(expected.out().length > 1000, expected.text());
        TraceCmd.assertSameBytes(expected.out(), java.nio.file.Files.readAllBytes(out), "report without a file");
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
