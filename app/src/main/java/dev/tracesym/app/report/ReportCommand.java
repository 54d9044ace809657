package dev.tracesym.app.report;

import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.input.InputException;
import dev.tracesym.input.InputFile;
import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.Timing;
import dev.tracesym.formats.dat.TraceMerge;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.PrintkFormats;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.filter.FilterException;
import dev.tracesym.formats.filter.RecordFilter;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.formats.report.ReportView;
import dev.tracesym.formats.report.ReportWriter;
import dev.tracesym.formats.report.WakeupLatency;
import dev.tracesym.symbolizer.PreviousBoot;
import dev.tracesym.symbolizer.SymbolSourceException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code tracesym report FILE.dat}: prints exactly what {@code trace-cmd report} (3.1.6) prints for the
 * file, names from the file's own kallsyms included; {@code -N} and {@code -t} as in trace-cmd.
 */
public final class ReportCommand {
    /** Exit code: report written. */
    public static final int OK = 0;
    /** Exit code: the output could not be written. */
    public static final int OUTPUT_FAILED = 1;
    /** Exit code: the input is missing, unreadable or not a usable trace-cmd file. */
    public static final int BAD_INPUT = 2;

    private ReportCommand() {
    }

    /**
     * Writes the report of {@code input} to {@code out}.
     *
     * @param input        a {@code .dat} path, or {@code "-"} for standard input
     * @param noPlugins    trace-cmd's {@code -N}: print every event by its print fmt
     * @param nsTimestamps trace-cmd's {@code -t}: nanosecond timestamps
     * @param out          receives the report in large blocks (pass an unbuffered stream such as
     *                     {@code new FileOutputStream(FileDescriptor.out)}); flushed, not closed
     * @param err          one message for unusable input; warnings (e.g. truncated data) after all events
     * @return {@link #OK}, {@link #OUTPUT_FAILED}, {@link #CLOSED_PIPE} or {@link #BAD_INPUT}
     */
    public static int run(String input, boolean noPlugins, boolean nsTimestamps, OutputStream out, PrintStream err) {
        return run(input, noPlugins, nsTimestamps, out, err, null, false);
    }

    /**
     * The text layout names every buffer with the reading boot's symbols; a persistent buffer of the
     * previous boot (LAST_BOOT_INFO, another KASLR slide) would get names that are not its own, so say so
     * rather than print them silently (JSON Lines and Perfetto name it as of that boot).
     */
    private static void previousBootWarning(DatFile dat, PrintStream err) {
        for (Map.Entry<String, String> info : ReportPipeline.lastBootTexts(dat).entrySet()) {
            String instance = info.getKey();
            boolean moved;
            try {
                moved = !PreviousBoot.parse(info.getValue(), instance).sameBoot();
            } catch (SymbolSourceException e) {
                moved = true;                   // of no known form: its addresses may be anywhere
            }
            if (moved) {
                err.println("tracesym report: warning: buffer " + instance + " holds a previous boot's events"
                        + " (LAST_BOOT_INFO): this layout names its addresses with this boot's symbols;"
                        + " --format jsonl or perfetto names them as of that boot");
            }
        }
    }

    /** Exit code: the reader of the output went away ({@code | head}); nothing was said. */
    public static final int CLOSED_PIPE = ExitCodes.CLOSED_PIPE;

    /** Exit code of the {@link Naming} variant: the event data is damaged; every record before the damage was written. */
    public static final int DAMAGED = 3;

    /**
     * Who names the addresses of a report other than trace-cmd's own lookup (tracesym's symbolizer),
     * and sees every record on its way to the writer.
     */
    public interface Naming {
        /** The trace facts the writer needs (by default {@link #inputOf(DatFile)}). */
        default ReportInput input(DatFile dat) throws IOException {
            return inputOf(dat);
        }

        /** The namer for the opened trace; an IOException's message is printed as it is. */
        ReportNamer namer(DatFile dat, ReportInput input) throws IOException;

        /** The records as the writer reads them: a namer that learns from the trace wraps them here. */
        EventSource records(EventSource records, ReportInput input);
    }

