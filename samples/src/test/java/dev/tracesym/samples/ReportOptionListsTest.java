package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.Main;
import dev.tracesym.app.cli.ManPageCli;
import dev.tracesym.app.cli.ReportCli;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The options {@code trace-cmd report -h} (3.1.6) lists, against what tracesym lists and runs: each is in
 * {@code tracesym report --help}, the man page and the bash completion, among trace-cmd's options there;
 * each is read by {@code tracesym report}; and each is compared with trace-cmd on every sample by one of
 * the tests that run an option on all of them. The options tracesym lists as trace-cmd's beyond
 * {@code -h} are ones trace-cmd 3.1.6 reads without documenting them ({@code -p}, {@code --events},
 * {@code --kallsyms}, ...): its own option parser accepts each, and refuses each of tracesym's own.
 */
class ReportOptionListsTest {
    /**
     * An option as trace-cmd's help defines it: first on a line of the option list, or in brackets in
     * the usage lines (not where a text mentions one, as --nodate's mentions trace-cmd record's --date).
     */
    private static final Pattern OPTION = Pattern.compile("(?m)(?:^\\s+|\\[)(--[a-z][a-z0-9-]*[a-z0-9]|-[A-Za-z])(?![\\w-])");

    /** The option names in {@code trace-cmd report -h}, from its usage line to its end. */
    static Set<String> traceCmdHelp() throws IOException, InterruptedException {
        String text = run("trace-cmd", "report", "-h");
        int usage = text.indexOf("usage:");
        assertTrue(usage >= 0, text);
        Set<String> names = new TreeSet<>();
        Matcher m = OPTION.matcher(text.substring(usage));
        while (m.find()) {
            names.add(m.group(1));
        }
        // what reading the help must find, whatever else it finds: its first and last option
        assertTrue(names.contains("-i") && names.contains("--verbose") && names.size() > 30, names.toString());
        return names;
    }

    /** {@code tracesym report --help}'s options: those of trace-cmd's groups, then those of tracesym's own. */
    private record HelpOptions(Set<String> traceCmds, Set<String> tracesyms) {
        Set<String> all() {
            Set<String> all = new TreeSet<>(traceCmds);
            all.addAll(tracesyms);
            return all;
        }
    }

