package dev.tracesym.formats.json;

import dev.tracesym.formats.event.ResolvedSymbol;
import java.util.Arrays;

/**
 * One event in the shape the structured writers take ({@link JsonLinesWriter},
 * {@link PerfettoWriter}), whatever it was read from (ftrace / trace-cmd / perf text, a
 * {@code .dat} file). Mutable and reused: a producer calls {@link #clear()}, fills it, hands it to
 * a writer, and fills it again. Field values and symbol entries live in parallel arrays that grow
 * once and are then reused, so a steady stream allocates nothing here.
 */
public final class EventRecord {
    /** An event with no duration (Perfetto instant event). */
    public static final byte INSTANT = 0;
    /** A function_graph entry whose return comes in a later event. */
    public static final byte BEGIN = 1;
    /** A function_graph return. */
    public static final byte END = 2;
    /** A function_graph call and return in one event ({@link #durationNs} set). */
    public static final byte COMPLETE = 3;

    static final byte T_INT = 0;
    static final byte T_ADDR = 1;
    static final byte T_STRING = 2;
    static final byte T_BYTES = 3;
    static final byte T_ADDR_LIST = 4;

    /** Time in ns on the trace clock. */
    public long ts;
    public int cpu = -1;
    /** Thread id ({@code common_pid}). */
    public int pid = -1;
    /** Thread-group id where known, else -1. */
    public int tgid = -1;
    public String comm;
    /** Event name without its system. */
    public String event;
    /** Event system, or null when unknown (written as {@code ""}). */
    public String system;
    /** Buffer instance, {@code ""} for the top-level buffer. */
    public String buffer = "";
    /** Slice phase for timeline writers: {@link #INSTANT}, {@link #BEGIN}, {@link #END}, {@link #COMPLETE}. */
    public byte phase;
    /** Duration for {@link #COMPLETE} (and, where known, {@link #END}), else -1. */
    public long durationNs = -1;
    /** Name of the slice ({@link #BEGIN} / {@link #COMPLETE} / {@link #END}): the function, else null. */
    public String sliceName;

    int fieldCount;
    String[] fieldKey = new String[16];
    byte[] fieldType = new byte[16];
    long[] fieldNum = new long[16];
    Object[] fieldRef = new Object[16];
    int[] fieldOff = new int[16];
    int[] fieldLen = new int[16];

    int symCount;
    String[] symKey = new String[16];
    long[] symAddr = new long[16];
    boolean[] symHasAddr = new boolean[16];
    String[] symUncertain = new String[16];
    ResolvedSymbol[] sym = newSymbols(16, 0);
    /** Which keys repeat an earlier one, worked out once per record when asked (linear, see FirstKeys). */
    private final FirstKeys firstKeys = new FirstKeys();
    private boolean[] fieldRepeats = new boolean[0];
    private boolean[] symRepeats = new boolean[0];
    private int fieldRepeatsFor = -1;
    private int symRepeatsFor = -1;

    /** Forgets everything, ready to be filled again. */
    public void clear() {
        ts = 0;
        cpu = -1;
        pid = -1;
        tgid = -1;
        comm = null;
        event = null;
        system = null;
        buffer = "";
        phase = INSTANT;
        durationNs = -1;
        sliceName = null;
        for (int i = 0; i < fieldCount; i++) {
            fieldRef[i] = null;
        }
        fieldCount = 0;
        symCount = 0;
        fieldRepeatsFor = -1;
        symRepeatsFor = -1;
    }

    /** An integer field; values beyond ±2^53 are written as {@code "0x..."} strings, as the contract asks. */
    public void addInt(String key, long value) {
        int i = field(key, T_INT);
        fieldNum[i] = value;
    }

    /** A kernel address field, written as a {@code "0x..."} string. */
    public void addAddress(String key, long addr) {
        int i = field(key, T_ADDR);
        fieldNum[i] = addr;
    }

    public void addString(String key, String value) {
        int i = field(key, T_STRING);
        fieldRef[i] = value;
    }

    /** A string field given as UTF-8 bytes {@code [off, off+len)} of {@code b}; the bytes must stay unchanged until written. */
    public void addText(String key, byte[] b, int off, int len) {
        int i = field(key, T_BYTES);
        fieldRef[i] = b;
        fieldOff[i] = off;
        fieldLen[i] = len;
    }

    /** An array of addresses (a stack's {@code caller}); the array must stay unchanged until written. */
    public void addAddressList(String key, long[] addrs, int count) {
        int i = field(key, T_ADDR_LIST);
        fieldRef[i] = addrs;
        fieldLen[i] = count;
    }

