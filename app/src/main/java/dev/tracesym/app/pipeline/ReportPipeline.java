package dev.tracesym.app.pipeline;

import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.app.report.TraceCmdExit;
import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.Timing;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.filter.FilterException;
import dev.tracesym.formats.filter.FilterNames;
import dev.tracesym.formats.filter.RecordFilter;
import dev.tracesym.formats.report.CommTable;
import dev.tracesym.formats.report.ReportFilterNames;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.formats.report.ReportWriter;
import dev.tracesym.formats.report.ReportView;
import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.PreviousBoot;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TraceKernel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code tracesym report}: a {@code .dat} as text, JSON Lines or Perfetto JSON.
 * <ul>
 * <li>Text without a {@link SymbolSource}: exactly {@code trace-cmd report} ({@link ReportCommand}).</li>
 * <li>Text with one: the same layout, every kernel address named as of its event's time by
 * {@link SymbolizerNamer}, the symbolizer fed from the trace's own markers and module events
 * ({@link SymbolFeed}) before any address at or after their time is named.</li>
 * <li>JSON Lines / Perfetto: one object per record ({@link RecordDecoder}); without a symbol source
 * the names come from the kallsyms the {@code .dat} embeds.</li>
 * </ul>
 * Messages go to the error stream; the {@link Outcome} says how the run ended.
 */
public final class ReportPipeline {
    private static final String PREFIX = "tracesym report: ";

    /** What to write. */
    public enum Format {
        /** trace-cmd report's text. */
        TEXT,
        /** One JSON object per event (docs/JSONL.md). */
        JSONL,
        /** Chrome / Perfetto trace-event JSON. */
        PERFETTO
    }

    /**
     * One report to make.
     *
     * @param traces     the traces, each with its timing and selection (several only for text without symbols)
     * @param alignTs    trace-cmd's {@code --align-ts}
     * @param view       trace-cmd report's options for how records are shown (its selection is unused)
     * @param filterTest trace-cmd's {@code -T}: with filters, write them as libtraceevent reads them, nothing else
     * @param format     what to write
     * @param symbols    where names come from; null for the trace's own kallsyms
     * @param verbose    stack traces with error messages
     */
    public record Request(List<ReportCommand.Trace> traces, boolean alignTs, ReportView view, boolean filterTest,
                          Format format, SymbolSource symbols, boolean verbose, boolean traceCmdForms) {
        public Request {
            traces = List.copyOf(traces);
            if (traces.isEmpty()) {
                throw new IllegalArgumentException("no trace");
            }
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(format, "format");
        }

        /** A report in tracesym's own forms (kallmodsyms' {@code symbol [module] {object}}, {@code /0xsize}). */
        public Request(List<ReportCommand.Trace> traces, boolean alignTs, ReportView view, boolean filterTest,
                       Format format, SymbolSource symbols, boolean verbose) {
            this(traces, alignTs, view, filterTest, format, symbols, verbose, false);
        }

        /**
         * This request with {@code trace-cmd report}'s forms kept in the text (the name alone,
         * {@code +0xoff} without a size, no module, object or ordinal, probe addresses as trace-cmd
         * prints them): with symbols only the names change.
         */
        public Request withTraceCmdForms(boolean keep) {
            return new Request(traces, alignTs, view, filterTest, format, symbols, verbose, keep);
        }

        /** One trace with its own timestamps, shown as {@code view} says. */
        public Request(String input, ReportView view, boolean filterTest, Format format, SymbolSource symbols,
                       boolean verbose) {
            this(List.of(new ReportCommand.Trace(input, Timing.DEFAULT, view.selection())), false, view, filterTest,
                    format, symbols, verbose);
        }

        /** A report with trace-cmd's {@code -N} and {@code -t} as given and no other option. */
        public Request(String input, boolean noPlugins, boolean nsTimestamps, Format format, SymbolSource symbols,
                       boolean verbose) {
            this(input, ReportView.of(noPlugins, nsTimestamps), false, format, symbols, verbose);
        }

        /**
         * {@link #Request(String, boolean, boolean, Format, SymbolSource, boolean)} of a trace that
         * {@code opener} opens (the Spark job reads through Hadoop); {@code input} names it in messages.
         */
        public Request(String input, boolean noPlugins, boolean nsTimestamps, Format format, SymbolSource symbols,
                       boolean verbose, DatFile.Opener opener) {
            this(List.of(new ReportCommand.Trace(input, Timing.DEFAULT, RecordFilter.Options.ALL, opener)), false,
                    ReportView.of(noPlugins, nsTimestamps), false, format, symbols, verbose);
        }

        /** The (first) trace: a {@code .dat} path, or {@code "-"} for standard input. */
        public String input() {
            return traces.get(0).path();
        }

        /** trace-cmd's {@code -N}. */
        public boolean noPlugins() {
            return view.noPlugins();
        }
    }

