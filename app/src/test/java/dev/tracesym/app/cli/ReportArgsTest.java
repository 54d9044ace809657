package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.Main;
import dev.tracesym.formats.filter.RecordFilter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;

/** {@code tracesym report}'s command line, read as trace-cmd report 3.1.6 reads its own (getopt_long). */
class ReportArgsTest {
    private static ReportSettings parse(String... args) throws UsageException {
        return ReportArgs.parse(args);
    }

    private static String usageError(String... args) {
        return assertThrows(UsageException.class, () -> ReportArgs.parse(args), String.join(" ", args)).getMessage();
    }

    private static List<String> paths(ReportSettings s) {
        List<String> p = new ArrayList<>();
        for (ReportSettings.Input in : s.inputs) {
            p.add(in.path);
        }
        return p;
    }

    @Test
    void shortOptionsClusterAndTakeTheirValueAttachedOrNext() throws UsageException {
        ReportSettings s = parse("-NtR", "-itrace1.dat", "-F", "-v", "-V3");
        assertTrue(s.noPlugins && s.nsTimestamps && s.raw);
        assertEquals(List.of("trace1.dat"), paths(s));
        assertEquals(List.of(new RecordFilter.FilterText("-v", false)), s.inputs.get(0).filters, "a value may start with '-'");
        assertFalse(s.negate, "-v was -F's value");
        assertEquals(3, s.logLevel);
        ReportSettings v = parse("-V", "x.dat");
        assertEquals(4, v.logLevel, "-V alone is info; its level is only ever attached");
        assertEquals(List.of("x.dat"), paths(v));
        assertEquals(6, parse("-V9").logLevel);
        assertEquals(5, parse("--verbose=debug").logLevel);
        assertEquals(0, parse("--verbose=none").logLevel);
        assertTrue(usageError("-Vloud").contains("invalid verbose level 'loud'"));
    }

    @Test
    void longOptionsTakeEqualsOrTheNextArgumentAndUniquePrefixes() throws UsageException {
        assertTrue(parse("--cpu=1").cpus.get(1));
        assertTrue(parse("--cpu", "1").cpus.get(1));
        ReportSettings first = parse("--first", "x.dat");
        assertTrue(first.firstEvent && first.cpuList, "--first is --first-event");
        assertTrue(parse("--by").byComm);
        assertTrue(parse("--stat").stat, "an exact name wins over the longer names it starts");
        assertTrue(parse("--cpus").cpuList && parse("--cpus").cpus == null);
        assertTrue(parse("--s").stat, "trace-cmd's --s is --stat; tracesym's --symbols does not make it ambiguous");
        assertTrue(parse("--arch", "a").symbols.archive.toString().equals("a"), "tracesym's own options shorten too");
        String ambiguous = usageError("--ts", "5");
        assertTrue(ambiguous.contains("'--ts' is ambiguous") && ambiguous.contains("--ts-offset") && ambiguous.contains("--ts-diff"),
                ambiguous);
        assertTrue(usageError("--nodate=1").contains("takes no value"));
        assertTrue(usageError("--cpu").contains("'--cpu' needs a value"));
        assertTrue(usageError("-F").contains("-F needs a value"));
        assertEquals("unknown option '--frobnicate'", usageError("--frobnicate", "trace.dat"));
    }

    @Test
    void inputsFromIOrArgumentsDefaultTraceDat() throws UsageException {
        assertEquals(List.of("trace.dat"), paths(parse("-t")));
        assertEquals(List.of("a.dat", "b.dat"), paths(parse("a.dat", "-t", "b.dat")), "every argument is an input, options between");
        assertEquals(List.of("a.dat", "b.dat"), paths(parse("-i", "a.dat", "-i", "b.dat")));
        assertEquals(List.of("-t", "-"), paths(parse("--", "-t", "-")), "after -- nothing is an option");
        assertEquals(List.of("-"), paths(parse("-")), "'-' is standard input, not an option");
        assertTrue(usageError("-i", "a.dat", "b.dat").contains("both with -i and as arguments"));
        assertTrue(usageError("-i", "a.dat", "a.dat").contains("both with -i and as arguments"), "trace-cmd's usage, the same file or not");
    }

