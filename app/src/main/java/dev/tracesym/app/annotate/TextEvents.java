package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.json.EventRecord;
import dev.tracesym.formats.text.Interner;
import dev.tracesym.formats.text.SymbolRefs;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns trace text into events for the structured writers (JSON Lines, Perfetto): an event line
 * and the stack or callchain frames after it become one {@link EventRecord}, with the fields the
 * text carries and one symbol entry per symbol text, named for the event's time the same way
 * {@link TextAnnotator} names it. The record handed to the sink is reused for the next event.
 */
public final class TextEvents {
    /** Receives each finished event. */
    @FunctionalInterface
    public interface Sink {
        void accept(EventRecord event) throws IOException;
    }

    private static final String[] CALLER_KEYS = new String[64];
    private static final String[] ARG_KEYS = new String[16];

    static {
        for (int i = 0; i < CALLER_KEYS.length; i++) {
            CALLER_KEYS[i] = "caller[" + i + "]";
        }
        for (int i = 0; i < ARG_KEYS.length; i++) {
            ARG_KEYS[i] = "arg[" + i + "]";
        }
    }

    private final SymbolNamer namer;
    private final NameIndex index;
    private final TraceEventListener listener;
    private TextEvidence evidence;

    private final EventRecord rec = new EventRecord();
    private boolean open;
    private long[] callers = new long[64];
    private int callerCount;
    private boolean callersComplete;
    /** Per CPU: the task function_graph lines without a task column run in (from its switch lines). */
    private String[] cpuComm = new String[16];
    private int[] cpuPid = new int[16];

    public TextEvents(SymbolNamer namer, NameIndex index, TraceEventListener listener) {
        this.namer = Objects.requireNonNull(namer, "namer");
        this.index = index != null ? index : NameIndex.NONE;
        this.listener = listener != null ? listener : TraceEventListener.NONE;
        Arrays.fill(cpuPid, -1);
    }

    /**
     * Compares the text's own names of kernel-image addresses with the symbols' on the way
     * ({@link TextEvidence}), stopping with {@link TextEvidence.Refused} at the line that shows
     * they do not fit.
     */
    public TextEvents checkedBy(TextEvidence evidence) {
        this.evidence = evidence;
        return this;
    }

    /** Reads all of {@code in}, handing each event to {@code sink}; returns the number of events. */
    public long run(TextTraceReader in, Sink sink) throws IOException {
        SymbolLookup lookup = new SymbolLookup(namer, index, in.names(), evidence);
        ListenerFeed feed = new ListenerFeed(listener);
        Interner names = in.names();
        TextLine line = new TextLine();
        long lastTs = 0;
        long events = 0;
        open = false;
        while (true) {
            try {
                if (!in.next(line)) {
                    break;
                }
            } catch (IOException damaged) {
                flush(sink); // the event read before the damage is written, then the error
                throw damaged;
            }
            long ts = line.hasTs ? line.ts : lastTs;
            if (line.hasTs) {
                lastTs = line.ts;
            }
            if (evidence != null) {
                evidence.check();     // the previous line showed the symbols do not fit: stop before it is written
            }
            feed.feed(line, ts);
            switch (line.kind) {
                case TextLine.EVENT:
                    events += flush(sink);
                    start(line, ts, names, lookup);
                    symbols(line, ts, lookup, names);
                    break;
                case TextLine.FRAME:
                    if (open) {
                        symbols(line, rec.ts, lookup, names);
                    }
                    break;
                case TextLine.TASK_SWITCH:
                    events += flush(sink);
                    if (line.cpu >= 0) {
                        ensureCpu(line.cpu);
                        cpuComm[line.cpu] = line.nextComm;
                        cpuPid[line.cpu] = line.nextPid;
                    }
                    break;
                default:
                    events += flush(sink);
            }
        }
        if (evidence != null) {
            evidence.decide();
            evidence.check();
        }
        events += flush(sink);
        return events;
    }

    private int flush(Sink sink) throws IOException {
        if (!open) {
            return 0;
        }
        open = false;
        if (callerCount > 0 && callersComplete) {
            rec.addAddressList("caller", callers, callerCount);
        }
        sink.accept(rec);
        return 1;
    }

    private void ensureCpu(int cpu) {
        if (cpu >= cpuPid.length) {
            int n = Math.max(cpu + 1, cpuPid.length * 2);
            cpuComm = Arrays.copyOf(cpuComm, n);
            int old = cpuPid.length;
            cpuPid = Arrays.copyOf(cpuPid, n);
            Arrays.fill(cpuPid, old, n, -1);
        }
    }

