package dev.tracesym.app.pipeline;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.PrintkFormats;
import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.json.EventRecord;
import dev.tracesym.formats.report.CommTable;
import dev.tracesym.formats.report.ReportInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the records of a {@code .dat} into {@link EventRecord}s for the structured writers: the
 * event's own fields by their format names (integers as numbers, kernel addresses as addresses,
 * {@code char} arrays as text, other arrays as lists), and one symbol entry per kernel-address
 * field, named as of the record's time: fields printed with {@code %ps}/{@code %pS} by the print fmt
 * ({@code ip}, {@code parent_ip}, {@code call_site}, {@code function}, {@code func}, kprobe
 * {@code __probe_ip}, preemptirq {@code caller_offs} relative to {@code _stext}, ...), every frame of a
 * {@code kernel_stack} ({@code caller[0]}, ...) and the {@code %ps}/{@code %pS} arguments of a
 * {@code trace_printk} ({@code arg[N]}). The comm is the one {@code trace-cmd report} shows.
 * The record is reused; the plain path allocates nothing per event.
 */
final class RecordDecoder {
    private static final byte INT = 0;
    private static final byte UINT = 1;
    private static final byte ADDR = 2;
    private static final byte STRING = 3;
    private static final byte LIST = 4;
    /** A field holding an address relative to {@code _stext} (a number in {@code fields}). */
    private static final byte OFFSET = 5;
    /** Written by its own handler (the frames of a stack). */
    private static final byte SKIP = 6;

    private static final byte PLAIN = 0;
    private static final byte STACK = 1;
    private static final byte GRAPH_ENTRY = 2;
    private static final byte GRAPH_EXIT = 3;
    private static final byte PRINTK = 4;
    private static final byte FUNCTION = 5;

    private static final String[] CALLER_KEYS = keys("caller[", 512);
    private static final String[] ARG_KEYS = keys("arg[", 64);

    private final EventFormats formats;
    private final boolean bigEndian;
    private final int longSize;
    private final SymbolizerNamer namer;
    private final String[] buffers;
    private final CommTable comms;
    private final boolean registerComms;
    private final boolean sliceNames;
    private final Layout[] layouts = new Layout[65536];
    private final boolean[] known = new boolean[65536];
    private final long stext;

    // comm strings per pid, valid while the comm table is unchanged
    private static final int COMM_CACHE = 4096;
    private final int[] commPid = new int[COMM_CACHE];
    private final String[] commText = new String[COMM_CACHE];
    private int commVersion = -1;

    private long[] callers = new long[64];
    private final RecordingNamer recorder;
    private final EventPrinter printer;
    private final PrintkFormats printk;
    private final StringBuilder info = new StringBuilder(256);

