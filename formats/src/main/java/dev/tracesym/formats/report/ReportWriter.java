package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.SymbolNamer;
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
 * <p>Lines are rendered straight into one byte buffer that is written out in large blocks; the plain
 * path allocates nothing per record.
 */
public final class ReportWriter {
    private static final int FLUSH_AT = 1 << 18;

    private final ReportInput input;
    private final EventFormats formats;
    private final boolean bigEndian;
    private final int longSize;
    private final ReportNamer namer;
    private final boolean noPlugins;
    private final boolean nsTimestamps;
    private final OutputStream out;
    private final EventPrinter printer;
    private final LineBuffer line = new LineBuffer(FLUSH_AT + (1 << 16));
    private final StringBuilder info = new StringBuilder(256);
    private final CommTable comms;
    private final FunctionIndent indent = new FunctionIndent();
    private final EventKinds kinds;
    private final byte[][] bufferPrefix;
    private Lookahead events;

    /**
     * @param input        the trace's formats, printk formats, cmdlines, CPU count, buffers and clock
     * @param namer        names every kernel address that is printed
     * @param noPlugins    trace-cmd's {@code -N}: no plugins, no function/function_graph handlers
     * @param nsTimestamps trace-cmd's {@code -t}: timestamps with nanoseconds
     * @param out          where the bytes go; written in large blocks, flushed at the end
     */
    public ReportWriter(ReportInput input, ReportNamer namer, boolean noPlugins, boolean nsTimestamps,
                        OutputStream out) {
        this.input = input;
        this.formats = input.formats();
        this.bigEndian = formats.bigEndian();
        this.longSize = formats.longSize();
        this.namer = namer;
        this.noPlugins = noPlugins;
        this.nsTimestamps = nsTimestamps;
        this.out = out;
        this.printer = new EventPrinter(formats, input.printk(), namer);
        this.comms = CommTable.parseSavedCmdlines(input.savedCmdlines());
        this.kinds = new EventKinds(formats, noPlugins);
        this.bufferPrefix = prefixes(input.bufferNames());
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

    /** Writes the whole report of {@code source} and flushes {@code out}. */
    public void write(EventSource source) throws IOException {
        events = new Lookahead(source);
        line.append("cpus=");
        line.appendSigned(input.cpus());
        line.append((byte) '\n');
        try {
            RawEvent e;
            while ((e = events.next()) != null) {
                writeRecord(e);
                if (line.length() >= FLUSH_AT) {
                    writeOut();
                }
            }
        } catch (OutputFailure outputFailure) {
            throw outputFailure;
        } catch (IOException inputFailure) {
            // the records before a broken part of the input are printed, as trace-cmd does
            try {
                writeOut();
                out.flush();
            } catch (IOException outputFailure) {
                inputFailure.addSuppressed(outputFailure);
            }
            throw inputFailure;
        }
        writeOut();
        out.flush();
    }

    /** Any IOException from here is the output's: it must not be retried as a flush after an input error. */
    private void writeOut() throws IOException {
        try {
            line.writeTo(out);
        } catch (IOException e) {
            throw new OutputFailure(e);
        }
    }

    /** An output failure passing through the input-failure handler unchanged. */
    private static final class OutputFailure extends IOException {
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
        if (e.missedBefore > 0) {
            line.append("CPU:");
            line.appendSigned(e.cpu);
            line.append(" [");
            line.appendSigned(e.missedBefore);
            line.append(" EVENTS DROPPED]\n");
        } else if (e.missedBefore < 0) {
            line.append("CPU:");
            line.appendSigned(e.cpu);
            line.append(" [EVENTS DROPPED]\n");
        }
        EventKinds.Kind k = kinds.of(kinds.typeOf(e));
        boolean mayHoldNul;
        if (k == null) {
            line.append(UNKNOWN_EVENT);
            mayHoldNul = false;
        } else {
            int pid = (int) k.read(e, k.pid);
            line.append(head(pid));
            line.append(cpuColumn(e.cpu));
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
        line.append((byte) '\n');
    }

    /** What tep_print_event prints for each part of a record whose event id the trace does not define. */
    private static final byte[] UNKNOWN_EVENT = ("[UNKNOWN EVENT][UNKNOWN EVENT] (NULL): " + " ".repeat(20 - 6)
            + "[UNKNOWN EVENT]").getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEAD_CACHE = 4096;
    private final int[] headPid = new int[HEAD_CACHE];
    private final byte[][] headBytes = new byte[HEAD_CACHE][];
    private int headVersion = -1;
    private final byte[][] cpuBytes = new byte[256][];
    private long lastSeconds = -1;
    private byte[] lastSecondsBytes;

    /** {@code %16s-%-5d [} of comm and pid, cached per pid while the comm table stays the same. */
    private byte[] head(int pid) {
        if (headVersion != comms.version()) {
            java.util.Arrays.fill(headBytes, null);
            headVersion = comms.version();
        }
        int slot = pid & (HEAD_CACHE - 1);
        byte[] h = headBytes[slot];
        if (h != null && headPid[slot] == pid) {
            return h;
        }
        LineBuffer b = new LineBuffer(32);
        byte[] comm = comms.find(pid);
        b.spaces(16 - comm.length);
        b.append(comm);
        b.append((byte) '-');
        b.appendSignedLeft(pid, 5);
        b.append(" [");
        h = b.toBytes();
        headVersion = comms.version(); // the lookup may have sorted the table
        headPid[slot] = pid;
        headBytes[slot] = h;
        return h;
    }

    /** {@code %03d]} of the CPU, and the blank that starts the microsecond time format. */
    private byte[] cpuColumn(int cpu) {
        if (cpu >= 0 && cpu < cpuBytes.length && cpuBytes[cpu] != null) {
            return cpuBytes[cpu];
        }
        LineBuffer b = new LineBuffer(16);
        b.appendZeroPadded(cpu, 3);
        b.append((byte) ']');
        if (input.microseconds()) {
            b.append((byte) ' ');
        }
        byte[] c = b.toBytes();
        if (cpu >= 0 && cpu < cpuBytes.length) {
            cpuBytes[cpu] = c;
        }
        return c;
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
            LineBuffer b = new LineBuffer(32);
            b.appendUnsigned(seconds, 5, (byte) ' ');
            b.append((byte) '.');
            lastSecondsBytes = b.toBytes();
            lastSeconds = seconds;
        }
        line.append(lastSecondsBytes);
        line.appendFixedDigits(fraction, nsTimestamps ? 9 : 6);
    }

    /** The func_repeats plugin's time of the last call: the time column's format without the blank. */
    private void appendRepeatTime(long ts) {
        if (!input.microseconds()) {
            line.appendUnsigned(ts, 12, (byte) ' ');
            return;
        }
        if (nsTimestamps) {
            line.appendUnsigned(Long.divideUnsigned(ts, 1_000_000_000L), 5, (byte) ' ');
            line.append((byte) '.');
            line.appendUnsigned(Long.remainderUnsigned(ts, 1_000_000_000L), 9, (byte) '0');
        } else {
            long us = Long.divideUnsigned(ts + 500, 1000);
            line.appendUnsigned(us / 1_000_000L, 5, (byte) ' ');
            line.append((byte) '.');
            line.appendUnsigned(us % 1_000_000L, 6, (byte) '0');
        }
    }

    /** Appends the info part; true when it came from the generic renderer (which may emit NUL). */
    private boolean writeInfo(RawEvent e, EventKinds.Kind k) throws IOException {
        switch (k.kind) {
            case EventKinds.FUNCTION:
                if (function(e, k)) {
                    return false;
                }
                break;
            case EventKinds.FUNCTION_FAST_RAW:
                functionRaw(e, k);
                return false;
            case EventKinds.FUNCGRAPH_ENTRY:
                if (graphEntry(e, k)) {
                    return false;
                }
                break;
            case EventKinds.FUNCGRAPH_EXIT:
                if (graphExit(e, k)) {
                    return false;
                }
                break;
            case EventKinds.KERNEL_STACK:
                kernelStack(e, k);
                return false;
            case EventKinds.SCHED_SWITCH:
                if (schedSwitch(e, k)) {
                    return false;
                }
                break;
            case EventKinds.SCHED_WAKEUP:
                if (schedWakeup(e, k)) {
                    return false;
                }
                break;
            case EventKinds.KMEM:
                kmemCallSite(e, k);
                break;
            case EventKinds.HRTIMER_EXPIRE_ENTRY:
                hrtimerExpireEntry(e, k);
                return false;
            case EventKinds.HRTIMER_START:
                hrtimerStart(e, k);
                return false;
            case EventKinds.RAW_DATA:
                if (rawData(e, k)) {
                    return false;
                }
                break;
            case EventKinds.FUNC_REPEATS:
                if (funcRepeats(e, k)) {
                    return false;
                }
                break;
            default:
                break;
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

    // ---------------------------------------------------------------- field access as libtraceevent

    /** Set by {@link #val} when the field could not be read. */
    private boolean failed;

    /**
     * {@code tep_get_field_val}: the field's value; when it is missing or not a 1/2/4/8-byte number,
     * sets {@link #failed} and, with {@code err}, prints libtraceevent's complaint into the line.
     */
    private long val(RawEvent e, EventKinds.Kind k, FieldFormat f, String name, boolean err) {
        failed = false;
        if (f == null) {
            if (err) {
                line.append("<CANT FIND FIELD ");
                line.append(name);
                line.append((byte) '>');
            }
            failed = true;
            return 0;
        }
        if (!EventKinds.readable(f)) {
            if (err) {
                line.append((byte) ' ');
                line.append(name);
                line.append("=INVALID");
            }
            failed = true;
            return 0;
        }
        return k.read(e, f);
    }

    /** A handler that bails out with {@code trace_seq_putc(s, '!')}: its non-zero return adds the print fmt. */
    private boolean bang() {
        line.append((byte) '!');
        return false;
    }

    private void name(int sym, long addr) {
        namer.append(line, sym, addr, SymbolNamer.NAME);
    }

    // ---------------------------------------------------------------- plugin_function

    /** plugin_function's function handler: indented name, no parent. False: fall back to the print fmt. */
    private boolean function(RawEvent e, EventKinds.Kind k) {
        long ip = val(e, k, k.f1, "ip", true);
        if (failed) {
            return bang();
        }
        int func = namer.find(e.ts, ip);
        long parentIp = val(e, k, k.f2, "parent_ip", true);
        if (failed) {
            return bang();
        }
        int parent = namer.find(e.ts, parentIp);
        int index = 0;
        if (parent != ReportNamer.NONE) {
            index = indent.indexOf(namer.nameKey(parent), func == ReportNamer.NONE ? -1 : namer.nameKey(func), e.cpu);
        }
        line.spaces(index * 3);
        if (func != ReportNamer.NONE) {
            name(func, ip);
        } else {
            line.append("0x");
            line.appendHex(ip);
        }
        return true;
    }

    /** -N rendering of the function event's standard print fmt {@code " %ps <-- %ps"}, without the generic renderer. */
    private void functionRaw(RawEvent e, EventKinds.Kind k) {
        long ip = k.read(e, k.f1);
        long parentIp = k.read(e, k.f2);
        line.append((byte) ' ');
        plainSymbol(e.ts, ip);
        line.append(" <-- ");
        plainSymbol(e.ts, parentIp);
    }

    /** libtraceevent's %ps: the name, or 0x%llx (0x%lx of a long on 32-bit traces). */
    private void plainSymbol(long ts, long addr) {
        int sym = namer.find(ts, addr);
        if (sym != ReportNamer.NONE) {
            name(sym, addr);
        } else {
            line.append("0x");
            line.appendHex(longSize == 4 ? addr & 0xffffffffL : addr);
        }
    }

    /** plugin_function's kernel_stack handler: {@code <stack trace >} and one {@code => name (addr)} per frame. */
    private void kernelStack(RawEvent e, EventKinds.Kind k) {
        FieldFormat caller = k.f1;
        if (caller == null) {
            line.append("<CANT FIND FIELD caller>");
            return;
        }
        line.append("<stack trace >\n");
        for (int p = caller.offset; p < e.length; p += longSize) {
            long addr = k.readAt(e, p, longSize);
            if ((longSize == 8 && addr == -1L) || (int) addr == -1) {
                break;
            }
            int sym = namer.find(e.ts, addr);
            line.append("=> ");
            if (sym != ReportNamer.NONE) {
                name(sym, addr);
                line.append(" (");
                line.appendHex(addr);
                line.append(")\n");
            } else {
                line.appendHex(addr);
                line.append((byte) '\n');
            }
        }
    }

    /** plugin_function's raw_data handler: {@code # id} and the buffer bytes in hex. */
    private boolean rawData(RawEvent e, EventKinds.Kind k) {
        long id = val(e, k, k.f1, "id", true);
        if (failed) {
            return bang();
        }
        line.append("# ");
        line.appendHex(id);
        FieldFormat buf = k.f2;
        if (buf == null) {
            line.append("<CANT FIND FIELD buf>");
            return true;
        }
        for (int p = buf.offset; p < e.length; p += longSize) {
            int n = Math.min(8, e.length - p);
            for (int i = 0; i < n; i++) {
                line.append((byte) ' ');
                line.appendHex(k.readAt(e, p + i, 1), 2);
            }
        }
        return true;
    }

    /** plugin_function's func_repeats handler: the function line, then count and the last call's time. */
    private boolean funcRepeats(RawEvent e, EventKinds.Kind k) {
        function(e, k); // its result does not matter to the plugin
        long count = val(e, k, k.f3, "count", true);
        if (failed) {
            return bang();
        }
        long top = val(e, k, k.f4, "top_delta_ts", true);
        if (failed) {
            return bang();
        }
        long bottom = val(e, k, k.f5, "bottom_delta_ts", true);
        if (failed) {
            return bang();
        }
        line.append(" (count: ");
        line.appendSigned(count);
        line.append("  last_ts: ");
        appendRepeatTime(e.ts - ((top << 32) | bottom));
        line.append((byte) ')');
        return true;
    }

    // ---------------------------------------------------------------- trace-cmd's function_graph handlers

    /** fgraph_ent_handler: a leaf {@code func();} when the next record is its exit, else {@code func() {}. */
    private boolean graphEntry(RawEvent e, EventKinds.Kind k) throws IOException {
        EventKinds.Kind ret = kinds.graphExit();
        if (ret == null) {
            return false; // ret_event_check fails: -1, which also prints the print fmt
        }
        long pidU = val(e, k, k.pid, "common_pid", true);
        if (failed) {
            return bang();
        }
        long func = val(e, k, k.f1, "func", true);
        if (failed) {
            return bang();
        }
        RawEvent cur = events.stable(e);
        RawEvent next = events.peek(cur.buffer);
        if (next != null && !isReturnOf(next, ret, (int) pidU, func)) {
            next = null;
        }
        if (next != null) {
            events.consume(next);
            graphLeaf(cur, k, next, ret);
            // the consumed record goes back to the spare pool only after its last use above
        } else {
            graphNested(cur, k);
        }
        return true;
    }

    /** get_return_for_leaf: same pid and function, and of the funcgraph_exit type. */
    private boolean isReturnOf(RawEvent next, EventKinds.Kind ret, int curPid, long func) {
        long type = val(next, ret, ret.type, "common_type", true);
        if (failed || type != ret.format.id) {
            return false;
        }
        long pid = val(next, ret, ret.pid, "common_pid", true);
        if (failed || (long) curPid != pid) {
            return false;
        }
        long f = val(next, ret, ret.f1, "func", true);
        return !failed && f == func;
    }

    private void graphLeaf(RawEvent entry, EventKinds.Kind k, RawEvent exit, EventKinds.Kind ret) {
        long rettime = val(exit, ret, ret.f3, "rettime", true);
        if (failed) {
            bang();
            return;
        }
        long calltime = val(exit, ret, ret.f4, "calltime", true);
        if (failed) {
            bang();
            return;
        }
        long duration = rettime - calltime;
        graphOverhead(duration);
        graphDuration(duration);
        long depth = val(entry, k, k.f2, "depth", true);
        if (failed) {
            bang();
            return;
        }
        line.spaces((int) (depth * 2));
        long func = val(entry, k, k.f1, "func", true);
        if (failed) {
            bang();
            return;
        }
        graphName(entry.ts, func);
        line.append("();");
    }

    private void graphNested(RawEvent entry, EventKinds.Kind k) {
        line.append("  ");
        line.append("           |  ");
        long depth = val(entry, k, k.f2, "depth", true);
        if (failed) {
            bang();
            return;
        }
        line.spaces((int) (depth * 2));
        long func = val(entry, k, k.f1, "func", true);
        if (failed) {
            bang();
            return;
        }
        graphName(entry.ts, func);
        line.append("() {");
    }

    /** fgraph_ret_handler: duration and the closing brace. */
    private boolean graphExit(RawEvent e, EventKinds.Kind k) {
        if (kinds.graphExit() == null) {
            return false;
        }
        long rettime = val(e, k, k.f3, "rettime", true);
        if (failed) {
            return bang();
        }
        long calltime = val(e, k, k.f4, "calltime", true);
        if (failed) {
            return bang();
        }
        long duration = rettime - calltime;
        graphOverhead(duration);
        graphDuration(duration);
        long depth = val(e, k, k.f2, "depth", true);
        if (failed) {
            return bang();
        }
        line.spaces((int) (depth * 2));
        line.append((byte) '}');
        return true;
    }

    private void graphName(long ts, long func) {
        int sym = namer.find(ts, func);
        if (sym != ReportNamer.NONE) {
            name(sym, func);
        } else {
            line.appendHex(func);
        }
    }

    /** The mark before a duration: $ over 1 s, # over 1 ms, ! over 100 us, + over 10 us. */
    private void graphOverhead(long duration) {
        if (duration == -1L) {
            line.append("  ");
        } else if (Long.compareUnsigned(duration, 1_000_000_000L) > 0) {
            line.append("$ ");
        } else if (Long.compareUnsigned(duration, 1_000_000L) > 0) {
            line.append("# ");
        } else if (Long.compareUnsigned(duration, 100_000L) > 0) {
            line.append("! ");
        } else if (Long.compareUnsigned(duration, 10_000L) > 0) {
            line.append("+ ");
        } else {
            line.append("  ");
        }
    }

    /** {@code usecs.nsecs us } padded to the column, then {@code |  }. */
    private void graphDuration(long duration) {
        long usecs = Long.divideUnsigned(duration, 1000);
        long nsecs = Long.remainderUnsigned(duration, 1000);
        int start = line.length();
        line.appendUnsigned(usecs);
        if (line.length() - start < 7) {
            line.append((byte) '.');
            line.appendUnsigned(nsecs, 3, (byte) '0');
        }
        int len = line.length() - start;
        line.append(" us ");
        line.spaces(7 - len);
        line.append("|  ");
    }

    // ---------------------------------------------------------------- plugin_sched_switch

    /** write_and_save_comm: the comm field up to its NUL, also registered for the pid. */
    private void comm(RawEvent e, EventKinds.Kind k, FieldFormat f, int pid) {
        int from = e.offset + f.offset;
        int limit = Math.min(from + f.size, Math.min(e.data.length, e.offset + e.length));
        int end = from;
        while (end < limit && e.data[end] != 0) {
            end++;
        }
        if (end > from) {
            line.append(e.data, from, end - from);
        }
        comms.register(e.data, from, end - from, pid);
    }

    private boolean schedSwitch(RawEvent e, EventKinds.Kind k) {
        long prevPid = val(e, k, k.f1, "prev_pid", true);
        if (failed) {
            return bang();
        }
        if (k.f2 != null) {
            comm(e, k, k.f2, (int) prevPid);
            line.append((byte) ':');
        }
        line.appendSigned(prevPid);
        line.append((byte) ' ');
        long prio = val(e, k, k.f3, "prev_prio", true);
        if (!failed) {
            line.append((byte) '[');
            line.appendSigned((int) prio);
            line.append("] ");
        }
        long state = val(e, k, k.f4, "prev_state", true);
        if (!failed) {
            taskState((int) state);
        }
        line.append(" ==> ");
        long nextPid = val(e, k, k.f5, "next_pid", true);
        if (failed) {
            return bang();
        }
        if (k.f6 != null) {
            comm(e, k, k.f6, (int) nextPid);
            line.append((byte) ':');
        }
        line.appendSigned(nextPid);
        long nextPrio = val(e, k, k.f7, "next_prio", true);
        if (!failed) {
            line.append(" [");
            line.appendSigned((int) nextPrio);
            line.append((byte) ']');
        }
        return true;
    }

    private static final byte[] STATES = "SDTtZXxW".getBytes(StandardCharsets.ISO_8859_1);

    private void taskState(int val) {
        boolean found = false;
        for (int i = 0; i < STATES.length; i++) {
            if ((val & (1 << i)) == 0) {
                continue;
            }
            if (found) {
                line.append((byte) '|');
            }
            found = true;
            line.append(STATES[i]);
        }
        if (!found) {
            line.append((byte) 'R');
        }
    }

    private boolean schedWakeup(RawEvent e, EventKinds.Kind k) {
        long pid = val(e, k, k.f1, "pid", true);
        if (failed) {
            return bang();
        }
        if (k.f2 != null) {
            comm(e, k, k.f2, (int) pid);
            line.append((byte) ':');
        }
        line.appendSigned(pid);
        long prio = val(e, k, k.f3, "prio", true);
        if (!failed) {
            line.append(" [");
            line.appendSigned(prio);
            line.append((byte) ']');
        }
        long success = val(e, k, k.f4, "success", false);
        if (!failed) {
            line.append(" success=");
            line.appendSigned(success);
        }
        long target = val(e, k, k.f5, "target_cpu", false);
        if (!failed) {
            line.append(" CPU:");
            line.appendUnsigned(target, 3, (byte) '0');
        }
        return true;
    }

    // ---------------------------------------------------------------- plugin_kmem, plugin_hrtimer

    /** plugin_kmem: {@code (func+0xoff) } before the print fmt when the call site has a name. */
    private void kmemCallSite(RawEvent e, EventKinds.Kind k) {
        FieldFormat f = k.f1;
        if (f == null || !EventKinds.readable(f)) {
            return;
        }
        long site = k.read(e, f);
        int sym = namer.find(e.ts, site);
        if (sym == ReportNamer.NONE) {
            return;
        }
        line.append((byte) '(');
        namer.append(line, sym, site, SymbolNamer.NAME_OFFSET);
        line.append(") ");
    }

    /** tep_print_num_field: false when the field is missing or unreadable (the message only with err). */
    private boolean num(RawEvent e, EventKinds.Kind k, FieldFormat f, String name, boolean hex, boolean err) {
        if (f == null || !EventKinds.readable(f)) {
            if (err) {
                line.append("CAN'T FIND FIELD \"");
                line.append(name);
                line.append((byte) '"');
            }
            return false;
        }
        long v = k.read(e, f);
        if (hex) {
            line.append("0x");
            line.appendHex(v);
        } else {
            line.appendUnsigned(v);
        }
        return true;
    }

    /** tep_print_func_field with {@code " function=%s"}: {@code name/0x<start-addr>} or {@code 0x%08llx}. */
    private void funcField(RawEvent e, EventKinds.Kind k, FieldFormat f) {
        if (f == null || !EventKinds.readable(f)) {
            return;
        }
        long v = k.read(e, f);
        line.append(" function=");
        int sym = namer.find(e.ts, v);
        if (sym != ReportNamer.NONE) {
            int start = line.length();
            name(sym, v);
            line.append("/0x");
            line.appendHex(namer.start(sym) - v);
            if (line.length() - start > 127) {
                line.setLength(start + 127); // snprintf into char tmp[128]
            }
        } else {
            line.append("0x");
            line.appendHex(v, 8);
        }
    }

    private void hrtimerAddress(RawEvent e, EventKinds.Kind k) {
        line.append("hrtimer=");
        if (!num(e, k, k.f1, "timer", true, false)) {
            num(e, k, k.f2, "hrtimer", true, true);
        }
    }

    private void hrtimerExpireEntry(RawEvent e, EventKinds.Kind k) {
        hrtimerAddress(e, k);
        line.append(" now=");
        num(e, k, k.f3, "now", false, true);
        funcField(e, k, k.f4);
    }

    private void hrtimerStart(RawEvent e, EventKinds.Kind k) {
        hrtimerAddress(e, k);
        funcField(e, k, k.f4);
        line.append(" expires=");
        num(e, k, k.f5, "expires", false, true);
        line.append(" softexpires=");
        num(e, k, k.f6, "softexpires", false, true);
    }
}
