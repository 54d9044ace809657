package dev.tracesym.app.pipeline;

import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Writes records as JSON Lines, byte for byte what {@link dev.tracesym.formats.json.JsonLinesWriter}
 * writes for the same {@link dev.tracesym.formats.json.EventRecord} (docs/JSONL.md), but straight from
 * the decoder's parts into one byte buffer: a symbol entry is rendered once per address and symbol and
 * then copied, a comm once per task. A trace of millions of function events is written at the speed
 * of copying. Strings are escaped as jackson escapes them ({@link JsonBytes}).
 */
final class JsonLineEncoder implements RecordSink {
    private static final int FLUSH_AT = 1 << 18;

    private final BlockWriter out;
    private final SymbolizerNamer namer;
    private final ResolvedSymbol scratch = new ResolvedSymbol();
    private final JsonBytes text = new JsonBytes(FLUSH_AT + (1 << 16));
    private int fields;
    private int symbols;
    private long written;

    private final SymbolTexts symbolTexts = new SymbolTexts();
    /** The fields and symbols of function events, by addresses and symbol codes. */
    private final PairCache pairs = new PairCache();
    /** Where the fields of the current record start, and its pair slot to fill at the end (-1: none). */
    private int tailStart;
    private int pairSlot = -1;
    private boolean tailDone;
    private final String[] commRef = new String[1 << 12];
    private final byte[][] commJson = new byte[1 << 12][];

    /** Writes to {@code out} from a background thread; {@link #finish()} ends the output. */
    JsonLineEncoder(OutputStream out, SymbolizerNamer namer) {
        this.out = new BlockWriter(out, text.buf.length);
        this.namer = namer;
    }

    /** Records written so far. */
    long written() {
        return written;
    }

    @Override
    public void begin(long ts, int cpu, int pid, String comm, EventName event, BufferName buffer) {
        text.ensure(256);
        text.put((byte) '{');
        text.put(TS);
        timestamp(ts);
        text.put(CPU);
        text.number(cpu);
        text.put(PID);
        text.number(pid);
        text.put(COMM);
        int slot = pid & (commRef.length - 1);
        byte[] c = commJson[slot];
        if (c == null || commRef[slot] != comm) {
            c = text.quoted(comm);
            commRef[slot] = comm;
            commJson[slot] = c;
        }
        text.put(c);
        text.put(event.json());
        text.put(buffer.json());
        text.put(FIELDS);
        fields = 0;
        symbols = 0;
        tailStart = text.len;
        pairSlot = -1;
        tailDone = false;
    }

    @Override
    public boolean reuse(long a, long b, int codeA, int codeB) {
        byte[] j = pairs.find(a, b, codeA, codeB);
        if (j != null) {
            text.ensure(j.length);
            text.put(j);
            tailDone = true;
            return true;
        }
        pairSlot = pairs.slot;
        return false;
    }

    private static final byte[] TS = JsonBytes.ascii("\"ts\":");
    private static final byte[] CPU = JsonBytes.ascii(",\"cpu\":");
    private static final byte[] PID = JsonBytes.ascii(",\"pid\":");
    private static final byte[] COMM = JsonBytes.ascii(",\"comm\":");
    private static final byte[] FIELDS = JsonBytes.ascii(",\"fields\":{");
    private static final byte[] SYMS = JsonBytes.ascii("},\"syms\":{");
    private static final byte[] END = JsonBytes.ascii("}}\n");
    private static final byte[] ADDR = JsonBytes.ascii("{\"addr\":");
    private static final byte[] NAME = JsonBytes.ascii(",\"name\":");
    private static final byte[] OFF = JsonBytes.ascii(",\"off\":");
    private static final byte[] SIZE = JsonBytes.ascii(",\"size\":");
    private static final byte[] MODULE = JsonBytes.ascii(",\"module\":");
    private static final byte[] OBJECT = JsonBytes.ascii(",\"object\":");
    private static final byte[] BUILTIN = JsonBytes.ascii(",\"builtin\":true");
    private static final byte[] MODULES = JsonBytes.ascii(",\"modules\":[");
    private static final byte[] TRUE_SIZE = JsonBytes.ascii(",\"true_size\":");
    private static final byte[] GAP = JsonBytes.ascii(",\"gap\":true");
    private static final byte[] UNKNOWN = JsonBytes.ascii(",\"unknown\":");

    private void fieldKey(Key k) {
        if (fields++ > 0) {
            text.put((byte) ',');
        }
        text.put(k.json());
    }

