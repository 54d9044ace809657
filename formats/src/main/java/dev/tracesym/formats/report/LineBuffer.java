package dev.tracesym.formats.report;

import dev.tracesym.formats.event.ByteText;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes of the report as they are rendered: many lines in one growing array that is written out
 * in large blocks. Text is handled as bytes (one char = one byte, ISO-8859-1), so raw bytes from the
 * trace pass through unchanged. Not thread-safe; one instance per report.
 */
public final class LineBuffer extends ByteText {
    static final byte[] DIGITS = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    static final byte[] SPACES = new byte[256];
    /** "000" .. "999": three digits per division. */
    static final byte[] TRIPLES = new byte[3000];

    static {
        java.util.Arrays.fill(SPACES, (byte) ' ');
        for (int i = 0; i < 1000; i++) {
            TRIPLES[3 * i] = (byte) ('0' + i / 100);
            TRIPLES[3 * i + 1] = (byte) ('0' + i / 10 % 10);
            TRIPLES[3 * i + 2] = (byte) ('0' + i % 10);
        }
    }

    /** An empty buffer with room for {@code capacity} bytes before it grows. */
    public LineBuffer(int capacity) {
        super(capacity);
    }

    /** Appends {@code count} spaces (nothing when {@code count <= 0}). */
    public void spaces(int count) {
        if (count <= 0) {
            return;
        }
        ensure(count);
        while (count > 0) {
            int n = Math.min(count, SPACES.length);
            System.arraycopy(SPACES, 0, buf, len, n);
            len += n;
            count -= n;
        }
    }

    /**
     * Appends exactly {@code digits} decimal digits of {@code v} (0 <= v < 10^digits, at most 9 digits),
     * zero-padded: the fraction of a timestamp.
     */
    public void appendFixedDigits(int v, int digits) {
        ensure(digits);
        len = putFixedDigits(buf, len, v, digits);
    }

    /** Six digits of {@code 0 <= v < 10^6} at {@code p} (microseconds); returns the end. */
    static int putSixDigits(byte[] a, int p, int v) {
        int q = (int) ((v * 274877907L) >>> 38); // v / 1000 without a division instruction
        int r = (v - q * 1000) * 3;
        q *= 3;
        a[p] = TRIPLES[q];
        a[p + 1] = TRIPLES[q + 1];
        a[p + 2] = TRIPLES[q + 2];
        a[p + 3] = TRIPLES[r];
        a[p + 4] = TRIPLES[r + 1];
        a[p + 5] = TRIPLES[r + 2];
        return p + 6;
    }

    /** {@link #appendFixedDigits} into {@code a} at {@code p}; returns the end. */
    static int putFixedDigits(byte[] a, int p, int v, int digits) {
        int end = p + digits;
        p = end;
        while (digits >= 3) {
            int q = (int) ((v * 274877907L) >>> 38); // v / 1000 for 0 <= v < 2^32, without a division instruction
            int r = (v - q * 1000) * 3;
            a[--p] = TRIPLES[r + 2];
            a[--p] = TRIPLES[r + 1];
            a[--p] = TRIPLES[r];
            v = q;
            digits -= 3;
        }
        while (digits > 0) {
            int q = v / 10;
            a[--p] = (byte) ('0' + v - q * 10);
            v = q;
            digits--;
        }
        return end;
    }

    /** Appends {@code v} as C's {@code %llu}. */
    public void appendUnsigned(long v) {
        appendUnsigned(v, 0, (byte) ' ');
    }

    /**
     * Appends {@code v} in decimal as an unsigned 64-bit number, right-aligned in {@code width}
     * filled with {@code pad} (C's {@code %5llu} with pad ' ', {@code %06llu} with pad '0').
     */
    public void appendUnsigned(long v, int width, byte pad) {
        ensure(Math.max(unsignedDigits(v), width));
        len = putUnsigned(buf, len, v, width, pad);
    }

    /** {@link #appendUnsigned(long, int, byte)} into {@code a} at {@code p} (room checked by the caller); returns the end. */
    static int putUnsigned(byte[] a, int p, long v, int width, byte pad) {
        int digits = unsignedDigits(v);
        for (int i = digits; i < width; i++) {
            a[p++] = pad;
        }
        int end = p + digits;
        p = end;
        if (v < 0) { // above Long.MAX_VALUE: peel off one digit with unsigned division
            long q = Long.divideUnsigned(v, 10);
            a[--p] = DIGITS[(int) (v - q * 10)];
            v = q;
        }
        do {
            long q = v / 10;
            a[--p] = DIGITS[(int) (v - q * 10)];
            v = q;
        } while (v != 0);
        return end;
    }

    /** Appends {@code v} as C's {@code %-<width>d}: left-aligned, padded with spaces on the right. */
    public void appendSignedLeft(long v, int width) {
        int start = len;
        appendSigned(v);
        spaces(width - (len - start));
    }

    /** Appends {@code v} as C's {@code %0<width>d} for a non-negative int, or plain when negative. */
    public void appendZeroPadded(int v, int width) {
        if (v < 0) {
            // C's %03d of a negative number pads after the sign: -01
            append((byte) '-');
            appendUnsigned(-(long) v, width - 1, (byte) '0');
        } else {
            appendUnsigned(v, width, (byte) '0');
        }
    }

    /** Appends {@code v} in lowercase hex, zero-padded to {@code width} (C's {@code %08llx}). */
    public void appendHex(long v, int width) {
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
        ensure(Math.max(digits, width));
        for (int i = digits; i < width; i++) {
            buf[len++] = '0';
        }
        int end = len + digits;
        int p = end;
        do {
            buf[--p] = DIGITS[(int) (v & 15)];
            v >>>= 4;
        } while (v != 0);
        len = end;
    }

    /** Writes all bytes to {@code out} and empties the buffer. */
    public void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
        len = 0;
    }

    /** Appends bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code other}. */
    void append(LineBuffer other, int from, int to) {
        append(other.buf, from, to - from);
    }

    /** Exchanges the contents (bytes and length) with {@code other}: hands a filled buffer on without copying. */
    void swap(LineBuffer other) {
        byte[] b = buf;
        int l = len;
        buf = other.buf;
        len = other.len;
        other.buf = b;
        other.len = l;
    }
}
