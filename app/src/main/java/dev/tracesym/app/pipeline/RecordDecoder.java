package dev.tracesym.app.pipeline;

import dev.tracesym.app.pipeline.RecordSink.BufferName;
import dev.tracesym.app.pipeline.RecordSink.EventName;
import dev.tracesym.app.pipeline.RecordSink.Key;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the records of a {@code .dat} apart for the structured writers: the event's own fields by
 * their format names (integers as numbers, kernel addresses as addresses, {@code char} arrays as text,
 * other arrays as lists), then one symbol entry per kernel-address field, named as of the record's
 * time: the fields the print fmt prints with {@code %ps}/{@code %pS} ({@code ip}, {@code parent_ip},
 * {@code call_site}, {@code function}, {@code func}, kprobe {@code __probe_ip}, preemptirq
 * {@code caller_offs} relative to {@code _stext}, ...), every frame of a {@code kernel_stack}
 * ({@code caller[0]}, ...) and the {@code %ps}/{@code %pS} arguments of a {@code trace_printk}
 * ({@code arg[N]}, with the rendered message as the extra field {@code msg}). The comm is the one
 * {@code trace-cmd report} shows. Nothing is allocated per record on the plain path.
 */
final class RecordDecoder {
    private static final byte INT = 0;
    private static final byte UINT = 1;
    private static final byte ADDR = 2;
    private static final byte STRING = 3;
    private static final byte LIST = 4;
    /** Written by its own handler (the frames of a stack). */
    private static final byte SKIP = 5;

    private static final byte PLAIN = 0;
    private static final byte STACK = 1;
    private static final byte GRAPH_ENTRY = 2;
    private static final byte GRAPH_EXIT = 3;
    private static final byte PRINTK = 4;
    private static final byte FUNCTION = 5;

    private static final Key[] CALLER_KEYS = keys("caller[", 512);
    private static final Key[] ARG_KEYS = keys("arg[", 64);
    private static final Key CALLER = Key.of("caller");
    private static final Key MSG = Key.of("msg");
    private static final EventName UNKNOWN_EVENT = EventName.of("unknown", "");

    private final EventFormats formats;
    private final boolean bigEndian;
    private final int longSize;
    private final SymbolizerNamer namer;
    private final BufferName[] buffers;
    private final CommTable comms;
    private final boolean registerComms;
    private final Layout[] layouts = new Layout[65536];
    private final boolean[] known = new boolean[65536];
    private final long stext;
    private final boolean slices;

    // comm strings per pid, valid while the comm table is unchanged
    private static final int COMM_CACHE = 4096;
    private final int[] commPid = new int[COMM_CACHE];
    private final String[] commText = new String[COMM_CACHE];
    private int commVersion = -1;

    private long[] callers = new long[64];
    private long[] values = new long[64];
    private final RecordingNamer recorder;
    private final EventPrinter printer;
    private final PrintkFormats printk;
    private final StringBuilder info = new StringBuilder(256);