    private static HelpOptions help() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, ReportCli.run(new String[] {"--help"}, out, out));
        Set<String> traceCmds = new TreeSet<>();
        Set<String> tracesyms = new TreeSet<>();
        Set<String> group = null;
        Pattern line = Pattern.compile("^(?:  (-[A-Za-z])(?:, (--[a-z0-9-]+))?| {6}(--[a-z0-9-]+))[ =]");
        for (String l : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.startsWith(" ") && l.endsWith(":")) {
                group = l.startsWith("tracesym's own") ? tracesyms : traceCmds;
                continue;
            }
            Matcher m = line.matcher(l);
            if (group != null && m.find()) {
                for (int i = 1; i <= 3; i++) {
                    if (m.group(i) != null) {
                        group.add(m.group(i));
                    }
                }
            }
        }
        return new HelpOptions(traceCmds, tracesyms);
    }

    /** The option names of the man page's {@code tracesym report} section. */
    private static Set<String> manPage() {
        String man = ManPageCli.render(Main.commandLine().getCommandSpec());
        int at = man.indexOf(".SS \"tracesym report\"");
        int end = man.indexOf(".SS ", at + 1);
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\.TP\n\\\\fB(.*?)\\\\fR").matcher(man.substring(at, end < 0 ? man.length() : end));
        while (m.find()) {
            for (String n : m.group(1).replace("\\-", "-").split(", ")) {
                names.add(n);
            }
        }
        return names;
    }

    /** The options bash completes after {@code tracesym report}. */
    private static Set<String> completion() {
        String script = AutoComplete.bash("tracesym", Main.commandLine());
        int at = script.indexOf("function _picocli_tracesym_report()");
        assertTrue(at >= 0, "the completion has a function for report");
        String body = script.substring(at, script.indexOf("\n}", at));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("local (?:flag|arg)_opts=\"([^\"]*)\"").matcher(body);
        while (m.find()) {
            names.addAll(List.of(m.group(1).trim().split(" +")));
        }
        return names;
    }

    @Test
    void helpManPageAndCompletionListEveryOptionOfTraceCmdsHelp() throws Exception {
        Set<String> traceCmd = traceCmdHelp();
        HelpOptions help = help();
        assertEquals(Set.of(), minus(traceCmd, help.traceCmds()), "trace-cmd report -h options missing from "
                + "tracesym report --help's trace-cmd groups");
        assertEquals(help.all(), manPage(), "the man page lists what --help lists");
        assertEquals(help.all(), completion(), "the bash completion offers what --help lists");
        assertTrue(help.tracesyms().containsAll(List.of("--archive", "--symbols", "-o")), help.tracesyms().toString());
    }

    /**
     * What tracesym lists as trace-cmd's and -h leaves out, trace-cmd 3.1.6 reads (its parser does not call
     * it unrecognized or invalid); what tracesym lists as its own, trace-cmd refuses.
     */
    @Test
    void theOptionsBeyondTraceCmdsHelpAreTraceCmdsToo() throws Exception {
        HelpOptions help = help();
        Set<String> undocumented = minus(help.traceCmds(), traceCmdHelp());
        assertFalse(undocumented.isEmpty());
        for (String o : undocumented) {
            String refusal = traceCmdRefusal(o);
            assertEquals("", refusal, o + " is listed among trace-cmd's options");
        }
        for (String o : help.tracesyms()) {
            assertFalse(traceCmdRefusal(o).isEmpty(), o + " is listed as tracesym's own, but trace-cmd reads it");
        }
    }

    /** Every option of trace-cmd's -h is read by tracesym report (none is unknown or refused as not done). */
    @Test
    void tracesymReadsEveryOptionOfTraceCmdsHelp() throws Exception {
        Map<String, String> values = Map.of("--cpu", "1", "-H", "sched:sched_switch,prev_pid/sched:sched_wakeup,pid",
                "--ts-offset", "1", "--ts2secs", "1000");
        Set<String> valued = valued();
        for (String o : traceCmdHelp()) {
            List<String> args = new ArrayList<>(List.of("-i", "no-such-trace.dat", o));
            if (valued.contains(o)) {
                args.add(values.getOrDefault(o, "x"));
            }
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
            int code = ReportCli.run(args.toArray(new String[0]), ps, ps);
            String said = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, code, args + ": " + said); // trace-cmd's die() with ENOENT
            assertTrue(said.contains("no-such-trace.dat"), args + " fails on the missing trace, not on the option: " + said);
        }
    }

    /**
     * Each option of trace-cmd's -h is compared with trace-cmd 3.1.6 on every sample by a test that runs
     * its option sets on all of {@link SampleTraces#ALL}.
     */
    @Test
    void everyOptionOfTraceCmdsHelpIsComparedOnEverySample() throws Exception {
        Set<String> compared = new TreeSet<>();
        Stream.of(ReportEverySampleTest.OPTION_SETS, ReportMetadataOptionsTest.OPTION_SETS, ReportProfileTest.OPTION_SETS,
                ReportWakeupTest.OPTION_SETS).flatMap(List::stream).forEach(set -> {
                    for (String word : set.split(" ")) {
                        Matcher m = Pattern.compile("^(--[a-z0-9-]+|-[A-Za-z])").matcher(word);
                        if (m.find()) {
                            compared.add(m.group(1));
                        }
                    }
                });
        assertEquals(Set.of(), minus(traceCmdHelp(), compared), "options of trace-cmd report -h no test runs on every sample");
    }

    /** The options of tracesym report that take a value (those the completion does not complete as flags). */
    private static Set<String> valued() {
        String script = AutoComplete.bash("tracesym", Main.commandLine());
        int at = script.indexOf("function _picocli_tracesym_report()");
        Matcher m = Pattern.compile("local arg_opts=\"([^\"]*)\"").matcher(script.substring(at));
        assertTrue(m.find());
        Set<String> names = new LinkedHashSet<>(List.of(m.group(1).trim().split(" +")));
        names.remove("-V"); // its level is optional, and only attached
        names.remove("--verbose");
        return names;
    }

    /** trace-cmd 3.1.6's complaint about option {@code o} (empty when its parser reads it). */
    private static String traceCmdRefusal(String o) throws IOException, InterruptedException {
        // a value for every option (one without takes it for the trace, which does not exist either)
        String said = run("trace-cmd", "report", o, "x", "/no/such/trace.dat");
        Matcher m = Pattern.compile("(unrecognized|invalid) option.*").matcher(said);
        return m.find() ? m.group() : "";
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        TraceCmd.requireTraceCmd316();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), String.join(" ", cmd));
        return text;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
