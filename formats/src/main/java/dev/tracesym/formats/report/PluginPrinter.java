package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.SymbolNamer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The info text of the events that have a handler in trace-cmd 3.1.6 (function_graph) or in the
 * libtraceevent 1.7.1 plugins (function, kernel_stack, raw_data, func_repeats, sched_switch/wakeup, kmem,
 * hrtimer), reproduced from their behaviour, failure paths included: a handler that cannot read a field
 * prints libtraceevent's complaint and a '!', and then the event's print fmt follows.
 */
final class PluginPrinter {
    private static final byte[] STATES = "SDTtZXxW".getBytes(StandardCharsets.ISO_8859_1);

    private final LineBuffer line;
    private final ReportNamer namer;
    private final CommTable comms;
    private final EventKinds kinds;
    private final FunctionIndent indent;
    private final int longSize;
    private final boolean microseconds;
    private final boolean nsTimestamps;
    private final PluginOptions options;

    PluginPrinter(LineBuffer line, ReportNamer namer, CommTable comms, EventKinds kinds, int longSize,
                  boolean microseconds, boolean nsTimestamps) {
        this(line, namer, comms, kinds, longSize, microseconds, nsTimestamps, PluginOptions.DEFAULT, new FunctionIndent());
    }

    /**
     * @param options the plugin options (-O)
     * @param indent  the function plugin's call stacks: libtraceevent keeps one for all traces of a report
     */
    PluginPrinter(LineBuffer line, ReportNamer namer, CommTable comms, EventKinds kinds, int longSize,
                  boolean microseconds, boolean nsTimestamps, PluginOptions options, FunctionIndent indent) {
        this.options = options;
        this.indent = indent;
        this.line = line;
        this.namer = namer;
        this.comms = comms;
        this.kinds = kinds;
        this.longSize = longSize;
        this.microseconds = microseconds;
        this.nsTimestamps = nsTimestamps;
    }

    /**
     * Appends the handler's text for a record of kind {@code k}.
     *
     * @param events the stream, for the function_graph look-ahead
     * @return true when that is the whole info; false when the print fmt must follow (kmem always, other
     *         handlers when they fail)
     */
    boolean print(RawEvent e, EventKinds.Kind k, Lookahead events) throws IOException {
        switch (k.kind) {
            case EventKinds.FUNCTION:
                return function(e, k);
            case EventKinds.FUNCTION_FAST_RAW:
                functionRaw(e, k);
                return true;
            case EventKinds.FUNCGRAPH_ENTRY:
                return graphEntry(e, k, events);
            case EventKinds.FUNCGRAPH_EXIT:
                return graphExit(e, k);
            case EventKinds.KERNEL_STACK:
                kernelStack(e, k);
                return true;
            case EventKinds.SCHED_SWITCH:
                return schedSwitch(e, k);
            case EventKinds.SCHED_WAKEUP:
                return schedWakeup(e, k);
            case EventKinds.KMEM:
                kmemCallSite(e, k);
                return false;
            case EventKinds.HRTIMER_EXPIRE_ENTRY:
                hrtimerExpireEntry(e, k);
                return true;
            case EventKinds.HRTIMER_START:
                hrtimerStart(e, k);
                return true;
            case EventKinds.RAW_DATA:
                return rawData(e, k);
            case EventKinds.FUNC_REPEATS:
                return funcRepeats(e, k);
            default:
                return false;
        }
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

    /**
     * plugin_function's show_function: the name, and with the {@code offset} option {@code +0x<off> } (with
     * its blank) from the function's start.
     */
    private void showFunction(int sym, long addr) {
        name(sym, addr);
        if (options.offset) {
            line.append("+0x");
            line.append(Integer.toHexString((int) (addr - namer.start(sym))));
            line.append((byte) ' ');
        }
    }

    /**
     * plugin_function's function handler: the name indented by call depth (option {@code indent}), with the
     * option {@code parent} {@code  <-- parent}. False: fall back to the print fmt.
     */
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
        if (parent != ReportNamer.NONE && options.indent) {
            index = indent.indexOf(namer.nameKey(parent), func == ReportNamer.NONE ? -1 : namer.nameKey(func), e.cpu);
        }
        line.spaces(index * 3);
        if (func != ReportNamer.NONE) {
            showFunction(func, ip);
        } else {
            line.append("0x");
            line.appendHex(ip);
        }
        if (options.parent) {
            line.append(" <-- ");
            if (parent != ReportNamer.NONE) {
                showFunction(parent, parentIp);
            } else {
                line.append("0x");
                line.appendHex(parentIp);
            }
        }
        return true;
    }

