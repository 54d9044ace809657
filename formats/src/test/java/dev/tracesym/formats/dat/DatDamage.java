package dev.tracesym.formats.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.TraceFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Finds and patches spots in the bytes of a real little-endian sample, to make damaged variants of
 * it, and checks how the reader refuses them (here and in the robustness tests of the fuzz package).
 */
public final class DatDamage {
    private DatDamage() {}

    /** Where {@code needle} first stands in {@code hay} at or after {@code from}; fails the test when nowhere. */
    public static int indexOf(byte[] hay, byte[] needle, int from) {
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

    /**
     * Opening {@code file} fails with a {@link TraceFormatException} that says where first: {@code name}
     * (the file as the reader names it) and the byte offset.
     */
    public static TraceFormatException refusedOnOpen(Path file, String name) {
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> DatFile.open(file).close());
        assertEquals(name, e.source());
        assertTrue(e.getMessage().startsWith(name + " @" + e.position() + ": "), e.getMessage());
        return e;
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
