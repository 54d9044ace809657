package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tracesym report}: a trace-cmd {@code .dat} as trace-cmd report text, JSON Lines or Perfetto JSON. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Prints a trace-cmd .dat file. Without symbol options exactly what 'trace-cmd report' prints.",
            "With --archive (and --modules) or --symbols, the same layout with every kernel address "
                    + "named as of its event's time, as the kernel prints it: name [module] for %%ps, "
                    + "name+0xoff/0xsize [module] for %%pS."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  tracesym report trace.dat                            exactly what trace-cmd report prints",
            "  tracesym report -i trace.dat -o report.txt",
            "  tracesym report --archive snapshots/ --modules ko/ trace.dat",
            "                                                       names as of each event's time",
            "  tracesym report --symbols /proc/kallsyms trace.dat   names from one table",
            "  tracesym report --format jsonl --archive snapshots/ --modules ko/ trace.dat > events.jsonl",
            "  trace-cmd extract -o - | tracesym report --format perfetto -o trace.json -",
            "",
            "Exit codes: 0 ok; 1 failure while processing (output error, or damaged event data",
            "without --partial-ok: the events before the damage are written, then a warning);",
            "2 unusable input or wrong usage."})
public final class ReportCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-N", description = "Print every event by its print format (trace-cmd's -N: no plugins).")
    boolean noPlugins;

    @Option(names = "-t", description = "Timestamps in nanoseconds (trace-cmd's -t).")
    boolean nsTimestamps;

    @Mixin
    SymbolOptions symbols;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (trace-cmd report's layout), jsonl (one JSON object per event) "
                    + "or perfetto (Chrome/Perfetto trace-event JSON). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (through a temporary file, renamed when done) instead of standard output.")
    Path output;

    @Option(names = "--partial-ok", description = "Exit 0 even when the trace's event data is cut short or damaged.")
    boolean partialOk;

    @Option(names = "--verbose", description = "Stack traces with error messages.")
    boolean verbose;

    @Option(names = "-i", paramLabel = "FILE", description = "The input file (as trace-cmd report -i).")
    String inputOption;

    @Parameters(arity = "0..1", paramLabel = "FILE.dat|-", description = "The trace; '-' reads standard input.")
    String input;

    @Override
    public Integer call() {
        return call(System.err);
    }

    int call(PrintStream err) {
        String in = input();
        ReportPipeline.Format f = format();
        SymbolSource source = symbols.source(spec);
        AtomicOutput out;
        try {
            out = AtomicOutput.open(output, SymbolOptions.filesRead(in, source));
        } catch (IllegalArgumentException | IOException e) {
            err.println("tracesym report: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        try (out) {
            Outcome o = ReportPipeline.run(new ReportPipeline.Request(in, noPlugins, nsTimestamps, f, source, verbose),
                    out.stream(), err);
            switch (o) {
                case OK:
                    out.commit();
                    return ExitCodes.OK;
                case DAMAGED: // the records before the damage are all there: keep them
                    out.commit();
                    if (partialOk) {
                        return ExitCodes.OK;
                    }
                    err.println("tracesym report: the trace is damaged: the output stops at the damage (--partial-ok accepts that)");
                    return ExitCodes.FAILURE;
                case FAILED:
                    return ExitCodes.FAILURE;
                case CLOSED:
                    return ExitCodes.CLOSED_PIPE;
                default:
                    return ExitCodes.UNUSABLE;
            }
        } catch (IOException e) {
            return AtomicOutput.failed("tracesym report", output, e, err);
        }
    }

    private String input() {
        if (inputOption != null && input != null && !inputOption.equals(input)) {
            throw new ParameterException(spec.commandLine(), "two inputs given (-i " + inputOption + " and " + input + "): give one");
        }
        String in = inputOption != null ? inputOption : input;
        if (in == null) {
            throw new ParameterException(spec.commandLine(), "no input: give a FILE.dat (or '-' for standard input)");
        }
        return in;
    }

    private ReportPipeline.Format format() {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "text":
                return ReportPipeline.Format.TEXT;
            case "jsonl":
                return ReportPipeline.Format.JSONL;
            case "perfetto":
                return ReportPipeline.Format.PERFETTO;
            default:
                throw new ParameterException(spec.commandLine(), "--format must be text, jsonl or perfetto, not '" + format + "'");
        }
    }

    /** Options that take a value, as the fast path reads them (see {@link #withoutPicocli}). */
    static final List<String> VALUE_OPTIONS = List.of("--archive", "--modules", "--symbols", "--format", "-o", "--output", "-i");
    /** Flags, as the fast path reads them. */
    static final List<String> FLAGS = List.of("-N", "-t", "--partial-ok", "--verbose", "--force-symbols");

    /**
     * {@code tracesym report ARGS} read without picocli, whose reflection over every command costs
     * more than a small trace takes to print: {@code args} as a ready command, or null when they
     * are anything but the plain forms (each option once, its value as the next argument and not
     * starting with '-', one input) of a valid report command line. Help, version, usage errors,
     * {@code --opt=value}, clustered flags, {@code @files} and the like are left to picocli, which
     * then gives its usual answer.
     */
    public static ReportCli withoutPicocli(String[] args) {
        if (args.length < 2 || !"report".equals(args[0])) {
            return null;
        }
        ReportCli c = new ReportCli();
        c.symbols = new SymbolOptions();
        c.format = "text";
        java.util.Set<String> seen = new java.util.HashSet<>();
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                if (FLAGS.contains(a) || VALUE_OPTIONS.contains(a)) {
                    if (!seen.add(a) || (a.equals("-o") && !seen.add("--output")) || (a.equals("--output") && !seen.add("-o"))) {
                        return null;   // given twice: picocli's message
                    }
                    if (FLAGS.contains(a)) {
                        switch (a) {
                            case "-N" -> c.noPlugins = true;
                            case "-t" -> c.nsTimestamps = true;
                            case "--partial-ok" -> c.partialOk = true;
                            case "--force-symbols" -> c.symbols.force = true;
                            default -> c.verbose = true;
                        }
                        continue;
                    }
                    if (i + 1 == args.length || args[i + 1].isEmpty() || args[i + 1].startsWith("-")
                            || args[i + 1].startsWith("@")) {
                        return null;
                    }
                    String v = args[++i];
                    switch (a) {
                        case "--archive" -> c.symbols.archive = Path.of(v);
                        case "--modules" -> c.symbols.modules = Path.of(v);
                        case "--symbols" -> c.symbols.symbols = Path.of(v);
                        case "--format" -> c.format = v;
                        case "-i" -> c.inputOption = v;
                        default -> c.output = Path.of(v);
                    }
                } else if (c.input == null && (a.equals("-") || (!a.isEmpty() && !a.startsWith("-") && !a.startsWith("@")))) {
                    c.input = a;
                } else {
                    return null;
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        // what call() would refuse with a usage message: leave it to picocli
        boolean oneInput = c.inputOption == null ? c.input != null : c.input == null || c.inputOption.equals(c.input);
        boolean knownFormat = List.of("text", "jsonl", "perfetto").contains(c.format.toLowerCase(Locale.ROOT));
        boolean sources = !(c.symbols.symbols != null && c.symbols.archive != null)
                && !(c.symbols.modules != null && c.symbols.archive == null)
                && !(c.symbols.force && c.symbols.archive == null && c.symbols.symbols == null);
        return oneInput && knownFormat && sources ? c : null;
    }

    /** Runs {@code tracesym report} alone (for scripts and benchmarks); exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** This command with tracesym's handling of usage errors (exit 2, one message). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ReportCli());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("tracesym report: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'tracesym report --help' for more information.");
            return ExitCodes.UNUSABLE;
        });
        return cl;
    }
}