    /**
     * What {@link #function} or {@link #functionRaw} would print, as pieces of line {@code r} of
     * {@code b}: the same lookups in the same order, the text assembled later by {@link BatchFormatter}.
     */
    void plan(RawEvent e, EventKinds.Kind k, long ip, long parentIp, RenderBatch b, int r) {
        byte[] funcName;
        byte[] parentName;
        int funcKey;
        int parentKey;
        Object state = namer.stateAt(e.ts);
        if (state != pairStateObject) {
            pairStateObject = state;
            pairStateId++; // answers remembered for other states no longer match
        }
        int slot = (int) (((ip ^ (parentIp * 0x9E3779B97F4A7C15L)) * 0xC2B2AE3D27D4EB4FL) >>> (64 - PAIR_BITS));
        long[] p = pairs;
        int at = slot << 2;
        if (p[at] == ip && p[at + 1] == parentIp && p[at + 3] == pairStateId && state != null) {
            long keys = p[at + 2];
            funcKey = (int) keys - 1;
            parentKey = (int) (keys >>> 32) - 1;
            funcName = pairNames[slot << 1];
            parentName = pairNames[(slot << 1) + 1];
        } else {
            int func = namer.find(e.ts, ip);
            int parent = namer.find(e.ts, parentIp);
            funcKey = func == ReportNamer.NONE ? -1 : namer.nameKey(func);
            parentKey = parent == ReportNamer.NONE ? -1 : namer.nameKey(parent);
            funcName = func == ReportNamer.NONE ? null : nameBytes(func, ip);
            parentName = parent == ReportNamer.NONE ? null : nameBytes(parent, parentIp);
            if (state != null) {
                p[at] = ip;
                p[at + 1] = parentIp;
                p[at + 2] = ((long) (parentKey + 1) << 32) | (funcKey + 1);
                p[at + 3] = pairStateId;
                pairNames[slot << 1] = funcName;
                pairNames[(slot << 1) + 1] = parentName;
            }
        }
        if (k.assembled == RenderBatch.FUNCTION) {
            b.indent[r] = parentKey < 0 ? 0 : indent.indexOf(parentKey, funcKey, e.cpu);
            b.name1[r] = funcName;
            b.addr1[r] = ip;
        } else {
            b.name1[r] = funcName;
            b.addr1[r] = longSize == 4 ? ip & 0xffffffffL : ip;
            b.name2[r] = parentName;
            b.addr2[r] = longSize == 4 ? parentIp & 0xffffffffL : parentIp;
        }
    }

    // (ip, parent ip) -> name keys and names of both, per symbol state of the namer: a trace has a few
    // thousand distinct pairs, met millions of times. One slot's numbers share a cache line.
    private static final int PAIR_BITS = 14;
    /** Per slot: ip, parent ip, both name keys plus one (parent's in the upper half), state id (0: empty). */
    private final long[] pairs = new long[4 << PAIR_BITS];
    /** Per slot: the function's name, the parent's. */
    private final byte[][] pairNames = new byte[2 << PAIR_BITS][];
    /** The namer's state of the last record and its number here (states are told apart by identity). */
    private Object pairStateObject;
    private long pairStateId;

    /** Plain names by symbol handle, made once each: the assembling threads only read them. */
    private byte[][] names = new byte[1024][];
    private final LineBuffer scratch = new LineBuffer(128);

    private byte[] nameBytes(int sym, long addr) {
        if (sym < names.length) {
            byte[] n = names[sym];
            if (n != null) {
                return n;
            }
        }
        return newName(sym, addr);
    }

    private byte[] newName(int sym, long addr) {
        if (sym >= names.length) {
            names = java.util.Arrays.copyOf(names, Math.max(sym + 1, names.length * 2));
        }
        scratch.setLength(0);
        namer.append(scratch, sym, addr, SymbolNamer.NAME); // the plain name does not depend on the address
        return names[sym] = scratch.toBytes();
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
                showFunction(sym, addr);
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
    private boolean graphEntry(RawEvent e, EventKinds.Kind k, Lookahead events) throws IOException {
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
        graphCall(entry, k, "();");
    }

    /** The fgraph {@code depth} option: {@code " (depth)"}. */
    private void graphDepth(long depth) {
        if (options.depth) {
            line.append(" (");
            line.appendSigned(depth);
            line.append((byte) ')');
        }
    }

    private void graphNested(RawEvent entry, EventKinds.Kind k) {
        line.append("  ");
        line.append("           |  ");
        graphCall(entry, k, "() {");
    }

    /** The call's indent (two spaces a level), its name, then {@code tail}; an unreadable field prints "!" instead. */
    private void graphCall(RawEvent entry, EventKinds.Kind k, String tail) {
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
        line.append(tail);
        graphDepth(depth);
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
        if (options.tailprint) { // the function's name, when there is one; nothing more otherwise
            long func = val(e, k, k.f1, "func", false);
            int sym = failed ? ReportNamer.NONE : namer.find(e.ts, func);
            if (sym == ReportNamer.NONE) {
                return true;
            }
            line.append(" /* ");
            name(sym, func);
            line.append(" */");
        }
        graphDepth(depth);
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

    /** The func_repeats plugin's time of the last call: the time column's format without the blank. */
    private void appendRepeatTime(long ts) {
        if (!microseconds) {
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

}