    private ReportPipeline() {
    }

    /** Writes the report to {@code out} (flushed, not closed); messages go to {@code err}. */
    public static Outcome run(Request r, OutputStream out, PrintStream err) {
        return run(r, out, err, null);
    }

    /**
     * {@link #run(Request, OutputStream, PrintStream)} keeping in {@code exit} (when not null) trace-cmd
     * 3.1.6's exit status where a text report is refused as trace-cmd refuses it.
     */
    public static Outcome run(Request r, OutputStream out, PrintStream err, TraceCmdExit exit) {
        try {
            return r.format() == Format.TEXT ? text(r, out, err, exit) : structured(r, out, err);
        } catch (OutOfMemoryError e) {
            err.println(PREFIX + InputFile.outOfMemory("-".equals(r.input()) ? "<stdin>" : r.input()));
            return Outcome.UNUSABLE;
        }
    }

    private static Outcome text(Request r, OutputStream out, PrintStream err, TraceCmdExit exit) {
        SymbolNaming naming = null;
        if (r.symbols() != null) {
            naming = new SymbolNaming(r.symbols(), "-".equals(r.input()) ? "<stdin>" : r.input(), err, r.traceCmdForms());
            naming.start();
        }
        int code = ReportCommand.run(r.traces(), r.alignTs(), r.view(), r.filterTest(), out, err, naming, exit);
        if (naming != null && naming.failure != null && r.verbose()) {
            naming.failure.printStackTrace(err);
        }
        return outcomeOf(code);
    }

    private static Outcome outcomeOf(int code) {
        return switch (code) {
            case ReportCommand.OK -> Outcome.OK;
            case ReportCommand.OUTPUT_FAILED -> Outcome.FAILED;
            case ReportCommand.CLOSED_PIPE -> Outcome.CLOSED;
            case ReportCommand.DAMAGED -> Outcome.DAMAGED;
            default -> Outcome.UNUSABLE;
        };
    }

    /**
     * Names from {@code source} for another run over a trace's records (e.g. {@code --profile}) of
     * {@code input}: the symbols are read on a thread of their own from now on, checked against the trace
     * as in a text report ({@link SymbolCheck}, its warning to {@code err}), and fed from the records.
     */
    public static ReportCommand.Naming naming(SymbolSource source, String input, PrintStream err) {
        SymbolNaming naming = new SymbolNaming(Objects.requireNonNull(source, "source"),
                "-".equals(input) ? "<stdin>" : input, err, false);
        naming.start();
        return naming;
    }

    /** The symbolizer's side of a text report: opened while the trace is read, fed from its records. */
    private static final class SymbolNaming implements ReportCommand.Naming {
        private final SymbolSource source;
        private final String shown;
        private final PrintStream err;
        private final boolean traceCmdForms;
        private CompletableFuture<Symbolizer> symbolizer;
        private SymbolizerNamer namer;
        IOException failure;

        SymbolNaming(SymbolSource source, String shown, PrintStream err, boolean traceCmdForms) {
            this.source = source;
            this.shown = shown;
            this.err = err;
            this.traceCmdForms = traceCmdForms;
        }

        void start() {
            symbolizer = openAsync(source);
        }

        @Override
        public ReportInput input(DatFile dat) throws IOException {
            return traceCmdForms ? ReportCommand.inputOf(dat) : ReportCommand.inputOf(dat, SymbolicFormats::rewrite);
        }

        @Override
        public ReportNamer namer(DatFile dat, ReportInput input) throws IOException {
            Symbolizer s;
            try {
                s = symbolizer.join();
            } catch (CompletionException e) {
                failure = unwrap(e);
                throw new IOException(FailureText.of(failure, "loading the symbols for " + shown), failure); // ReportCommand prints it
            }
            checked(source, s, dat, shown, err);
            namer = SymbolizerNamer.of(s, traceCmdForms);
            return namer;
        }

        @Override
        public EventSource records(EventSource records, ReportInput input) {
            return namer.timeAware() ? new SymbolFeed(records, input.formats(), namer) : records;
        }
    }