    /**
     * {@link #run(String, boolean, boolean, OutputStream, PrintStream)} with another namer
     * ({@code naming} null: trace-cmd's), returning {@link #DAMAGED} (after the records before the damage
     * and a message) when the event data is cut short or broken.
     */
    public static int run(String input, boolean noPlugins, boolean nsTimestamps, OutputStream out, PrintStream err,
                          Naming naming) {
        return run(input, ReportView.of(noPlugins, nsTimestamps), false, out, err, naming);
    }

    /**
     * One trace of a report: its path ({@code "-"}: standard input), how trace-cmd report's options
     * change its timestamps, which of its records are printed, and what opens it when it is not a
     * local file ({@code opener}, e.g. the Spark job's Hadoop reads; null: {@code path} is the file,
     * and names the trace in messages either way).
     */
    public record Trace(String path, Timing timing, RecordFilter.Options selection, DatFile.Opener opener) {
        public Trace {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(timing, "timing");
            Objects.requireNonNull(selection, "selection");
        }

        /** A local file, or {@code "-"} for standard input. */
        public Trace(String path, Timing timing, RecordFilter.Options selection) {
            this(path, timing, selection, null);
        }

        /** Opens the trace and reads its metadata. */
        public DatFile open() throws IOException {
            return open(null);
        }

        /** {@link #open()}, handing the kallsyms text to {@code kallsymsRead} as soon as it is read (not by an opener). */
        DatFile open(Consumer<ByteBuffer> kallsymsRead) throws IOException {
            if (opener != null) {
                return opener.open(timing);
            }
            return "-".equals(path) ? DatFile.open(System.in, "<stdin>", timing, kallsymsRead)
                    : DatFile.open(Path.of(path), timing, kallsymsRead);
        }

        /** How messages name it. */
        String shown() {
            return "-".equals(path) ? "<stdin>" : path;
        }
    }

    /**
     * {@link #run(String, boolean, boolean, OutputStream, PrintStream, Naming)} with every option of
     * trace-cmd report's view ({@code view}, whose selection is the trace's); with {@code filterTest}
     * ({@code -T}) and filters, only the filters as libtraceevent reads them are written.
     */
    public static int run(String input, ReportView view, boolean filterTest, OutputStream out, PrintStream err,
                          Naming naming) {
        return run(List.of(new Trace(input, Timing.DEFAULT, view.selection())), false, view, filterTest, out, err,
                naming, true, null);
    }

    /**
     * The report of one or several traces ({@code trace-cmd report -i A -i B}: merged by time, each line
     * after its file's name), with trace-cmd report's options: each trace's timing and selection,
     * {@code alignTs} ({@code --align-ts}: every time relative to the earliest first page of all), the
     * shared {@code view}; with {@code filterTest} only the filters of the first trace that has some.
     *
     * @param naming another namer than trace-cmd's, for one trace only (null: trace-cmd's)
     */
    public static int run(List<Trace> traces, boolean alignTs, ReportView view, boolean filterTest, OutputStream out,
                          PrintStream err, Naming naming) {
        return run(traces, alignTs, view, filterTest, out, err, naming, null);
    }

    /**
     * {@link #run(List, boolean, ReportView, boolean, OutputStream, PrintStream, Naming)}, keeping in
     * {@code exit} (when not null) trace-cmd 3.1.6's exit status where the run is refused as trace-cmd
     * refuses it (an input it cannot open, a filter it refuses).
     */
    public static int run(List<Trace> traces, boolean alignTs, ReportView view, boolean filterTest, OutputStream out,
                          PrintStream err, Naming naming, TraceCmdExit exit) {
        if (naming != null && traces.size() != 1) {
            throw new IllegalArgumentException("a namer names the addresses of one trace");
        }
        return run(traces, alignTs, view, filterTest, out, err, naming, true, exit);
    }

