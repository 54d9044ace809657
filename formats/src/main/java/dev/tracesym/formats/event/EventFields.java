package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.RawEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Allocation-free access to the fields of a record. Reads outside the record yield 0 (and empty
 * strings), as libtraceevent's bounds checks do, so a short record never throws.
 */
public final class EventFields {
    private EventFields() {
    }

    /** The field's value zero-extended (sizes 1, 2, 4, 8; other sizes read 0). */
    public static long unsigned(RawEvent e, FieldFormat f, boolean bigEndian) {
        if (f.offset < 0 || f.offset + f.size > e.length) return 0;
        return read(e.data, e.offset + f.offset, f.size, bigEndian);
    }

    /** The field's value sign-extended from its size. */
    public static long signed(RawEvent e, FieldFormat f, boolean bigEndian) {
        return signExtend(unsigned(e, f, bigEndian), f.size);
    }

    /** Element {@code index} of an array field (fixed or dynamic), zero-extended; 0 when outside the record. */
    public static long element(RawEvent e, FieldFormat f, int index, boolean bigEndian) {
        int es = f.elementSize;
        int start;
        if (f.dynamic) {
            start = dynamicOffset(e, f, bigEndian) - e.offset;
        } else {
            start = f.offset;
        }
        long pos = (long) start + (long) index * es;
        if (index < 0 || pos < 0 || pos + es > e.length) return 0;
        return read(e.data, e.offset + (int) pos, es, bigEndian);
    }

    /**
     * Absolute index into {@code e.data} where a {@code __data_loc}/{@code __rel_loc} payload starts.
     * A locator pointing past the record yields the record start, as in libtraceevent.
     */
    public static int dynamicOffset(RawEvent e, FieldFormat f, boolean bigEndian) {
        if (f.offset + f.size > e.length) return e.offset;
        long v = read(e.data, e.offset + f.offset, f.size, bigEndian);
        int o = (int) (v & 0xffff);
        if (o > e.length) o = 0;
        if (f.relative) o += f.offset + f.size;
        return e.offset + o;
    }

    /** Length in bytes of a {@code __data_loc}/{@code __rel_loc} payload; 0 when it would run past the record. */
    public static int dynamicLength(RawEvent e, FieldFormat f, boolean bigEndian) {
        if (f.offset + f.size > e.length) return 0;
        long v = read(e.data, e.offset + f.offset, f.size, bigEndian);
        int o = (int) (v & 0xffff);
        int l = f.size == 2 ? e.length - o : (int) ((v >>> 16) & 0xffff);
        return o + l > e.length ? 0 : l;
    }

    /**
     * Appends a string field ({@code char[N]} or {@code __data_loc char[]}) up to its first NUL,
     * never past the field (fixed arrays) or the record (dynamic ones).
     */
    public static void appendString(StringBuilder out, RawEvent e, FieldFormat f, boolean bigEndian) {
        int start, end;
        if (f.dynamic) {
            if (dynamicLength(e, f, bigEndian) == 0) return;
            start = dynamicOffset(e, f, bigEndian);
            end = e.offset + e.length;
        } else {
            start = e.offset + f.offset;
            end = f.size == 0 ? e.offset + e.length : Math.min(start + f.size, e.offset + e.length);
        }
        appendCString(out, e.data, start, end);
    }

    /** Appends bytes as Latin-1 characters until a NUL or {@code end}. */
    static void appendCString(StringBuilder out, byte[] data, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = data[i];
            if (b == 0) return;
            out.append((char) (b & 0xff));
        }
    }

    /**
     * The unsigned number of {@code size} (1, 2, 4 or 8; other sizes read 0) bytes at index {@code p} of
     * {@code d}, which the caller has checked to be inside the array.
     */
    public static long number(byte[] d, int p, int size, boolean bigEndian) {
        return read(d, p, size, bigEndian);
    }

    /** The little-endian 32-bit number at index {@code p} (inside the array). */
    public static int le32(byte[] d, int p) {
        return (int) LE_INT.get(d, p);
    }

    /** The little-endian 64-bit number at index {@code p} (inside the array). */
    public static long le64(byte[] d, int p) {
        return (long) LE_LONG.get(d, p);
    }

    static long read(byte[] d, int p, int size, boolean bigEndian) {
        // each VarHandle is a constant at its call site: a plain load once compiled
        if (bigEndian) {
            switch (size) {
                case 1:
                    return d[p] & 0xffL;
                case 2:
                    return Short.toUnsignedLong((short) BE_SHORT.get(d, p));
                case 4:
                    return Integer.toUnsignedLong((int) BE_INT.get(d, p));
                case 8:
                    return (long) BE_LONG.get(d, p);
                default:
                    return 0;
            }
        }
        switch (size) {
            case 1:
                return d[p] & 0xffL;
            case 2:
                return Short.toUnsignedLong((short) LE_SHORT.get(d, p));
            case 4:
                return Integer.toUnsignedLong((int) LE_INT.get(d, p));
            case 8:
                return (long) LE_LONG.get(d, p);
            default:
                return 0;
        }
    }

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    static long signExtend(long v, int size) {
        switch (size) {
            case 1: return (byte) v;
            case 2: return (short) v;
            case 4: return (int) v;
            default: return v;
        }
    }
}
