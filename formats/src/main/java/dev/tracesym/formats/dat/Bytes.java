package dev.tracesym.formats.dat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Fixed-width integers read from byte arrays in either byte order, without allocation. */
final class Bytes {
    static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {}

    static int i32(byte[] b, int i, boolean big) {
        return big ? (int) BE32.get(b, i) : (int) LE32.get(b, i);
    }

    static long u32(byte[] b, int i, boolean big) {
        return i32(b, i, big) & 0xffffffffL;
    }

    static long u64(byte[] b, int i, boolean big) {
        return big ? (long) BE64.get(b, i) : (long) LE64.get(b, i);
    }
}