    private static int run(String input, boolean noPlugins, boolean nsTimestamps, OutputStream out, PrintStream err,
                           Naming naming, boolean damageCode) {
        return run(List.of(new Trace(input, Timing.DEFAULT, RecordFilter.Options.ALL)), false,
                ReportView.of(noPlugins, nsTimestamps), false, out, err, naming, damageCode, null);
    }

    private static int run(List<Trace> traces, boolean alignTs, ReportView view, boolean filterTest, OutputStream out,
                           PrintStream err, Naming naming, boolean damageCode, TraceCmdExit exit) {
        TraceCmdExit status = exit != null ? exit : new TraceCmdExit(view.noPlugins(), !view.noPlugins(), view.kallsyms());
        // one trace named by trace-cmd's lookup: its table is built from the moment the kallsyms are read
        EarlyTable early = traces.size() == 1 && naming == null && !filterTest && view.kallsyms() == null
                ? new EarlyTable() : null;
        List<DatFile> dats = openAll(traces, early, err, status);
        if (dats == null) {
            return BAD_INPUT;
        }
        String shown = traces.size() == 1 ? traces.get(0).shown() : "";
        GuardedOutput guarded = new GuardedOutput(out); // the writer writes on a thread of its own
        try {
            ReportWriter writer;
            ReportInput trace = null;
            EventSource events;
            int current = 0;
            try {
                if (filterTest) {
                    List<ReportInput> inputs = new ArrayList<>();
                    for (DatFile d : dats) {
                        inputs.add(inputOf(d));
                    }
                    for (; current < traces.size(); current++) {
                        ReportInput in = inputs.get(current);
                        RecordFilter.Options sel = ReportWriter.resolved(traces.get(current).selection(), in);
                        if (!sel.filters().isEmpty()) {
                            // trace-cmd printed the cpus= line of each file before it, then stops at this one's filters
                            out.write(cpusLinesBefore(traces, inputs, current));
                            int code = filterTest(in, sel, out, err, traces.get(current).shown());
                            if (code == BAD_INPUT) {
                                status.refuseFilter(dats, traces.get(0).selection().comms());
                            }
                            return code;
                        }
                    }
                    current = 0;
                }
                if (alignTs) {
                    long first = 0;
                    for (int i = 0; i < dats.size(); i++) {
                        current = i;
                        long f = dats.get(i).firstTimestamp();
                        if (i == 0 || Long.compareUnsigned(first, f) > 0) {
                            first = f;
                        }
                    }
                    for (DatFile d : dats) {
                        d.shiftTimestamps(-first);
                    }
                    current = 0;
                }
                byte[] added = view.kallsyms() == null ? null : readKallsyms(view.kallsyms()); // --kallsyms
                if (dats.size() > 1) {
                    List<ReportInput> inputs = new ArrayList<>();
                    for (current = 0; current < dats.size(); current++) {
                        inputs.add(inputOf(dats.get(current)));
                    }
                    for (current = 0; current < dats.size(); current++) {
                        compileFilters(traces, inputs, current, out);
                    }
                    List<ReportWriter.Source> sources = new ArrayList<>();
                    TraceCmdNamer first = null;
                    for (current = 0; current < dats.size(); current++) {
                        DatFile d = dats.get(current);
                        TraceCmdNamer namer = namerOf(d, added);
                        if (first == null) {
                            first = namer;
                        } else {
                            namer.shareNameKeys(first); // the function plugin's indent matches names across files
                        }
                        sources.add(new ReportWriter.Source(traces.get(current).path(), inputs.get(current), namer,
                                traces.get(current).selection()));
                    }
                    current = 0;
                    writer = new ReportWriter(sources, view, guarded);
                    TraceMerge merge = new TraceMerge(dats);
                    events = merge::next;
                } else {
                    DatFile dat = dats.get(0);
                    ReportView one = view.withSelection(traces.get(0).selection());
                    // The records are decoded on the thread that renders them: on a two-core VM, handing millions
                    // of records to another core costs more than decoding them (docs/PERFORMANCE.md).
                    events = dat::next;
                    if (naming == null) {
                        // the symbol table and the event formats are independent: build them side by side
                        CompletableFuture<TraceCmdNamer> namer = early != null && early.table != null ? early.table
                                : CompletableFuture.supplyAsync(() -> namerOf(dat, added));
                        trace = inputOf(dat);
                        // the report starts before the symbol table is read; the first name waits for it
                        writer = new ReportWriter(trace, new PendingNamer(namer), one, guarded);
                    } else {
                        trace = naming.input(dat);
                        ReportNamer namer;
                        try {
                            namer = naming.namer(dat, trace);
                        } catch (IOException e) { // the symbols, not the trace: the message says which
                            err.println("tracesym report: " + e.getMessage());
                            return BAD_INPUT;
                        }
                        writer = new ReportWriter(trace, namer, one, guarded);
                        events = naming.records(events, trace);
                        previousBootWarning(dat, err);
                    }
                }
            } catch (IOException | RuntimeException | FilterException e) {
                Exception cause = unwrap(e);
                err.println("tracesym report: " + message(traces.get(current).shown(), cause));
                if (cause instanceof FilterException || cause.getCause() instanceof FilterException) {
                    status.refuseFilter(dats, traces.get(0).selection().comms());
                } else if (cause instanceof NoSuchFileException) { // the traces are open: --kallsyms FILE
                    status.refuse(TraceCmdExit.die(2));
                }
                return BAD_INPUT;
            }
            // -w: one trace (several are refused), its latencies after its sched_switch lines
            WakeupLatency wakeup = view.wakeup() && trace != null ? WakeupLatency.of(trace.formats()) : null;
            writer.tail(wakeup);
            writer.onWarning(w -> err.println("tracesym report: warning: " + (shown.isEmpty() ? "" : shown + ": ") + w));
            try {
                writer.write(events);
            } catch (IOException e) {
                if (guarded.failure != null) {
                    return outputFailed(guarded.failure, err);
                }
                err.println("tracesym report: " + message(shown, e));
                return summary(wakeup, guarded, err) && damageCode ? DAMAGED : BAD_INPUT;
            }
            if (!summary(wakeup, guarded, err)) {
                return OUTPUT_FAILED;
            }
            boolean lost = false;
            for (DatFile d : dats) {
                for (String w : d.warnings()) {
                    err.println("tracesym report: warning: " + w);
                }
                // warnings given while opening count too: a v7 file cut between two CPUs' data loses one there
                lost |= d.eventsLost();
            }
            return damageCode && lost ? DAMAGED : OK;
        } finally {
            if (!closeAll(dats)) {
                err.println("tracesym report: " + shown + ": could not close the input");
            }
        }
    }

