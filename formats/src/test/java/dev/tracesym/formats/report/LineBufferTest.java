package dev.tracesym.formats.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The numbers of a report line come out as C's printf writes them. */
class LineBufferTest {
    private static String text(Consumer<LineBuffer> write) {
        LineBuffer b = new LineBuffer(4);
        write.accept(b);
        return b.toString();
    }

    @Test
    void unsignedDecimalCoversTheFull64Bits() {
        assertEquals("18446744073709551615", text(b -> b.appendUnsigned(-1L)));
        assertEquals("10000000000000000000", text(b -> b.appendUnsigned(-8446744073709551616L)));
        assertEquals("9223372036854775808", text(b -> b.appendUnsigned(Long.MIN_VALUE)));
        assertEquals("    5", text(b -> b.appendUnsigned(5, 5, (byte) ' ')));
        assertEquals("123456", text(b -> b.appendUnsigned(123456, 5, (byte) ' ')));
        assertEquals("000042", text(b -> b.appendUnsigned(42, 6, (byte) '0')));
    }

    @Test
    void signedAndPaddedIntegers() {
        assertEquals("-9223372036854775808", text(b -> b.appendSigned(Long.MIN_VALUE)));
        assertEquals("7    |", text(b -> {
            b.appendSignedLeft(7, 5);
            b.append((byte) '|');
        }));
        assertEquals("123456", text(b -> b.appendSignedLeft(123456, 5)));
        assertEquals("-01", text(b -> b.appendZeroPadded(-1, 3)));
        assertEquals("001", text(b -> b.appendZeroPadded(1, 3)));
        assertEquals("1234", text(b -> b.appendZeroPadded(1234, 3)));
    }

    @Test
    void hexAndFixedDigits() {
        assertEquals("0", text(b -> b.appendHex(0)));
        assertEquals("ffffffffffffffff", text(b -> b.appendHex(-1L)));
        assertEquals("000000ab", text(b -> b.appendHex(0xab, 8)));
        assertEquals("ffffffff81000000", text(b -> b.appendHex(0xffffffff81000000L, 8)));
        assertEquals("000042", text(b -> b.appendFixedDigits(42, 6)));
        assertEquals("999999999", text(b -> b.appendFixedDigits(999_999_999, 9)));
        assertEquals("000000001", text(b -> b.appendFixedDigits(1, 9)));
    }

    @Test
    void growsAndSpaces() {
        String s = text(b -> {
            b.spaces(300);
            b.append("x");
        });
        assertEquals(301, s.length());
        assertEquals('x', s.charAt(300));
    }
}
