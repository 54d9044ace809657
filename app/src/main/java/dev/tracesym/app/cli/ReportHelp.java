package dev.tracesym.app.cli;

import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code tracesym report} declared to picocli, for its help, the man page and the bash completion; a
 * class of its own so that a report, whose command line {@link ReportArgs} reads, loads none of
 * picocli's classes (Java 5 class files, verified the slow way at every start: ~8 ms of a small report).
 */
public final class ReportHelp {
    private ReportHelp() {
    }

    private static final Map<ReportOption.Group, String> HEADINGS = new EnumMap<>(Map.of(
            ReportOption.Group.INPUT, "Input:%n",
            ReportOption.Group.FILTER, "%nFilters (applied before anything is rendered):%n",
            ReportOption.Group.VIEW, "%nHow events are shown:%n",
            ReportOption.Group.METADATA, "%nWhat the file holds (instead of the events):%n",
            ReportOption.Group.PROFILE, "%nProfile:%n",
            ReportOption.Group.MESSAGES, "%nMessages:%n",
            ReportOption.Group.TRACESYM, "%ntracesym's own (names as of each event's time, other formats):%n"));

    /**
     * The report command as picocli sees it, for {@code tracesym help report}, the man page and the bash
     * completion: every {@link ReportOption}, grouped as in the table. Never used to read a command line.
     */
    public static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name("report");
        spec.parser().separator(" ");
        spec.usageMessage()
                .description(
                        "Prints a trace-cmd .dat file. Without symbol options exactly what 'trace-cmd report' prints, "
                                + "with every option of trace-cmd report (3.1.6) in the same spelling and meaning.",
                        "With --archive (and --modules) or --symbols, the same layout with every kernel address "
                                + "named as of its event's time, as the kernel prints it: name [module] for %%ps, "
                                + "name+0xoff/0xsize [module] for %%pS.")
                .sortOptions(false)
                .footerHeading("%nExamples:%n")
                .footer(
                        "  tracesym report                          trace.dat, as trace-cmd report",
                        "  tracesym report -i trace.dat -o report.txt",
                        "  tracesym report --cpu 1 -F 'sched_switch: prev_pid == 0' trace.dat",
                        "  tracesym report --archive snapshots/ --modules ko/ trace.dat",
                        "                                           names as of each event's time",
                        "  tracesym report --archive snapshots/ \\",
                        "      -F 'function: ip.module == \"snd\"' trace.dat",
                        "                                           the events in module snd",
                        "  tracesym report --symbols /proc/kallsyms trace.dat   names from one table",
                        "  tracesym report --format jsonl --archive snapshots/ --modules ko/ \\",
                        "      trace.dat > events.jsonl",
                        "  trace-cmd extract -o - | tracesym report --format perfetto -o trace.json -",
                        "",
                        "Options may come before or after the trace (trace-cmd 3.1.6 ignores those",
                        "after it).",
                        "Where trace-cmd 3.1.6 crashes, loses data or prints memory that is not the",
                        "trace's, tracesym gives the right answer instead (docs/REPORT-OPTIONS.md,",
                        "\"Differences\"): e.g. -R on a stack record that ends its ring-buffer page",
                        "prints its caller array on from the trace's next page, or 00 past the data",
                        "tracesym holds, where trace-cmd may print heap memory.",
                        "Exit codes: 0 ok; 1 failure while processing (output error, or damaged event",
                        "data without --partial-ok: the events before the damage are written, then a",
                        "warning); 2 unusable input or wrong usage, also symbols that do not belong to",
                        "the trace (--force-symbols); 141 when the reader of the output went away.",
                        "What trace-cmd report 3.1.6 refuses too exits with trace-cmd's status: 255",
                        "for an option it cannot read, a bad --cpu list, a second -v; for a trace it",
                        "cannot open, a filter it refuses, a -H field the event lacks, the errno",
                        "trace-cmd dies with (2 no such file, 21 a folder, 22 a filter on a Linux 6.12",
                        "v7 trace whose formats libtraceevent partly rejects, else 255)",
                        "(docs/REPORT-OPTIONS.md, \"Exit status\"). --check-events: 22 as trace-cmd.",
                        "A trace cut short in its metadata is refused (2) where trace-cmd prints",
                        "nothing and exits 0.");
        Map<ReportOption.Group, ArgGroupSpec.Builder> groups = new EnumMap<>(ReportOption.Group.class);
        for (ReportOption o : ReportOption.values()) {
            OptionSpec.Builder b = OptionSpec.builder(o.names()).description(o.help);
            switch (o.arg) {
                case NONE -> b.arity("0").type(boolean.class);
                case REQUIRED -> b.arity("1").type(String.class).paramLabel(o.label);
                default -> b.arity("0..1").type(String.class).paramLabel(o.label);
            }
            if (o == ReportOption.HELP) {
                b.usageHelp(true);
            }
            groups.computeIfAbsent(o.group, g -> ArgGroupSpec.builder().heading(HEADINGS.get(g)).exclusive(false)
                    .validate(false)).addArg(b.build());
        }
        for (ArgGroupSpec.Builder g : groups.values()) {
            spec.addArgGroup(g.build());
        }
        spec.addPositional(PositionalParamSpec.builder().arity("0..*").paramLabel("FILE.dat|-").type(String.class)
                .description("The traces (as -i); '-' reads standard input. None: trace.dat.").build());
        return spec;
    }

    /** Prints the help of {@code tracesym report}. */
    public static void usage(PrintWriter out) {
        CommandLine root = new CommandLine(CommandSpec.create().name("tracesym"));
        root.addSubcommand("report", new CommandLine(spec()));
        root.getSubcommands().get("report").usage(out);
    }
}