    private void start(TextLine line, long ts, Interner names, SymbolLookup lookup) {
        EventRecord e = rec;
        e.clear();
        open = true;
        callerCount = 0;
        callersComplete = true;
        e.ts = ts;
        e.cpu = line.cpu;
        e.pid = line.pid;
        e.tgid = line.tgid;
        e.comm = line.comm;
        if (e.pid < 0 && line.cpu >= 0 && line.cpu < cpuPid.length && cpuPid[line.cpu] >= 0) {
            e.pid = cpuPid[line.cpu];
            e.comm = cpuComm[line.cpu];
        }
        e.event = line.event;
        e.system = line.system != null ? line.system : EventSystems.of(line.event);
        e.buffer = line.buffer;
        switch (line.graph) {
            case TextLine.GRAPH_ENTRY:
                e.phase = line.durationNs >= 0 ? EventRecord.COMPLETE : EventRecord.BEGIN;
                break;
            case TextLine.GRAPH_LEAF:
                e.phase = EventRecord.COMPLETE;
                break;
            case TextLine.GRAPH_EXIT:
                e.phase = EventRecord.END;
                break;
            default:
                e.phase = EventRecord.INSTANT;
        }
        e.durationNs = line.durationNs;
        if (line.graph != TextLine.GRAPH_NONE && line.graph != TextLine.GRAPH_COMMENT) {
            if (line.depth >= 0) {
                e.addInt("depth", line.depth);
            }
            if (line.durationNs >= 0) {
                e.addInt("duration", line.durationNs);
            }
            return;
        }
        fields(line, names, lookup);
    }

    /** The fields the text carries: {@code key=value} pairs, or the message of print-like events. */
    private void fields(TextLine line, Interner names, SymbolLookup lookup) {
        EventRecord e = rec;
        int s = line.payloadStart;
        int end = line.payloadEnd;
        if (s < 0) {
            return;
        }
        byte[] b = line.buf;
        if (line.messageStart >= 0) {
            e.addText("buf", b, line.messageStart, end - line.messageStart);
            return;
        }
        if ("kernel_stack".equals(line.event) || "user_stack".equals(line.event)) {
            if (line.indexOf(s, end, "=") < 0) {
                return; // "<stack trace>": the frames follow
            }
        }
        if ("module_load".equals(line.event) || "module_free".equals(line.event)) {
            String m = ListenerFeed.moduleName(line);
            if (m != null && line.indexOf(s, end, "=") < 0) {
                e.addString("name", m);
                return;
            }
        }
        // text before the first "key=" (a probe's "(addr)", trace-cmd's plugin output) is the message
        int first = s == end ? -1 : (isKeyAt(b, s, end) ? s : nextField(b, s, end));
        if (first == end) {
            first = -1;
        } else if (first > s) {
            first++;
        }
        int msgEnd = first < 0 ? end : trimEnd(b, s, first);
        if (msgEnd > s) {
            e.addText("msg", b, s, msgEnd - s);
        }
        int i = first < 0 ? end : first;
        while (i < end) {
            while (i < end && b[i] == ' ') {
                i++;
            }
            int k = i;
            while (k < end && isIdent(b[k])) {
                k++;
            }
            if (k == i || k >= end || b[k] != '=') {
                break;
            }
            int v = k + 1;
            int ve = nextField(b, v, end);
            String key = names.intern(b, i, k);
            if ("caller".equals(key) && line.equalsAt(v, Math.min(ve, v + 6), "ARRAY[")) {
                stackArray(line, b, v + 6, ve, lookup);
            } else {
                value(e, key, b, v, Math.max(v, trimEnd(b, v, ve)));
            }
            i = ve;
        }
    }

    private static boolean isKeyAt(byte[] b, int i, int end) {
        int k = i;
        while (k < end && isIdent(b[k])) {
            k++;
        }
        return k > i && k < end && b[k] == '=';
    }

    /**
     * trace-cmd -R prints a stack's {@code caller} as its raw bytes, {@code ARRAY[bb, b7, ...]}:
     * 8 little-endian bytes per frame, {@code size} frames. Those are addresses with no symbol
     * text, named here for the structured output only.
     */
    private void stackArray(TextLine line, byte[] b, int s, int end, SymbolLookup lookup) {
        long frames = -1;
        for (int f = 0; f < rec.fieldCount(); f++) {
            if ("size".equals(rec.fieldKey(f))) {
                frames = rec.fieldNumber(f);
            }
        }
        long value = 0;
        int bytes = 0;
        int n = 0;
        int i = s;
        while (i < end && (frames < 0 || n < frames)) {
            int d1 = Character.digit(b[i], 16);
            int d2 = i + 1 < end ? Character.digit(b[i + 1], 16) : -1;
            if (d1 < 0 || d2 < 0) {
                break;
            }
            value |= (long) (d1 << 4 | d2) << (8 * bytes);
            i += 2;
            if (++bytes == 8) {
                if (callerCount == callers.length) {
                    callers = Arrays.copyOf(callers, callerCount * 2);
                }
                callers[callerCount++] = value;
                String key = n < CALLER_KEYS.length ? CALLER_KEYS[n] : "caller[" + n + "]";
                lookup.address(rec.ts, value);
                copy(lookup.symbol, rec.addSymbol(key, value, true));
                n++;
                value = 0;
                bytes = 0;
            }
            while (i < end && (b[i] == ',' || b[i] == ' ')) {
                i++;
            }
        }
    }