    /** Opens every trace, in order; null (the inputs closed, the reason told, trace-cmd's status kept) when one fails. */
    private static List<DatFile> openAll(List<Trace> traces, EarlyTable early, PrintStream err, TraceCmdExit status) {
        List<DatFile> dats = new ArrayList<>();
        try {
            for (Trace t : traces) {
                dats.add(t.open(early));
            }
            return dats;
        } catch (NoSuchFileException e) {
            err.println("tracesym report: " + traces.get(dats.size()).shown() + ": no such file");
            status.refuseOpening(e, traces.get(dats.size()).path(), dats);
        } catch (IOException | RuntimeException e) {
            err.println("tracesym report: " + message(traces.get(dats.size()).shown(), e));
            status.refuseOpening(e, traces.get(dats.size()).path(), dats);
        }
        closeAll(dats);
        return null;
    }

    /**
     * Refuses what trace-cmd 3.1.6 refuses of several traces before it reads their records: an input it cannot
     * open, a filter it cannot compile for one of them (after the {@code cpus=N} lines of the files before it,
     * written to {@code out}). For a run tracesym does not make on several traces (e.g. {@code --profile}), so
     * it exits as trace-cmd where trace-cmd refuses it too.
     *
     * @return {@link #BAD_INPUT} (the reason told on {@code err}, trace-cmd's status in {@code status}) or {@link #OK}
     */
    public static int refusalOfSeveral(List<Trace> traces, OutputStream out, PrintStream err, TraceCmdExit status) {
        List<DatFile> dats = openAll(traces, null, err, status);
        if (dats == null) {
            return BAD_INPUT;
        }
        int current = 0;
        try {
            List<ReportInput> inputs = new ArrayList<>();
            for (DatFile d : dats) {
                inputs.add(inputOf(d));
            }
            for (; current < dats.size(); current++) {
                compileFilters(traces, inputs, current, out);
            }
            return OK;
        } catch (FilterException e) {
            err.println("tracesym report: " + message(traces.get(current).shown(), e));
            status.refuseFilter(dats, traces.get(0).selection().comms());
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println("tracesym report: " + message(traces.get(current).shown(), e));
            return BAD_INPUT;
        } finally {
            closeAll(dats);
        }
    }

