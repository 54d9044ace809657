package dev.tracesym.formats.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.IOException;

/** Writing the parts both JSON writers share, through one reusable char buffer. */
final class JsonText {
    /** Integers above this magnitude lose precision as JSON numbers (2^53). */
    static final long MAX_SAFE = 1L << 53;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final char[] chars = new char[32];

    /** Writes {@code "0x<hex>"} as a JSON string. */
    void writeHexString(JsonGenerator g, long v) throws IOException {
        int n = hex(v, 2);
        chars[0] = '0';
        chars[1] = 'x';
        g.writeString(chars, 0, n);
    }

    /** Writes an integer, or a {@code "0x..."} string when it is beyond ±2^53. */
    void writeInt(JsonGenerator g, long v) throws IOException {
        if (v > MAX_SAFE || v < -MAX_SAFE) {
            writeHexString(g, v);
        } else {
            g.writeNumber(v);
        }
    }

    /** Writes ns as a µs number with three decimals ({@code 5126629123} → {@code 5126629.123}), no floating point. */
    void writeMicros(JsonGenerator g, long ns) throws IOException {
        boolean neg = ns < 0;
        long a = neg ? -ns : ns;
        long us = a / 1000;
        int frac = (int) (a % 1000);
        int p = chars.length;
        chars[--p] = (char) ('0' + frac % 10);
        chars[--p] = (char) ('0' + frac / 10 % 10);
        chars[--p] = (char) ('0' + frac / 100);
        chars[--p] = '.';
        do {
            chars[--p] = (char) ('0' + us % 10);
            us /= 10;
        } while (us > 0);
        if (neg) {
            chars[--p] = '-';
        }
        g.writeNumber(chars, p, chars.length - p);
    }

    /** Hex digits of {@code v} into {@code chars} from {@code at}; returns the end index. */
    private int hex(long v, int at) {
        int digits = v == 0 ? 1 : (64 - Long.numberOfLeadingZeros(v) + 3) / 4;
        for (int i = digits - 1; i >= 0; i--) {
            chars[at + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        return at + digits;
    }

    /** {@code name+0xoff/0xsize [module] {object}} in kallmodsyms' form (no offset when neither is known), for display. */
    static String display(ResolvedSymbol s) {
        return s.appendText(new StringBuilder(s.name.length() + 24), s.offset != 0 || s.size != 0).toString();
    }
}
