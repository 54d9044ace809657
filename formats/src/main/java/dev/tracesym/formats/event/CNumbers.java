package dev.tracesym.formats.event;

/** C library number parsing (strtoull/strtoll with base 0, atoll) as libtraceevent and trace-cmd rely on it. */
public final class CNumbers {
    private CNumbers() {
    }

    /**
     * strtoull(s, NULL, 0): optional spaces and sign, then "0x" hex, "0" octal or decimal digits up
     * to the first non-digit; saturates at 2^64-1 on overflow; a '-' negates the result.
     */
    public static long strtoull(String s) {
        return parse(s, false);
    }

    /** strtoll(s, NULL, 0): like strtoull but saturating at the signed range. */
    public static long strtoll(String s) {
        return parse(s, true);
    }

    /** atoll(s): optional spaces and sign, then decimal digits up to the first non-digit (0 when none); saturating. */
    public static long atoll(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Lexer.isSpace(s.charAt(i))) i++;
        int start = i;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        while (i < n && s.charAt(i) == '0') i++; // no octal: atoll is decimal only
        int digits = i;
        while (digits < n && s.charAt(digits) >= '0' && s.charAt(digits) <= '9') digits++;
        String sign = s.substring(start, Math.min(start + 1, n)).equals("-") ? "-" : "";
        return digits == i ? 0 : parse(sign + s.substring(i, digits), true);
    }

    private static long parse(String s, boolean signed) {
        int i = 0, n = s.length();
        while (i < n && Lexer.isSpace(s.charAt(i))) i++;
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x'
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            base = 8;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) break;
            // unsigned multiply-add overflow check
            long hi = Math.multiplyHigh(v, base) + ((v >> 63) & base);
            long next = v * base + d;
            if (hi != 0 || Long.compareUnsigned(next, v * base) < 0) overflow = true;
            v = next;
        }
        if (signed) {
            // out of range saturates towards the sign, as C's strtoll does
            if (neg && (overflow || (v < 0 && v != Long.MIN_VALUE))) return Long.MIN_VALUE;
            if (overflow || v < 0) return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
            return neg ? -v : v;
        }
        if (overflow) return -1L;
        return neg ? -v : v;
    }
}