    /**
     * Adds a symbol entry for the kernel-address field {@code key} and returns its
     * {@link ResolvedSymbol}, cleared, for the caller to fill.
     *
     * @param hasAddr false when the input named the symbol without its address (then {@code addr} is ignored)
     */
    public ResolvedSymbol addSymbol(String key, long addr, boolean hasAddr) {
        int i = symCount;
        if (i == symKey.length) {
            int n = i * 2;
            symKey = Arrays.copyOf(symKey, n);
            symAddr = Arrays.copyOf(symAddr, n);
            symHasAddr = Arrays.copyOf(symHasAddr, n);
            symUncertain = Arrays.copyOf(symUncertain, n);
            ResolvedSymbol[] more = newSymbols(n, i);
            System.arraycopy(sym, 0, more, 0, i);
            sym = more;
        }
        symKey[i] = key;
        symAddr[i] = addr;
        symHasAddr[i] = hasAddr;
        symUncertain[i] = null;
        symCount = i + 1;
        ResolvedSymbol r = sym[i];
        r.clear();
        return r;
    }

    /**
     * Marks the last added symbol as named by the input but not confirmed for this time:
     * {@code "ambiguous"} (several live symbols have that name), {@code "absent"} (none has),
     * {@code "conflict"} (the one that has it is in another module than the text says).
     */
    public void markUncertain(String reason) {
        symUncertain[symCount - 1] = reason;
    }

    public int fieldCount() {
        return fieldCount;
    }

    public String fieldKey(int i) {
        return fieldKey[i];
    }

    /** The value of an integer or address field ({@link #addInt}, {@link #addAddress}); 0 for other kinds. */
    public long fieldNumber(int i) {
        return fieldType[i] == T_INT || fieldType[i] == T_ADDR ? fieldNum[i] : 0;
    }

    /**
     * The value of field {@code i} as JSON Lines writes it, without quotes: integers in decimal (in
     * {@code 0x} hex beyond ±2^53), addresses in {@code 0x} hex, text as it is, a list of addresses
     * as its {@code 0x} hex values joined by commas.
     */
    public String fieldText(int i) {
        switch (fieldType[i]) {
            case T_INT:
                long v = fieldNum[i];
                return v > JsonText.MAX_SAFE || v < -JsonText.MAX_SAFE ? "0x" + Long.toHexString(v) : Long.toString(v);
            case T_ADDR:
                return "0x" + Long.toHexString(fieldNum[i]);
            case T_STRING:
                return (String) fieldRef[i];
            case T_BYTES:
                return new String((byte[]) fieldRef[i], fieldOff[i], fieldLen[i], java.nio.charset.StandardCharsets.UTF_8);
            default: {
                long[] a = (long[]) fieldRef[i];
                StringBuilder b = new StringBuilder(fieldLen[i] * 19);
                for (int k = 0; k < fieldLen[i]; k++) {
                    b.append(k == 0 ? "0x" : ",0x").append(Long.toHexString(a[k]));
                }
                return b.toString();
            }
        }
    }

    /** True when field {@code i}'s key appeared before it (JSON Lines keeps the first value of a key). */
    public boolean fieldRepeated(int i) {
        if (fieldRepeatsFor != fieldCount) {
            fieldRepeats = repeats(fieldKey, fieldCount, fieldRepeats);
            fieldRepeatsFor = fieldCount;
        }
        return fieldRepeats[i];
    }

    /** True when symbol {@code i}'s key appeared before it (JSON Lines keeps the first). */
    public boolean symbolRepeated(int i) {
        if (symRepeatsFor != symCount) {
            symRepeats = repeats(symKey, symCount, symRepeats);
            symRepeatsFor = symCount;
        }
        return symRepeats[i];
    }

    private boolean[] repeats(String[] keys, int n, boolean[] into) {
        boolean[] r = into.length >= n ? into : new boolean[Math.max(n, 2 * into.length)];
        for (int i = 0; i < n; i++) {
            r[i] = !firstKeys.first(keys, i, n);
        }
        return r;
    }

    public int symbolCount() {
        return symCount;
    }

    public String symbolKey(int i) {
        return symKey[i];
    }

    public ResolvedSymbol symbol(int i) {
        return sym[i];
    }

    public boolean symbolHasAddress(int i) {
        return symHasAddr[i];
    }

    public long symbolAddress(int i) {
        return symAddr[i];
    }

    public String symbolUncertain(int i) {
        return symUncertain[i];
    }

    private int field(String key, byte type) {
        int i = fieldCount;
        if (i == fieldKey.length) {
            int n = i * 2;
            fieldKey = Arrays.copyOf(fieldKey, n);
            fieldType = Arrays.copyOf(fieldType, n);
            fieldNum = Arrays.copyOf(fieldNum, n);
            fieldRef = Arrays.copyOf(fieldRef, n);
            fieldOff = Arrays.copyOf(fieldOff, n);
            fieldLen = Arrays.copyOf(fieldLen, n);
        }
        fieldKey[i] = key;
        fieldType[i] = type;
        fieldCount = i + 1;
        return i;
    }

    private static ResolvedSymbol[] newSymbols(int n, int from) {
        ResolvedSymbol[] a = new ResolvedSymbol[n];
        for (int i = from; i < n; i++) {
            a[i] = new ResolvedSymbol();
        }
        return a;
    }
}
