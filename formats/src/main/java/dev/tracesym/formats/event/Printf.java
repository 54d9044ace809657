package dev.tracesym.formats.event;

/**
 * glibc printf conversions, reimplemented allocation-free for the values libtraceevent hands to
 * printf: integers (d i u x X o with flags, width, precision, {@code *}) and strings.
 */
final class Printf {
    private static final char[] LOWER = "0123456789abcdef".toCharArray();
    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

    /** Scratch for digits (64-bit octal needs 22) and sign/prefix handling; one per thread of use. */
    private final char[] digits = new char[24];

    /** {@code %02x} of a byte. */
    static void hex2(StringBuilder out, int b) {
        out.append(LOWER[(b >>> 4) & 0xf]).append(LOWER[b & 0xf]);
    }

    /** {@code %02X} of a byte. */
    static void hex2Upper(StringBuilder out, int b) {
        out.append(UPPER[(b >>> 4) & 0xf]).append(UPPER[b & 0xf]);
    }

    /** {@code %x} (no padding). */
    /**
     * Widest field and most digits a conversion produces. Kernel print fmts never come near it; a
     * damaged format or record asking for two billion columns must not exhaust memory.
     */
    static final int MAX_WIDTH = 1 << 16;

    static void hex(StringBuilder out, long v) {
        int shift = 60;
        while (shift > 0 && ((v >>> shift) & 0xf) == 0) shift -= 4;
        for (; shift >= 0; shift -= 4) out.append(LOWER[(int) ((v >>> shift) & 0xf)]);
    }

    static void padLeft(StringBuilder out, CharSequence s, int width) {
        for (int i = s.length(); i < width; i++) out.append(' ');
        out.append(s);
    }

    /** {@code %llu}. */
    static void appendUnsigned(StringBuilder out, long v) {
        if (v >= 0) {
            out.append(v);
        } else {
            long q = (v >>> 1) / 5;
            out.append(q).append((char) ('0' + (v - q * 10)));
        }
    }

    /** {@code %p}: "(nil)" for 0, else "0x" and the hex digits. */
    static void pointer(StringBuilder out, long v) {
        if (v == 0) {
            out.append("(nil)");
        } else {
            out.append("0x");
            hex(out, v);
        }
    }

    /**
     * An integer conversion of {@code s} applied to {@code raw}, truncated to the width libtraceevent
     * passes it as ({@code ls}) and read signed or unsigned as the conversion says.
     *
     * @param star the value for the spec's {@code *} (ignored when it has none)
     */
    void integer(StringBuilder out, Segment s, long raw, int star) {
        int width = s.width;
        int precision = s.precision;
        boolean minus = s.minus;
        if (s.lenArg != null) {
            if (s.starIsWidth) {
                width = star;
                if (width < 0) {
                    minus = true;
                    width = -width;
                }
            } else {
                precision = star < 0 ? -1 : star;
            }
        }
        width = Math.min(width, MAX_WIDTH);
        precision = Math.min(precision, MAX_WIDTH);
        int bits = s.ls <= -2 ? 8 : s.ls == -1 ? 16 : s.ls == 0 ? 32 : 64;
        char conv = s.conv;
        boolean signedConv = conv == 'd' || conv == 'i';
        long v = raw;
        if (bits < 64) {
            v = signedConv ? (v << (64 - bits)) >> (64 - bits) : v & ((1L << bits) - 1);
        }
        boolean negative = signedConv && v < 0;
        // digits into the scratch, right-aligned
        char[] d = digits;
        int p = d.length;
        long m = negative ? -v : v; // Long.MIN_VALUE stays negative: handled as unsigned below
        switch (conv) {
            case 'x':
            case 'X': {
                char[] tab = conv == 'x' ? LOWER : UPPER;
                while (m != 0) {
                    d[--p] = tab[(int) (m & 0xf)];
                    m >>>= 4;
                }
                break;
            }
            case 'o':
                while (m != 0) {
                    d[--p] = (char) ('0' + (m & 7));
                    m >>>= 3;
                }
                break;
            default:
                if (m < 0) { // above Long.MAX_VALUE: one unsigned step, then plain division
                    long q = Long.divideUnsigned(m, 10);
                    d[--p] = (char) ('0' + (m - q * 10));
                    m = q;
                }
                while (m != 0) {
                    long q = m / 10;
                    d[--p] = (char) ('0' + (m - q * 10));
                    m = q;
                }
        }
        int ndigits = d.length - p;
        boolean isZero = v == 0;
        // precision: minimum digits; 0 with value 0 prints no digits
        int zerosForPrecision = precision > ndigits ? precision - ndigits : 0;
        if (precision < 0 && isZero) zerosForPrecision = 1; // "0"
        if (conv == 'o' && s.hash && zerosForPrecision == 0 && (ndigits == 0 || d[p] != '0')) {
            zerosForPrecision = 1; // '#' makes the first octal digit a 0
        }
        String prefix = null;
        if (negative) prefix = "-";
        else if (signedConv && s.plus) prefix = "+";
        else if (signedConv && s.space) prefix = " ";
        if ((conv == 'x' || conv == 'X') && s.hash && !isZero) prefix = conv == 'x' ? "0x" : "0X";
        int len = ndigits + zerosForPrecision + (prefix == null ? 0 : prefix.length());
        int pad = width > len ? width - len : 0;
        boolean zeroPad = s.zero && !minus && precision < 0;
        if (!minus && !zeroPad) for (int i = 0; i < pad; i++) out.append(' ');
        if (prefix != null) out.append(prefix);
        if (zeroPad) for (int i = 0; i < pad; i++) out.append('0');
        for (int i = 0; i < zerosForPrecision; i++) out.append('0');
        out.append(d, p, ndigits);
        if (minus) for (int i = 0; i < pad; i++) out.append(' ');
    }