    /** Where the next {@code " key="} starts after {@code v}, or {@code end}. */
    private static int nextField(byte[] b, int v, int end) {
        for (int j = v; j < end; j++) {
            if (b[j] == ' ') {
                int k = j + 1;
                while (k < end && isIdent(b[k])) {
                    k++;
                }
                if (k > j + 1 && k < end && b[k] == '=') {
                    return j;
                }
            }
        }
        return end;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && b[e - 1] == ' ') {
            e--;
        }
        return e;
    }

    private static boolean isIdent(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Decimal integers become numbers, {@code 0x} values numbers or (beyond 2^53) address strings, the rest strings. */
    private static void value(EventRecord e, String key, byte[] b, int s, int t) {
        int i = s;
        boolean neg = i < t && b[i] == '-';
        if (neg) {
            i++;
        }
        if (i < t && t - i <= 18) {
            long v = 0;
            int k = i;
            while (k < t && b[k] >= '0' && b[k] <= '9') {
                v = v * 10 + (b[k] - '0');
                k++;
            }
            if (k == t && k > i && !(t - i > 1 && b[i] == '0')) {
                e.addInt(key, neg ? -v : v);
                return;
            }
        }
        if (!neg && t - s > 2 && t - s <= 18 && b[s] == '0' && b[s + 1] == 'x') {
            long v = 0;
            int k = s + 2;
            while (k < t && Character.digit(b[k], 16) >= 0) {
                v = (v << 4) | Character.digit(b[k], 16);
                k++;
            }
            if (k == t) {
                if (Long.compareUnsigned(v, 1L << 53) > 0) {
                    e.addAddress(key, v);
                } else {
                    e.addInt(key, v);
                }
                return;
            }
        }
        e.addText(key, b, s, t - s);
    }

    /** One symbol entry per symbol text, keyed as the contract asks; function events name their slice. */
    private void symbols(TextLine line, long ts, SymbolLookup lookup, Interner names) {
        SymbolRefs r = line.syms;
        EventRecord e = rec;
        byte[] b = line.buf;
        if (line.kind == TextLine.FRAME && r.count == 0 && line.frame >= 0) {
            callersComplete = false; // a frame we could not read (user space, "??")
        }
        for (int i = 0; i < r.count; i++) {
            String key;
            switch (r.role[i]) {
                case SymbolRefs.ROLE_IP:
                    key = "ip";
                    break;
                case SymbolRefs.ROLE_PARENT:
                    key = "parent_ip";
                    break;
                case SymbolRefs.ROLE_FUNC:
                    key = "func";
                    break;
                case SymbolRefs.ROLE_FRAME:
                    key = r.frame[i] < CALLER_KEYS.length ? CALLER_KEYS[r.frame[i]] : "caller[" + r.frame[i] + "]";
                    break;
                case SymbolRefs.ROLE_FIELD:
                    key = names.intern(b, r.keyStart[i], r.keyEnd[i]);
                    break;
                default:
                    key = r.frame[i] < ARG_KEYS.length ? ARG_KEYS[r.frame[i]] : "arg[" + r.frame[i] + "]";
            }
            boolean hasAddr = r.has(i, SymbolRefs.HAS_ADDR);
            int outcome = lookup.lookup(line, i, ts);
            if (r.has(i, SymbolRefs.VALUE_ONLY) && lookup.symbol.name == null) {
                continue; // a plain value that is no symbol's address
            }
            ResolvedSymbol s = e.addSymbol(key, r.addr[i], hasAddr);
            copy(lookup.symbol, s);
            if (outcome == SymbolLookup.MARK || lookup.uncertain != null && outcome == SymbolLookup.KEEP) {
                e.markUncertain(lookup.uncertain);
            }
            byte role = r.role[i];
            if (role == SymbolRefs.ROLE_FRAME) {
                if (hasAddr) {
                    if (callerCount == callers.length) {
                        callers = Arrays.copyOf(callers, callerCount * 2);
                    }
                    callers[callerCount++] = r.addr[i];
                } else {
                    callersComplete = false;
                }
            } else if (role == SymbolRefs.ROLE_IP || role == SymbolRefs.ROLE_PARENT || role == SymbolRefs.ROLE_FUNC) {
                if (hasAddr) {
                    e.addAddress(key, r.addr[i]);
                } else {
                    e.addText(key, b, r.nameStart[i], r.nameEnd[i] - r.nameStart[i]);
                }
            }
            if ((role == SymbolRefs.ROLE_FUNC || role == SymbolRefs.ROLE_IP && "function".equals(line.event))
                    && e.sliceName == null) {
                e.sliceName = sliceName(s, line, i);
            }
        }
    }

    private static String sliceName(ResolvedSymbol s, TextLine line, int i) {
        if (s.name == null) {
            return line.text(line.syms.nameStart[i], line.syms.nameEnd[i]);
        }
        return s.displayName();
    }

    private static void copy(ResolvedSymbol from, ResolvedSymbol to) {
        to.name = from.name;
        to.offset = from.offset;
        to.size = from.size;
        to.trueSize = from.trueSize;
        to.gap = from.gap;
        to.module = from.module;
        to.modules = from.modules;
        to.builtin = from.builtin;
        to.object = from.object;
        to.objectSuffix = from.objectSuffix;
        to.duplicate = from.duplicate;
        to.unknown = from.unknown;
    }
}