    /**
     * @param input the trace's formats, printk formats and saved cmdlines
     * @param bufferNames buffer names by {@code RawEvent#buffer}, "" for the top-level buffer
     * @param namer names the addresses
     * @param noPlugins trace-cmd's {@code -N}: comms of sched events are not learnt (as trace-cmd report -N)
     * @param sliceNames whether to set {@link EventRecord#sliceName} (timeline writers)
     */
    RecordDecoder(ReportInput input, List<String> bufferNames, SymbolizerNamer namer, boolean noPlugins, boolean sliceNames) {
        this.formats = input.formats();
        this.bigEndian = formats.bigEndian();
        this.longSize = formats.longSize();
        this.namer = namer;
        this.buffers = bufferNames.toArray(new String[0]);
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = buffers[i] == null ? "" : buffers[i].intern();
        }
        this.comms = CommTable.parseSavedCmdlines(input.savedCmdlines());
        this.registerComms = !noPlugins;
        this.sliceNames = sliceNames;
        this.stext = namer.addressOf("_stext");
        this.recorder = new RecordingNamer(namer);
        this.printk = input.printk();
        this.printer = new EventPrinter(formats, printk, recorder);
    }

    private static String[] keys(String prefix, int n) {
        String[] k = new String[n];
        for (int i = 0; i < n; i++) {
            k[i] = prefix + i + "]";
        }
        return k;
    }

    /** How one event type's records are decoded, worked out once per event id. */
    private static final class Layout {
        EventFormat format;
        byte kind;
        FieldFormat pid;
        FieldFormat[] fields;
        byte[] fieldKind;
        /** Per field: index into the symbol list when the field is a kernel address, else -1. */
        int[] symbolOf;
        /** Fields named as symbols, in order; {@code stext} marks offsets from {@code _stext}. */
        FieldFormat[] symField;
        boolean[] symStext;
        FieldFormat caller;
        FieldFormat depth, rettime, calltime, func;
        FieldFormat printkFmt;
        /** sched_switch / sched_wakeup: pid and comm fields trace-cmd's plugin learns comms from. */
        FieldFormat[] commPid;
        FieldFormat[] commField;
    }

    private Layout layout(int id) {
        if (id < 0 || id >= layouts.length) {
            return null;
        }
        if (!known[id]) {
            EventFormat f = formats.byId(id);
            layouts[id] = f == null ? null : build(f);
            known[id] = true;
        }
        return layouts[id];
    }

    private Layout build(EventFormat f) {
        Layout l = new Layout();
        l.format = f;
        l.pid = f.field("common_pid");
        List<PrintFmtSymbols.FieldRef> refs = PrintFmtSymbols.fields(f.printFmt);
        boolean ftrace = f.system.equals("ftrace");
        if (ftrace && f.name.equals("kernel_stack")) {
            l.kind = STACK;
            l.caller = f.field("caller");
        } else if (ftrace && f.name.equals("funcgraph_entry")) {
            l.kind = GRAPH_ENTRY;
        } else if (ftrace && f.name.equals("funcgraph_exit")) {
            l.kind = GRAPH_EXIT;
        } else if (ftrace && (f.name.equals("bprint") || f.name.equals("bputs"))) {
            l.kind = PRINTK;
            l.printkFmt = f.name.equals("bprint") ? f.field("fmt") : null;
        } else if (ftrace && f.name.equals("function")) {
            l.kind = FUNCTION;
        }
        l.func = f.field("func");
        l.depth = f.field("depth");
        l.rettime = f.field("rettime");
        l.calltime = f.field("calltime");
        List<FieldFormat> symFields = new ArrayList<>();
        List<Boolean> stextFlags = new ArrayList<>();
        for (PrintFmtSymbols.FieldRef r : refs) {
            FieldFormat ff = own(f, r.field());
            if (ff == null || ff == l.caller || (ff.arrayLength >= 0 && !r.stextRelative())) {
                continue;
            }
            symFields.add(ff);
            stextFlags.add(r.stextRelative());
        }
        l.symField = symFields.toArray(new FieldFormat[0]);
        l.symStext = new boolean[l.symField.length];
        for (int i = 0; i < l.symStext.length; i++) {
            l.symStext[i] = stextFlags.get(i);
        }
        l.fields = f.fields;
        l.fieldKind = new byte[f.fields.length];
        l.symbolOf = new int[f.fields.length];
        for (int i = 0; i < f.fields.length; i++) {
            FieldFormat ff = f.fields[i];
            int s = symFields.indexOf(ff);
            l.symbolOf[i] = s;
            if (ff == l.caller) {
                l.fieldKind[i] = SKIP;
            } else if (s >= 0) {
                l.fieldKind[i] = l.symStext[s] ? OFFSET : ADDR;
            } else if (ff.arrayLength >= 0) {
                l.fieldKind[i] = ff.type.contains("char") ? STRING : LIST;
            } else if (ff.type.contains("*")) {
                l.fieldKind[i] = ADDR;
            } else {
                l.fieldKind[i] = ff.signed ? INT : UINT;
            }
        }
        if (f.system.equals("sched") && f.name.equals("sched_switch")) {
            l.commPid = new FieldFormat[] {own(f, "prev_pid"), own(f, "next_pid")};
            l.commField = new FieldFormat[] {own(f, "prev_comm"), own(f, "next_comm")};
        } else if (f.system.equals("sched") && (f.name.equals("sched_wakeup") || f.name.equals("sched_wakeup_new"))) {
            l.commPid = new FieldFormat[] {own(f, "pid")};
            l.commField = new FieldFormat[] {own(f, "comm")};
        }
        return l;
    }

    private static FieldFormat own(EventFormat f, String name) {
        for (FieldFormat x : f.fields) {
            if (x.name.equals(name)) {
                return x;
            }
        }
        return null;
    }

    /** Fills {@code r} from {@code e}; false when the record's event id is not defined by the trace. */
    boolean decode(RawEvent e, EventRecord r) {
        r.clear();
        r.ts = e.ts;
        r.cpu = e.cpu;
        r.buffer = e.buffer >= 0 && e.buffer < buffers.length ? buffers[e.buffer] : "";
        Layout l = layout(formats.typeOf(e));
        if (l == null) {
            r.event = "unknown";
            r.system = "";
            r.comm = "";
            return false;
        }
        int pid = l.pid == null ? -1 : (int) EventFields.signed(e, l.pid, bigEndian);
        r.pid = pid;
        r.event = l.format.name;
        r.system = l.format.system;
        if (l.commPid != null && registerComms) {
            learnComms(e, l);
        }
        r.comm = comm(pid);
        FieldFormat[] fs = l.fields;
        for (int i = 0; i < fs.length; i++) {
            field(e, r, fs[i], l.fieldKind[i]);
        }
        for (int i = 0; i < l.symField.length; i++) {
            long a = EventFields.unsigned(e, l.symField[i], bigEndian);
            if (l.symStext[i]) {
                a = stext + EventFields.signed(e, l.symField[i], bigEndian);
            }
            symbol(r, l.symField[i].name, e.ts, a);
        }
        switch (l.kind) {
            case STACK -> stack(e, r, l);
            case GRAPH_ENTRY -> {
                r.phase = EventRecord.BEGIN;
                if (sliceNames && l.func != null) {
                    r.sliceName = display(e.ts, EventFields.unsigned(e, l.func, bigEndian));
                }
            }
            case GRAPH_EXIT -> {
                r.phase = EventRecord.END;
                if (l.rettime != null && l.calltime != null) {
                    r.durationNs = EventFields.unsigned(e, l.rettime, bigEndian) - EventFields.unsigned(e, l.calltime, bigEndian);
                }
                if (sliceNames && l.func != null) {
                    r.sliceName = display(e.ts, EventFields.unsigned(e, l.func, bigEndian));
                }
            }
            case PRINTK -> printk(e, r, l);
            case FUNCTION -> {
                if (sliceNames && l.symField.length > 0) {
                    r.sliceName = display(e.ts, EventFields.unsigned(e, l.symField[0], bigEndian));
                }
            }
            default -> {
            }
        }
        return true;
    }

    private void field(RawEvent e, EventRecord r, FieldFormat f, byte kind) {
        switch (kind) {
            case ADDR -> r.addAddress(f.name, EventFields.unsigned(e, f, bigEndian));
            case UINT -> {
                long v = EventFields.unsigned(e, f, bigEndian);
                if (v < 0) {
                    r.addAddress(f.name, v); // above 2^63: only the hex form keeps it unsigned
                } else {
                    r.addInt(f.name, v);
                }
            }
            case INT, OFFSET -> r.addInt(f.name, EventFields.signed(e, f, bigEndian));
            case STRING -> string(e, r, f);
            case LIST -> list(e, r, f);
            default -> {
            }
        }
    }

    /** A {@code char} array up to its NUL, as UTF-8 text straight from the record. */
    private void string(RawEvent e, EventRecord r, FieldFormat f) {
        int start;
        int end;
        if (f.dynamic) {
            int len = EventFields.dynamicLength(e, f, bigEndian);
            start = EventFields.dynamicOffset(e, f, bigEndian);
            end = len == 0 ? start : Math.min(start + len, e.offset + e.length);
        } else {
            start = e.offset + f.offset;
            end = f.size == 0 ? e.offset + e.length : Math.min(start + f.size, e.offset + e.length);
        }
        int nul = start;
        while (nul < end && e.data[nul] != 0) {
            nul++;
        }
        r.addText(f.name, e.data, start, Math.max(0, nul - start));
    }

    /** Any other array: its elements, as a list of numbers in hex. */
    private void list(RawEvent e, EventRecord r, FieldFormat f) {
        int es = f.elementSize > 0 ? f.elementSize : 1;
        int bytes;
        if (f.dynamic) {
            bytes = EventFields.dynamicLength(e, f, bigEndian);
        } else if (f.arrayLength > 0) {
            bytes = f.size;
        } else {
            bytes = Math.max(0, e.length - f.offset);
        }
        int n = Math.max(0, Math.min(bytes, e.length) / es);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = EventFields.element(e, f, i, bigEndian);
        }
        r.addAddressList(f.name, values, n);
    }

    /** The frames of a kernel_stack record, up to the end of the record or the ULONG_MAX terminator. */
    private void stack(RawEvent e, EventRecord r, Layout l) {
        FieldFormat c = l.caller;
        if (c == null) {
            return;
        }
        int n = 0;
        for (int p = c.offset; p + longSize <= e.length; p += longSize) {
            long a = EventFields.element(e, c, n, bigEndian);
            if ((longSize == 8 && a == -1L) || (longSize == 4 && a == 0xffffffffL)) {
                break;
            }
            if (n == callers.length) {
                callers = Arrays.copyOf(callers, n * 2);
            }
            callers[n++] = a;
        }
        r.addAddressList("caller", callers, n);
        for (int i = 0; i < n && i < CALLER_KEYS.length; i++) {
            symbol(r, CALLER_KEYS[i], e.ts, callers[i]);
        }
    }

    /** bprint / bputs: the rendered message, and the {@code %ps}/{@code %pS} arguments as {@code arg[N]}. */
    private void printk(RawEvent e, EventRecord r, Layout l) {
        info.setLength(0);
        recorder.start();
        printer.printInfo(info, e, l.format);
        // the info is "<ip>: <message>"; the ip is the first symbol the printer asked for
        int colon = info.indexOf(": ");
        String msg = colon >= 0 ? info.substring(colon + 2) : info.toString();
        r.addString("msg", msg.endsWith("\n") ? msg.substring(0, msg.length() - 1) : msg);
        if (l.printkFmt == null || recorder.count <= 1) {
            return;
        }
        String fmt = printk.at(EventFields.unsigned(e, l.printkFmt, bigEndian));
        if (fmt == null) {
            return;
        }
        int[] positions = PrintFmtSymbols.symbolArguments(fmt);
        for (int i = 1; i < recorder.count && i - 1 < positions.length; i++) {
            int n = positions[i - 1];
            symbol(r, n < ARG_KEYS.length ? ARG_KEYS[n] : "arg[" + n + "]", e.ts, recorder.addr[i]);
        }
    }

    private void symbol(EventRecord r, String key, long ts, long addr) {
        ResolvedSymbol s = r.addSymbol(key, addr, true);
        int c = namer.symbolCode(ts, addr);
        if (c < 0) {
            s.unknown = SymbolizerNamer.reason(c);
        } else {
            namer.fill(c, addr, s);
        }
    }

    private String display(long ts, long addr) {
        int c = namer.symbolCode(ts, addr);
        return c < 0 ? "0x" + Long.toHexString(addr) : namer.display(c);
    }

    private void learnComms(RawEvent e, Layout l) {
        for (int i = 0; i < l.commPid.length; i++) {
            FieldFormat p = l.commPid[i];
            FieldFormat c = l.commField[i];
            if (p == null || c == null) {
                continue;
            }
            int pid = (int) EventFields.signed(e, p, bigEndian);
            int from = e.offset + c.offset;
            int limit = Math.min(from + c.size, Math.min(e.data.length, e.offset + e.length));
            int end = from;
            while (end < limit && e.data[end] != 0) {
                end++;
            }
            comms.register(e.data, from, end - from, pid);
        }
    }

    private String comm(int pid) {
        if (commVersion != comms.version()) {
            Arrays.fill(commText, null);
        }
        int slot = pid & (COMM_CACHE - 1);
        String s = commText[slot];
        if (s != null && commPid[slot] == pid) {
            return s;
        }
        byte[] b = comms.find(pid);
        commVersion = comms.version(); // a lookup may sort the table
        s = new String(b, StandardCharsets.UTF_8);
        commPid[slot] = pid;
        commText[slot] = s;
        return s;
    }

    /**
     * A namer for the print-fmt renderer that remembers the addresses it was asked for, in order: for
     * bprint the first is the event's ip, the others the symbol arguments of the format.
     */
    private static final class RecordingNamer implements SymbolNamer {
        private final SymbolizerNamer namer;
        long[] addr = new long[16];
        int count;

        RecordingNamer(SymbolizerNamer namer) {
            this.namer = namer;
        }

        void start() {
            count = 0;
        }

        @Override
        public boolean append(StringBuilder out, long ts, long a, int style) {
            if (count == addr.length) {
                addr = Arrays.copyOf(addr, count * 2);
            }
            addr[count++] = a;
            return namer.append(out, ts, a, style);
        }

        @Override
        public boolean resolve(long ts, long a, ResolvedSymbol out) {
            return namer.resolve(ts, a, out);
        }

        @Override
        public long addressOf(String name) {
            return namer.addressOf(name);
        }
    }
}
