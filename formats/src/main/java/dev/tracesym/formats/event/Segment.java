package dev.tracesym.formats.event;

/**
 * One piece of a compiled print fmt (libtraceevent's print-parse entry): literal text, or one
 * conversion with its argument. The printf spec is decoded once here so rendering never looks at
 * format text again.
 */
final class Segment {
    static final int TEXT = 0, DIGIT = 1, POINTER = 2, STRING = 3;

    final int kind;
    /** TEXT: the literal (escapes resolved); otherwise the spec text as libtraceevent keeps it ("%-08lx"). */
    final String text;
    final Arg arg;
    /** The argument a {@code *} takes the width or precision from; null when none. */
    final Arg lenArg;
    /** libtraceevent's length count: -2 hh, -1 h, 0 none, 1 l/z, 2 ll/L. */
    final int ls;

    // the spec as glibc reads it
    boolean minus, plus, space, zero, hash;
    /** Fixed width, or -1. */
    int width = -1;
    /** Fixed precision, or -1. */
    int precision = -1;
    /** The {@code *} is the width (true) or the precision (false). */
    boolean starIsWidth;
    /** Conversion character: d i u x X o s p. */
    char conv;
    /** POINTER: the characters after 'p' that belong to the spec ("S", "I4", "MR", "hC", or ""). */
    String pointerExt = "";
    /** The spec text did not read as a glibc conversion; it is then printed as literal text. */
    boolean malformed;

    Segment(int kind, String text, Arg arg, Arg lenArg, int ls) {
        this.kind = kind;
        this.text = text;
        this.arg = arg;
        this.lenArg = lenArg;
        this.ls = ls;
        if (kind != TEXT) decodeSpec();
    }

    private void decodeSpec() {
        String t = text;
        int i = 1, n = t.length();
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c == '-') minus = true;
            else if (c == '+') plus = true;
            else if (c == ' ') space = true;
            else if (c == '#') hash = true;
            else if (c == '0') zero = true;
            else break;
        }
        boolean star = false;
        if (i < n && t.charAt(i) == '*') {
            starIsWidth = true;
            star = true;
            i++;
        } else {
            int w = 0;
            boolean any = false;
            while (i < n && Character.isDigit(t.charAt(i))) {
                w = Math.min(w * 10 + (t.charAt(i++) - '0'), Printf.MAX_WIDTH); // no int overflow
                any = true;
            }
            if (any) width = w;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            if (i < n && t.charAt(i) == '*') {
                star = true;
                i++;
            } else {
                int p = 0;
                while (i < n && Character.isDigit(t.charAt(i))) p = Math.min(p * 10 + (t.charAt(i++) - '0'), Printf.MAX_WIDTH);
                precision = p;
            }
        }
        if (star != (lenArg != null)) {
            malformed = true;
            return;
        }
        while (i < n && "hlLqjzZt".indexOf(t.charAt(i)) >= 0) i++;
        if (i >= n) {
            malformed = true;
            return;
        }
        conv = t.charAt(i++);
        if (kind == POINTER) {
            if (conv != 'p') malformed = true;
            pointerExt = t.substring(i);
        } else if (i != n) {
            malformed = true;
        }
        if (kind == DIGIT && "diuxXo".indexOf(conv) < 0) malformed = true;
        if (kind == STRING && conv != 's') malformed = true;
    }

    /** Character {@code k} of the pointer extension, or 0 past its end (the C string's NUL). */
    char ext(int k) {
        return k < pointerExt.length() ? pointerExt.charAt(k) : 0;
    }
}