    /**
     * @param input the trace's formats, printk formats and saved cmdlines
     * @param bufferNames buffer names by {@code RawEvent#buffer}, "" for the top-level buffer
     * @param namer names the addresses
     * @param noPlugins trace-cmd's {@code -N}: comms of sched events are not learnt (as trace-cmd report -N)
     * @param slices whether the sink wants {@link RecordSink#slice} (timeline writers)
     */
    RecordDecoder(ReportInput input, List<String> bufferNames, SymbolizerNamer namer, boolean noPlugins, boolean slices) {
        this.slices = slices;
        this.formats = input.formats();
        this.bigEndian = formats.bigEndian();
        this.longSize = formats.longSize();
        this.namer = namer;
        this.buffers = new BufferName[bufferNames.size()];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = BufferName.of(bufferNames.get(i) == null ? "" : bufferNames.get(i));
        }
        this.comms = CommTable.parseSavedCmdlines(input.savedCmdlines());
        this.registerComms = !noPlugins;
        this.stext = namer.addressOf("_stext");
        this.recorder = new RecordingNamer(namer);
        this.printk = input.printk();
        this.printer = new EventPrinter(formats, printk, recorder);
    }

    private static Key[] keys(String prefix, int n) {
        Key[] k = new Key[n];
        for (int i = 0; i < n; i++) {
            k[i] = Key.of(prefix + i + "]");
        }
        return k;
    }

    /** How one event type's records are taken apart, worked out once per event id. */
    private static final class Layout {
        EventFormat format;
        EventName name;
        byte kind;
        FieldFormat pid;
        FieldFormat[] fields;
        Key[] fieldKey;
        byte[] fieldKind;
        /** Fields named as symbols, in order; {@code symStext} marks offsets from {@code _stext}. */
        FieldFormat[] symField;
        Key[] symKey;
        boolean[] symStext;
        FieldFormat caller;
        FieldFormat rettime;
        FieldFormat calltime;
        FieldFormat func;
        FieldFormat printkFmt;
        /** Exactly two fields, both addresses named in field order (the function event): a shortcut. */
        boolean pair;
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
        Map<String, FieldFormat> own = ownFields(f);
        Layout l = new Layout();
        l.format = f;
        l.name = EventName.of(f.name, f.system);
        l.pid = f.field("common_pid");
        boolean ftrace = f.system.equals("ftrace");
        if (ftrace && f.name.equals("kernel_stack")) {
            l.kind = STACK;
            l.caller = own.get("caller");
        } else if (ftrace && f.name.equals("funcgraph_entry")) {
            l.kind = GRAPH_ENTRY;
        } else if (ftrace && f.name.equals("funcgraph_exit")) {
            l.kind = GRAPH_EXIT;
        } else if (ftrace && (f.name.equals("bprint") || f.name.equals("bputs"))) {
            l.kind = PRINTK;
            l.printkFmt = f.name.equals("bprint") ? own.get("fmt") : null;
        } else if (ftrace && f.name.equals("function")) {
            l.kind = FUNCTION;
        }
        l.func = own.get("func");
        l.rettime = own.get("rettime");
        l.calltime = own.get("calltime");
        List<FieldFormat> symFields = new ArrayList<>();
        List<Boolean> stextFlags = new ArrayList<>();
        // each field's place among symFields; a field printed twice is named once (the first way)
        Map<FieldFormat, Integer> symIndex = new IdentityHashMap<>();
        for (PrintFmtSymbols.FieldRef r : PrintFmtSymbols.fields(f.printFmt)) {
            FieldFormat ff = own.get(r.field());
            if (ff == null || ff == l.caller || (ff.arrayLength >= 0 && !r.stextRelative()) || symIndex.containsKey(ff)) {
                continue;
            }
            symIndex.put(ff, symFields.size());
            symFields.add(ff);
            stextFlags.add(r.stextRelative());
        }
        l.symField = symFields.toArray(new FieldFormat[0]);
        l.symKey = new Key[l.symField.length];
        l.symStext = new boolean[l.symField.length];
        for (int i = 0; i < l.symField.length; i++) {
            l.symKey[i] = Key.of(l.symField[i].name);
            l.symStext[i] = stextFlags.get(i);
        }
        l.fields = f.fields;
        l.fieldKey = new Key[f.fields.length];
        l.fieldKind = new byte[f.fields.length];
        Set<String> names = new HashSet<>();
        for (int i = 0; i < f.fields.length; i++) {
            FieldFormat ff = f.fields[i];
            Integer s = symIndex.get(ff);
            l.fieldKey[i] = Key.of(ff.name);
            if (ff == l.caller || !names.add(ff.name)) {
                // a format naming two fields alike (only a damaged or hand-made one does): the first counts
                l.fieldKind[i] = SKIP;
            } else if (s != null) {
                l.fieldKind[i] = l.symStext[s] ? INT : ADDR;
            } else if (ff.arrayLength >= 0) {
                l.fieldKind[i] = ff.type.contains("char") ? STRING : LIST;
            } else if (ff.type.contains("*")) {
                l.fieldKind[i] = ADDR;
            } else {
                l.fieldKind[i] = ff.signed ? INT : UINT;
            }
        }
        l.pair = l.kind == FUNCTION && f.fields.length == 2 && l.symField.length == 2 && l.symField[0] == f.fields[0]
                && l.symField[1] == f.fields[1] && !l.symStext[0] && !l.symStext[1];
        if (f.system.equals("sched") && f.name.equals("sched_switch")) {
            l.commPid = new FieldFormat[] {own.get("prev_pid"), own.get("next_pid")};
            l.commField = new FieldFormat[] {own.get("prev_comm"), own.get("next_comm")};
        } else if (f.system.equals("sched") && (f.name.equals("sched_wakeup") || f.name.equals("sched_wakeup_new"))) {
            l.commPid = new FieldFormat[] {own.get("pid")};
            l.commField = new FieldFormat[] {own.get("comm")};
        }
        return l;
    }

    /** The format's own fields by name, the first of a name where two share it (looked up once per reference, not scanned). */
    private static Map<String, FieldFormat> ownFields(EventFormat f) {
        Map<String, FieldFormat> m = new HashMap<>();
        for (FieldFormat x : f.fields) {
            m.putIfAbsent(x.name, x);
        }
        return m;
    }

    /** Puts {@code e} into {@code sink}: header, fields, symbols, timeline facts, end. */
    void decode(RawEvent e, RecordSink sink) throws IOException {
        BufferName buffer = e.buffer >= 0 && e.buffer < buffers.length ? buffers[e.buffer] : buffers[0];
        namer.buffer(e.buffer);     // a previous boot's buffer has its addresses named apart
        Layout l = layout(formats.typeOf(e));
        if (l == null) {
            sink.begin(e.ts, e.cpu, -1, "", UNKNOWN_EVENT, buffer);
            sink.end();
            return;
        }
        int pid = l.pid == null ? -1 : (int) EventFields.signed(e, l.pid, bigEndian);
        if (l.commPid != null && registerComms) {
            learnComms(e, l);
        }
        sink.begin(e.ts, e.cpu, pid, comm(pid), l.name, buffer);
        if (l.pair) {
            long a = EventFields.unsigned(e, l.fields[0], bigEndian);
            long b = EventFields.unsigned(e, l.fields[1], bigEndian);
            int ca = namer.symbolCode(e.ts, a);
            int cb = namer.symbolCode(e.ts, b);
            if (!sink.reuse(a, b, ca, cb)) {
                sink.address(l.fieldKey[0], a);
                sink.address(l.fieldKey[1], b);
                sink.symbol(l.symKey[0], a, ca);
                sink.symbol(l.symKey[1], b, cb);
            }
            if (slices) { // a function event is an instant named after its function (symField[0] is fields[0])
                sink.slice(EventRecord.INSTANT, -1, a, ca);
            }
            sink.end();
            return;
        }
        FieldFormat[] fs = l.fields;
        for (int i = 0; i < fs.length; i++) {
            field(e, sink, fs[i], l.fieldKey[i], l.fieldKind[i]);
        }
        int frames = l.kind == STACK ? frames(e, l) : 0;
        if (l.kind == STACK) {
            sink.addresses(CALLER, callers, frames);
        } else if (l.kind == PRINTK) {
            message(e, sink, l);
        }
        for (int i = 0; i < l.symField.length; i++) {
            long a = l.symStext[i] ? stext + EventFields.signed(e, l.symField[i], bigEndian)
                    : EventFields.unsigned(e, l.symField[i], bigEndian);
            sink.symbol(l.symKey[i], a, namer.symbolCode(e.ts, a));
        }
        switch (slices || l.kind == STACK || l.kind == PRINTK ? l.kind : PLAIN) {
            case STACK -> {
                for (int i = 0; i < frames && i < CALLER_KEYS.length; i++) {
                    sink.symbol(CALLER_KEYS[i], callers[i], namer.symbolCode(e.ts, callers[i]));
                }
            }
            case PRINTK -> printkArguments(e, sink, l);
            case GRAPH_ENTRY -> slice(e, sink, l, EventRecord.BEGIN, -1);
            case GRAPH_EXIT -> {
                long d = l.rettime != null && l.calltime != null
                        ? EventFields.unsigned(e, l.rettime, bigEndian) - EventFields.unsigned(e, l.calltime, bigEndian) : -1;
                slice(e, sink, l, EventRecord.END, d);
            }
            case FUNCTION -> {
                if (l.symField.length > 0) {
                    long a = EventFields.unsigned(e, l.symField[0], bigEndian);
                    sink.slice(EventRecord.INSTANT, -1, a, namer.symbolCode(e.ts, a));
                }
            }
            default -> {
            }
        }
        sink.end();
    }

    private void slice(RawEvent e, RecordSink sink, Layout l, byte phase, long duration) {
        if (l.func == null) {
            sink.slice(phase, duration, 0, RecordSink.NO_FUNCTION);
            return;
        }
        long a = EventFields.unsigned(e, l.func, bigEndian);
        sink.slice(phase, duration, a, namer.symbolCode(e.ts, a));
    }

    private void field(RawEvent e, RecordSink sink, FieldFormat f, Key k, byte kind) {
        switch (kind) {
            case ADDR -> sink.address(k, EventFields.unsigned(e, f, bigEndian));
            case UINT -> {
                long v = EventFields.unsigned(e, f, bigEndian);
                if (v < 0) {
                    sink.address(k, v); // above 2^63: only the hex form keeps it unsigned
                } else {
                    sink.integer(k, v);
                }
            }
            case INT -> sink.integer(k, EventFields.signed(e, f, bigEndian));
            case STRING -> string(e, sink, f, k);
            case LIST -> list(e, sink, f, k);
            default -> {
            }
        }
    }

    /** A {@code char} array up to its NUL, as UTF-8 text straight from the record. */
    private void string(RawEvent e, RecordSink sink, FieldFormat f, Key k) {
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
        sink.text(k, e.data, start, Math.max(0, nul - start));
    }

    /** Any other array: its elements, as a list of numbers in hex. */
    private void list(RawEvent e, RecordSink sink, FieldFormat f, Key k) {
        int es = elementSize(f);
        int start;
        int bytes;
        if (f.dynamic) {
            start = EventFields.dynamicOffset(e, f, bigEndian) - e.offset;
            bytes = EventFields.dynamicLength(e, f, bigEndian);
        } else {
            start = f.offset;
            bytes = f.arrayLength > 0 ? f.size : e.length - f.offset;
        }
        bytes = Math.max(0, Math.min(bytes, e.length - start));
        int n = bytes / es;
        if (n > values.length) {
            values = new long[Math.max(n, values.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            values[i] = number(e.data, e.offset + start + i * es, es);
        }
        sink.addresses(k, values, n);
    }

    /** Size of one element of an array field; {@code u32 buf[]} has no size in its format line. */
    private int elementSize(FieldFormat f) {
        if (f.elementSize == 1 || f.elementSize == 2 || f.elementSize == 4 || f.elementSize == 8) {
            return f.elementSize;
        }
        String t = f.type;
        if (t.endsWith("64") || t.contains("long long")) {
            return 8;
        }
        if (t.contains("long") || t.contains("*")) {
            return longSize;
        }
        if (t.endsWith("32") || t.endsWith("int")) {
            return 4;
        }
        if (t.endsWith("16") || t.contains("short")) {
            return 2;
        }
        return 1;
    }

    private long number(byte[] d, int p, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            long b = d[p + (bigEndian ? i : size - 1 - i)] & 0xffL;
            v = (v << 8) | b;
        }
        return v;
    }

    /** The frames of a kernel_stack record into {@link #callers}, up to the end of the record or the ULONG_MAX terminator. */
    private int frames(RawEvent e, Layout l) {
        FieldFormat c = l.caller;
        if (c == null) {
            return 0;
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
        return n;
    }

    /** bprint / bputs: the message as the report renders it, without the leading {@code ip: }. */
    private void message(RawEvent e, RecordSink sink, Layout l) {
        info.setLength(0);
        recorder.start();
        printer.printInfo(info, e, l.format);
        int colon = info.indexOf(": ");
        int end = info.length() > 0 && info.charAt(info.length() - 1) == '\n' ? info.length() - 1 : info.length();
        int from = colon >= 0 ? Math.min(colon + 2, end) : 0;
        sink.string(MSG, info.substring(from, end));
    }

    /** The {@code %ps}/{@code %pS} arguments of a bprint, as {@code arg[N]} by their place in the format. */
    private void printkArguments(RawEvent e, RecordSink sink, Layout l) {
        if (l.printkFmt == null || recorder.count <= 1) {
            return;
        }
        String fmt = printk.at(EventFields.unsigned(e, l.printkFmt, bigEndian));
        if (fmt == null) {
            return;
        }
        int[] positions = PrintFmtSymbols.symbolArguments(fmt);
        // the printer asked for the event's ip first, then for each symbol argument in order
        for (int i = 1; i < recorder.count && i - 1 < positions.length; i++) {
            int n = positions[i - 1];
            long a = recorder.addr[i];
            sink.symbol(n < ARG_KEYS.length ? ARG_KEYS[n] : Key.of("arg[" + n + "]"), a, namer.symbolCode(e.ts, a));
        }
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