    @Override
    public void integer(Key k, long v) {
        text.ensure(64 + k.json().length);
        fieldKey(k);
        text.safeNumber(v);
    }

    @Override
    public void address(Key k, long v) {
        text.ensure(64 + k.json().length);
        fieldKey(k);
        text.hexString(v);
    }

    @Override
    public void text(Key k, byte[] b, int off, int n) {
        text.ensure(16 + k.json().length);
        fieldKey(k);
        text.text(b, off, n);
    }

    @Override
    public void string(Key k, String s) {
        text.ensure(16 + k.json().length);
        fieldKey(k);
        text.string(s);
    }

    @Override
    public void addresses(Key k, long[] a, int n) {
        text.ensure(16 + k.json().length + 21 * n);
        fieldKey(k);
        text.hexList(a, n);
    }

    @Override
    public void symbol(Key k, long addr, int code) {
        byte[] j = symbolTexts.find(addr, code);
        if (j == null) {
            j = symbolJson(addr, code);
            symbolTexts.keep(addr, code, j);
        }
        if (symbols++ == 0) {
            text.ensure(SYMS.length);
            text.put(SYMS);
        } else {
            text.ensure(1);
            text.put((byte) ',');
        }
        text.ensure(k.json().length + j.length);
        text.put(k.json());
        text.put(j);
    }

    /** One symbol entry as JsonLinesWriter writes it. */
    private byte[] symbolJson(long addr, int code) {
        int mark = text.len;
        text.ensure(512);
        text.put(ADDR);
        text.hexString(addr);
        if (code < 0) {
            text.put(UNKNOWN);
            text.string(SymbolizerNamer.reason(code));
        } else {
            ResolvedSymbol s = scratch;
            s.clear();
            namer.fill(code, addr, s);
            text.put(NAME);
            text.string(s.name);
            text.put(OFF);
            text.safeNumber(s.offset);
            text.put(SIZE);
            text.safeNumber(s.size);
            text.put(MODULE);
            if (s.module != null) {
                text.string(s.module);
            } else {
                text.put(JsonBytes.NULL);
            }
            text.put(OBJECT);
            if (s.object != null) {
                text.string(s.object);
            } else {
                text.put(JsonBytes.NULL);
            }
            if (s.builtin) {
                text.put(BUILTIN);
            }
            if (s.modules != null) {
                text.put(MODULES);
                for (int i = 0; i < s.modules.length; i++) {
                    if (i > 0) {
                        text.put((byte) ',');
                    }
                    text.string(s.modules[i]);
                }
                text.put((byte) ']');
            }
            if (s.trueSize >= 0) {
                text.put(TRUE_SIZE);
                text.safeNumber(s.trueSize);
            }
            if (s.gap) {
                text.put(GAP);
            }
        }
        text.put((byte) '}');
        return text.cut(mark);
    }

    @Override
    public void slice(byte phase, long durationNs, long funcAddr, int code) {
        // JSON Lines has no timeline part
    }

    @Override
    public void end() throws IOException {
        if (!tailDone) {
            text.ensure(END.length + SYMS.length);
            if (symbols == 0) {
                text.put(SYMS);
            }
            text.put(END);
            if (pairSlot >= 0) {
                pairs.keep(pairSlot, Arrays.copyOfRange(text.buf, tailStart, text.len));
            }
        }
        written++;
        if (text.len >= FLUSH_AT) {
            text.buf = out.swap(text.buf, text.len);
            text.len = 0;
        }
    }

    /** Writes out everything and flushes the stream; the encoder is done. */
    void finish() throws IOException {
        out.finish(text.buf, text.len);
        text.len = 0;
    }

    /** Stops the background writer (after {@link #finish()}, or abandoning the output after a failure). */
    void close() {
        out.close();
    }

    private long tsHigh = -1;
    private byte[] tsHighDigits;

    /** A timestamp: its part above the millisecond changes rarely, so its digits are kept. */
    private void timestamp(long ts) {
        if (ts < 1_000_000) {
            text.number(ts);
            return;
        }
        long high = ts / 1_000_000;
        if (high != tsHigh) {
            int mark = text.len;
            text.number(high);
            tsHighDigits = text.cut(mark);
            tsHigh = high;
        }
        text.put(tsHighDigits);
        int low = (int) (ts - high * 1_000_000);
        text.twoDigits(low / 10_000);
        text.twoDigits(low / 100 % 100);
        text.twoDigits(low % 100);
    }
}
