package dev.tracesym.app.pipeline;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.json.EventRecord;
import dev.tracesym.formats.json.FirstKeys;
import dev.tracesym.formats.json.PerfettoWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Writes records as Chrome / Perfetto trace-event JSON, byte for byte what the formats module's
 * {@link PerfettoWriter} writes for the same records, but straight from the decoder's parts into one
 * byte buffer (as {@link JsonLineEncoder} does for JSON Lines): a symbol's text, a function's slice
 * name and the fields and symbols of a function event are rendered once and then copied, and the
 * threads are found without boxing. The slices stay balanced per thread as {@link PerfettoWriter} keeps them.
 *
 * <p>An instant event is three texts made once and a time: {@code ,{"ph":"i",..,"ts":} per name and
 * event, the µs time, {@code ,"pid":P,"tid":T,"args":{"cpu":N} per thread and CPU, and the fields
 * and symbols with the closing braces (per address pair for function events).
 */
final class PerfettoEncoder implements RecordSink {
    private static final int FLUSH_AT = 1 << 18;
    private static final int CACHE_BITS = 14;

    private final BlockWriter out;
    private final SymbolizerNamer namer;
    private final ResolvedSymbol scratch = new ResolvedSymbol();
    /** The output; a record is written into it whole at its {@link #end}. */
    private final JsonBytes text = new JsonBytes(FLUSH_AT + (1 << 16));
    /** The current record's args after its cpu and buffer: its fields, then its symbols. */
    private final JsonBytes args = new JsonBytes(1 << 12);
    private final JsonBytes syms = new JsonBytes(1 << 12);
    private boolean first = true;
    private final MicrosText times = new MicrosText();

    // the current record
    private long ts;
    private int cpu;
    private int tid;
    private String comm;
    private EventName event;
    private BufferName buffer;
    private byte phase;
    private long durationNs;
    private byte[] sliceName;
    private int fields;
    private int symbols;
    /** The current record's field and symbol names so far: a repeated one keeps its first value (linear in them). */
    private final FirstKeys fieldKeys = new FirstKeys();
    private final FirstKeys symbolKeys = new FirstKeys();
    /** The pair slot to fill at the end (-1: none), or the args were copied from one. */
    private int pairSlot = -1;
    private boolean argsDone;
    /** The fields and symbols of the current record, when copied from an earlier one; else null. */
    private byte[] reused;
    /** {@code ,"pid":P,"tid":T} of the current record's thread, or null. */
    private byte[] ids;

    // the threads: every one in the map (its order decides the order of the slices closed at the end),
    // the recent ones by tid without boxing
    private final Map<Integer, ThreadState> threads = new HashMap<>();
    private final Map<Integer, String> processes = new HashMap<>();
    private final ThreadState[] recent = new ThreadState[1 << 12];
    private boolean finished;

    // texts rendered once
    private final SymbolTexts symbolTexts = new SymbolTexts();
    private final int[] nameCode = new int[1 << CACHE_BITS];
    private final byte[][] nameJson = new byte[1 << CACHE_BITS][];
    private final PairCache pairs = new PairCache();
    private final Map<EventName, byte[][]> eventJson = new IdentityHashMap<>();
    private EventName lastEvent;
    private byte[][] lastEventJson;

    /** Per thread: open B slices and the last time seen, for closing them at the end. */
    private static final class ThreadState {
        final int tid;
        int pid;
        String name;
        int open;
        long lastTs;
        /** Its process has its process_name already. */
        boolean processNamed;
        /** {@code ,"pid":P,"tid":T} of its events, made once. */
        byte[] ids;
        /** {@code ,"pid":P,"tid":T,"args":{"cpu":N} by CPU, made once. */
        byte[][] idsCpu;

        ThreadState(int tid) {
            this.tid = tid;
        }
    }

    /** Writes to {@code out} from a background thread; {@link #finish()} ends the output. */
    PerfettoEncoder(OutputStream out, SymbolizerNamer namer) {
        this.out = new BlockWriter(out, text.buf.length);
        this.namer = namer;
        text.put(HEAD);
    }

    private static final byte[] HEAD = JsonBytes.ascii("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    private static final byte[] TAIL = JsonBytes.ascii("]}");
    // the heads of events start with their separator (the first event's leaves it out) and end with ,"ts":
    private static final byte[] PH_I = JsonBytes.ascii(",{\"ph\":\"i\",\"s\":\"t\",\"name\":");
    private static final byte[] PH_B = JsonBytes.ascii(",{\"ph\":\"B\",\"name\":");
    private static final byte[] PH_X = JsonBytes.ascii(",{\"ph\":\"X\",\"name\":");
    private static final byte[] PH_E_TS = JsonBytes.ascii(",{\"ph\":\"E\",\"ts\":");
    private static final byte[] END_ARGS = JsonBytes.ascii("}}");
    private static final byte[] PH_M = JsonBytes.ascii("{\"ph\":\"M\",\"name\":");
    private static final byte[] CAT = JsonBytes.ascii(",\"cat\":");
    private static final byte[] CAT_GRAPH = JsonBytes.ascii(",\"cat\":\"function_graph\"");
    private static final byte[] TS = JsonBytes.ascii(",\"ts\":");
    private static final byte[] PID = JsonBytes.ascii(",\"pid\":");
    private static final byte[] TID = JsonBytes.ascii(",\"tid\":");
    private static final byte[] DUR = JsonBytes.ascii(",\"dur\":");
    private static final byte[] ARGS_CPU = JsonBytes.ascii(",\"args\":{\"cpu\":");
    private static final byte[] FIELDS = JsonBytes.ascii(",\"fields\":{");
    private static final byte[] SYMS = JsonBytes.ascii(",\"syms\":{");
    private static final byte[] THREAD_NAME = JsonBytes.ascii("\"thread_name\"");
    private static final byte[] PROCESS_NAME = JsonBytes.ascii("\"process_name\"");
    private static final byte[] ARGS_NAME = JsonBytes.ascii(",\"args\":{\"name\":");
    private static final byte[] EVENT = JsonBytes.ascii("\"event\"");
    private static final byte[] CALL = JsonBytes.ascii("\"call\"");

    @Override
    public void begin(long ts, int cpu, int pid, String comm, EventName event, BufferName buffer) {
        this.ts = ts;
        this.cpu = cpu;
        this.tid = pid;
        this.comm = comm;
        this.event = event;
        this.buffer = buffer;
        phase = EventRecord.INSTANT;
        durationNs = -1;
        sliceName = null;
        fields = 0;
        symbols = 0;
        fieldKeys.clear();
        symbolKeys.clear();
        pairSlot = -1;
        argsDone = false;
        reused = null;
        ids = null;
        args.len = 0;
        syms.len = 0;
    }

    @Override
    public boolean reuse(long a, long b, int codeA, int codeB) {
        byte[] j = pairs.find(a, b, codeA, codeB);
        if (j != null) {
            reused = j;
            argsDone = true;
            return true;
        }
        pairSlot = pairs.slot;
        return false;
    }

    /** Starts a field; false when a field of that name came before (the first one counts). */
    private boolean fieldKey(Key k) {
        if (!fieldKeys.first(k.name())) {
            return false;
        }
        args.ensure(FIELDS.length + k.json().length);
        if (fields++ == 0) {
            args.put(FIELDS);
        } else {
            args.put((byte) ',');
        }
        args.put(k.json());
        return true;
    }

    @Override
    public void integer(Key k, long v) {
        if (fieldKey(k)) {
            args.ensure(32);
            args.safeNumber(v);
        }
    }

    @Override
    public void address(Key k, long v) {
        if (fieldKey(k)) {
            args.ensure(32);
            args.hexString(v);
        }
    }

    @Override
    public void text(Key k, byte[] b, int off, int n) {
        if (fieldKey(k)) {
            args.text(b, off, n);
        }
    }

    @Override
    public void string(Key k, String s) {
        if (fieldKey(k)) {
            args.string(s);
        }
    }

    @Override
    public void addresses(Key k, long[] a, int n) {
        if (fieldKey(k)) {
            args.ensure(2 + 21 * n);
            args.hexList(a, n);
        }
    }

    @Override
    public void symbol(Key k, long addr, int code) {
        if (!symbolKeys.first(k.name())) {
            return;
        }
        byte[] j = symbolTexts.find(addr, code);
        if (j == null) {
            j = symbolJson(addr, code);
            symbolTexts.keep(addr, code, j);
        }
        syms.ensure(SYMS.length + k.json().length + j.length);
        if (symbols++ == 0) {
            syms.put(SYMS);
        } else {
            syms.put((byte) ',');
        }
        syms.put(k.json());
        syms.put(j);
    }

    /** A symbol's text as {@link PerfettoWriter} shows it, quoted. */
    private byte[] symbolJson(long addr, int code) {
        if (code < 0) {
            return args.quoted("?" + SymbolizerNamer.reason(code));
        }
        ResolvedSymbol s = scratch;
        s.clear();
        namer.fill(code, addr, s);
        return args.quoted(s.name != null ? PerfettoWriter.symbolText(s) : "?" + (s.unknown != null ? s.unknown : "no-symbols"));
    }

    @Override
    public void slice(byte phase, long durationNs, long funcAddr, int code) {
        this.phase = phase;
        this.durationNs = durationNs;
        if (code == NO_FUNCTION) {
            return;
        }
        if (code < 0) {
            sliceName = args.quoted("0x" + Long.toHexString(funcAddr));
            return;
        }
        int slot = code & ((1 << CACHE_BITS) - 1);
        byte[] j = nameJson[slot];
        if (j == null || nameCode[slot] != code) {
            j = args.quoted(namer.display(code));
            nameJson[slot] = j;
            nameCode[slot] = code;
        }
        sliceName = j;
    }

    @Override
    public void end() throws IOException {
        if (!argsDone) {
            args.ensure(2 + syms.len);
            if (fields > 0) {
                args.put((byte) '}');
            }
            if (symbols > 0) {
                System.arraycopy(syms.buf, 0, args.buf, args.len, syms.len);
                args.len += syms.len;
                args.put((byte) '}');
            }
            args.ensure(END_ARGS.length);
            args.put(END_ARGS); // the args' and the event's
            if (pairSlot >= 0) {
                pairs.keep(pairSlot, Arrays.copyOf(args.buf, args.len));
            }
        }
        int pid = tid; // the decoder gives no thread group: each thread is its own process, as PerfettoWriter has it
        ThreadState t = thread(tid, pid, comm);
        if (t.ids == null) {
            int mark = text.len;
            text.ensure(PID.length + TID.length + 24);
            text.put(PID);
            text.number(pid);
            text.put(TID);
            text.number(tid);
            t.ids = text.cut(mark);
        }
        ids = t.ids;
        if (ts > t.lastTs) {
            t.lastTs = ts;
        }
        switch (phase) {
            case EventRecord.BEGIN -> {
                slice(PH_B, slicesB, ts, -1);
                t.open++;
            }
            case EventRecord.END -> {
                if (t.open > 0) {
                    t.open--;
                    closeSlice(pid, tid, ts);
                } else if (durationNs >= 0) {
                    slice(PH_X, slicesX, ts - durationNs, durationNs);
                }
            }
            case EventRecord.COMPLETE -> {
                slice(PH_X, slicesX, ts, Math.max(0, durationNs));
                if (ts + durationNs > t.lastTs) {
                    t.lastTs = ts + durationNs;
                }
            }
            default -> {
                head(instantHead());
                text.ensure(MicrosText.MAX);
                times.put(text, ts);
                byte[] c = idsCpu(t, cpu);
                text.ensure(c.length);
                text.put(c);
                argsTail();
            }
        }
        if (text.len >= FLUSH_AT) {
            text.buf = out.swap(text.buf, text.len);
            text.len = 0;
        }
    }

    /** An event's head, its separator left out for the document's first. */
    private void head(byte[] head) {
        text.ensure(head.length);
        if (first) {
            first = false;
            System.arraycopy(head, 1, text.buf, text.len, head.length - 1);
            text.len += head.length - 1;
        } else {
            text.put(head);
        }
    }

    private void slice(byte[] ph, SliceHeads heads, long ts, long dur) {
        head(sliceHead(ph, heads));
        text.ensure(MicrosText.MAX + ids.length + DUR.length + MicrosText.MAX);
        times.put(text, ts);
        text.put(ids);
        if (dur >= 0) {
            text.put(DUR);
            times.put(text, dur);
        }
        byte[] c = argsCpu(cpu);
        text.ensure(c.length);
        text.put(c);
        argsTail();
    }

    private void closeSlice(int pid, int tid, long ts) {
        head(PH_E_TS);
        text.ensure(MicrosText.MAX + PID.length + TID.length + 24);
        times.put(text, ts);
        if (ids != null && pid == tid && tid == this.tid) {
            text.put(ids);
        } else {
            text.put(PID);
            text.number(pid);
            text.put(TID);
            text.number(tid);
        }
        text.put((byte) '}');
    }

    /** {@code [,"buffer":".."] fields and symbols }}} of the current record. */
    private void argsTail() {
        byte[] b = buffer.name() != null && !buffer.name().isEmpty() ? buffer.json() : null;
        byte[] tail = reused;
        int n = tail != null ? tail.length : args.len;
        text.ensure((b == null ? 0 : b.length) + n);
        if (b != null) {
            text.put(b);
        }
        if (tail != null) {
            text.put(tail);
        } else {
            System.arraycopy(args.buf, 0, text.buf, text.len, n);
            text.len += n;
        }
    }

    /** {@code ,{"ph":"B"|"X","name":..,"cat":"function_graph","ts":} of the current record, made once per name. */
    private byte[] sliceHead(byte[] ph, SliceHeads heads) {
        byte[] name = sliceName != null ? sliceName : event.event() != null ? eventJson(event)[0] : CALL;
        int slot = System.identityHashCode(name) & ((1 << CACHE_BITS) - 1);
        if (heads.name[slot] == name) {
            return heads.json[slot];
        }
        byte[] h = concat(ph, name, CAT_GRAPH, TS);
        heads.name[slot] = name;
        heads.json[slot] = h;
        return h;
    }

    /** Slice heads of one phase by their name's text. */
    private static final class SliceHeads {
        final byte[][] name = new byte[1 << CACHE_BITS][];
        final byte[][] json = new byte[1 << CACHE_BITS][];
    }

    private final SliceHeads slicesB = new SliceHeads();
    private final SliceHeads slicesX = new SliceHeads();

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /**
     * {@code ,{"ph":"i","s":"t","name":..,"cat":..,"ts":} of the current instant, made once per slice name
     * and event (a function event's name is its function's).
     */
    private byte[] instantHead() {
        byte[] name = sliceName;
        int slot = name == null ? 0 : System.identityHashCode(name) & ((1 << CACHE_BITS) - 1);
        if (headName[slot] == name && headEvent[slot] == event) {
            return headJson[slot];
        }
        byte[][] ev = eventJson(event);
        byte[] h = concat(PH_I, name == null ? ev[0] : name, CAT, ev[1], TS);
        headName[slot] = sliceName;
        headEvent[slot] = event;
        headJson[slot] = h;
        return h;
    }

    private final byte[][] headName = new byte[1 << CACHE_BITS][];
    private final EventName[] headEvent = new EventName[1 << CACHE_BITS];
    private final byte[][] headJson = new byte[1 << CACHE_BITS][];

    /** The event's name and category texts: the event, else "event"; its system, else "event". */
    private byte[][] eventJson(EventName e) {
        if (e == lastEvent) {
            return lastEventJson;
        }
        byte[][] j = eventJson.get(e);
        if (j == null) {
            j = new byte[][] {e.event() != null ? args.quoted(e.event()) : EVENT,
                e.system() != null && !e.system().isEmpty() ? args.quoted(e.system()) : EVENT};
            eventJson.put(e, j);
        }
        lastEvent = e;
        lastEventJson = j;
        return j;
    }

    private void separator() {
        text.ensure(1);
        if (first) {
            first = false;
        } else {
            text.put((byte) ',');
        }
    }

    /** {@code ,"args":{"cpu":N}, made once per CPU. */
    private byte[] argsCpu(int cpu) {
        if (cpu >= 0 && cpu < argsCpu.length && argsCpu[cpu] != null) {
            return argsCpu[cpu];
        }
        byte[] c = render(ARGS_CPU, cpu);
        if (cpu >= 0 && cpu < argsCpu.length) {
            argsCpu[cpu] = c;
        }
        return c;
    }

    /** {@code ,"args":{"cpu":N} by CPU, made once. */
    private final byte[][] argsCpu = new byte[1 << 10][];

    /** {@code ,"pid":P,"tid":T,"args":{"cpu":N} of thread {@code t} on {@code cpu}, made once. */
    private byte[] idsCpu(ThreadState t, int cpu) {
        byte[][] byCpu = t.idsCpu;
        if (byCpu != null && cpu >= 0 && cpu < byCpu.length && byCpu[cpu] != null) {
            return byCpu[cpu];
        }
        byte[] c = concat(t.ids, argsCpu(cpu));
        if (cpu >= 0 && cpu < argsCpu.length) {
            if (byCpu == null || cpu >= byCpu.length) {
                byCpu = t.idsCpu = Arrays.copyOf(byCpu == null ? new byte[0][] : byCpu, Math.max(cpu + 1, 4));
            }
            byCpu[cpu] = c;
        }
        return c;
    }

    /** {@code prefix} and the number {@code n}, as bytes. */
    private byte[] render(byte[] prefix, int n) {
        int mark = text.len;
        text.ensure(prefix.length + 12);
        text.put(prefix);
        text.number(n);
        return text.cut(mark);
    }

    private ThreadState thread(int tid, int pid, String comm) {
        int slot = tid & (recent.length - 1);
        ThreadState t = recent[slot];
        if (t == null || t.tid != tid) {
            t = threads.get(tid);
            if (t == null) {
                t = new ThreadState(tid);
                t.pid = pid;
                t.lastTs = Long.MIN_VALUE;
                threads.put(tid, t);
            }
            recent[slot] = t;
        }
        if (comm != null && !comm.equals(t.name)) {
            t.name = comm;
            metadata(THREAD_NAME, pid, tid, comm);
        }
        if (comm != null && !t.processNamed) {
            if (!processes.containsKey(pid)) {
                processes.put(pid, comm);
                metadata(PROCESS_NAME, pid, pid, comm);
            }
            t.processNamed = t.pid == pid; // a thread whose pid changed asks again, as PerfettoWriter does
        }
        return t;
    }

    private void metadata(byte[] what, int pid, int tid, String name) {
        separator();
        text.ensure(PH_M.length + what.length + PID.length + TID.length + ARGS_NAME.length + 48);
        text.put(PH_M);
        text.put(what);
        text.put(PID);
        text.number(pid);
        text.put(TID);
        text.number(tid);
        text.put(ARGS_NAME);
        text.string(name);
        text.ensure(2);
        text.put((byte) '}');
        text.put((byte) '}');
    }

    /** Closes the slices still open, ends the JSON document and writes out everything; the encoder is done. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        for (Map.Entry<Integer, ThreadState> en : threads.entrySet()) {
            ThreadState t = en.getValue();
            while (t.open > 0) {
                t.open--;
                closeSlice(t.pid, en.getKey(), t.lastTs);
            }
        }
        text.ensure(TAIL.length);
        text.put(TAIL);
        out.finish(text.buf, text.len);
        text.len = 0;
    }

    /** Stops the background writer (after {@link #finish()}, or abandoning the output after a failure). */
    void close() {
        out.close();
    }
}
