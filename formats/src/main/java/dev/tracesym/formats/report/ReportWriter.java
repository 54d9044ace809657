package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.filter.PosixRegex;
import dev.tracesym.formats.filter.FilterException;
import dev.tracesym.formats.filter.FilterNames;
import dev.tracesym.formats.filter.RecordFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Writes the text of {@code trace-cmd report} (3.1.6, libtraceevent 1.7.1 plugins): the {@code cpus=N}
 * header, then one line per record with comm-pid, [cpu], timestamp, event name and info, the
 * {@code name: } prefix of buffer instances and the {@code CPU:n [EVENTS DROPPED]} lines. With plugins
 * (the default) the info of function, function_graph, kernel_stack, sched_switch/wakeup, kmem and hrtimer
 * events is what trace-cmd's built-in handlers and the plugins print; everything else, and everything
 * with {@code noPlugins} (-N), is the event's print fmt rendered by {@link EventPrinter}.
 *
 * <p>The calling thread reads the records and decides everything that depends on their order (comm
 * table, function indent, function_graph look-ahead, the namer); the lines of function events are left
 * as pieces that a worker thread assembles and writes, batch after batch in order ({@link RenderBatch},
 * {@link BatchPipeline}); all other lines are rendered on the calling thread. The plain path allocates
 * nothing per record.
 */
public final class ReportWriter {
    /** Bytes the render thread writes itself before it hands a batch on. */
    private static final int FLUSH_AT = 1 << 18;
    private static final int BATCH_RECORDS = 4096;
    /**
     * The first batch is handed on after this many records: the first lines reach a pipe ({@code | head},
     * {@code | less}) without waiting for a whole batch to be planned and rendered.
     */
    private static final int FIRST_BATCH_RECORDS = 64;

