package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
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
                    + "named as of its event's time, as the kernel prints it: name [module] for %ps, "
                    + "name+0xoff/0xsize [module] for %pS."},
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
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        return call(err);
    }

    int call(PrintStream err) {
        String in = input();
        ReportPipeline.Format f = format();
        SymbolSource source = symbols.source(spec);
        List<Path> inputs = new ArrayList<>();
        if (!"-".equals(in)) {
            inputs.add(Path.of(in));
        }
        if (source != null) {
            inputs.addAll(source.inputs());
        }
        AtomicOutput out;
        try {
            out = AtomicOutput.open(output, inputs);
        } catch (IllegalArgumentException | IOException e) {
            err.println("tracesym report: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        try (out) {
            ReportPipeline.Result r = ReportPipeline.run(new ReportPipeline.Request(in, noPlugins, nsTimestamps, f, source,
                    partialOk, verbose), out.stream(), err);
            if (r.complete()) {
                out.commit();
            }
            return r.exitCode();
        } catch (IOException e) {
            err.println("tracesym report: cannot write " + output + ": " + e.getMessage());
            return ExitCodes.FAILURE;
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
