package dev.tracesym.formats.event;

/**
 * glibc printf conversions, reimplemented allocation-free for the values libtraceevent hands to
 * printf: integers (d i u x X o with flags, width, precision, {@code *}) and strings.
 */
final class Printf {
    private static final byte[] LOWER = ByteText.HEX_DIGITS;
    private static final byte[] UPPER = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};

    /** Scratch for digits (64-bit octal needs 22) and sign/prefix handling; one per thread of use. */
    private final byte[] digits = new byte[24];

    /** {@code %02x} of a byte. */
    static void hex2(ByteText out, int b) {
        byte[] a = out.room(2);
        int p = out.len;
        a[p] = ByteText.HEX_DIGITS[(b >>> 4) & 0xf];
        a[p + 1] = ByteText.HEX_DIGITS[b & 0xf];
        out.len = p + 2;
    }

    /** {@code %02X} of a byte. */
    static void hex2Upper(ByteText out, int b) {
        out.append(UPPER[(b >>> 4) & 0xf]);
        out.append(UPPER[b & 0xf]);
    }

    /** {@code %x} (no padding). */
    /**
     * Widest field and most digits a conversion produces. Kernel print fmts never come near it; a
     * damaged format or record asking for two billion columns must not exhaust memory.
     */
    static final int MAX_WIDTH = 1 << 16;

    static void hex(ByteText out, long v) {
        out.appendHex(v);
    }

    static void padLeft(ByteText out, CharSequence s, int width) {
        fill(out, ' ', width - s.length());
        out.append(s);
    }

    /** {@code %llu}. */
    static void appendUnsigned(ByteText out, long v) {
        out.appendUnsignedDigits(v);
    }

    /** {@code %p}: "(nil)" for 0, else "0x" and the hex digits. */
    static void pointer(ByteText out, long v) {
        if (v == 0) {
            out.append("(nil)");
        } else {
            byte[] a = out.room(18);
            int p = out.len;
            a[p] = '0';
            a[p + 1] = 'x';
            out.len = ByteText.putHex(a, p + 2, v);
        }
    }

    /**
     * An integer conversion of {@code s} applied to {@code raw}, truncated to the width libtraceevent
     * passes it as ({@code ls}) and read signed or unsigned as the conversion says.
     *
     * @param star the value for the spec's {@code *} (ignored when it has none)
     */
    void integer(ByteText out, Segment s, long raw, int star) {
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
        byte[] d = digits;
        int p = d.length;
        long m = negative ? -v : v; // Long.MIN_VALUE stays negative: handled as unsigned below
        switch (conv) {
            case 'x':
            case 'X': {
                byte[] tab = conv == 'x' ? LOWER : UPPER;
                while (m != 0) {
                    d[--p] = tab[(int) (m & 0xf)];
                    m >>>= 4;
                }
                break;
            }
            case 'o':
                while (m != 0) {
                    d[--p] = (byte) ('0' + (m & 7));
                    m >>>= 3;
                }
                break;
            default:
                if (m < 0) { // above Long.MAX_VALUE: one unsigned step, then plain division
                    long q = Long.divideUnsigned(m, 10);
                    d[--p] = (byte) ('0' + (m - q * 10));
                    m = q;
                }
                while (m != 0) {
                    long q = m / 10;
                    d[--p] = (byte) ('0' + (m - q * 10));
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
        if (!minus && !zeroPad) fill(out, ' ', pad);
        if (prefix != null) out.append(prefix);
        if (zeroPad) fill(out, '0', pad);
        fill(out, '0', zerosForPrecision);
        out.append(d, p, ndigits);
        if (minus) fill(out, ' ', pad);
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
    private static boolean specInstead(ByteText out, Segment s, int star) {
        if (s.lenArg == null || s.starIsWidth || star >= 0) return false;
        out.append(s.text);
        return true;
    }

    /** {@code count} copies of {@code c} (none when {@code count <= 0}). */
    static void fill(ByteText out, char c, int count) {
        if (count <= 0) return;
        byte[] a = out.room(count);
        java.util.Arrays.fill(a, out.len, out.len + count, (byte) c);
        out.len += count;
    }

    /** {@code %s} of a Java string (held as Latin-1 characters). */
    void string(ByteText out, Segment s, int star, CharSequence str) {
        if (s.plainString) {
            out.append(str);
            return;
        }
        if (specInstead(out, s, star)) return;
        resolveString(s, star);
        int len = str.length();
        if (strPrecision >= 0 && strPrecision < len) len = strPrecision;
        int pad = strWidth > len ? strWidth - len : 0;
        if (!strMinus) fill(out, ' ', pad);
        out.append(str.subSequence(0, len));
        if (strMinus) fill(out, ' ', pad);
    }

    /** {@code %s} of text held as bytes (a table's string, made once). */
    void string(ByteText out, Segment s, int star, byte[] str) {
        if (s.plainString) {
            out.append(str);
            return;
        }
        if (specInstead(out, s, star)) return;
        resolveString(s, star);
        int len = str.length;
        if (strPrecision >= 0 && strPrecision < len) len = strPrecision;
        int pad = strWidth > len ? strWidth - len : 0;
        if (!strMinus) fill(out, ' ', pad);
        out.append(str, 0, len);
        if (strMinus) fill(out, ' ', pad);
    }

    /** {@code %s} of a C string in {@code data} starting at {@code start}, ending at a NUL or {@code end}. */
    void cString(ByteText out, Segment s, int star, byte[] data, int start, int end) {
        if (s.plainString) {
            copyCString(out, data, start, end);
            return;
        }
        if (specInstead(out, s, star)) return;
        resolveString(s, star);
        int len = 0;
        int max = strPrecision >= 0 ? strPrecision : Integer.MAX_VALUE;
        while (start + len < end && len < max && data[start + len] != 0) len++;
        int pad = strWidth > len ? strWidth - len : 0;
        if (!strMinus) fill(out, ' ', pad);
        out.append(data, start, len);
        if (strMinus) fill(out, ' ', pad);
    }

    /** The bytes of {@code data} from {@code start} up to a NUL or {@code end}. */
    static void copyCString(ByteText out, byte[] data, int start, int end) {
        int n = 0;
        int max = end - start;
        while (n < max && data[start + n] != 0) n++;
        out.append(data, start, n);
    }
}
