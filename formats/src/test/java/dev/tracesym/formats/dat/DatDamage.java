package dev.tracesym.formats.dat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Finds and patches spots in the bytes of a real little-endian sample, to make damaged variants of it. */
final class DatDamage {
    private DatDamage() {}

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found in the sample");
    }

    static long u64(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
    }

    static long u32(byte[] b, int at) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt(at) & 0xffffffffL;
    }

    static void put64(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
    }

    static void put32(byte[] b, int at, long v) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) v);
    }

    /** Offset just past the NUL ending the string that starts at {@code at}. */
    static int afterString(byte[] b, int at) {
        int i = at;
        while (b[i] != 0) {
            i++;
        }
        return i + 1;
    }

    /** Offset of the page size field of the file header. */
    static int pageSizeField(byte[] b) {
        return afterString(b, 10) + 2;
    }

    /** v7: offset of the u64 that points to the first options section. */
    static int optionsOffsetField(byte[] b) {
        int compression = pageSizeField(b) + 4;
        return afterString(b, afterString(b, compression));
    }

    /** v6: the flyrecord table of the top-level buffer: offset of CPU {@code cpu}'s (offset, size) pair. */
    static int v6CpuEntry(byte[] b, int cpu) {
        return indexOf(b, "flyrecord\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0) + 10 + 16 * cpu;
    }
}
