package dev.tracesym.formats.event;

/**
 * Text as bytes, one byte per character (ISO-8859-1), in one growing array: what the renderer writes
 * an event's text into, so that the report gets its bytes without a detour through Java's strings.
 * Raw bytes from a trace pass through unchanged. Not thread-safe.
 */
public class ByteText {
    static final byte[] HEX_DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    /** The bytes; valid up to {@link #len}. */
    protected byte[] buf;
    protected int len;

    /** Empty, with room for {@code capacity} bytes before it grows. */
    public ByteText(int capacity) {
        buf = new byte[Math.max(capacity, 64)];
    }

    /** Number of bytes held. */
    public final int length() {
        return len;
    }

    /** Cuts the content back to {@code length} bytes (must not exceed {@link #length()}). */
    public final void setLength(int length) {
        if (length < 0 || length > len) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + len);
        }
        len = length;
    }

    /** The byte at {@code index} (below {@link #length()}). */
    public final byte byteAt(int index) {
        return buf[index];
    }

    /** Grows the array so that {@code extra} more bytes fit. */
    protected final void ensure(int extra) {
        if (len + extra > buf.length) {
            int want = len + extra;
            if (want < 0) {
                throw new OutOfMemoryError("text longer than 2 GiB");
            }
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, want));
        }
    }

    /**
     * The array, with room for {@code extra} more bytes after {@link #length()}: for writers that fill
     * it with their own index and then call {@link #commit}.
     */
    public final byte[] room(int extra) {
        if (len + extra > buf.length) { // small enough for the compiler to inline
            ensure(extra);
        }
        return buf;
    }

    /** Sets the length after bytes were written into {@link #room}'s array (no checks: hot path). */
    public final void commit(int length) {
        len = length;
    }

    /** Appends one byte. */
    public final void append(byte b) {
        if (len == buf.length) {
            ensure(1);
        }
        buf[len++] = b;
    }

    /** Appends one char as a byte (chars above 0xff keep only their low byte). */
    public final void append(char c) {
        append((byte) c);
    }

    /** Appends all of {@code bytes}. */
    public final void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    /** Appends {@code count} bytes of {@code bytes} from {@code offset}. */
    public final void append(byte[] bytes, int offset, int count) {
        byte[] a = room(count); // short enough for C1 to inline: print fmts' literals, a batch's raw lines
        System.arraycopy(bytes, offset, a, len, count);
        len += count;
    }

    /** Appends each char of {@code text} as one byte (ISO-8859-1). */
    public final void append(String text) {
        int n = text.length();
        if (len + n > buf.length) {
            ensure(n);
        }
        latin1(text, n, buf, len);
        len += n;
    }

    /**
     * The low bytes of the chars of {@code text}: ISO-8859-1 for the Latin-1 strings this text is made
     * of, and for such a string a plain copy of its bytes, without a new array.
     */
    @SuppressWarnings("deprecation")
    private static void latin1(String text, int n, byte[] to, int at) {
        text.getBytes(0, n, to, at);
    }

    /** Appends each char of {@code text} as one byte (ISO-8859-1). */
    public final void append(CharSequence text) {
        if (text instanceof String) {
            append((String) text);
            return;
        }
        int n = text.length();
        ensure(n);
        byte[] a = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            a[p + i] = (byte) text.charAt(i);
        }
        len = p + n;
    }

    /** Appends the bytes of {@code other}. */
    public final void append(ByteText other) {
        append(other.buf, 0, other.len);
    }

    /** Appends {@code v} as C's {@code %lld}. */
    public final void appendSigned(long v) {
        if (v < 0) {
            append((byte) '-');
            appendUnsignedDigits(-v); // Long.MIN_VALUE: its negation read unsigned is 2^63
        } else {
            appendUnsignedDigits(v);
        }
    }

    /** Appends {@code v} as C's {@code %llu}. */
    public final void appendUnsignedDigits(long v) {
        byte[] a = room(20);
        len = putUnsigned(a, len, v);
    }

    /** Appends {@code v} in lowercase hex without prefix (C's {@code %llx}). */
    public final void appendHex(long v) {
        byte[] a = room(18);
        len = putHex(a, len, v);
    }

    /** {@code %llu} of {@code v} at {@code p} (room checked by the caller); returns the end. */
    public static int putUnsigned(byte[] a, int p, long v) {
        if ((v >>> 32) == 0) {
            return putUnsigned32(a, p, v);
        }
        int end = p + unsignedDigits(v);
        int q = end;
        if (v < 0) { // above Long.MAX_VALUE: peel off one digit with unsigned division
            long d = Long.divideUnsigned(v, 10);
            a[--q] = (byte) ('0' + (int) (v - d * 10));
            v = d;
        }
        while (v >= 10) {
            long d = v / 10;
            a[--q] = (byte) ('0' + (int) (v - d * 10));
            v = d;
        }
        a[q - 1] = (byte) ('0' + (int) v);
        return end;
    }

    /** "00" .. "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** {@link #putUnsigned} of {@code 0 <= v < 2^32}: two digits per step, no division instruction. */
    private static int putUnsigned32(byte[] a, int p, long v) {
        int end = p + digits32(v);
        int q = end;
        while (v >= 100) {
            long d = (v * 1374389535L) >>> 37; // v / 100 for every v below 2^32
            int r = (int) (v - d * 100) * 2;
            a[--q] = PAIRS[r + 1];
            a[--q] = PAIRS[r];
            v = d;
        }
        if (v >= 10) {
            int r = (int) v * 2;
            a[q - 1] = PAIRS[r + 1];
            a[q - 2] = PAIRS[r];
        } else {
            a[q - 1] = (byte) ('0' + v);
        }
        return end;
    }

    private static int digits32(long v) {
        if (v < 100000) {
            return v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : 5;
        }
        return v < 1000000 ? 6 : v < 10000000 ? 7 : v < 100000000 ? 8 : v < 1000000000 ? 9 : 10;
    }

    /** {@code %llx} of {@code v} at {@code p}, with room for 16 bytes there; returns the end. */
    public static int putHex(byte[] a, int p, long v) {
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
        if (digits > 8) { // the high digits, then the low eight over what follows them
            int high = digits - 8;
            BE_LONG.set(a, p, hexDigits(v >>> 32) << (8 * (8 - high)));
            BE_LONG.set(a, p + high, hexDigits(v & 0xffffffffL));
        } else {
            BE_LONG.set(a, p, hexDigits(v) << (8 * (8 - digits)));
        }
        return p + digits;
    }

    private static final java.lang.invoke.VarHandle BE_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** The eight hex digits of {@code x < 2^32} as ASCII bytes in a long, the most significant first. */
    private static long hexDigits(long x) {
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFL; // one nibble per byte
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FL;
        long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L; // 1 where the nibble is above 9
        return x + 0x3030303030303030L + letters * ('a' - '0' - 10);
    }

    /** Decimal digits of {@code v} read as unsigned. */
    public static int unsignedDigits(long v) {
        if (v < 0) { // above Long.MAX_VALUE: 19 digits below 10^19, else 20
            return Long.compareUnsigned(v, -8446744073709551616L) >= 0 ? 20 : 19;
        }
        long p = 10;
        for (int n = 1; n < 19; n++) {
            if (v < p) {
                return n;
            }
            p *= 10;
        }
        return 19;
    }

    /** Index of the first NUL byte at or after {@code from}, or -1. */
    public final int indexOfNul(int from) {
        byte[] a = buf;
        for (int i = from, n = len; i < n; i++) {
            if (a[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** A copy of the content. */
    public final byte[] toBytes() {
        return java.util.Arrays.copyOf(buf, len);
    }

    /** Appends the content to {@code out}, one char per byte. */
    public final void appendTo(StringBuilder out) {
        for (int i = 0; i < len; i++) {
            out.append((char) (buf[i] & 0xff));
        }
    }

    @Override
    public String toString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
