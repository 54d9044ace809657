package dev.tracesym.app.report;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.Timing;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.filter.FilterException;
import dev.tracesym.formats.filter.PosixRegex;
import dev.tracesym.formats.filter.RecordFilter;
import dev.tracesym.formats.report.LineBuffer;
import dev.tracesym.formats.report.MetadataReport;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.report.ReportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The options of {@code trace-cmd report} 3.1.6 that print facts of the file instead of its events,
 * with trace-cmd's precedence among them: {@code -e}, {@code --events} / {@code --event},
 * {@code --check-events}, {@code -f}, {@code -P}, {@code -E} answer for the first input and stop; {@code --cpus} (with {@code --first-event},
 * {@code --last-event}) lists every input; otherwise {@code --version} beats {@code --uname}, which beats
 * {@code --stat}, each printed after every input's {@code cpus=N} line.
 */
public final class MetadataCommand {
    /** trace-cmd's exit code for {@code --check-events} when a format cannot be read (EINVAL). */
    public static final int FORMATS_UNREADABLE = 22;

    private MetadataCommand() {
    }

    /**
     * What to print.
     *
     * @param inputs       the {@code .dat} files in command-line order ({@code -} for standard input), each with
     *                     its timing ({@code --ts-offset} ...; its selection is not used)
     * @param formatTexts  {@code --events} (".*") or {@code --event REGEX}: the format texts it matches; null for none
     * @param nsTimestamps {@code -t} (for the times of {@code --first-event} / {@code --last-event})
     * @param kallsyms     {@code --kallsyms}: a file whose functions {@code -f} lists too; null for none
     * @param filterTest   {@code -T}: with {@code --stat}, {@code --uname}, {@code --version}, the filters of the first
     *                     input that has some instead of its lines (and of those after it)
     */
    public record Request(List<ReportCommand.Trace> inputs, boolean endianness, String formatTexts, boolean functions, boolean printk,
                          boolean events, boolean checkEvents, boolean cpus, boolean firstEvent, boolean lastEvent,
                          boolean stat, boolean uname, boolean version, boolean nsTimestamps, Path kallsyms,
                          boolean filterTest) {
        public Request {
            inputs = List.copyOf(inputs);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("no input");
            }
        }

