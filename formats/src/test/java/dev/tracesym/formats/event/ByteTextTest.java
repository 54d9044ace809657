package dev.tracesym.formats.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numbers written as bytes read as C's %llu, %lld and %llx print them, at every magnitude. */
class ByteTextTest {
    private static final long[] EDGES = {0, 1, 9, 10, 15, 16, 99, 100, 255, 256, 999, 1000, 0xffff, 0x10000,
        99_999_999, 100_000_000, 0x7fffffffL, 0x80000000L, 0xffffffffL, 0x100000000L, 9_999_999_999L,
        0xffffffff81000000L, Long.MAX_VALUE, Long.MIN_VALUE, -1, -10, -8446744073709551616L};

    private static void check(long v) {
        ByteText t = new ByteText(1);
        t.append((byte) '<');
        t.appendUnsignedDigits(v);
        t.append((byte) '|');
        t.appendSigned(v);
        t.append((byte) '|');
        t.appendHex(v);
        t.append((byte) '>');
        assertEquals("<" + Long.toUnsignedString(v) + "|" + v + "|" + Long.toHexString(v) + ">", t.toString());
    }

    @Test
    void edgesOfEveryWidth() {
        for (long v : EDGES) {
            check(v);
        }
        for (int bits = 0; bits < 64; bits++) {
            check(1L << bits);
            check((1L << bits) - 1);
            check(-(1L << bits));
        }
    }

    @Test
    void randomValuesOfEveryLength() {
        SplittableRandom r = new SplittableRandom(14);
        for (int i = 0; i < 200_000; i++) {
            check(r.nextLong() >>> r.nextInt(64));
        }
    }
}