    /**
     * Compiles the filters of trace {@code index} as trace-cmd 3.1.6 does with several traces: just before
     * it prints that file's {@code cpus=N} line, so where it refuses them the lines of the files before it
     * are out already: those are written to {@code out} (flushed) before the refusal is thrown.
     */
    static void compileFilters(List<Trace> traces, List<ReportInput> inputs, int index, OutputStream out)
            throws FilterException, IOException {
        try {
            ReportWriter.filter(traces.get(index).selection(), inputs.get(index));
        } catch (FilterException e) {
            out.write(cpusLinesBefore(traces, inputs, index));
            out.flush();
            throw e;
        }
    }

    /** The {@code cpus=N} lines trace-cmd prints for the traces before {@code index} (none for one trace). */
    static byte[] cpusLinesBefore(List<Trace> traces, List<ReportInput> inputs, int index) {
        List<String> names = new ArrayList<>();
        for (Trace t : traces) {
            names.add(t.path());
        }
        byte[][] lines = ReportWriter.cpusLines(names, inputs);
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < index; i++) {
            b.writeBytes(lines[i]);
        }
        return b.toByteArray();
    }

    /** trace-cmd's lookup of a trace being opened, built on another thread once its kallsyms are read. */
    private static final class EarlyTable implements Consumer<ByteBuffer> {
        CompletableFuture<TraceCmdNamer> table;

        @Override
        public void accept(ByteBuffer kallsyms) {
            table = CompletableFuture.supplyAsync(() -> TraceCmdNamer.parse(kallsyms));
        }
    }

    /** Closes every trace; false when one could not be closed. */
    static boolean closeAll(List<DatFile> dats) {
        boolean ok = true;
        for (DatFile d : dats) {
            try {
                d.close();
            } catch (IOException e) {
                ok = false;
            }
        }
        return ok;
    }

    /**
     * {@code -T}: each filter as libtraceevent reads it, per event, to {@code out}, and nothing else; exit 0
     * as trace-cmd (2 when a filter is refused, after the lines of those before it).
     */
    public static int filterTest(ReportInput trace, RecordFilter.Options selection, OutputStream out, PrintStream err,
                                 String shown) {
        List<String> lines;
        FilterException refused = null;
        try {
            lines = RecordFilter.compile(selection, trace.formats()).shown();
        } catch (FilterException e) {
            lines = e.shownBefore();
            refused = e;
        }
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        try {
            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException e) {
            return outputFailed(e, err);
        }
        if (refused != null) {
            err.println("tracesym report: " + shown + ": " + refused.getMessage());
            return BAD_INPUT;
        }
        return OK;
    }

    private static Exception unwrap(Exception e) {
        return e instanceof CompletionException && e.getCause() instanceof Exception c ? c : e;
    }

    /** The trace facts the report writer needs, from an opened {@code .dat}. */
    public static ReportInput inputOf(DatFile dat) throws IOException {
        return inputOf(dat, UnaryOperator.identity());
    }

    /** {@link #inputOf(DatFile)} with every event format text of the event systems passed through {@code formatText} first. */
    public static ReportInput inputOf(DatFile dat, UnaryOperator<String> formatText) throws IOException {
        Map<String, List<String>> systems = new LinkedHashMap<>();
        for (EventSystem s : dat.eventSystems()) {
            List<String> texts = systems.computeIfAbsent(s.name(), k -> new ArrayList<>());
            for (String t : s.formats()) {
                texts.add(formatText.apply(t));
            }
        }
        EventFormats formats = EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
        PrintkFormats printk = PrintkFormats.parse(dat.printkFormats());
        List<String> names = new ArrayList<>();
        for (BufferInfo b : dat.buffers()) {
            names.add(b.name());
        }
        return new ReportInput(formats, printk, bytes(dat.cmdlines()), dat.cpuCount(), names, dat.timestampsInNs(),
                dat.usesTraceClock());
    }

    /** trace-cmd's lookup over the kallsyms stored in the file. */
    public static TraceCmdNamer namerOf(DatFile dat) {
        return TraceCmdNamer.parse(dat.kallsymsBuffer());
    }

    /**
     * {@link #namerOf(DatFile)} with the functions of a kallsyms text added first ({@code --kallsyms}; null for
     * none), as trace-cmd adds them.
     */
    public static TraceCmdNamer namerOf(DatFile dat, byte[] added) {
        return added == null ? namerOf(dat) : TraceCmdNamer.parse(dat.kallsymsBuffer(), added);
    }

    /**
     * The bytes of a {@code --kallsyms} file, decompressed when it is compressed, within the limits
     * every symbol file has ({@link InputFile#readAll}: a device or a bomb is refused); the
     * exception's message names it.
     */
    public static byte[] readKallsyms(Path file) throws IOException {
        try {
            InputFile.Content c = InputFile.readAll(file, "a kallsyms file (--kallsyms)");
            return c.length() == c.bytes().length ? c.bytes() : Arrays.copyOf(c.bytes(), c.length());
        } catch (InputException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file + ": no such kallsyms file (--kallsyms)");
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the kallsyms file (--kallsyms): " + e.getMessage(), e);
        }
    }

    /** {@code -w}'s summary after the report, when there is one; false when the output fails. */
    private static boolean summary(WakeupLatency wakeup, GuardedOutput out, PrintStream err) {
        if (wakeup == null || !wakeup.any()) {
            return true;
        }
        try {
            out.write(wakeup.summary());
            out.flush();
            return true;
        } catch (IOException e) {
            outputFailed(e, err);
            return false;
        }
    }

    /** The reader hands out metadata as text decoded from UTF-8; this gives the file's bytes back. */
    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** A message about the input shown as {@code shown} from {@code e}, naming the file once. */
    static String message(String shown, Exception e) {
        if (e instanceof InputException) {
            return e.getMessage(); // names the file and the place already
        }
        if (e instanceof FilterException) { // a refused filter (-F, -v): what the user wrote and why, as report says it
            return shown + ": " + e.getMessage();
        }
        String m = FailureText.of(e);
        return m.startsWith(shown) || m == FailureText.INTERNAL ? m : shown + ": " + m;
    }

    private static int outputFailed(IOException e, PrintStream err) {
        if (ExitCodes.closedPipe(e)) { // `| head` closing early is not worth a message
            return CLOSED_PIPE;
        }
        err.println("tracesym report: cannot write the report: " + e.getMessage());
        return OUTPUT_FAILED;
    }

    /** Remembers a failure of the output so it is not mistaken for bad input. */
    private static final class GuardedOutput extends FilterOutputStream {
        IOException failure;

        GuardedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /** {@code java -cp ... dev.tracesym.app.report.ReportCommand [-N] [-t] FILE}: the report on stdout. */
    public static void main(String[] args) {
        boolean n = false;
        boolean t = false;
        String file = null;
        for (String a : args) {
            switch (a) {
                case "-N" -> n = true;
                case "-t" -> t = true;
                case "-Nt", "-tN" -> {
                    n = true;
                    t = true;
                }
                default -> file = a;
            }
        }
        if (file == null) {
            System.err.println("usage: ReportCommand [-N] [-t] FILE.dat|-");
            System.exit(BAD_INPUT);
        }
        System.exit(run(file, n, t, new FileOutputStream(FileDescriptor.out), System.err));
    }
}