        /** Whether any of these options is given: without one the events are reported. */
        public boolean any() {
            return endianness || formatTexts != null || functions || printk || events || checkEvents || cpus
                    || firstEvent || lastEvent || stat || uname || version;
        }
    }

    /**
     * Prints what {@code r} asks for to {@code out}; messages go to {@code err}.
     *
     * @return 0, {@link #FORMATS_UNREADABLE} for {@code --check-events} on a format libtraceevent cannot
     *         read, 1 when the output fails, 2 for an unusable input
     */
    public static int run(Request r, OutputStream out, PrintStream err) {
        return run(r, out, err, null);
    }

    /**
     * {@link #run(Request, OutputStream, PrintStream)} keeping in {@code exit} (when not null) trace-cmd
     * 3.1.6's exit status where the run is refused as trace-cmd refuses it.
     */
    public static int run(Request r, OutputStream out, PrintStream err, TraceCmdExit exit) {
        Objects.requireNonNull(r, "request");
        try {
            return print(r, out, err, exit);
        } catch (OutputFailure e) {
            return outputFailed(e, err);
        } catch (UnusableInput e) {
            err.println("tracesym report: " + e.getMessage());
            return ReportCommand.BAD_INPUT;
        }
    }

    private static int outputFailed(OutputFailure e, PrintStream err) {
        String m = String.valueOf(e.getCause().getMessage());
        if (!m.contains("Broken pipe")) {
            err.println("tracesym report: cannot write the output: " + m);
        }
        return ReportCommand.OUTPUT_FAILED;
    }

    private static int print(Request r, OutputStream out, PrintStream err, TraceCmdExit exit)
            throws OutputFailure, UnusableInput {
        boolean cpus = r.cpus() || r.firstEvent() || r.lastEvent();
        boolean several = r.inputs().size() > 1;
        if (r.endianness() || r.formatTexts() != null || r.checkEvents() || r.functions() || r.printk() || r.events()) {
            ReportCommand.Trace trace = r.inputs().get(0);
            String in = trace.path();
            try (DatFile dat = open(r.inputs(), 0, exit)) {
                if (r.endianness()) {
                    write(out, MetadataReport.endianness(dat.bigEndian()));
                } else if (r.formatTexts() != null) {
                    try {
                        write(out, MetadataReport.formatTexts(dat, r.formatTexts()));
                    } catch (PosixRegex.Invalid | IllegalArgumentException e) {
                        throw new UnusableInput("--event " + r.formatTexts() + ": not a regular expression: "
                                + e.getMessage());
                    }
                } else if (r.checkEvents()) {
                    return formats(dat, in).warnings().isEmpty() ? ReportCommand.OK : FORMATS_UNREADABLE;
                } else if (r.functions()) {
                    byte[] added = r.kallsyms() == null ? null : ReportCommand.readKallsyms(r.kallsyms());
                    write(out, TraceCmdNamer.functionList(dat.kallsymsBytes(), added));
                } else if (r.printk()) {
                    write(out, MetadataReport.printk(dat.printkFormats()));
                } else {
                    write(out, MetadataReport.events(formats(dat, in)));
                }
            } catch (IOException e) {
                throw new UnusableInput(message(in, e));
            }
            return flushed(out);
        }
        if (!cpus) {
            openEvery(r.inputs(), exit);
        }
        int width = 0;
        for (ReportCommand.Trace t : r.inputs()) {
            width = Math.max(width, baseName(t.path()).length());
        }
        for (int i = 0; i < r.inputs().size(); i++) {
            String in = r.inputs().get(i).path();
            try (DatFile dat = open(r.inputs(), i, exit)) {
                if (cpus) {
                    write(out, MetadataReport.cpus(in, dat.cpuRecords(r.lastEvent()), r.firstEvent(), r.lastEvent(),
                            dat.timestampsInNs(), r.nsTimestamps()));
                    continue;
                }
                // trace-cmd compiles each file's filters just before its cpus= line: a refusal follows the files before
                refuseUnusableFilters(r.inputs(), i, dat, exit);
                if (r.filterTest() && !r.inputs().get(i).selection().all()) {
                    ReportInput input = ReportCommand.inputOf(dat);
                    RecordFilter.Options sel = ReportWriter.resolved(r.inputs().get(i).selection(), input);
                    if (!sel.filters().isEmpty()) { // -T: these filters, then trace-cmd stops
                        return ReportCommand.filterTest(input, sel, out, err, shown(in));
                    }
                }
                LineBuffer head = new LineBuffer(64);
                if (several) { // trace-cmd names each file when it reads several
                    String base = baseName(in);
                    head.spaces(width - base.length());
                    head.append(base.getBytes(StandardCharsets.UTF_8));
                    head.append(": ");
                }
                head.append("cpus=");
                head.appendSigned(dat.cpuCount());
                head.append((byte) '\n');
                write(out, head.toBytes());
                if (r.version()) {
                    write(out, MetadataReport.version(dat));
                } else if (r.uname()) {
                    write(out, MetadataReport.uname(dat));
                } else {
                    write(out, MetadataReport.stat(dat));
                }
            } catch (IOException e) {
                throw new UnusableInput(message(in, e));
            }
        }
        return flushed(out);
    }

    /**
     * trace-cmd opens and parses every input before it prints anything for {@code --stat}, {@code --uname}
     * and {@code --version} or compiles a filter: an input it cannot use is refused before any output.
     */
    private static void openEvery(List<ReportCommand.Trace> inputs, TraceCmdExit exit) throws UnusableInput {
        if (inputs.size() > 1 || !inputs.get(0).selection().all()) {
            for (int i = 0; i < inputs.size(); i++) {
                try (DatFile dat = open(inputs, i, exit)) {
                    dat.cpuCount();
                } catch (IOException e) {
                    throw new UnusableInput(message(inputs.get(i).path(), e));
                }
            }
        }
    }

    /**
     * The filters of input {@code index} ({@code dat}), compiled as trace-cmd compiles them before that input's
     * {@code cpus=N} line (not before the other metadata views); refused as trace-cmd refuses them.
     */
    private static void refuseUnusableFilters(List<ReportCommand.Trace> inputs, int index, DatFile dat, TraceCmdExit exit)
            throws UnusableInput {
        ReportCommand.Trace t = inputs.get(index);
        if (t.selection().all()) {
            return;
        }
        try {
            ReportWriter.filter(t.selection(), ReportCommand.inputOf(dat));
        } catch (FilterException e) {
            if (exit != null) {
                exit.refuseFilterOf(inputs, inputs.get(0).selection().comms());
            }
            throw new UnusableInput(message(t.path(), e));
        } catch (IOException | RuntimeException e) {
            throw new UnusableInput(message(t.path(), e));
        }
    }

    /**
     * {@code -p}: the page size of the first input's file header and of this machine, as trace-cmd prints
     * them ({@code file page size is N, and host page size is M}).
     */
    public static int pageSize(String input, OutputStream out, PrintStream err) {
        return pageSize(input, out, err, null);
    }

    /** {@link #pageSize(String, OutputStream, PrintStream)} keeping trace-cmd's status of a refusal in {@code exit}. */
    public static int pageSize(String input, OutputStream out, PrintStream err, TraceCmdExit exit) {
        try (DatFile dat = open(List.of(new ReportCommand.Trace(input, Timing.DEFAULT, RecordFilter.Options.ALL)), 0, exit)) {
            write(out, ("file page size is " + dat.pageSize() + ", and host page size is " + hostPageSize() + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return flushed(out);
        } catch (OutputFailure e) {
            return outputFailed(e, err);
        } catch (UnusableInput e) {
            err.println("tracesym report: " + e.getMessage());
            return ReportCommand.BAD_INPUT;
        } catch (IOException e) { // closing the input
            err.println("tracesym report: " + message(input, e));
            return ReportCommand.BAD_INPUT;
        }
    }

    /** This machine's memory page size ({@code getpagesize()}). */
    private static int hostPageSize() {
        try {
            java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            return (int) unsafe.getClass().getMethod("pageSize").invoke(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 4096; // every Linux machine tracesym runs on but a few arm64 and ppc64 ones
        }
    }

    private static EventFormats formats(DatFile dat, String in) throws IOException {
        return ReportCommand.inputOf(dat).formats();
    }

    /**
     * Opens input {@code index} ({@code -} standard input) with its timing, keeping in {@code exit} (when not
     * null) trace-cmd's status where it refuses to open it too; an input that cannot be used says which and why.
     */
    static DatFile open(List<ReportCommand.Trace> inputs, int index, TraceCmdExit exit) throws UnusableInput {
        ReportCommand.Trace trace = inputs.get(index);
        String in = trace.path();
        try {
            return "-".equals(in) ? DatFile.open(System.in, "<stdin>", trace.timing())
                    : DatFile.open(Path.of(in), trace.timing());
        } catch (NoSuchFileException e) {
            if (exit != null) {
                exit.refuseOpening(e, inputs, index);
            }
            throw new UnusableInput(shown(in) + ": no such file");
        } catch (IOException | RuntimeException e) {
            if (exit != null) {
                exit.refuseOpening(e, inputs, index);
            }
            throw new UnusableInput(message(in, e));
        }
    }

    /** Opens a trace ({@code -} standard input) with its timing; an input that cannot be used says which and why. */
    static DatFile open(ReportCommand.Trace trace) throws UnusableInput {
        return open(List.of(trace), 0, null);
    }

    private static String baseName(String in) {
        return in.substring(in.lastIndexOf('/') + 1);
    }

    private static String shown(String in) {
        return "-".equals(in) ? "<stdin>" : in;
    }

    /** A message about {@code in} from {@code e}, naming the file once. */
    static String message(String in, Exception e) {
        return ReportCommand.message(shown(in), e);
    }

    private static void write(OutputStream out, byte[] bytes) throws OutputFailure {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new OutputFailure(e);
        }
    }

    private static int flushed(OutputStream out) throws OutputFailure {
        try {
            out.flush();
        } catch (IOException e) {
            throw new OutputFailure(e);
        }
        return ReportCommand.OK;
    }

    /** The output failed (told apart from an input failure). */
    private static final class OutputFailure extends Exception {
        private static final long serialVersionUID = 1L;

        OutputFailure(IOException cause) {
            super(cause);
        }
    }

    /** An input that cannot be opened or read; the message says which and why. */
    static final class UnusableInput extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableInput(String message) {
            super(message);
        }
    }
}