    /** Width and precision of a {@code %s} conversion, resolved against its {@code *} value. */
    private int strWidth, strPrecision;
    private boolean strMinus;

    private void resolveString(Segment s, int star) {
        strWidth = s.width;
        strPrecision = s.precision;
        strMinus = s.minus;
        if (s.lenArg != null) {
            if (s.starIsWidth) {
                strWidth = star;
                if (strWidth < 0) {
                    strMinus = true;
                    strWidth = -strWidth;
                }
            } else {
                strPrecision = star < 0 ? -1 : star;
            }
        }
        strWidth = Math.min(strWidth, MAX_WIDTH);
    }

    /**
     * libtraceevent hands a negative {@code *} value to glibc as no argument at all
     * ({@code trace_seq_printf(s, format, str)}); with {@code %.*s} glibc then prints the spec itself.
     */
    private static boolean specInstead(StringBuilder out, Segment s, int star) {
        if (s.lenArg == null || s.starIsWidth || star >= 0) return false;
        out.append(s.text);
        return true;
    }

    /** {@code %s} of a Java string (held as Latin-1 characters). */
    void string(StringBuilder out, Segment s, int star, CharSequence str) {
        if (specInstead(out, s, star)) return;
        resolveString(s, star);
        int len = str.length();
        if (strPrecision >= 0 && strPrecision < len) len = strPrecision;
        int pad = strWidth > len ? strWidth - len : 0;
        if (!strMinus) for (int i = 0; i < pad; i++) out.append(' ');
        out.append(str, 0, len);
        if (strMinus) for (int i = 0; i < pad; i++) out.append(' ');
    }

    /** {@code %s} of a C string in {@code data} starting at {@code start}, ending at a NUL or {@code end}. */
    void cString(StringBuilder out, Segment s, int star, byte[] data, int start, int end) {
        if (specInstead(out, s, star)) return;
        resolveString(s, star);
        int len = 0;
        int max = strPrecision >= 0 ? strPrecision : Integer.MAX_VALUE;
        while (start + len < end && len < max && data[start + len] != 0) len++;
        int pad = strWidth > len ? strWidth - len : 0;
        if (!strMinus) for (int i = 0; i < pad; i++) out.append(' ');
        for (int i = 0; i < len; i++) out.append((char) (data[start + i] & 0xff));
        if (strMinus) for (int i = 0; i < pad; i++) out.append(' ');
    }
}
