package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.SymbolNamer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The info text of the events that have a handler in trace-cmd 3.1.6 (function_graph) or in the
 * libtraceevent 1.7.1 plugins Debian loads (function, kernel_stack, raw_data, func_repeats,
 * sched_switch/wakeup, kmem, hrtimer, tlb, futex, kvm, kvmmmu, mac80211), reproduced from their
 * behaviour, failure paths included: a handler that cannot read a field prints libtraceevent's complaint
 * (and a '!' where the handler does), and then the event's print fmt follows. The plugins' helper
 * functions for print fmts (jbd2, kvm, cfg80211, scsi, xen) are the generic renderer's.
 */
final class PluginPrinter {
    private static final byte[] STATES = "SDTtZXxW".getBytes(StandardCharsets.ISO_8859_1);
    /**
     * Most blanks of a function_graph indent: trace-cmd prints {@code depth * 2} of them, gigabytes for a
     * damaged depth; like the widths of the generic renderer, tracesym stops at 64 KiB.
     */
    private static final int MAX_INDENT = 1 << 16;

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
            case EventKinds.TLB_FLUSH:
                return tlbFlush(e, k);
            case EventKinds.FUTEX:
                return futex(e, k);
            case EventKinds.KVM_EXIT:
                return kvmExit(e, k);
            case EventKinds.KVM_ENTRY:
                return kvmEntry(e, k);
            case EventKinds.KVM_EMULATE_INSN:
                return kvmEmulateInsn(e, k);
            case EventKinds.KVM_NESTED_VMEXIT:
                return kvmNestedVmexit(e, k);
            case EventKinds.KVM_NESTED_VMEXIT_INJECT:
                return kvmNestedVmexitInject(e, k);
            case EventKinds.KVM_MMU_GET_PAGE:
                return kvmMmuGetPage(e, k);
            case EventKinds.KVM_MMU_ROLE:
                return kvmMmuRole(e, k);
            case EventKinds.MAC80211_BSS:
                mac80211BssInfoChanged(e, k);
                return true;
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
        line.spaces(Math.min((int) (depth * 2), MAX_INDENT));
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
        line.spaces(Math.min((int) (depth * 2), MAX_INDENT));
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
        if (missing(f, name, err)) {
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

    // ---------------------------------------------------------------- tep_print_num_field

    private static final CIntFormat PAGES = CIntFormat.of("%ld");
    private static final CIntFormat VCPU = CIntFormat.of(" vcpu %u");
    private static final CIntFormat ROOT = CIntFormat.of(" root %u ");
    private static final CIntFormat INFO1 = CIntFormat.of(" info1 %llx");
    private static final CIntFormat INFO2 = CIntFormat.of(" info2 %llx");
    private static final CIntFormat INT_INFO = CIntFormat.of(" int_info %llx");
    private static final CIntFormat INT_INFO_ERR = CIntFormat.of(" int_info_err %llx");

    /**
     * tep_print_num_field: the field's value through {@code fmt}; when the field is missing or not a
     * 1/2/4/8-byte number, {@code CAN'T FIND FIELD "name"} (only with {@code err}) and false.
     */
    private boolean numField(RawEvent e, EventKinds.Kind k, FieldFormat f, String name, CIntFormat fmt, boolean err) {
        if (missing(f, name, err)) {
            return false;
        }
        fmt.append(line, k.read(e, f));
        return true;
    }

    /** tep_print_num_field's test: the field is absent or not a 1/2/4/8-byte number; its message only with err. */
    private boolean missing(FieldFormat f, String name, boolean err) {
        if (f != null && EventKinds.readable(f)) {
            return false;
        }
        if (err) {
            line.append("CAN'T FIND FIELD \"");
            line.append(name);
            line.append((byte) '"');
        }
        return true;
    }

    // ---------------------------------------------------------------- plugin_tlb, plugin_futex

    private static final String[] TLB_REASONS = {"flush on task switch", "remote shootdown", "local shootdown",
        "local mm shootdown"};

    /** plugin_tlb: {@code pages=%ld reason=<name> (%lld)}, no name for a reason it does not know. */
    private boolean tlbFlush(RawEvent e, EventKinds.Kind k) {
        line.append("pages=");
        numField(e, k, k.f1, "pages", PAGES, true);
        long reason = val(e, k, k.f2, "reason", true);
        if (failed) {
            return false;
        }
        line.append(" reason=");
        if (reason >= 0 && reason < TLB_REASONS.length) {
            line.append(TLB_REASONS[(int) reason]);
        }
        line.append(" (");
        line.appendSigned(reason);
        line.append((byte) ')');
        return true;
    }

    private static final String[] FUTEX_OPS = {"FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE",
        "FUTEX_CMP_REQUEUE", "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI",
        "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI", "FUTEX_CMP_REQUEUE_PI"};
    private static final CIntFormat HEX8 = CIntFormat.of("0x%08llx");
    /** Per operation, which of val, utime (val2), uaddr2, val3 it prints: 0 none, 1 decimal, 2 hex. */
    private static final byte[][] FUTEX_ARGS = {
        {2, 2, 0, 0}, {1, 0, 0, 0}, {1, 0, 0, 0}, {1, 1, 2, 0}, {1, 1, 2, 2}, {1, 1, 2, 2}, {0, 2, 0, 0},
        {0, 0, 0, 0}, {0, 0, 0, 0}, {2, 2, 0, 2}, {1, 0, 0, 2}, {2, 2, 2, 2}, {1, 1, 2, 2},
    };
    private static final String[][] FUTEX_NAMES = {
        {" val=", " utime=", null, null}, {" val=", " val2=", " uaddr2=", " val3="},
    };

    /** plugin_futex on syscalls:sys_enter_futex: {@code op=NAME|FLAGS uaddr=... val=...} by operation. */
    private boolean futex(RawEvent e, EventKinds.Kind k) {
        long uaddr = val(e, k, k.f1, "uaddr", true);
        if (failed) {
            return false;
        }
        long op = val(e, k, k.f2, "op", true);
        if (failed) {
            return false;
        }
        long[] args = futexArgs;
        FieldFormat[] fields = {k.f3, k.f4, k.f5, k.f6};
        String[] names = {"val", "utime", "uaddr2", "val3"};
        for (int i = 0; i < 4; i++) {
            args[i] = val(e, k, fields[i], names[i], true);
            if (failed) {
                return false;
            }
        }
        long cmd = op & ~(128L | 256L);
        if (cmd < 0 || cmd >= FUTEX_OPS.length) {
            return false;
        }
        line.append("op=");
        line.append(FUTEX_OPS[(int) cmd]);
        if ((op & 128) != 0) {
            line.append("|FUTEX_PRIVATE_FLAG");
        }
        if ((op & 256) != 0) {
            line.append("|FUTEX_CLOCK_REALTIME");
        }
        line.append(" uaddr=");
        HEX8.append(line, uaddr);
        byte[] how = FUTEX_ARGS[(int) cmd];
        for (int i = 0; i < 4; i++) {
            if (how[i] == 0) {
                continue;
            }
            // the utime slot is "utime" when printed in hex, "val2" in decimal
            line.append(i == 1 ? (how[i] == 2 ? " utime=" : " val2=") : FUTEX_NAMES[1][i]);
            if (how[i] == 2) {
                HEX8.append(line, args[i]);
            } else {
                line.appendUnsigned(args[i]);
            }
        }
        return true;
    }

    private final long[] futexArgs = new long[4];

    // ---------------------------------------------------------------- plugin_kvm

    private static final String[] VMX_REASONS = new String[65];
    private static final String[] SVM_REASONS = new String[0x403];

    static {
        String[] vmx = {"0 EXCEPTION_NMI", "1 EXTERNAL_INTERRUPT", "2 TRIPLE_FAULT", "7 PENDING_INTERRUPT",
            "8 NMI_WINDOW", "9 TASK_SWITCH", "10 CPUID", "12 HLT", "13 INVD", "14 INVLPG", "15 RDPMC", "16 RDTSC",
            "18 VMCALL", "19 VMCLEAR", "20 VMLAUNCH", "21 VMPTRLD", "22 VMPTRST", "23 VMREAD", "24 VMRESUME",
            "25 VMWRITE", "26 VMOFF", "27 VMON", "28 CR_ACCESS", "29 DR_ACCESS", "30 IO_INSTRUCTION", "31 MSR_READ",
            "32 MSR_WRITE", "36 MWAIT_INSTRUCTION", "39 MONITOR_INSTRUCTION", "40 PAUSE_INSTRUCTION",
            "41 MCE_DURING_VMENTRY", "43 TPR_BELOW_THRESHOLD", "44 APIC_ACCESS", "45 EOI_INDUCED", "48 EPT_VIOLATION",
            "49 EPT_MISCONFIG", "50 INVEPT", "52 PREEMPTION_TIMER", "54 WBINVD", "55 XSETBV", "56 APIC_WRITE",
            "58 INVPCID", "62 PML_FULL", "63 XSAVES", "64 XRSTORS"};
        for (String r : vmx) {
            int sp = r.indexOf(' ');
            VMX_REASONS[Integer.parseInt(r.substring(0, sp))] = r.substring(sp + 1);
        }
        String[] svm = {"READ_CR0", "0", "READ_CR3", "3", "READ_CR4", "4", "READ_CR8", "8", "WRITE_CR0", "10",
            "WRITE_CR3", "13", "WRITE_CR4", "14", "WRITE_CR8", "18", "READ_DR0", "20", "READ_DR1", "21", "READ_DR2",
            "22", "READ_DR3", "23", "READ_DR4", "24", "READ_DR5", "25", "READ_DR6", "26", "READ_DR7", "27",
            "WRITE_DR0", "30", "WRITE_DR1", "31", "WRITE_DR2", "32", "WRITE_DR3", "33", "WRITE_DR4", "34",
            "WRITE_DR5", "35", "WRITE_DR6", "36", "WRITE_DR7", "37", "EXCP_DE", "40", "EXCP_DB", "41", "EXCP_BP",
            "43", "EXCP_OF", "44", "EXCP_BR", "45", "EXCP_UD", "46", "EXCP_NM", "47", "EXCP_DF", "48", "EXCP_TS",
            "4a", "EXCP_NP", "4b", "EXCP_SS", "4c", "EXCP_GP", "4d", "EXCP_PF", "4e", "EXCP_MF", "50", "EXCP_AC",
            "51", "EXCP_MC", "52", "EXCP_XF", "53", "INTR", "60", "NMI", "61", "SMI", "62", "INIT", "63", "VINTR",
            "64", "CR0_SEL_WRITE", "65", "IDTR_READ", "66", "GDTR_READ", "67", "LDTR_READ", "68", "TR_READ", "69",
            "IDTR_WRITE", "6a", "GDTR_WRITE", "6b", "LDTR_WRITE", "6c", "TR_WRITE", "6d", "RDTSC", "6e", "RDPMC",
            "6f", "PUSHF", "70", "POPF", "71", "CPUID", "72", "RSM", "73", "IRET", "74", "SWINT", "75", "INVD",
            "76", "PAUSE", "77", "HLT", "78", "INVLPG", "79", "INVLPGA", "7a", "IOIO", "7b", "MSR", "7c",
            "TASK_SWITCH", "7d", "FERR_FREEZE", "7e", "SHUTDOWN", "7f", "VMRUN", "80", "VMMCALL", "81", "VMLOAD",
            "82", "VMSAVE", "83", "STGI", "84", "CLGI", "85", "SKINIT", "86", "RDTSCP", "87", "ICEBP", "88",
            "WBINVD", "89", "MONITOR", "8a", "MWAIT", "8b", "MWAIT_COND", "8c", "XSETBV", "8d", "NPF", "400",
            "AVIC_INCOMPLETE_IPI", "401", "AVIC_UNACCELERATED_ACCESS", "402"};
        for (int i = 0; i < svm.length; i += 2) {
            SVM_REASONS[Integer.parseInt(svm[i + 1], 16)] = "EXIT_" + svm[i];
        }
    }

    /** find_exit_reason: the name of exit reason {@code val} (compared as an int) for isa 1 (VMX) or 2 (SVM). */
    private static String exitReason(long isa, int val) {
        int i = (int) isa;
        if (i == 1) {
            return val >= 0 && val < VMX_REASONS.length ? VMX_REASONS[val] : null;
        }
        if (i == 2) {
            if (val == -1) {
                return "EXIT_ERR";
            }
            return val >= 0 && val < SVM_REASONS.length ? SVM_REASONS[val] : null;
        }
        return "UNKNOWN-ISA";
    }

    /** print_exit_reason: {@code reason NAME} or {@code reason UNKNOWN (%llu)}; false when the field is unreadable. */
    private boolean exitReason(RawEvent e, EventKinds.Kind k, FieldFormat f, String name) {
        long v = val(e, k, f, name, true);
        if (failed) {
            return false;
        }
        long isa = val(e, k, isaField(k), "isa", false);
        if (failed) {
            isa = 1;
        }
        String reason = exitReason(isa, (int) v);
        if (reason != null) {
            line.append("reason ");
            line.append(reason);
        } else {
            line.append("reason UNKNOWN (");
            line.appendUnsigned(v);
            line.append((byte) ')');
        }
        return true;
    }

    private static FieldFormat isaField(EventKinds.Kind k) {
        return k.kind == EventKinds.KVM_EXIT ? k.f2 : k.f3;
    }

    /** kvm_exit: the exit reason, {@code  rip 0x%llx}, and {@code  info %llx %llx} when both fields exist. */
    private boolean kvmExit(RawEvent e, EventKinds.Kind k) {
        if (!exitReason(e, k, k.f1, "exit_reason")) {
            return false;
        }
        long rip = val(e, k, k.f3, "guest_rip", true);
        if (failed) {
            return false;
        }
        line.append(" rip 0x");
        line.appendHex(rip);
        long info1 = val(e, k, k.f4, "info1", false);
        boolean haveInfo = !failed;
        long info2 = val(e, k, k.f5, "info2", false);
        if (haveInfo && !failed) {
            line.append(" info ");
            line.appendHex(info1);
            line.append((byte) ' ');
            line.appendHex(info2);
        }
        return true;
    }

    /** kvm_entry: {@code  vcpu %u rip 0x%llx}. */
    private boolean kvmEntry(RawEvent e, EventKinds.Kind k) {
        numField(e, k, k.f1, "vcpu_id", VCPU, true);
        long rip = val(e, k, k.f2, "rip", true);
        if (failed) {
            return false;
        }
        line.append(" rip 0x");
        line.appendHex(rip);
        return true;
    }

    /**
     * The last text of plugin_kvm's disassemble(): libtraceevent's plugin is built without udis86 and
     * prints the instruction bytes into a static buffer, which keeps the previous bytes when the length
     * is not positive.
     */
    private String lastInstruction = "";

    /** kvm_emulate_insn: {@code csbase:rip: <instruction bytes>}, {@code  FAIL} when it failed. */
    private boolean kvmEmulateInsn(RawEvent e, EventKinds.Kind k) {
        long rip = val(e, k, k.f1, "rip", true);
        if (failed) {
            return false;
        }
        long csbase = val(e, k, k.f2, "csbase", true);
        if (failed) {
            return false;
        }
        long len = val(e, k, k.f3, "len", true);
        if (failed) {
            return false;
        }
        val(e, k, k.f4, "flags", true);
        if (failed) {
            return false;
        }
        long fail = val(e, k, k.f5, "failed", true);
        if (failed) {
            return false;
        }
        FieldFormat insn = k.f6;
        if (insn == null) {
            line.append("<CANT FIND FIELD insn>");
            return false;
        }
        int n = (int) len;
        if (n > 0) {
            int at = insn.offset;
            if (insn.dynamic) {
                long loc = k.readAt(e, insn.offset, insn.size);
                at = (int) (loc & 0xffff) + (insn.relative ? insn.offset + insn.size : 0);
            }
            StringBuilder b = new StringBuilder(n * 3);
            for (int i = 0; i < Math.min(n, 4096); i++) {
                if (i > 0) {
                    b.append(' ');
                }
                int v = (int) k.readAt(e, at + i, 1);
                b.append(Character.forDigit(v >> 4, 16)).append(Character.forDigit(v & 15, 16));
            }
            lastInstruction = b.toString();
        }
        line.appendHex(csbase);
        line.append((byte) ':');
        line.appendHex(rip);
        line.append(": ");
        line.append(lastInstruction);
        if (fail != 0) {
            line.append(" FAIL");
        }
        return true;
    }

    /** kvm_nested_vmexit: {@code  rip %llx}, then what kvm_nested_vmexit_inject prints. */
    private boolean kvmNestedVmexit(RawEvent e, EventKinds.Kind k) {
        long rip = val(e, k, k.f1, "rip", true);
        if (failed) {
            return false;
        }
        line.append(" rip ");
        line.appendHex(rip);
        return kvmNestedVmexitInject(e, k);
    }

    /** kvm_nested_vmexit_inject: the exit reason of exit_code and the four exit infos. */
    private boolean kvmNestedVmexitInject(RawEvent e, EventKinds.Kind k) {
        if (!exitReason(e, k, k.f2, "exit_code")) {
            return false;
        }
        numField(e, k, k.f4, "exit_info1", INFO1, true);
        numField(e, k, k.f5, "exit_info2", INFO2, true);
        numField(e, k, k.f6, "exit_int_info", INT_INFO, true);
        numField(e, k, k.f7, "exit_int_info_err", INT_INFO_ERR, true);
        return true;
    }

    private static final String[] ACCESS = {"---", "--x", "w--", "w-x", "-u-", "-ux", "wu-", "wux"};

    /** kvm_mmu_get_page: {@code new }/{@code existing }, {@code sp gfn %llx }, then the page role. */
    private boolean kvmMmuGetPage(RawEvent e, EventKinds.Kind k) {
        long created = val(e, k, k.f1, "created", true);
        if (failed) {
            return false;
        }
        line.append(created != 0 ? "new " : "existing ");
        long gfn = val(e, k, k.f2, "gfn", true);
        if (failed) {
            return false;
        }
        line.append("sp gfn ");
        line.appendHex(gfn);
        line.append((byte) ' ');
        return kvmMmuRole(e, k);
    }

    /**
     * kvm_mmu_print_role: the bit fields of union kvm_mmu_page_role (as an x86 host lays them out; a
     * big-endian trace gets {@code WORD: %08x}), the root count, then {@code sync}/{@code unsync} and a
     * NUL byte (the plugin prints it with %c: the report line ends there).
     */
    private boolean kvmMmuRole(RawEvent e, EventKinds.Kind k) {
        long v = val(e, k, k.f3, "role", true);
        if (failed) {
            return false;
        }
        int w = (int) v;
        if (!k.bigEndian) { // plugin_kvm uses the union only when the file has the host's byte order (x86)
            line.appendUnsigned(w & 0xf);
            line.append(" q");
            line.appendUnsigned((w >> 5) & 3);
            line.append((w & 0x80) != 0 ? " direct" : "");
            line.append((byte) ' ');
            line.append(ACCESS[(w >> 8) & 7]);
            line.append((w & 0x800) != 0 ? " invalid" : "");
            line.append((byte) ' ');
            line.append((w & 0x10) != 0 ? "" : "!");
            line.append("pae ");
            line.append((w & 0x1000) != 0 ? "" : "!");
            line.append("nxe ");
            line.append((w & 0x2000) != 0 ? "" : "!");
            line.append("wp");
            line.append((w & 0x4000) != 0 ? " smep" : "");
            line.append((w & 0x8000) != 0 ? " smap" : "");
            line.append((w >>> 24) != 0 ? " smm" : "");
        } else {
            line.append("WORD: ");
            line.appendHex(w & 0xffffffffL, 8);
        }
        numField(e, k, k.f4, "root_count", ROOT, true);
        long unsync = val(e, k, k.f5, "unsync", true);
        if (failed) {
            return false;
        }
        line.append(unsync != 0 ? "unsync" : "sync");
        line.append((byte) 0);
        return true;
    }

    // ---------------------------------------------------------------- plugin_mac80211

    private static final CIntFormat VIF_TYPE = CIntFormat.of("(%d)");
    /** The SF/SFX lines of drv_bss_info_changed: field index in {@link EventKinds#BSS_FIELDS}, its format. */
    private static final CIntFormat[] BSS_FORMATS = new CIntFormat[EventKinds.BSS_FIELDS.length];

    static {
        for (int i = 3; i < EventKinds.BSS_FIELDS.length; i++) {
            String f = EventKinds.BSS_FIELDS[i];
            boolean hex = f.equals("assoc_cap") || f.equals("basic_rates");
            BSS_FORMATS[i] = CIntFormat.of(f + (hex ? ":%#x" : ":%d"));
        }
    }

    /** plugin_mac80211's drv_bss_info_changed: wiphy and vif names, then the BSS fields on indented lines. */
    private void mac80211BssInfoChanged(RawEvent e, EventKinds.Kind k) {
        FieldFormat[] f = k.named;
        bssString(e, k, f[0], "wiphy_name");
        line.append(" vif:");
        bssString(e, k, f[1], "vif_name");
        numField(e, k, f[2], "vif_type", VIF_TYPE, true);
        // SF(x) and a blank each; a new line indented 65 columns before bcnint and ht_operation_mode
        for (int i = 3; i < f.length; i++) {
            if (i == 3 || i == 9 || i == 13) {
                line.append((byte) '\n');
                line.spaces(65);
            }
            numField(e, k, f[i], EventKinds.BSS_FIELDS[i], BSS_FORMATS[i], false);
            if (i != 12 && i != 13) {
                line.append((byte) ' ');
            }
        }
    }

    /** plugin_mac80211's print_string: {@code %.*s} of the field, a __data_loc's length from its locator. */
    private void bssString(RawEvent e, EventKinds.Kind k, FieldFormat f, String name) {
        if (f == null) {
            line.append("NOTFOUND:");
            line.append(name);
            return;
        }
        int offset = f.offset;
        long length = f.size;
        if (f.dynamic && !f.relative) {
            if (!EventKinds.readable(f)) {
                line.append("invalid_data_loc");
                return;
            }
            long v = k.read(e, f);
            offset = (int) (v & 0xffff);
            length = v >>> 16;
        }
        // %.*s: up to length bytes (int; a negative precision reads to the NUL) and not past a NUL
        int max = (int) length;
        int from = e.offset + offset;
        int end = e.offset + e.length;
        for (int i = 0; (max < 0 || i < max) && from + i < end; i++) {
            byte b = e.data[from + i];
            if (b == 0) {
                break;
            }
            line.append(b);
        }
    }
}
