package dev.tracesym.formats.report;

/**
 * A C printf format with one integer conversion, as the libtraceevent plugins pass a field's value
 * ({@code unsigned long long}) to {@code trace_seq_printf}: {@code %d %i %u %x %X} read the low 32 bits
 * (an {@code int} argument slot of x86-64), {@code %ld %lld %lu %llu %lx %llx} all 64; the flag
 * {@code #} and a zero-padded width ({@code %08llx}) are honoured. Text before and after the conversion
 * is copied.
 */
final class CIntFormat {
    private final String prefix;
    private final String suffix;
    private final char conv;
    private final boolean wide;
    private final boolean alternate;
    private final boolean zeroPad;
    private final int width;

    private CIntFormat(String prefix, String suffix, char conv, boolean wide, boolean alternate, boolean zeroPad,
                       int width) {
        this.prefix = prefix;
        this.suffix = suffix;
        this.conv = conv;
        this.wide = wide;
        this.alternate = alternate;
        this.zeroPad = zeroPad;
        this.width = width;
    }

    /** Reads {@code fmt}; it must hold exactly one integer conversion (plugin formats are constants). */
    static CIntFormat of(String fmt) {
        int p = fmt.indexOf('%');
        int i = p + 1;
        boolean alternate = false;
        boolean zeroPad = false;
        for (; ; i++) {
            char c = fmt.charAt(i);
            if (c == '#') {
                alternate = true;
            } else if (c == '0') {
                zeroPad = true;
            } else {
                break;
            }
        }
        int width = 0;
        while (Character.isDigit(fmt.charAt(i))) {
            width = width * 10 + fmt.charAt(i++) - '0';
        }
        boolean wide = false;
        while (fmt.charAt(i) == 'l') {
            wide = true;
            i++;
        }
        char conv = fmt.charAt(i);
        if ("diux".indexOf(conv) < 0 || (width > 0 && !zeroPad)) {
            throw new IllegalArgumentException("not a conversion this class does: " + fmt);
        }
        return new CIntFormat(fmt.substring(0, p), fmt.substring(i + 1), conv, wide, alternate, zeroPad, width);
    }

    /** Appends the text of {@code v} formatted. */
    void append(LineBuffer out, long v) {
        out.append(prefix);
        if (!wide) {
            v = conv == 'd' || conv == 'i' ? (int) v : v & 0xffffffffL;
        }
        switch (conv) {
            case 'd':
            case 'i':
                if (zeroPad && v < 0) {
                    out.append((byte) '-');
                    out.appendUnsigned(v == Long.MIN_VALUE ? v : -v, width - 1, (byte) '0');
                } else if (zeroPad) {
                    out.appendUnsigned(v, width, (byte) '0');
                } else {
                    out.appendSigned(v);
                }
                break;
            case 'u':
                out.appendUnsigned(v, zeroPad ? width : 0, (byte) '0');
                break;
            default: {
                boolean prefixed = alternate && v != 0; // C's %#x prints 0 without 0x
                if (prefixed) {
                    out.append("0x");
                }
                out.appendHex(v, zeroPad ? width - (prefixed ? 2 : 0) : 0);
            }
        }
        out.append(suffix);
    }
}
