package dev.tracesym.app.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growing byte buffer of JSON text, written the way jackson writes it (numbers, {@code "0x..."}
 * strings, escaping), for the encoders that write JSON straight from a record's parts
 * ({@link JsonLineEncoder}, {@link PerfettoEncoder}). The {@code put} methods assume room was
 * {@link #ensure}d; the others make room themselves where the length is not known in advance.
 */
final class JsonBytes {
    /** Integers beyond this magnitude are written as {@code "0x..."} strings (2^53). */
    static final long MAX_SAFE = 1L << 53;
    static final byte[] NULL = ascii("null");
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);

    byte[] buf;
    int len;

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    void put(byte b) {
        buf[len++] = b;
    }

    void put(byte[] b) {
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** The bytes from {@code mark} on, cut off again: for texts rendered once and then copied. */
    byte[] cut(int mark) {
        byte[] b = Arrays.copyOfRange(buf, mark, len);
        len = mark;
        return b;
    }

    /** A decimal integer (room for it is ensured by the caller). */
    void number(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(ascii(Long.toString(v)));
                return;
            }
            put((byte) '-');
            v = -v;
        }
        if (v <= Integer.MAX_VALUE) { // int arithmetic: C1 calls the runtime for each long division
            number((int) v);
            return;
        }
        int digits = digits(v);
        int p = len + digits;
        len = p;
        while (v >= 100) {
            int r = (int) (v % 100);
            v /= 100;
            buf[--p] = PAIRS[2 * r + 1];
            buf[--p] = PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--p] = PAIRS[2 * (int) v + 1];
            buf[--p] = PAIRS[2 * (int) v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
    }

    private void number(int v) {
        int digits = digits(v);
        int p = len + digits;
        len = p;
        while (v >= 100) {
            int r = v % 100;
            v /= 100;
            buf[--p] = PAIRS[2 * r + 1];
            buf[--p] = PAIRS[2 * r];
        }
        if (v >= 10) {
            buf[--p] = PAIRS[2 * v + 1];
            buf[--p] = PAIRS[2 * v];
        } else {
            buf[--p] = (byte) ('0' + v);
        }
    }

    private static int digits(int v) {
        int d = 1;
        int p = 10;
        while (d < 10 && v >= p) {
            d++;
            p *= 10;
        }
        return d;
    }

    /** Two decimal digits of {@code v} (0..99) (room ensured by the caller). */
    void twoDigits(int v) {
        buf[len] = PAIRS[2 * v];
        buf[len + 1] = PAIRS[2 * v + 1];
        len += 2;
    }

    /** "00" .. "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static int digits(long v) {
        int d = 1;
        long p = 10;
        while (d < 19 && v >= p) {
            d++;
            p *= 10;
        }
        return d;
    }

    /** An integer, or a {@code "0x..."} string beyond ±2^53 as the contract asks. */
    void safeNumber(long v) {
        if (v > MAX_SAFE || v < -MAX_SAFE) {
            hexString(v);
        } else {
            number(v);
        }
    }

    /** {@code "0x<hex>"} of the unsigned value. */
    void hexString(long v) {
        put((byte) '"');
        hex(v);
        put((byte) '"');
    }

    /** {@code ["0x..",..]} of the first {@code n} values of {@code a} (room ensured by the caller: 2 + 21 n). */
    void hexList(long[] a, int n) {
        put((byte) '[');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            hexString(a[i]);
        }
        put((byte) ']');
    }

    /** {@code 0x<hex>} of the unsigned value, unquoted. */
    void hex(long v) {
        put((byte) '0');
        put((byte) 'x');
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
        int end = len + digits;
        for (int p = end - 1; p >= len; p--) {
            buf[p] = HEX[(int) (v & 15)];
            v >>>= 4;
        }
        len = end;
    }

    /** A quoted, escaped string. */
    void string(String s) {
        int n = s.length();
        ensure(2 + 6 * n);
        put((byte) '"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[len++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (Character.isSurrogate(c)) {
                // jackson writes characters beyond the BMP as two escaped surrogates
                put((byte) '\\');
                put((byte) 'u');
                put(HEX_UPPER[c >> 12]);
                put(HEX_UPPER[(c >> 8) & 15]);
                put(HEX_UPPER[(c >> 4) & 15]);
                put(HEX_UPPER[c & 15]);
            } else {
                utf8(c);
            }
        }
        put((byte) '"');
    }

    /**
     * UTF-8 text {@code [off, off + n)} of {@code b} as a quoted string: copied when it is plain ASCII,
     * else decoded as the writers decode it (malformed bytes become U+FFFD) and escaped.
     */
    void text(byte[] b, int off, int n) {
        ensure(2 + n);
        for (int i = off; i < off + n; i++) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') { // bytes above 0x7f are negative
                string(new String(b, off, n, StandardCharsets.UTF_8));
                return;
            }
        }
        put((byte) '"');
        System.arraycopy(b, off, buf, len, n);
        len += n;
        put((byte) '"');
    }

    /** {@code s} quoted and escaped, as bytes. */
    byte[] quoted(String s) {
        int mark = len;
        string(s);
        return cut(mark);
    }

    /** A character of the BMP above ASCII, as UTF-8. */
    private void utf8(char c) {
        if (c < 0x800) {
            put((byte) (0xc0 | c >> 6));
        } else {
            put((byte) (0xe0 | c >> 12));
            put((byte) (0x80 | (c >> 6) & 0x3f));
        }
        put((byte) (0x80 | c & 0x3f));
    }

    private void escape(char c) {
        put((byte) '\\');
        switch (c) {
            case '"' -> put((byte) '"');
            case '\\' -> put((byte) '\\');
            case '\b' -> put((byte) 'b');
            case '\t' -> put((byte) 't');
            case '\n' -> put((byte) 'n');
            case '\f' -> put((byte) 'f');
            case '\r' -> put((byte) 'r');
            default -> {
                put((byte) 'u');
                put((byte) '0');
                put((byte) '0');
                put(HEX_UPPER[c >> 4]);
                put(HEX_UPPER[c & 15]);
            }
        }
    }

    /** Appends {@code s} quoted and escaped as JSON (for texts made once, e.g. keys). */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c)) {
                        b.append("\\u").append((char) HEX_UPPER[c >> 12]).append((char) HEX_UPPER[(c >> 8) & 15])
                                .append((char) HEX_UPPER[(c >> 4) & 15]).append((char) HEX_UPPER[c & 15]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
