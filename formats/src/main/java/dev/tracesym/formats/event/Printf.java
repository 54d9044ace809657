package dev.tracesym.formats.event;

/** glibc printf conversions, reimplemented allocation-free for the values libtraceevent passes. */
final class Printf {
    private static final char[] LOWER = "0123456789abcdef".toCharArray();
    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();

    private Printf() {
    }

    /** {@code %02x} of a byte. */
    static void hex2(StringBuilder out, int b) {
        out.append(LOWER[(b >>> 4) & 0xf]).append(LOWER[b & 0xf]);
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
}