    @Test
    void filtersBelongToTheInputBeforeThemAndVHidesEveryLaterOne() throws UsageException {
        ReportSettings s = parse("-F", "a", "-i", "x.dat", "-F", "b", "-v", "-F", "c", "-i", "y.dat", "-F", "d");
        assertEquals(List.of(new RecordFilter.FilterText("a", false)), s.filters);
        assertEquals(List.of(new RecordFilter.FilterText("b", false), new RecordFilter.FilterText("c", true)),
                s.inputs.get(0).filters);
        assertEquals(List.of(new RecordFilter.FilterText("d", true)), s.inputs.get(1).filters);
        assertTrue(usageError("-v", "-v").contains("only one -v"));
    }

    @Test
    void timestampOptionsBelongToTheirInput() throws UsageException {
        assertTrue(usageError("--ts-offset", "5", "-i", "x.dat").contains("must come after the -i"));
        ReportSettings s = parse("-i", "x.dat", "--ts-offset", "-1000", "--ts2secs", "100", "-i", "y.dat", "--ts-offset=7",
                "--ts2secs", "200");
        assertEquals(-1000L, s.inputs.get(0).tsOffset);
        assertEquals(7L, s.inputs.get(1).tsOffset);
        assertEquals(100, s.ts2secs, "before a second -i, --ts2secs is every file's default (trace-cmd's rule)");
        assertEquals(0, s.inputs.get(0).ts2secs);
        assertEquals(200, s.inputs.get(1).ts2secs);
        assertEquals(12, parse("-i", "x", "--ts-offset", " 12abc").inputs.get(0).tsOffset, "read as atoll");
    }

    @Test
    void cpuListsAndRanges() throws UsageException {
        assertEquals("{0, 2, 3, 4, 7}", parse("--cpu", "0,2-4", "--cpu", " 7").cpus.toString());
        assertEquals("{1, 3}", parse("--cpu", "1:3,").cpus.toString());
        assertTrue(usageError("--cpu", "1x").contains("expected a CPU number, found 'x'"));
        assertTrue(usageError("--cpu", "3-1").contains("from the lower to the greater"));
        assertTrue(usageError("--cpu", "").contains("found end of the list"));
        assertTrue(usageError("--cpu", "99999999").contains("beyond any machine's"));
    }

    @Test
    void everyOptionIsReadIntoTheSettings() throws UsageException {
        for (ReportOption o : ReportOption.values()) {
            String name = o.names()[o.names().length - 1];
            List<String> args = new ArrayList<>();
            if (o == ReportOption.TS_OFFSET) {
                args.addAll(List.of("-i", "x.dat"));
            }
            args.add(name);
            if (o.arg == ReportOption.Arg.REQUIRED) {
                args.add(o == ReportOption.CPU ? "1" : o == ReportOption.TIME_WINDOW ? "1,2" : "v");
            }
            ReportSettings s = ReportArgs.parse(args.toArray(new String[0]));
            assertTrue(s.given.contains(o), name);
        }
    }

    @Test
    void helpManPageAndCompletionListEveryOption() {
        StringWriter help = new StringWriter();
        ReportHelp.usage(new PrintWriter(help));
        ByteArrayOutputStream viaMain = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(viaMain, true, StandardCharsets.UTF_8);
        assertEquals(0, ReportCli.run(new String[] {"--help"}, out, out));
        assertEquals(help.toString(), viaMain.toString(StandardCharsets.UTF_8));
        CommandLine root = Main.commandLine();
        String man = ManPageCli.render(root.getCommandSpec());
        String completion = AutoComplete.bash("tracesym", root);
        for (ReportOption o : ReportOption.values()) {
            for (String name : o.names()) {
                assertTrue(help.toString().contains(name), name + " in --help");
                assertTrue(man.contains("\\fB" + ManPageCli.esc(name)) || man.contains(", " + ManPageCli.esc(name)),
                        name + " in the man page");
                assertTrue(completion.contains(name), name + " in the completion");
            }
        }
        assertTrue(help.toString().contains("Filters (applied before anything is rendered):"), help.toString());
        // tracesym's filter extension is documented where the filter is
        assertTrue(help.toString().contains("FIELD.module") && man.contains("FIELD.module"), "FIELD.module in --help and man");
    }
}
