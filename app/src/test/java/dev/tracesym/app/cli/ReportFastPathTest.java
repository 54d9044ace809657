package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code tracesym report} read without picocli ({@link ReportCli#withoutPicocli}) must mean exactly
 * what picocli reads from the same arguments, and leave everything else to picocli.
 */
class ReportFastPathTest {
    /** The fields a report run reads, as one comparable text. */
    private static String fields(ReportCli c) {
        return String.join("|", String.valueOf(c.noPlugins), String.valueOf(c.nsTimestamps), String.valueOf(c.symbols.archive),
                String.valueOf(c.symbols.modules), String.valueOf(c.symbols.symbols), c.format, String.valueOf(c.output),
                String.valueOf(c.partialOk), String.valueOf(c.verbose), String.valueOf(c.inputOption), String.valueOf(c.input));
    }

    private static ReportCli viaPicocli(String... args) {
        CommandLine.ParseResult r = Main.commandLine().parseArgs(args);
        return (ReportCli) r.subcommand().commandSpec().userObject();
    }

    @Test
    void plainCommandLinesReadAsPicocliReadsThem() {
        List<String[]> lines = List.of(
                new String[] {"report", "trace.dat"},
                new String[] {"report", "-"},
                new String[] {"report", "-i", "trace.dat"},
                new String[] {"report", "-i", "trace.dat", "trace.dat"},
                new String[] {"report", "-N", "-t", "trace.dat"},
                new String[] {"report", "trace.dat", "-t", "--verbose", "--partial-ok"},
                new String[] {"report", "--archive", "snaps", "--modules", "ko", "trace.dat"},
                new String[] {"report", "--symbols", "kallsyms.xz", "--format", "JSONL", "-o", "out.json", "trace.dat"},
                new String[] {"report", "--format", "perfetto", "--output", "t.json", "-i", "x.dat"});
        for (String[] args : lines) {
            ReportCli fast = ReportCli.withoutPicocli(args);
            assertNotNull(fast, String.join(" ", args));
            assertEquals(fields(viaPicocli(args)), fields(fast), String.join(" ", args));
        }
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        List<String[]> lines = List.of(
                new String[] {"report"},
                new String[] {"report", "--help"},
                new String[] {"report", "-h"},
                new String[] {"report", "-V"},
                new String[] {"--version"},
                new String[] {"annotate", "x"},
                new String[] {"report", "-Nt", "trace.dat"},
                new String[] {"report", "--archive=snaps", "trace.dat"},
                new String[] {"report", "@args.txt"},
                new String[] {"report", "--", "trace.dat"},
                new String[] {"report", "a.dat", "b.dat"},
                new String[] {"report", "-i", "a.dat", "b.dat"},
                new String[] {"report", "-t", "-t", "trace.dat"},
                new String[] {"report", "-o", "x", "--output", "y", "trace.dat"},
                new String[] {"report", "--archive", "--modules", "trace.dat"},
                new String[] {"report", "--archive"},
                new String[] {"report", "--format", "xml", "trace.dat"},
                new String[] {"report", "--modules", "ko", "trace.dat"},
                new String[] {"report", "--symbols", "k", "--archive", "a", "trace.dat"},
                new String[] {"report", "--unknown", "trace.dat"},
                new String[] {"report", "", "trace.dat"},
                new String[] {"report", "-o", "a\0b", "trace.dat"});
        for (String[] args : lines) {
            assertNull(ReportCli.withoutPicocli(args), String.join(" ", args));
        }
    }

    @Test
    void everyOptionOfTheReportCommandIsKnownToTheFastPath() {
        // an option added to ReportCli or SymbolOptions must be taught to withoutPicocli (or declined there)
        CommandLine report = Main.commandLine().getSubcommands().get("report");
        List<String> unknown = new ArrayList<>();
        for (OptionSpec o : report.getCommandSpec().options()) {
            for (String name : o.names()) {
                boolean known = ReportCli.FLAGS.contains(name) || ReportCli.VALUE_OPTIONS.contains(name)
                        || List.of("-h", "--help", "-V", "--version").contains(name);
                boolean shapeMatches = ReportCli.FLAGS.contains(name) ? o.arity().max() == 0 : o.arity().max() != 0;
                if (!known || !shapeMatches && !Objects.equals(name, "-h") && !name.startsWith("--help")
                        && !name.equals("-V") && !name.equals("--version")) {
                    unknown.add(name);
                }
            }
        }
        assertTrue(unknown.isEmpty(), "options the fast path does not know: " + unknown);
        assertEquals(1, report.getCommandSpec().positionalParameters().size());
    }
}