    /**
     * Refuses symbols that do not belong to the trace ({@link SymbolCheck}) and warns of modules
     * whose {@code __init} code will print unnamed; returns the symbolizer.
     */
    private static Symbolizer checked(SymbolSource source, Symbolizer s, DatFile dat, String shown, PrintStream err)
            throws SymbolCheck.Mismatch {
        SymbolCheck.require(source, s, kernelOf(dat, shown));
        String warning = SymbolCheck.initWarning(source, s);
        if (warning != null) {
            err.println(PREFIX + warning);
        }
        return s;
    }

    /** What the trace records of its kernel: the release of its uname, its kallsyms. */
    public static TraceKernel kernelOf(DatFile dat, String shown) {
        String name = shown;
        int slash = name.lastIndexOf('/');
        return TraceKernel.of(slash < 0 ? name : name.substring(slash + 1), TraceKernel.releaseOfUname(dat.uname()),
                dat.kallsyms());
    }

    /** Reads the symbols on a daemon thread while the trace is opened (an unusable trace does not wait for them). */
    private static CompletableFuture<Symbolizer> openAsync(SymbolSource source) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return source.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (OutOfMemoryError e) {
                throw new UncheckedIOException(new IOException(InputFile.outOfMemory(source.inputs().get(0).toString())));
            }
        }, ReportPipeline::daemon);
    }

    private static void daemon(Runnable task) {
        Thread t = new Thread(task, "tracesym-symbols");
        t.setDaemon(true);
        t.start();
    }

    private static IOException unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof IOException io ? io : new IOException(t.toString(), t);
    }

    // ---------------------------------------------------------------- JSON Lines, Perfetto

    private static Outcome structured(Request r, OutputStream out, PrintStream err) {
        String shown = "-".equals(r.input()) ? "<stdin>" : r.input();
        CompletableFuture<Symbolizer> archive = r.symbols() == null ? null : openAsync(r.symbols());
        DatFile dat;
        try {
            dat = r.traces().get(0).open();
        } catch (IOException | RuntimeException e) {
            report(err, e, "opening " + shown, r.verbose());
            return Outcome.UNUSABLE;
        }
        try (dat) {
            ReportInput input;
            SymbolizerNamer namer;
            try {
                List<String> skipped = java.util.Collections.synchronizedList(new ArrayList<>());
                CompletableFuture<Symbolizer> symbols = archive != null ? archive
                        : CompletableFuture.supplyAsync(() -> embedded(dat, shown, skipped), ReportPipeline::daemon);
                input = ReportCommand.inputOf(dat, SymbolicFormats::rewrite);
                Symbolizer s = symbols.join();
                namer = SymbolizerNamer.of(archive == null ? s : checked(r.symbols(), s, dat, shown, err));
                previousBoots(dat, namer);
                skippedLines(err, skipped);
            } catch (IOException | RuntimeException e) {
                report(err, unwrap(e), "loading the symbols for " + shown, r.verbose());
                return Outcome.UNUSABLE;
            }
            RecordFilter.Options selection = ReportWriter.resolved(r.traces().get(0).selection(), input);
            if (r.filterTest() && !selection.filters().isEmpty()) {
                return outcomeOf(ReportCommand.filterTest(input, selection, out, err, shown));
            }
            RecordFilter filter;
            try {
                if (r.alignTs()) {
                    dat.shiftTimestamps(-dat.firstTimestamp());
                }
                filter = ReportWriter.filter(selection, input.formats());
            } catch (FilterException | IOException e) {
                err.println(PREFIX + shown + ": " + e.getMessage());
                return Outcome.UNUSABLE;
            }
            FilterNames names = new ReportFilterNames(CommTable.parseSavedCmdlines(input.savedCmdlines()), namer);
            RecordStream stream = new RecordStream(dat, input, namer, r.noPlugins(), r.format() == Format.PERFETTO, filter, names);
            boolean broken = false;
            try (Output o = new Output(r.format(), out, namer)) {
                while (true) {
                    int got;
                    try {
                        got = stream.decodeSome(o.sink, 64);
                    } catch (RecordStream.InputFailure ex) {
                        report(err, ex.getCause(), "reading the events of " + shown, r.verbose());
                        broken = true;
                        break;
                    }
                    if (got < 64) {
                        break;
                    }
                }
                o.finish();
            } catch (IOException e) {
                if (ExitCodes.closedPipe(e)) {
                    return Outcome.CLOSED;      // `| head` closing early is not worth a message
                }
                err.println(PREFIX + "cannot write the output: " + e.getMessage());
                return Outcome.FAILED;
            }
            for (String w : dat.warnings()) {
                err.println(PREFIX + "warning: " + w);
            }
            if (broken || dat.eventsLost()) {
                return Outcome.DAMAGED;
            }
            return Outcome.OK;
        } catch (IOException e) { // closing the input
            report(err, e, "closing " + shown, r.verbose());
            return Outcome.UNUSABLE;
        }
    }

    /**
     * The names the {@code .dat} itself carries: its kallsyms, for every event whatever its time, with
     * the modules' exact ranges where the file also carries {@code /proc/modules} (trace-cmd 3.3+). A
     * malformed kallsyms line is skipped, as trace-cmd's text report skips it, and added to {@code skipped}.
     */
    static Symbolizer embedded(DatFile dat, String shown, List<String> skipped) {
        try {
            String kallsyms = dat.kallsyms();
            return StaticSymbolizer.fromKallsyms(kallsyms == null ? "" : kallsyms, dat.modulesFile(), shown + " (kallsyms)", skipped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OutOfMemoryError e) {
            // on a thread of its own: told here, where the file is known, not as the error's class name
            throw new UncheckedIOException(new IOException(InputFile.outOfMemory(shown), e));
        }
    }

    /**
     * Has {@code namer} name the events of each buffer of {@code dat} that holds a previous boot's events (a
     * persistent ring buffer with a {@code LAST_BOOT_INFO} option, trace-cmd 3.3+) as of that boot.
     *
     * @throws SymbolSourceException when a LAST_BOOT_INFO text is of no known form
     */
    static void previousBoots(DatFile dat, SymbolizerNamer namer) throws SymbolSourceException {
        List<BufferInfo> buffers = dat.buffers();
        for (Map.Entry<String, String> info : lastBootTexts(dat).entrySet()) {
            String instance = info.getKey();
            for (int b = 0; b < buffers.size(); b++) {
                if (!instance.isEmpty() && buffers.get(b).name().equals(instance)) {
                    namer.previousBoot(b, PreviousBoot.parse(info.getValue(), "the LAST_BOOT_INFO of buffer " + instance));
                }
            }
        }
    }

    /** Each LAST_BOOT_INFO option of {@code dat} (trace-cmd's {@code INSTANCE:TEXT}) as instance to text, in file order. */
    public static Map<String, String> lastBootTexts(DatFile dat) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String info : dat.lastBootInfo()) {
            int colon = info.indexOf(':');
            texts.put(colon < 0 ? "" : info.substring(0, colon), info.substring(colon + 1));
        }
        return texts;
    }

    /** The sink of one structured format and what must happen at its end. */
    private static final class Output implements AutoCloseable {
        final RecordSink sink;
        private final JsonLineEncoder json;
        private final PerfettoEncoder timeline;

        Output(Format format, OutputStream out, SymbolizerNamer namer) {
            if (format == Format.JSONL) {
                json = new JsonLineEncoder(out, namer);
                timeline = null;
                sink = json;
            } else {
                json = null;
                timeline = new PerfettoEncoder(out, namer);
                sink = timeline;
            }
        }

        /** Ends the output: everything written and flushed. */
        void finish() throws IOException {
            if (json != null) {
                json.finish();
            } else {
                timeline.finish();
            }
        }

        @Override
        public void close() {
            if (json != null) {
                json.close();
            } else {
                timeline.close();
            }
        }
    }

    // ---------------------------------------------------------------- messages

    /** Warns of the embedded kallsyms lines skipped: the first few by line, then how many more. */
    private static void skippedLines(PrintStream err, List<String> skipped) {
        int shown = Math.min(skipped.size(), 10);
        for (int i = 0; i < shown; i++) {
            err.println(PREFIX + "warning: " + skipped.get(i) + " (line skipped, as trace-cmd skips it)");
        }
        if (skipped.size() > shown) {
            err.println(PREFIX + "warning: " + (skipped.size() - shown) + " more malformed kallsyms lines skipped");
        }
    }

    /** Prints the failure of {@code e} while {@code doing} ("reading t.dat"), and with {@code verbose} its stack trace. */
    static void report(PrintStream err, Throwable e, String doing, boolean verbose) {
        err.println(PREFIX + FailureText.of(e, doing));
        if (verbose) {
            e.printStackTrace(err);
        }
    }
}
