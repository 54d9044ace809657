package dev.tracesym.app.pipeline;

import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes records as JSON Lines, byte for byte what {@link dev.tracesym.formats.json.JsonLinesWriter}
 * writes for the same {@link dev.tracesym.formats.json.EventRecord} (docs/JSONL.md), but straight from
 * the decoder's parts into one byte buffer: a symbol entry is rendered once per address and symbol and
 * then copied, a comm once per task. A trace of millions of function events is written at the speed
 * of copying. Strings are escaped as jackson escapes them ({@code \"}, {@code \\}, {@code \b \t \n \f \r},
 * other control characters as backslash-u00XX, characters beyond the BMP as two escaped surrogates;
 * everything else as UTF-8).
 */
final class JsonLineEncoder implements RecordSink {
    private static final int FLUSH_AT = 1 << 18;
    /** Integers beyond this magnitude are written as {@code "0x..."} strings (2^53). */
    private static final long MAX_SAFE = 1L << 53;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);
    private static final int CACHE_BITS = 14;

    private final BlockWriter out;
    private final SymbolizerNamer namer;
    private final ResolvedSymbol scratch = new ResolvedSymbol();
    private byte[] buf = new byte[FLUSH_AT + (1 << 16)];
    private int len;
    private int fields;
    private int symbols;
    private long written;

    private final long[] symAddr = new long[1 << CACHE_BITS];
    private final int[] symCode = new int[1 << CACHE_BITS];
    private final byte[][] symJson = new byte[1 << CACHE_BITS][];
    // the fields and symbols of function events, by addresses and symbol codes
    private static final int PAIR_BITS = 15;
    /** Per slot: the two addresses and their codes, side by side so that a lookup reads one cache line. */
    private final long[] pairKeys = new long[4 << PAIR_BITS];
    private final byte[][] pairJson = new byte[1 << PAIR_BITS][];
    /** Where the fields of the current record start, and its pair slot to fill at the end (-1: none). */
    private int tailStart;
    private int pairSlot = -1;
    private boolean tailDone;
    private final String[] commRef = new String[1 << 12];
    private final byte[][] commJson = new byte[1 << 12][];

    /** Writes to {@code out} from a background thread; {@link #finish()} ends the output. */
    JsonLineEncoder(OutputStream out, SymbolizerNamer namer) {
        this.out = new BlockWriter(out, buf.length);
        this.namer = namer;
    }

    /** Records written so far. */
    long written() {
        return written;
    }

    @Override
    public void begin(long ts, int cpu, int pid, String comm, EventName event, BufferName buffer) {
        ensure(256);
        put((byte) '{');
        put(TS);
        timestamp(ts);
        put(CPU);
        number(cpu);
        put(PID);
        number(pid);
        put(COMM);
        int slot = pid & (commRef.length - 1);
        byte[] c = commJson[slot];
        if (c == null || commRef[slot] != comm) {
            c = quoted(comm);
            commRef[slot] = comm;
            commJson[slot] = c;
        }
        put(c);
        put(event.json());
        put(buffer.json());
        put(FIELDS);
        fields = 0;
        symbols = 0;
        tailStart = len;
        pairSlot = -1;
        tailDone = false;
    }

    @Override
    public boolean reuse(long a, long b, int codeA, int codeB) {
        long codes = ((long) codeA << 32) | (codeB & 0xffffffffL);
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL ^ codes;
        int slot = (int) (h ^ (h >>> 29)) & ((1 << PAIR_BITS) - 1);
        long[] k = pairKeys;
        int at = slot << 2;
        if (k[at] == a && k[at + 1] == b && k[at + 2] == codes) {
            byte[] j = pairJson[slot];
            if (j != null) {
                ensure(j.length);
                put(j);
                tailDone = true;
                return true;
            }
        }
        k[at] = a;
        k[at + 1] = b;
        k[at + 2] = codes;
        pairJson[slot] = null;
        pairSlot = slot;
        return false;
    }

    private static final byte[] TS = ascii("\"ts\":");
    private static final byte[] CPU = ascii(",\"cpu\":");
    private static final byte[] PID = ascii(",\"pid\":");
    private static final byte[] COMM = ascii(",\"comm\":");
    private static final byte[] FIELDS = ascii(",\"fields\":{");
    private static final byte[] SYMS = ascii("},\"syms\":{");
    private static final byte[] END = ascii("}}\n");
    private static final byte[] ADDR = ascii("{\"addr\":");
    private static final byte[] NAME = ascii(",\"name\":");
    private static final byte[] OFF = ascii(",\"off\":");
    private static final byte[] SIZE = ascii(",\"size\":");
    private static final byte[] MODULE = ascii(",\"module\":");
    private static final byte[] OBJECT = ascii(",\"object\":");
    private static final byte[] BUILTIN = ascii(",\"builtin\":true");
    private static final byte[] MODULES = ascii(",\"modules\":[");
    private static final byte[] TRUE_SIZE = ascii(",\"true_size\":");
    private static final byte[] GAP = ascii(",\"gap\":true");
    private static final byte[] UNKNOWN = ascii(",\"unknown\":");
    private static final byte[] NULL = ascii("null");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private void fieldKey(Key k) {
        if (fields++ > 0) {
            put((byte) ',');
        }
        put(k.json());
    }

    @Override
    public void integer(Key k, long v) {
        ensure(64 + k.json().length);
        fieldKey(k);
        safeNumber(v);
    }

    @Override
    public void address(Key k, long v) {
        ensure(64 + k.json().length);
        fieldKey(k);
        hexString(v);
    }

    @Override
    public void text(Key k, byte[] b, int off, int n) {
        ensure(16 + k.json().length + 6 * n);
        fieldKey(k);
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (c < 0 || c < 0x20 || c == '"' || c == '\\') {
                // not plain ASCII: decode as the writers do (malformed bytes become U+FFFD)
                string(new String(b, off, n, StandardCharsets.UTF_8));
                return;
            }
        }
        put((byte) '"');
        System.arraycopy(b, off, buf, len, n);
        len += n;
        put((byte) '"');
    }

    @Override
    public void string(Key k, String s) {
        ensure(16 + k.json().length);
        fieldKey(k);
        string(s);
    }

    @Override
    public void addresses(Key k, long[] a, int n) {
        ensure(16 + k.json().length + 21 * n);
        fieldKey(k);
        put((byte) '[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            hexString(a[i]);
        }
        put((byte) ']');
    }

    @Override
    public void symbol(Key k, long addr, int code) {
        int slot = (int) ((addr ^ (addr >>> 13) ^ (addr >>> 29)) & ((1 << CACHE_BITS) - 1));
        byte[] j = symJson[slot];
        if (j == null || symAddr[slot] != addr || symCode[slot] != code) {
            j = symbolJson(addr, code);
            symJson[slot] = j;
            symAddr[slot] = addr;
            symCode[slot] = code;
        }
        if (symbols++ == 0) {
            ensure(SYMS.length);
            put(SYMS);
        } else {
            ensure(1);
            put((byte) ',');
        }
        ensure(k.json().length + j.length);
        put(k.json());
        put(j);
    }

    /** One symbol entry as JsonLinesWriter writes it. */
    private byte[] symbolJson(long addr, int code) {
        int mark = len;
        ensure(512);
        put(ADDR);
        hexString(addr);
        if (code < 0) {
            put(UNKNOWN);
            string(SymbolizerNamer.reason(code));
        } else {
            ResolvedSymbol s = scratch;
            s.clear();
            namer.fill(code, addr, s);
            put(NAME);
            string(s.name);
            put(OFF);
            safeNumber(s.offset);
            put(SIZE);
            safeNumber(s.size);
            put(MODULE);
            if (s.module != null) {
                string(s.module);
            } else {
                put(NULL);
            }
            put(OBJECT);
            if (s.object != null) {
                string(s.object);
            } else {
                put(NULL);
            }
            if (s.builtin) {
                put(BUILTIN);
            }
            if (s.modules != null) {
                put(MODULES);
                for (int i = 0; i < s.modules.length; i++) {
                    if (i > 0) {
                        put((byte) ',');
                    }
                    string(s.modules[i]);
                }
                put((byte) ']');
            }
            if (s.trueSize >= 0) {
                put(TRUE_SIZE);
                safeNumber(s.trueSize);
            }
            if (s.gap) {
                put(GAP);
            }
        }
        put((byte) '}');
        byte[] j = Arrays.copyOfRange(buf, mark, len);
        len = mark;
        return j;
    }

    @Override
    public void slice(byte phase, long durationNs, long funcAddr, int code) {
        // JSON Lines has no timeline part
    }

    @Override
    public void end() throws IOException {
        if (!tailDone) {
            ensure(END.length + SYMS.length);
            if (symbols == 0) {
                put(SYMS);
            }
            put(END);
            if (pairSlot >= 0) {
                pairJson[pairSlot] = Arrays.copyOfRange(buf, tailStart, len);
            }
        }
        written++;
        if (len >= FLUSH_AT) {
            buf = out.swap(buf, len);
            len = 0;
        }
    }

    /** Writes out everything and flushes the stream; the encoder is done. */
    void finish() throws IOException {
        out.finish(buf, len);
        len = 0;
    }

    /** Stops the background writer (after {@link #finish()}, or abandoning the output after a failure). */
    void close() {
        out.close();
    }

    // ---------------------------------------------------------------- bytes

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    private void put(byte b) {
        buf[len++] = b;
    }

    private void put(byte[] b) {
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** A decimal integer (room for it is ensured by the caller). */
    private void number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(ascii(Long.toString(v)));
                return;
            }
            put((byte) '-');
            v = -v;
        }
        int digits = digits(v);
        int p = len + digits;
        len = p;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--p] = PAIRS[2 * r + 1];
            buf[--p] = PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--p] = PAIRS[2 * (int) v + 1];
            buf[--p] = PAIRS[2 * (int) v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
    }

    private long tsHigh = -1;
    private byte[] tsHighDigits;

    /** A timestamp: its part above the millisecond changes rarely, so its digits are kept. */
    private void timestamp(long ts) {
        if (ts < 1_000_000) {
            number(ts);
            return;
        }
        long high = ts / 1_000_000;
        if (high != tsHigh) {
            int mark = len;
            number(high);
            tsHighDigits = Arrays.copyOfRange(buf, mark, len);
            len = mark;
            tsHigh = high;
        }
        put(tsHighDigits);
        int low = (int) (ts - high * 1_000_000);
        int a = low / 10_000;
        int b = low / 100 % 100;
        int c = low % 100;
        buf[len] = PAIRS[2 * a];
        buf[len + 1] = PAIRS[2 * a + 1];
        buf[len + 2] = PAIRS[2 * b];
        buf[len + 3] = PAIRS[2 * b + 1];
        buf[len + 4] = PAIRS[2 * c];
        buf[len + 5] = PAIRS[2 * c + 1];
        len += 6;
    }

    /** "00" .. "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static int digits(long v) {
        int d = 1;
        long p = 10;
        while (d < 19 && v >= p) {
            d++;
            p *= 10;
        }
        return d;
    }

    /** An integer, or a {@code "0x..."} string beyond ±2^53 as the contract asks. */
    private void safeNumber(long v) {
        if (v > MAX_SAFE || v < -MAX_SAFE) {
            hexString(v);
        } else {
            number(v);
        }
    }

    /** {@code "0x<hex>"} of the unsigned value. */
    private void hexString(long v) {
        put((byte) '"');
        put((byte) '0');
        put((byte) 'x');
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
        int end = len + digits;
        for (int p = end - 1; p >= len; p--) {
            buf[p] = HEX[(int) (v & 15)];
            v >>>= 4;
        }
        len = end;
        put((byte) '"');
    }

    /** A quoted, escaped string. */
    private void string(String s) {
        int n = s.length();
        ensure(2 + 6 * n);
        put((byte) '"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (Character.isSurrogate(c)) {
                // jackson writes characters beyond the BMP as two escaped surrogates
                put((byte) '\\');
                put((byte) 'u');
                put(HEX_UPPER[c >> 12]);
                put(HEX_UPPER[(c >> 8) & 15]);
                put(HEX_UPPER[(c >> 4) & 15]);
                put(HEX_UPPER[c & 15]);
            } else {
                utf8(c);
            }
        }
        put((byte) '"');
    }

    /** A character of the BMP above ASCII, as UTF-8. */
    private void utf8(char c) {
        if (c < 0x800) {
            put((byte) (0xc0 | c >> 6));
        } else {
            put((byte) (0xe0 | c >> 12));
            put((byte) (0x80 | (c >> 6) & 0x3f));
        }
        put((byte) (0x80 | c & 0x3f));
    }

    private void escape(char c) {
        put((byte) '\\');
        switch (c) {
            case '"' -> put((byte) '"');
            case '\\' -> put((byte) '\\');
            case '\b' -> put((byte) 'b');
            case '\t' -> put((byte) 't');
            case '\n' -> put((byte) 'n');
            case '\f' -> put((byte) 'f');
            case '\r' -> put((byte) 'r');
            default -> {
                put((byte) 'u');
                put((byte) '0');
                put((byte) '0');
                put(HEX_UPPER[c >> 4]);
                put(HEX_UPPER[c & 15]);
            }
        }
    }

    private byte[] quoted(String s) {
        int mark = len;
        string(s);
        byte[] q = Arrays.copyOfRange(buf, mark, len);
        len = mark;
        return q;
    }

    /** Appends {@code s} quoted and escaped as JSON (for texts made once, e.g. keys). */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append("\\u").append((char) HEX_UPPER[c >> 12]).append((char) HEX_UPPER[(c >> 8) & 15])
                                .append((char) HEX_UPPER[(c >> 4) & 15]).append((char) HEX_UPPER[c & 15]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