    /** What tep_print_event prints for each part of a record whose event id the trace does not define. */
    private static final byte[] UNKNOWN = "[UNKNOWN EVENT]".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] UNKNOWN_NAME = (" (NULL): " + " ".repeat(20 - 6)).getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEAD_CACHE = 4096;

    private final boolean nsTimestamps;
    private final OutputStream out;
    private final LineBuffer line = new LineBuffer(FLUSH_AT + (1 << 16));
    private final byte[][] bufferPrefix;
    /** -l, --ts-diff, -R (raw flags in the latency columns). */
    private final boolean latency, tsDiff, raw;
    /** --ts-diff: the last record's time, 0 before the first (trace-cmd's static last_ts). */
    private long lastDiffTs;
    private Consumer<String> warnings = w -> { };
    /** --ts-check: the time of the last record printed. */
    private long lastCheckTs;
    private final boolean tsCheck;
    private Lookahead events;
    private LineTail tail;

    /**
     * Adds to the line of a record after its info text, before the newline (what trace-cmd's {@code -w}
     * does). Called on the planning thread for every record, in order, except function events, whose
     * lines are assembled elsewhere.
     */
    public interface LineTail {
        /** Appends whatever belongs after {@code e}'s info to {@code line} (nothing, mostly). */
        void append(RawEvent e, LineBuffer line);
    }

    /** Sets what is added after each record's info; null (the default) for nothing. */
    public void tail(LineTail tail) {
        this.tail = tail;
    }

    /** The traces of the report (several with -i A -i B) and the trace of each (global) buffer number. */
    private final Trace[] traces;
    private final int[] traceOfBuffer;
    /** The "cpus=N" line of each trace, with its file prefix when there are several. */
    private final byte[][] cpusLines;

    // the trace of the record at hand (taken from traces[...] when a record of another trace comes)
    private Trace current;
    private ReportInput input;
    private EventPrinter printer;
    /**
     * A printer of print fmts per assembling thread, when the report has one trace whose names do not
     * depend on the order of its records and no view adds to a line after its info; else null, and
     * every line is written here.
     */
    private Supplier<EventPrinter> printers;
    /** Print fmts are rendered on the assembling threads ({@link RenderBatch#GENERIC}) during {@link #write}. */
    private boolean deferGeneric;
    /**
     * Those whose text depends on the records before too ({@link EventPrinter#stateless}): with one
     * assembling thread every record of theirs still reaches one printer, in order.
     */
    private boolean deferStateful;
    private CommTable comms;
    private EventKinds kinds;
    private PluginPrinter plugins;
    /** Which records are printed; null: all. */
    private RecordFilter selection;
    private FilterNames filterNames;
    /** The fields the latency columns read (libtraceevent reads them where the first event format has them). */
    private FieldFormat flagsField, preemptField, lockDepthField, migrateField;

    // caches of the line head: comm-pid [cpu] per pid and CPU (per trace), the seconds of the last timestamp
    private int[] headPid;
    private int[] headCpu;
    private byte[][] headBytes;
    private long lastSeconds = -1;
    private byte[] lastSecondsBytes;

    /**
     * One trace of a report: what {@link ReportWriter} needs to print its records.
     *
     * @param name      the file name shown before each line when a report has several traces
     * @param input     the trace's formats, printk formats, cmdlines, CPU count, buffers and clock
     * @param namer     names every kernel address that is printed (and that a filter compares by name)
     * @param selection which of its records are printed (trace-cmd's filters belong to a file)
     */
    public record Source(String name, ReportInput input, ReportNamer namer, RecordFilter.Options selection) {
    }

    /** Everything that belongs to one trace; the writer switches to it when one of its records comes. */
    private static final class Trace {
        ReportInput input;
        EventPrinter printer;
        CommTable comms;
        EventKinds kinds;
        PluginPrinter plugins;
        RecordFilter selection;
        FilterNames filterNames;
        FieldFormat flagsField, preemptField, lockDepthField, migrateField;
        final int[] headPid = new int[HEAD_CACHE];
        final int[] headCpu = new int[HEAD_CACHE];
        final byte[][] headBytes = new byte[HEAD_CACHE][];
        int headVersion = -1;
    }

    /**
     * @param input        the trace's formats, printk formats, cmdlines, CPU count, buffers and clock
     * @param namer        names every kernel address that is printed
     * @param noPlugins    trace-cmd's {@code -N}: no plugins, no function/function_graph handlers
     * @param nsTimestamps trace-cmd's {@code -t}: timestamps with nanoseconds
     * @param out          where the bytes go; written in large blocks (from a worker thread), flushed at the end
     */
    public ReportWriter(ReportInput input, ReportNamer namer, boolean noPlugins, boolean nsTimestamps,
                        OutputStream out) {
        this(input, namer, viewWithoutFilters(noPlugins, nsTimestamps), out);
    }

    private static ReportView viewWithoutFilters(boolean noPlugins, boolean nsTimestamps) {
        return ReportView.of(noPlugins, nsTimestamps);
    }

    /**
     * @param input the trace's formats, printk formats, cmdlines, CPU count, buffers and clock
     * @param namer names every kernel address that is printed (and that a filter compares by name)
     * @param view  trace-cmd report's options: which records, and how
     * @param out   where the bytes go; written in large blocks (from a worker thread), flushed at the end
     * @throws IllegalArgumentException when a filter of the view cannot be used for this trace (its
     *                                  {@link FilterException} is the cause); see {@link #filter}
     */
    public ReportWriter(ReportInput input, ReportNamer namer, ReportView view, OutputStream out) {
        this(List.of(new Source("", input, namer, view.selection())), view, out);
    }

    /**
     * The report of several traces ({@code trace-cmd report -i A -i B}), merged by time by the source
     * (records carry global buffer numbers: trace {@code i}'s top-level buffer is {@code i}, the instances
     * follow in trace order, see {@code TraceMerge}); every line starts with its file's or instance's name.
     *
     * @param view its selection is unused: each source has its own
     * @throws IllegalArgumentException when a filter cannot be used for its trace
     */
    public ReportWriter(List<Source> sources, ReportView view, OutputStream out) {
        this.nsTimestamps = view.nsTimestamps();
        this.out = out;
        this.latency = view.latency();
        this.tsDiff = view.tsDiff();
        this.raw = view.raw();
        this.tsCheck = view.tsCheck();
        // the function plugin's options and indent are libtraceevent globals: one for all traces
        PluginOptions options = PluginOptions.resolve(view.pluginOptions(), sources.size());
        FunctionIndent indent = new FunctionIndent();
        Pattern[] rawEvents = patterns(view.rawEvents(), "-r");
        Pattern[] noHandler = patterns(view.noHandlerEvents(), "-n");
        boolean sameClock = sources.stream().allMatch(s -> s.input().microseconds() == sources.get(0).input().microseconds());
        boolean assemble = !latency && !tsDiff && !options.functionChanged() && sameClock;
        this.traces = new Trace[sources.size()];
        for (int i = 0; i < traces.length; i++) {
            Source src = sources.get(i);
            Trace t = new Trace();
            ReportInput in = src.input();
            EventFormats formats = in.formats();
            t.input = in;
            // -N loads no plugin: print fmts calling a plugin's helper functions fail as in trace-cmd
            t.printer = new EventPrinter(formats, in.printk(), src.namer(), !view.noPlugins());
            t.comms = CommTable.parseSavedCmdlines(in.savedCmdlines());
            t.kinds = new EventKinds(formats, view.noPlugins(), view.raw(), rawEvents, noHandler, assemble);
            List<EventFormat> all = formats.all();
            EventFormat first = all.isEmpty() ? null : all.get(0);
            t.flagsField = first == null ? null : EventKinds.common(first, "common_flags");
            t.preemptField = first == null ? null : EventKinds.common(first, "common_preempt_count");
            t.lockDepthField = first == null ? null : EventKinds.common(first, "common_lock_depth");
            t.migrateField = first == null ? null : EventKinds.common(first, "common_migrate_disable");
            t.plugins = new PluginPrinter(line, src.namer(), t.comms, t.kinds, formats.longSize(), in.microseconds(),
                    nsTimestamps, options, indent);
            try {
                t.selection = filter(src.selection().withPidFilter(pidsOf(t.comms)), formats);
            } catch (FilterException e) {
                throw new IllegalArgumentException((traces.length > 1 ? src.name() + ": " : "") + e.getMessage(), e);
            }
            t.filterNames = new ReportFilterNames(t.comms, src.namer());
            traces[i] = t;
        }
        if (sources.size() == 1 && assemble && sources.get(0).namer().forAnotherThread() != null) {
            Source src = sources.get(0);
            boolean helpers = !view.noPlugins();
            this.printers = () -> new EventPrinter(src.input().formats(), src.input().printk(),
                    src.namer().forAnotherThread(), helpers);
        }
        int buffers = 0;
        for (Source src : sources) {
            buffers += src.input().bufferNames().size();
        }
        this.traceOfBuffer = new int[buffers];
        int next = sources.size();
        for (int i = 0; i < sources.size(); i++) {
            traceOfBuffer[i] = i;
            for (int b = 1; b < sources.get(i).input().bufferNames().size(); b++) {
                traceOfBuffer[next++] = i;
            }
        }
        List<String> files = new ArrayList<>();
        List<ReportInput> inputs = new ArrayList<>();
        for (Source src : sources) {
            files.add(src.name());
            inputs.add(src.input());
        }
        this.cpusLines = cpusLines(files, inputs);
        if (sources.size() == 1) {
            this.bufferPrefix = prefixes(sources.get(0).input().bufferNames());
        } else {
            List<String> names = new ArrayList<>();
            for (Source src : sources) {
                names.add(base(src.name()));
            }
            for (Source src : sources) {
                List<String> instances = src.input().bufferNames();
                for (int b = 1; b < instances.size(); b++) {
                    names.add(base(instances.get(b)));
                }
            }
            int w = width(names);
            this.bufferPrefix = new byte[names.size()][];
            for (int g = 0; g < names.size(); g++) {
                bufferPrefix[g] = prefix(names.get(g), w);
            }
        }
        use(traces[0]);
    }

    /** Makes {@code t} the trace of the records that follow. */
    private void use(Trace t) {
        current = t;
        input = t.input;
        printer = t.printer;
        comms = t.comms;
        kinds = t.kinds;
        plugins = t.plugins;
        selection = t.selection;
        filterNames = t.filterNames;
        flagsField = t.flagsField;
        preemptField = t.preemptField;
        lockDepthField = t.lockDepthField;
        migrateField = t.migrateField;
        headPid = t.headPid;
        headCpu = t.headCpu;
        headBytes = t.headBytes;
    }

    private static String base(String name) {
        String n = name == null ? "" : name;
        return n.substring(n.lastIndexOf('/') + 1);
    }

    private static int width(List<String> names) {
        int w = 0;
        for (String n : names) {
            w = Math.max(w, n.length());
        }
        return w;
    }

    /** trace-cmd's print_handle_file: {@code %*s: } of the name, or blanks and two spaces for none. */
    private static byte[] prefix(String name, int width) {
        StringBuilder sb = new StringBuilder();
        for (int k = name.length(); k < width; k++) {
            sb.append(' ');
        }
        sb.append(name).append(name.isEmpty() ? "  " : ": ");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The {@code cpus=N} line of each trace as trace-cmd prints them before the records: one trace's alone,
     * several traces' each after its file's base name ({@code files}, as given), in a column as wide as the
     * longest name trace-cmd knows when it prints the line (every file's, and the instances of the files
     * before it).
     */
    public static byte[][] cpusLines(List<String> files, List<ReportInput> inputs) {
        if (files.size() == 1) {
            return new byte[][] {cpusLine("", -1, inputs.get(0).cpus())};
        }
        List<String> names = new ArrayList<>();
        for (String f : files) {
            names.add(base(f));
        }
        int fileWidth = width(names);
        byte[][] lines = new byte[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            // trace-cmd widens the name column as it meets instances: this line knows those before it
            lines[i] = cpusLine(names.get(i), Math.max(fileWidth, width(names.subList(files.size(), names.size()))),
                    inputs.get(i).cpus());
            List<String> instances = inputs.get(i).bufferNames();
            for (int b = 1; b < instances.size(); b++) {
                names.add(base(instances.get(b)));
            }
        }
        return lines;
    }

    /** {@code cpus=N}, after the file's name in a report of several files ({@code width} < 0: one file). */
    private static byte[] cpusLine(String name, int width, int cpus) {
        String head = width < 0 ? "" : new String(prefix(name, width), StandardCharsets.ISO_8859_1);
        return (head + "cpus=" + cpus + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** trace-cmd's {@code -r}/{@code -n} event names: each a regular expression matched whole, case-insensitively. */
    private static Pattern[] patterns(List<String> names, String option) {
        Pattern[] p = new Pattern[names.size()];
        for (int i = 0; i < p.length; i++) {
            try {
                p[i] = PosixRegex.compile("^" + names.get(i) + "$");
            } catch (PosixRegex.Invalid e) {
                throw new IllegalArgumentException(option + " " + names.get(i) + ": not a valid event name pattern ("
                        + e.getMessage() + ")");
            }
        }
        return p;
    }

    /** Where {@code --ts-check} warnings go (one line each, without a newline). */
    public void onWarning(Consumer<String> sink) {
        this.warnings = sink;
    }

    /** {@code --comm}: the pids of a task name in a comm table. */
    private static java.util.function.Function<String, int[]> pidsOf(CommTable comms) {
        return comm -> comms.pidsOf(comm.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The records {@code selection} shows of a trace, or null when it shows all; {@code --comm} names
     * the tasks of the trace's saved comms.
     */
    public static RecordFilter filter(RecordFilter.Options selection, ReportInput input) throws FilterException {
        return filter(resolved(selection, input), input.formats());
    }

    /** {@code selection} with its {@code --pid} and {@code --comm} made into trace-cmd's filter for this trace. */
    public static RecordFilter.Options resolved(RecordFilter.Options selection, ReportInput input) {
        return selection.withPidFilter(pidsOf(CommTable.parseSavedCmdlines(input.savedCmdlines())));
    }

    /** The records {@code selection} shows of a trace with these formats, or null when it shows all. */
    public static RecordFilter filter(RecordFilter.Options selection, EventFormats formats) throws FilterException {
        return selection.all() ? null : RecordFilter.compile(selection, formats);
    }

    /** trace-cmd's per-handle prefix: only when the file has instances; width of the longest name. */
    private static byte[][] prefixes(List<String> names) {
        if (names.size() <= 1) {
            return null;
        }
        int width = 0;
        String[] base = new String[names.size()];
        for (int i = 1; i < names.size(); i++) {
            String n = names.get(i) == null ? "" : names.get(i);
            base[i] = n.substring(n.lastIndexOf('/') + 1);
            width = Math.max(width, base[i].length());
        }
        byte[][] prefix = new byte[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            StringBuilder sb = new StringBuilder();
            String shown = i == 0 ? "" : base[i];
            for (int k = shown.length(); k < width; k++) {
                sb.append(' ');
            }
            sb.append(shown).append(i == 0 || shown.isEmpty() ? "  " : ": ");
            prefix[i] = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        return prefix;
    }

    /**
     * Threads that assemble the lines besides the one that plans them (0: all on the caller's thread),
     * and records per batch. By default one per further core, at most two: the reading of the trace and
     * the writing of the output want cores too.
     */
    void threads(int workers, int batchRecords) {
        this.workers = workers;
        this.batchRecords = batchRecords;
    }

    private int workers = defaultWorkers();
    private int batchRecords = BATCH_RECORDS;
    private RenderBatch batch;
    /** Until the first batch is handed on (see {@link #FIRST_BATCH_RECORDS}). */
    private boolean firstBatch;

    /** {@code -Dtracesym.report.workers=N} overrides the default (for measurements). */
    private static int defaultWorkers() {
        Integer n = Integer.getInteger("tracesym.report.workers");
        return n != null ? Math.max(0, n) : Math.min(2, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Writes the whole report of {@code source} and flushes {@code out}. */
    public void write(EventSource source) throws IOException {
        events = new Lookahead(source);
        deferGeneric = workers > 0 && printers != null && tail == null;
        deferStateful = deferGeneric && workers == 1;
        try (BatchPipeline pipeline = new BatchPipeline(out, workers, batchRecords, input.microseconds(), nsTimestamps,
                deferGeneric ? printers : null)) {
            batch = pipeline.take();
            firstBatch = true;
            for (byte[] cpus : cpusLines) {
                line.append(cpus);
            }
            // the cpus= lines on their own at once: a reader (| head -1) need not wait for the records
            // (nor for a symbol table that the first of them waits for), flushed through a buffered output
            line.swap(batch.raw);
            batch.flush = true;
            pipeline.submit(batch);
            batch = pipeline.take();
            try {
                while (planSome(64)) {
                    if (handOn()) {
                        batch.flush = firstBatch; // the first lines too: the next write may be a whole batch away
                        firstBatch = false;
                        line.swap(batch.raw);
                        pipeline.submit(batch);
                        batch = pipeline.take();
                    }
                }
            } catch (OutputFailure outputFailure) {
                throw outputFailure;
            } catch (IOException inputFailure) {
                // the records before a broken part of the input are printed, as trace-cmd does
                try {
                    line.swap(batch.raw);
                    pipeline.finish(batch);
                } catch (IOException outputFailure) {
                    inputFailure.addSuppressed(outputFailure);
                }
                throw inputFailure;
            }
            line.swap(batch.raw);
            pipeline.finish(batch);
        } finally {
            line.setLength(0);
            batch = null;
        }
    }

    /** The current batch is to be handed on: full, or the first one with its first lines. */
    private boolean handOn() {
        return batch.full() || line.length() >= FLUSH_AT || firstBatch && batch.count >= FIRST_BATCH_RECORDS;
    }

    /**
     * Plans up to {@code n} records into the current batch, stopping early when it is full; false at the
     * end of the records. Short and called often, so it is compiled as soon as the records flow: one
     * long loop would run interpreted until on-stack replacement, ~50 ms into a big report.
     */
    private boolean planSome(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (handOn()) {
                return true;
            }
            RawEvent e = events.next();
            if (e == null) {
                return false;
            }
            if (traces.length > 1) {
                Trace t = traces[e.buffer >= 0 && e.buffer < traceOfBuffer.length ? traceOfBuffer[e.buffer] : 0];
                if (t != current) {
                    use(t);
                }
            }
            if (selection != null && !selection.accept(e, filterNames)) {
                continue;
            }
            if (tsCheck) {
                checkTime(e);
            }
            writeRecord(e);
        }
        return true;
    }

    /** --ts-check: trace-cmd's warning when a record is older than the one printed before it. */
    private void checkTime(RawEvent e) {
        if (Long.compareUnsigned(lastCheckTs, e.ts) > 0) {
            warnings.accept("Record on cpu " + e.cpu + " went backwards: " + lastCheckTs + " to " + e.ts + " delta: -"
                    + (lastCheckTs - e.ts));
        }
        lastCheckTs = e.ts;
    }

    /** An output failure passing through the input-failure handler unchanged. */
    static final class OutputFailure extends IOException {
        private static final long serialVersionUID = 1L;

        OutputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    // ---------------------------------------------------------------- one record

    private void writeRecord(RawEvent e) throws IOException {
        if (bufferPrefix != null) {
            int b = e.buffer;
            line.append(b >= 0 && b < bufferPrefix.length ? bufferPrefix[b] : bufferPrefix[0]);
        }
        int start = line.length();
        if (e.missedBefore != 0) {
            droppedLine(e);
        }
        EventKinds.Kind k = kinds.kindOf(e);
        if (k != null && k.assembled != RenderBatch.RAW) { // the common lines: assembled later, maybe elsewhere
            planLine(e, k);
            return;
        }
        if (deferGeneric && k != null && deferred(e, k)) {
            return;
        }
        boolean mayHoldNul;
        infoNul = -1;
        // a function_graph entry reads ahead into the storage e may share: the tail needs the record itself
        RawEvent tailed = tail != null && events != null ? events.stable(e) : e;
        if (k == null) { // tep_print_event prints this for each part of the line
            line.append(UNKNOWN);
            if (latency) {
                if (raw) {
                    rawFlags(e);
                } else {
                    line.append(UNKNOWN);
                }
            }
            line.append(UNKNOWN);
            if (tsDiff) {
                appendTsDiff(e.ts);
            }
            line.append(UNKNOWN_NAME);
            line.append(UNKNOWN);
            mayHoldNul = false;
        } else {
            int pid = (int) k.read(e, k.pid);
            if (latency) {
                line.append(latencyHead(pid, e.cpu));
                if (raw) {
                    rawFlags(e);
                } else {
                    latencyColumns(e);
                }
                if (input.microseconds()) {
                    line.append((byte) ' ');
                }
            } else {
                line.append(head(pid, e.cpu));
            }
            appendTime(e.ts);
            if (tsDiff) { // after the time's colon, before the name
                line.append((byte) ':');
                appendTsDiff(e.ts);
                line.append(k.nameColumn, 1, k.nameColumn.length - 1);
            } else {
                line.append(k.nameColumn);
            }
            mayHoldNul = writeInfo(e, k);
        }
        int end = line.length();
        if (end > start && line.byteAt(end - 1) == '\n') {
            line.setLength(--end);
        }
        // trace-cmd prints the line with %.*s: it stops at a NUL
        int nul = mayHoldNul ? line.indexOfNul(start) : infoNul;
        if (nul >= 0 && nul < end) {
            line.setLength(nul);
        }
        if (tail != null) {
            tail.append(tailed, line);
        }
        line.append((byte) '\n');
        batch.rawRecord(line.length());
    }

    /** A function record: its line is assembled later from the pieces decided here, in record order. */
    private void planLine(RawEvent e, EventKinds.Kind k) {
        byte[] d = e.data;
        int o = e.offset;
        int pid;
        long ip;
        long parentIp;
        if (k.plainEnd > 0 && o + k.plainEnd <= d.length) { // the usual layout: no size switch, one bounds check
            pid = EventKinds.le32(d, o + k.pid.offset);
            ip = EventKinds.le64(d, o + k.f1.offset);
            parentIp = EventKinds.le64(d, o + k.f2.offset);
        } else {
            pid = (int) k.read(e, k.pid);
            ip = k.read(e, k.f1);
            parentIp = k.read(e, k.f2);
        }
        RenderBatch b = batch; // RenderBatch.lineRecord by hand: this runs for millions of records
        int r = b.count++;
        b.rawEnd[r] = line.length();
        b.op[r] = k.assembled;
        b.head[r] = head(pid, e.cpu);
        b.ts[r] = e.ts;
        b.nameColumn[r] = k.nameColumn;
        plugins.plan(e, k, ip, parentIp, b, r);
    }

    /**
     * Plans the line of a record whose info is its print fmt (after plugin_kmem's call site for the kmem
     * events) for an assembling thread; false when it is written here.
     */
    private boolean deferred(RawEvent e, EventKinds.Kind k) {
        if (k.kind == EventKinds.GENERIC) {
            if (!deferStateful && !k.stateless(printer)) {
                return false;
            }
            planGeneric(e, k, RenderBatch.GENERIC);
            return true;
        }
        if (k.kind == EventKinds.KMEM && k.f1 != null && EventKinds.readable(k.f1)
                && (deferStateful || k.stateless(printer))) {
            planGeneric(e, k, RenderBatch.CALL_SITE_GENERIC);
            batch.addr1[batch.count - 1] = k.read(e, k.f1);
            return true;
        }
        return false;
    }

    /** A record whose info is its print fmt: a copy of it, rendered by an assembling thread. */
    private void planGeneric(RawEvent e, EventKinds.Kind k, byte op) {
        RenderBatch b = batch;
        int r = b.count++;
        b.rawEnd[r] = line.length();
        b.op[r] = op;
        b.head[r] = head((int) k.read(e, k.pid), e.cpu);
        b.ts[r] = e.ts;
        b.nameColumn[r] = k.nameColumn;
        b.format[r] = k.format;
        // a record shorter than its format's fields: the bytes the reader holds after it come along
        int follow = e.heldEnd() - e.offset;
        b.copyPayload(r, e.data, e.offset, e.length, Math.max(e.length, Math.min(k.fieldsEnd, follow)));
    }

    /** {@code CPU:n [m EVENTS DROPPED]}, or without the count when the ring buffer did not store it. */
    private void droppedLine(RawEvent e) {
        line.append("CPU:");
        line.appendSigned(e.cpu);
        if (e.missedBefore > 0) {
            line.append(" [");
            line.appendSigned(e.missedBefore);
            line.append(" EVENTS DROPPED]\n");
        } else {
            line.append(" [EVENTS DROPPED]\n");
        }
    }

    /**
     * {@code %16s-%-5d [%03d]} of comm, pid and CPU, and the blank that starts the microsecond time
     * format; cached per pid and CPU while the comm table stays the same.
     */
    private byte[] head(int pid, int cpu) {
        if (current.headVersion != comms.version()) {
            java.util.Arrays.fill(headBytes, null);
            current.headVersion = comms.version();
        }
        int slot = (pid * 8 + cpu) & (HEAD_CACHE - 1);
        byte[] h = headBytes[slot];
        if (h != null && headPid[slot] == pid && headCpu[slot] == cpu) {
            return h;
        }
        return newHead(pid, cpu, slot);
    }

    /** Kept out of {@link #head} so the compiled hot path stays small. */
    private byte[] newHead(int pid, int cpu, int slot) {
        LineBuffer b = new LineBuffer(48);
        byte[] comm = comms.find(pid);
        b.spaces(16 - comm.length);
        b.append(comm);
        b.append((byte) '-');
        b.appendSignedLeft(pid, 5);
        b.append(" [");
        b.appendZeroPadded(cpu, 3);
        b.append((byte) ']');
        if (input.microseconds()) {
            b.append((byte) ' ');
        }
        byte[] h = b.toBytes();
        current.headVersion = comms.version(); // the lookup may have sorted the table
        headPid[slot] = pid;
        headCpu[slot] = cpu;
        headBytes[slot] = h;
        return h;
    }

    /**
     * The time column of a record line as libtraceevent prints it: {@code %5llu.%06llu} of the rounded
     * microseconds, with -t {@code %5llu.%09llu} of the ns; a plain {@code %12llu} for clocks that do not
     * count ns. The seconds part is cached.
     */
    private void appendTime(long ts) {
        if (!input.microseconds()) {
            line.appendUnsigned(ts, 12, (byte) ' ');
            return;
        }
        long seconds;
        int fraction;
        if (nsTimestamps) {
            seconds = Long.divideUnsigned(ts, 1_000_000_000L);
            fraction = (int) (ts - seconds * 1_000_000_000L);
        } else {
            long us = Long.divideUnsigned(ts + 500, 1000);
            seconds = us / 1_000_000L;
            fraction = (int) (us - seconds * 1_000_000L);
        }
        if (seconds != lastSeconds) {
            newSeconds(seconds);
        }
        line.append(lastSecondsBytes);
        line.appendFixedDigits(fraction, nsTimestamps ? 9 : 6);
    }

    private void newSeconds(long seconds) {
        LineBuffer b = new LineBuffer(32);
        b.appendUnsigned(seconds, 5, (byte) ' ');
        b.append((byte) '.');
        lastSecondsBytes = b.toBytes();
        lastSeconds = seconds;
    }

    /** {@code %8.8s-%-5d %3d}: the latency format's comm (at most 8 characters), pid and CPU; cached like {@link #head}. */
    private byte[] latencyHead(int pid, int cpu) {
        if (current.headVersion != comms.version()) {
            java.util.Arrays.fill(headBytes, null);
            current.headVersion = comms.version();
        }
        int slot = (pid * 8 + cpu) & (HEAD_CACHE - 1);
        byte[] h = headBytes[slot];
        if (h != null && headPid[slot] == pid && headCpu[slot] == cpu) {
            return h;
        }
        LineBuffer b = new LineBuffer(32);
        byte[] comm = comms.find(pid);
        int n = Math.min(comm.length, 8);
        b.spaces(8 - n);
        b.append(comm, 0, n);
        b.append((byte) '-');
        b.appendSignedLeft(pid, 5);
        b.append((byte) ' ');
        b.appendUnsigned(cpu & 0xffffffffL, 3, (byte) ' ');
        h = b.toBytes();
        current.headVersion = comms.version();
        headPid[slot] = pid;
        headCpu[slot] = cpu;
        headBytes[slot] = h;
        return h;
    }

    private long common(RawEvent e, FieldFormat f) {
        return f == null ? -1 : EventKinds.number(e.data, e.offset + f.offset, f.size, input.formats().bigEndian());
    }

    /** libtraceevent's latency columns: irqs off, need resched, hard/soft irq, preempt depth (and the optional ones). */
    private void latencyColumns(RawEvent e) {
        int flags = (int) common(e, flagsField);
        int pc = (int) common(e, preemptField);
        boolean hard = (flags & 0x08) != 0;
        boolean soft = (flags & 0x10) != 0;
        line.append((byte) ((flags & 0x01) != 0 ? 'd' : (flags & 0x02) != 0 ? 'X' : '.'));
        line.append((byte) ((flags & 0x04) != 0 ? 'N' : '.'));
        line.append((byte) (hard && soft ? 'H' : hard ? 'h' : soft ? 's' : '.'));
        if ((pc & 0xf) != 0) {
            line.append(Integer.toHexString(pc & 0xf));
        } else {
            line.append((byte) '.');
        }
        if ((pc & 0xf0) != 0) {
            line.append(Integer.toHexString(pc >>> 4));
        } else {
            line.append((byte) '.');
        }
        if (migrateField != null) {
            long m = common(e, migrateField);
            if (m < 0) {
                line.append((byte) '.');
            } else {
                line.appendSigned(m);
            }
        }
        if (lockDepthField != null) {
            int bits = 64 - 8 * lockDepthField.size;
            long d = (common(e, lockDepthField) << bits) >> bits;
            if (d < 0) {
                line.append((byte) '.');
            } else {
                line.appendSigned(d);
            }
        }
    }

    /** -l with -R: {@code -0x<flags>} instead of the latency columns. */
    private void rawFlags(RawEvent e) {
        line.append("-0x");
        line.append(Integer.toHexString((int) common(e, flagsField)));
    }

    /**
     * --ts-diff: {@code " %-8s"} of {@code (+delta)} since the previous record (in microseconds when the
     * trace clock is shown so, as trace-cmd computes it), empty for the first.
     */
    private void appendTsDiff(long ts) {
        long t = input.traceClock() && !nsTimestamps ? Long.divideUnsigned(ts + 500, 1000) : ts;
        int start = line.length();
        line.append((byte) ' ');
        if (lastDiffTs != 0) {
            line.append("(+");
            line.appendSigned(t - lastDiffTs);
            line.append((byte) ')');
        }
        lastDiffTs = t;
        line.spaces(9 - (line.length() - start));
    }

    /**
     * Appends the info part; true when the line must be searched for a NUL byte (trace-cmd prints up to
     * one): raw fields, and plugin_kvm's kvmmmu roles, which end with one. The print fmt's text records
     * its first NUL in {@link #infoNul} as it is copied.
     */
    private boolean writeInfo(RawEvent e, EventKinds.Kind k) throws IOException {
        if (k.kind == EventKinds.RAW_FIELDS) {
            printer.printFields(line, e, k.format);
            return true;
        }
        if (k.kind != EventKinds.GENERIC && plugins.print(e, k, events)) {
            return k.kind == EventKinds.KVM_MMU_GET_PAGE || k.kind == EventKinds.KVM_MMU_ROLE;
        }
        generic(e, k);
        return false;
    }

    /** Where the print fmt's text of the current record put its first NUL byte in {@link #line}, or -1. */
    private int infoNul;
    /** The print fmt, as libtraceevent renders it (also what a handler falls back to). */
    private void generic(RawEvent e, EventKinds.Kind k) {
        int from = line.length();
        if (printer.printInfo(line, e, k.format)) {
            int nul = line.indexOfNul(from);
            if (nul >= 0 && infoNul < 0) {
                infoNul = nul;
            }
        }
    }
}
