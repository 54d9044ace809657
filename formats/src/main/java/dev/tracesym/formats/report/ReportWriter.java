package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.filter.FilterException;
import dev.tracesym.formats.filter.FilterNames;
import dev.tracesym.formats.filter.RecordFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

    /** What tep_print_event prints for each part of a record whose event id the trace does not define. */
    private static final byte[] UNKNOWN_EVENT = ("[UNKNOWN EVENT][UNKNOWN EVENT] (NULL): " + " ".repeat(20 - 6)
            + "[UNKNOWN EVENT]").getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEAD_CACHE = 4096;

    private final ReportInput input;
    private final boolean nsTimestamps;
    private final OutputStream out;
    private final EventPrinter printer;
    private final LineBuffer line = new LineBuffer(FLUSH_AT + (1 << 16));
    private final StringBuilder info = new StringBuilder(256);
    private final CommTable comms;
    private final EventKinds kinds;
    private final PluginPrinter plugins;
    private final byte[][] bufferPrefix;
    /** Which records are printed; null: all. */
    private final RecordFilter selection;
    private final FilterNames filterNames;
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

    // caches of the line head: comm-pid [cpu] per pid and CPU, the seconds of the last timestamp
    private final int[] headPid = new int[HEAD_CACHE];
    private final int[] headCpu = new int[HEAD_CACHE];
    private final byte[][] headBytes = new byte[HEAD_CACHE][];
    private int headVersion = -1;
    private long lastSeconds = -1;
    private byte[] lastSecondsBytes;

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
        this.input = input;
        EventFormats formats = input.formats();
        this.nsTimestamps = view.nsTimestamps();
        this.out = out;
        this.printer = new EventPrinter(formats, input.printk(), namer);
        this.comms = CommTable.parseSavedCmdlines(input.savedCmdlines());
        this.kinds = new EventKinds(formats, view.noPlugins());
        this.plugins = new PluginPrinter(line, namer, comms, kinds, formats.longSize(), input.microseconds(),
                nsTimestamps);
        this.bufferPrefix = prefixes(input.bufferNames());
        try {
            this.selection = filter(view.selection(), formats);
        } catch (FilterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.filterNames = new ReportFilterNames(comms, namer);
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

    /** {@code -Dtracesym.report.workers=N} overrides the default (for measurements). */
    private static int defaultWorkers() {
        Integer n = Integer.getInteger("tracesym.report.workers");
        return n != null ? Math.max(0, n) : Math.min(2, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Writes the whole report of {@code source} and flushes {@code out}. */
    public void write(EventSource source) throws IOException {
        events = new Lookahead(source);
        try (BatchPipeline pipeline = new BatchPipeline(out, workers, batchRecords, input.microseconds(), nsTimestamps)) {
            batch = pipeline.take();
            line.append("cpus=");
            line.appendSigned(input.cpus());
            line.append((byte) '\n');
            try {
                while (planSome(64)) {
                    if (batch.full() || line.length() >= FLUSH_AT) {
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

    /**
     * Plans up to {@code n} records into the current batch, stopping early when it is full; false at the
     * end of the records. Short and called often, so it is compiled as soon as the records flow: one
     * long loop would run interpreted until on-stack replacement, ~50 ms into a big report.
     */
    private boolean planSome(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            if (batch.full() || line.length() >= FLUSH_AT) {
                return true;
            }
            RawEvent e = events.next();
            if (e == null) {
                return false;
            }
            if (selection != null && !selection.accept(e, filterNames)) {
                continue;
            }
            writeRecord(e);
        }
        return true;
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
        boolean mayHoldNul;
        if (k == null) {
            line.append(UNKNOWN_EVENT);
            mayHoldNul = false;
        } else {
            int pid = (int) k.read(e, k.pid);
            line.append(head(pid, e.cpu));
            appendTime(e.ts);
            line.append(k.nameColumn);
            mayHoldNul = writeInfo(e, k);
        }
        int end = line.length();
        if (end > start && line.byteAt(end - 1) == '\n') {
            line.setLength(--end);
        }
        if (mayHoldNul) { // trace-cmd prints the line with %.*s: it stops at a NUL
            int nul = line.indexOfNul(start);
            if (nul >= 0) {
                line.setLength(nul);
            }
        }
        if (tail != null) {
            tail.append(e, line);
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
        if (headVersion != comms.version()) {
            java.util.Arrays.fill(headBytes, null);
            headVersion = comms.version();
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
        headVersion = comms.version(); // the lookup may have sorted the table
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

    /** Appends the info part; true when it came from the generic renderer (which may emit NUL). */
    private boolean writeInfo(RawEvent e, EventKinds.Kind k) throws IOException {
        if (k.kind != EventKinds.GENERIC && plugins.print(e, k, events)) {
            return false;
        }
        generic(e, k);
        return true;
    }

    /** The print fmt, as libtraceevent renders it (also what a handler falls back to). */
    private void generic(RawEvent e, EventKinds.Kind k) {
        info.setLength(0);
        printer.printInfo(info, e, k.format);
        line.append(info);
    }
}
