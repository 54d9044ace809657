package dev.tracesym.app.cli;

import dev.tracesym.app.annotate.TextPipeline;
import dev.tracesym.app.pipeline.AnnotatePipeline;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.SymbolSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tracesym annotate}: trace text with every kernel symbol named as of its line's time. */
@Command(name = "annotate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Re-names the kernel symbols of trace text (the kernel's ftrace text, trace-cmd report, "
                    + "perf script) as of each line's time, keeping the input's layout.",
            "An address is named from the symbols (or printed bare when nothing was there at that time); "
                    + "a name without its address is confirmed (and given its [module]) or marked '?' "
                    + "when the symbols say it is ambiguous or absent at that time. Compressed input "
                    + "(xz, gzip, zstd, bzip2) is read as it is; a pipe is annotated line by line."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  tracesym annotate --archive snapshots/ --modules ko/ trace.txt",
            "  trace-cmd report -i trace.dat | tracesym annotate --archive snapshots/ | less",
            "  cat /sys/kernel/tracing/trace_pipe | \\",
            "      tracesym annotate --symbols /proc/kallsyms",
            "  tracesym annotate --format jsonl --archive snapshots/ -o events.jsonl \\",
            "      trace.txt.xz",
            "",
            "Exit codes: 0 ok; 1 failure while processing (the output, or input damaged after",
            "its start without --partial-ok: the lines before the damage are written, then",
            "the error); 2 unusable input or wrong usage, also symbols the text shows do not",
            "belong to it (--force-symbols); 141 when the reader of the output went away."})
public final class AnnotateCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SymbolOptions symbols;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (the input's layout), jsonl (one JSON object per event) "
                    + "or perfetto (Chrome/Perfetto trace-event JSON). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write to FILE (through a temporary file, renamed when done) instead of standard output.")
    Path output;

    @Option(names = "--partial-ok", description = "Exit 0 even when the input is cut short or damaged "
            + "(the lines before the damage are written either way).")
    boolean partialOk;

    @Option(names = "--verbose", description = "Stack traces with error messages.")
    boolean verbose;

    @Parameters(arity = "0..1", paramLabel = "FILE|-", defaultValue = "-",
            description = "The trace text; '-' (the default) reads standard input.")
    String input;

    @Override
    public Integer call() {
        return call(System.err);
    }

    int call(PrintStream err) {
        return run(format(), symbols.source(spec), err);
    }

    private int run(TextPipeline.Output f, SymbolSource source, PrintStream err) {
        AtomicOutput out;
        try {
            out = AtomicOutput.open(output, SymbolOptions.filesRead(input, source));
        } catch (IllegalArgumentException | IOException e) {
            err.println("tracesym annotate: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        try (out) {
            Outcome o = AnnotatePipeline.run(new AnnotatePipeline.Request(input, f, source, verbose), System.in,
                    out.stream(), err);
            return ExitCodes.of(o, out, partialOk, err, "tracesym annotate", "the input");
        } catch (IOException e) {
            return AtomicOutput.failed("tracesym annotate", output, e, err);
        }
    }

    private TextPipeline.Output format() {
        TextPipeline.Output f = formatOf(format);
        if (f == null) {
            throw UsageError.of(spec, "--format must be text, jsonl or perfetto, not '" + format + "'");
        }
        return f;
    }

    /** The output {@code --format} names, null for none. */
    private static TextPipeline.Output formatOf(String format) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "text":
                return TextPipeline.Output.TEXT;
            case "jsonl":
                return TextPipeline.Output.JSONL;
            case "perfetto":
                return TextPipeline.Output.PERFETTO;
            default:
                return null;
        }
    }

    /**
     * A {@code tracesym annotate} command line (the arguments after {@code annotate}) read without
     * picocli, whose classes (old class files that class-data sharing does not keep, verified and
     * reflected on at every start) cost a third of the time to the first annotated line; null when
     * the line needs picocli: help, version, an option in another form than {@code --name VALUE},
     * {@code --name=VALUE} or {@code -o FILE}, one given twice, a value it would refuse. Run it with
     * {@link Direct#run}; whatever picocli would say about it, it says, by reading it again.
     */
    public static Direct withoutPicocli(String[] args) {
        AnnotateCli c = new AnnotateCli();
        c.symbols = new SymbolOptions();
        c.format = "text";
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("@")) {
                return null; // picocli's argument file
            }
            if (a.equals("-") || !a.startsWith("-")) {
                if (c.input != null) {
                    return null;
                }
                c.input = a;
                continue;
            }
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq > 0 ? a.substring(0, eq) : a;
            String value = eq > 0 ? a.substring(eq + 1) : null;
            if (!seen.add(name.equals("-o") ? "--output" : name)) {
                return null;
            }
            switch (name) {
                case "--force-symbols", "--partial-ok", "--verbose" -> {
                    if (value != null) {
                        return null;
                    }
                    c.symbols.force |= name.equals("--force-symbols");
                    c.partialOk |= name.equals("--partial-ok");
                    c.verbose |= name.equals("--verbose");
                }
                case "--archive", "--modules", "--symbols", "--format", "-o", "--output" -> {
                    if (value == null) {
                        if (i + 1 == args.length) {
                            return null;
                        }
                        value = args[++i];
                    }
                    if (value.isEmpty() || value.startsWith("-")) {
                        return null;
                    }
                    try {
                        switch (name) {
                            case "--archive" -> c.symbols.archive = Path.of(value);
                            case "--modules" -> c.symbols.modules = Path.of(value);
                            case "--symbols" -> c.symbols.symbols = Path.of(value);
                            case "--format" -> c.format = value;
                            default -> c.output = Path.of(value);
                        }
                    } catch (java.nio.file.InvalidPathException e) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        if (c.input == null) {
            c.input = "-";
        }
        TextPipeline.Output f = formatOf(c.format);
        if (f == null) {
            return null;
        }
        try {
            return new Direct(c, f, c.symbols.source());
        } catch (UsageException e) {
            return null;
        }
    }

    /** A command line read by {@link #withoutPicocli}, ready to run. */
    public static final class Direct {
        final AnnotateCli cli;
        final TextPipeline.Output format;
        final SymbolSource source;

        private Direct(AnnotateCli cli, TextPipeline.Output format, SymbolSource source) {
            this.cli = cli;
            this.format = format;
            this.source = source;
        }

        /** Runs the command; its exit code. */
        public int run(PrintStream err) {
            return cli.run(format, source, err);
        }

        /** With {@code --verbose}: stack traces with error messages. */
        public boolean verbose() {
            return cli.verbose;
        }
    }

    /** Runs {@code tracesym annotate} alone (for scripts and tests); exits with its code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** This command with tracesym's handling of usage errors (exit 2, one message). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AnnotateCli());
        cl.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("tracesym annotate: " + ex.getMessage());
            ex.getCommandLine().getErr().println("Try 'tracesym annotate --help' for more information.");
            return ExitCodes.UNUSABLE;
        });
        return cl;
    }
}
