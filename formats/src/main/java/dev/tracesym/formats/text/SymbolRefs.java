package dev.tracesym.formats.text;

import java.util.Arrays;

/**
 * The symbol texts found on one line, as parallel arrays (no object per symbol). Entry {@code i}
 * covers the bytes {@code [start[i], end[i])} of the line: exactly the text a re-annotator
 * replaces (name, {@code +0xoff/0xsize}, {@code " [module]"}; for perf also the {@code "(dso)"}).
 * Everything outside those ranges is not symbol text and must be copied unchanged.
 */
public final class SymbolRefs {
    /** The text carried an address for this symbol ({@code <ffff...>}, {@code (ffff...)}, perf's ip column, a {@code 0x...} raw value). */
    public static final int HAS_ADDR = 1;
    /** The text showed {@code +0xoff}. */
    public static final int HAS_OFFSET = 2;
    /** The text showed {@code /0xsize} after the offset. */
    public static final int HAS_SIZE = 4;
    /** The text named a module ({@code " [mod]"}, or for perf a {@code "([mod])"} dso). */
    public static final int HAS_MODULE = 8;
    /** The symbol slot held no name, only the raw address ({@code 0xffffffffc0280000}, perf's {@code [unknown]}). */
    public static final int RAW = 16;
    /** A kernel address value outside any symbol slot: named in structured output only, never rewritten in text. */
    public static final int VALUE_ONLY = 32;
    /**
     * For a {@link #RAW} slot: the file shows offsets in this kind of slot (sym-offset), so a name
     * found for it is written with {@code +0xoff/0xsize}.
     */
    public static final int WANTS_OFFSET = 64;

    /** How the kernel / ftrace prints a symbol ({@code %pS}: {@code name+0xoff/0xsize [mod]}, {@code %ps}: {@code name [mod]}). */
    public static final byte STYLE_KERNEL = 0;
    /** How trace-cmd prints it: {@code name} or {@code name+0xoff}, never a size. */
    public static final byte STYLE_TRACE_CMD = 1;
    /** perf script: {@code name+0xoff (dso)}; a module's code shows as dso {@code [mod]}. */
    public static final byte STYLE_PERF = 2;

    /** The event's instruction pointer ({@code ip}). */
    public static final byte ROLE_IP = 0;
    /** The caller of a traced function ({@code parent_ip}). */
    public static final byte ROLE_PARENT = 1;
    /** A stack or callchain frame; see {@link #frame}. */
    public static final byte ROLE_FRAME = 2;
    /** The value of a {@code key=value} field; see {@link #keyStart}. */
    public static final byte ROLE_FIELD = 3;
    /** The function of a function_graph line. */
    public static final byte ROLE_FUNC = 4;
    /** A symbol in free text with no field name (an argument of a printk-style message). */
    public static final byte ROLE_ARG = 5;

    public int count;
    public int[] start = new int[8];
    public int[] end = new int[8];
    public int[] nameStart = new int[8];
    public int[] nameEnd = new int[8];
    /** Module name (perf: the dso) inside its brackets / parentheses, or -1. */
    public int[] modStart = new int[8];
    public int[] modEnd = new int[8];
    public long[] addr = new long[8];
    public long[] offset = new long[8];
    public long[] size = new long[8];
    /** Bit set of {@link #HAS_ADDR}, {@link #HAS_OFFSET}, ... */
    public int[] flags = new int[8];
    public byte[] style = new byte[8];
    public byte[] role = new byte[8];
    /** Field key for {@link #ROLE_FIELD}, else -1. */
    public int[] keyStart = new int[8];
    public int[] keyEnd = new int[8];
    /** Frame number within its event for {@link #ROLE_FRAME}, argument number for {@link #ROLE_ARG}. */
    public int[] frame = new int[8];

    /** Appends an entry covering {@code [s, e)} with name {@code [ns, ne)}; returns its index. */
    int add(int s, int e, int ns, int ne, byte style, byte role) {
        int i = count;
        if (i == start.length) {
            grow();
        }
        start[i] = s;
        end[i] = e;
        nameStart[i] = ns;
        nameEnd[i] = ne;
        modStart[i] = -1;
        modEnd[i] = -1;
        addr[i] = 0;
        offset[i] = 0;
        size[i] = 0;
        flags[i] = 0;
        this.style[i] = style;
        this.role[i] = role;
        keyStart[i] = -1;
        keyEnd[i] = -1;
        frame[i] = -1;
        count = i + 1;
        return i;
    }

    public boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    private void grow() {
        int n = start.length * 2;
        start = Arrays.copyOf(start, n);
        end = Arrays.copyOf(end, n);
        nameStart = Arrays.copyOf(nameStart, n);
        nameEnd = Arrays.copyOf(nameEnd, n);
        modStart = Arrays.copyOf(modStart, n);
        modEnd = Arrays.copyOf(modEnd, n);
        addr = Arrays.copyOf(addr, n);
        offset = Arrays.copyOf(offset, n);
        size = Arrays.copyOf(size, n);
        flags = Arrays.copyOf(flags, n);
        style = Arrays.copyOf(style, n);
        role = Arrays.copyOf(role, n);
        keyStart = Arrays.copyOf(keyStart, n);
        keyEnd = Arrays.copyOf(keyEnd, n);
        frame = Arrays.copyOf(frame, n);
    }
}
