package dev.tracesym.formats.text;

/** Hand-written byte scanning for the line parsers: no regex, no allocation. */
final class Ascii {
    private Ascii() {}

    static final long NOT_A_NUMBER = Long.MIN_VALUE;

    /** Per byte: hex digit value or -1; bit flags for name and identifier characters. Tables beat branches here. */
    private static final byte[] HEX = new byte[256];
    private static final byte[] CLASS = new byte[256];
    private static final byte NAME = 1;
    private static final byte IDENT = 2;

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = 0; c < 256; c++) {
            if (c >= '0' && c <= '9') {
                HEX[c] = (byte) (c - '0');
            } else if (c >= 'a' && c <= 'f') {
                HEX[c] = (byte) (c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                HEX[c] = (byte) (c - 'A' + 10);
            }
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (alnum || c == '_') {
                CLASS[c] |= IDENT;
            }
            if (alnum || c == '_' || c == '.' || c == '$') {
                CLASS[c] |= NAME;
            }
        }
    }

    static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    static int hexValue(byte c) {
        return HEX[c & 0xff];
    }

    /** Characters of a kernel symbol name as kallsyms and perf print them. */
    static boolean isNameChar(byte c) {
        return (CLASS[c & 0xff] & NAME) != 0;
    }

    /** Characters of an identifier: event names, field keys, module names. */
    static boolean isIdentChar(byte c) {
        return (CLASS[c & 0xff] & IDENT) != 0;
    }

    static int skipSpaces(byte[] b, int i, int end) {
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    static int skipBackSpaces(byte[] b, int i, int start) {
        while (i > start && (b[i - 1] == ' ' || b[i - 1] == '\t')) {
            i--;
        }
        return i;
    }

    static int skipDigits(byte[] b, int i, int end) {
        while (i < end && isDigit(b[i])) {
            i++;
        }
        return i;
    }

    static int skipHex(byte[] b, int i, int end) {
        while (i < end && hexValue(b[i]) >= 0) {
            i++;
        }
        return i;
    }

    static int skipName(byte[] b, int i, int end) {
        while (i < end && isNameChar(b[i])) {
            i++;
        }
        return i;
    }

    static int skipIdent(byte[] b, int i, int end) {
        while (i < end && isIdentChar(b[i])) {
            i++;
        }
        return i;
    }

    /** Unsigned hex value of {@code [s, e)}; at most 16 digits, else {@link #NOT_A_NUMBER}. */
    static long parseHex(byte[] b, int s, int e) {
        if (e <= s || e - s > 16) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = hexValue(b[i]);
            if (d < 0) {
                return NOT_A_NUMBER;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** Decimal value of {@code [s, e)}, optionally signed; {@link #NOT_A_NUMBER} if not a number or too long. */
    static long parseDecimal(byte[] b, int s, int e) {
        boolean neg = false;
        if (s < e && b[s] == '-') {
            neg = true;
            s++;
        }
        if (e <= s || e - s > 18) {
            return NOT_A_NUMBER;
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') {
                return NOT_A_NUMBER;
            }
            v = v * 10 + (c - '0');
        }
        return neg ? -v : v;
    }

    /**
     * Nanoseconds of a {@code seconds.fraction} timestamp in {@code [s, e)} (the fraction has 1 to
     * 9 digits: {@code 5.126629} is 5126629000), or of a bare integer (a counter clock, taken as is).
     * Never goes through floating point. Returns {@link #NOT_A_NUMBER} when malformed.
     */
    static long parseTimestamp(byte[] b, int s, int e) {
        int dot = -1;
        for (int i = s; i < e; i++) {
            if (b[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot < 0) {
            return parseDecimal(b, s, e);
        }
        long sec = parseDecimal(b, s, dot);
        int fd = e - dot - 1;
        if (sec == NOT_A_NUMBER || sec < 0 || fd < 1 || fd > 9 || sec > 9_000_000_000L) {
            return NOT_A_NUMBER;
        }
        long frac = parseDecimal(b, dot + 1, e);
        if (frac == NOT_A_NUMBER || frac < 0) {
            return NOT_A_NUMBER;
        }
        for (int i = fd; i < 9; i++) {
            frac *= 10;
        }
        return sec * 1_000_000_000L + frac;
    }

    static boolean startsWith(byte[] b, int i, int end, String s) {
        int n = s.length();
        if (end - i < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != (byte) s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static boolean equals(byte[] b, int s, int e, String str) {
        return e - s == str.length() && startsWith(b, s, e, str);
    }

    static int indexOf(byte[] b, int from, int end, byte c) {
        for (int i = from; i < end; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static int indexOf(byte[] b, int from, int end, String s) {
        int n = s.length();
        if (n == 0) {
            return from;
        }
        byte first = (byte) s.charAt(0);
        for (int i = from; i <= end - n; i++) {
            if (b[i] == first && startsWith(b, i, end, s)) {
                return i;
            }
        }
        return -1;
    }

    static int lastIndexOf(byte[] b, int start, int end, byte c) {
        for (int i = end - 1; i >= start; i--) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
