package dev.tracesym.formats.event;

/**
 * One piece of a compiled print fmt (libtraceevent's print-parse entry): literal text, or one
 * conversion with its argument. The printf spec is decoded once here so rendering never looks at
 * format text again.
 */
final class Segment {
    static final int TEXT = 0, DIGIT = 1, POINTER = 2, STRING = 3;

    /**
     * How the renderer prints the segment ({@link #plan}): the common shapes of kernel print fmts, a
     * number field, an address, a string or a symbolic table, go straight to the record's bytes; the
     * rest ({@link #GENERIC}) through libtraceevent's general evaluation.
     */
    static final int LITERAL = 0, GENERIC = 1, SIGNED_FIELD = 2, UNSIGNED_FIELD = 3, HEX_FIELD = 4,
            NUMBER_FIELD = 5, POINTER_FIELD = 6, SYMBOL_FIELD = 7, DYNAMIC_STRING = 8, FIXED_STRING = 9,
            SYMBOLIC_FIELD = 10, CHOICE = 11;
    int op;
    /**
     * The number a planned op reads: payload offset and size (1, 2, 4 or 8) of a field or of an array
     * element at a constant index, and the mask of the casts around it.
     */
    int fieldOffset, fieldSize;
    long castMask = -1;
    /** DYNAMIC_STRING, FIXED_STRING: the string field. */
    FieldFormat field;
    /** CHOICE ({@code %s} of {@code cond ? a : b}): the condition is the number read, and-ed with this. */
    long testMask;
    /** SIGNED_FIELD: 64 minus the conversion's width in bits; UNSIGNED_FIELD, HEX_FIELD: the width's mask. */
    int shift;
    long valueMask;
    /** SYMBOL_FIELD: {@link SymbolNamer#NAME} or {@link SymbolNamer#NAME_OFFSET}. */
    int nameStyle;

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
    /** A string conversion without width, precision or {@code *}: the text is copied as it is. */
    boolean plainString;

    /** TEXT: the literal as bytes (one per char). */
    final byte[] bytes;

    Segment(int kind, String text, Arg arg, Arg lenArg, int ls) {
        this.kind = kind;
        this.text = text;
        this.arg = arg;
        this.lenArg = lenArg;
        this.ls = ls;
        if (kind != TEXT) decodeSpec();
        plainString = kind != TEXT && !malformed && lenArg == null && width < 0 && precision < 0 && !minus;
        bytes = kind == TEXT ? latin1(text) : null;
        op = kind == TEXT ? LITERAL : GENERIC;
    }

    /**
     * Chooses a direct op where the conversion's result depends only on one field (through casts) and
     * prints as libtraceevent's general path would print it; call after the arguments are prepared.
     */
    void plan(int longSize) {
        if (kind == TEXT || malformed || lenArg != null) return;
        switch (kind) {
            case DIGIT: {
                if (!readsNumber(arg)) return;
                op = NUMBER_FIELD; // the value read directly, printed by the general printf
                if (width >= 0 || precision >= 0 || minus || plus || space || zero || hash) return;
                int bits = ls <= -2 ? 8 : ls == -1 ? 16 : ls == 0 ? 32 : 64;
                shift = 64 - bits;
                valueMask = bits == 64 ? -1L : (1L << bits) - 1;
                if (conv == 'd' || conv == 'i') op = SIGNED_FIELD;
                else if (conv == 'u') op = UNSIGNED_FIELD;
                else if (conv == 'x') op = HEX_FIELD;
                return;
            }
            case POINTER: {
                if (!readsNumber(arg)) return;
                char c = ext(0);
                if (c == 'F' || c == 'S') {
                    op = SYMBOL_FIELD;
                    nameStyle = SymbolNamer.NAME_OFFSET;
                } else if (c == 'f' || c == 's') {
                    op = SYMBOL_FIELD;
                    nameStyle = SymbolNamer.NAME;
                } else if (c == 0 || "MmIiUh".indexOf(c) < 0) {
                    op = POINTER_FIELD;
                }
                return;
            }
            case STRING:
                if (!plainString) return;
                if (arg.type == Arg.STRING && arg.field != null) {
                    field = arg.field;
                    op = DYNAMIC_STRING;
                } else if (arg.type == Arg.FIELD && arg.field != null && (arg.field.array || arg.field.size != longSize)) {
                    field = arg.field; // a char array (a field of the pointer's size is a constant string's address)
                    op = FIXED_STRING;
                } else if (arg.type == Arg.SYMBOL && readsNumber(arg.left)) {
                    op = SYMBOLIC_FIELD;
                } else if (arg.type == Arg.OP && arg.op0() == '?' && arg.right != null && arg.right.left != null
                        && arg.right.right != null) {
                    Arg test = arg.left;
                    testMask = -1;
                    if (test.type == Arg.OP && "&".equals(test.op) && test.right != null && constant(test.right)) {
                        testMask = test.right.atomValue;
                        test = test.left;
                    }
                    if (readsNumber(test)) op = CHOICE;
                }
                return;
            default:
        }
    }

    /**
     * Whether {@code a} is, under casts, a number field or an element of an array field at a constant
     * index, read as libtraceevent's eval_num_arg reads it; sets {@link #fieldOffset}, {@link #fieldSize}
     * and {@link #castMask}.
     */
    private boolean readsNumber(Arg a) {
        long mask = -1;
        while (a != null && a.type == Arg.TYPE) {
            mask &= a.atomValue;
            a = a.left;
        }
        if (a == null) return false;
        if (a.type == Arg.FIELD) {
            if (a.field == null || !numberSize(a.field.size)) return false;
            fieldOffset = a.field.offset;
            fieldSize = a.field.size;
            castMask = mask;
            return true;
        }
        if (a.type != Arg.OP || !"[".equals(a.op) || a.right == null || !constant(a.right)) return false;
        Arg larg = a.left;
        Arg typearg = null;
        while (larg != null && larg.type == Arg.TYPE) {
            if (typearg == null) typearg = larg;
            larg = larg.left;
        }
        if (larg == null || larg.type != Arg.FIELD || larg.field == null) return false;
        long index = a.right.atomValue;
        int es = larg.field.elementSize;
        if (index < 0 || index >= 4096 || !numberSize(es)) return false;
        long off = (larg.field.offset + index * es) & 0xffffffffL;
        if (off >= 1 << 24) return false;
        fieldOffset = (int) off;
        fieldSize = es;
        castMask = mask & (typearg != null ? typearg.elementMask : -1L);
        return true;
    }

    private static boolean numberSize(int n) {
        return n == 1 || n == 2 || n == 4 || n == 8;
    }

    /** A numeric atom: its value is fixed (one that names a symbol is resolved on first use). */
    private static boolean constant(Arg a) {
        return a.type == Arg.ATOM && a.text != null && !a.text.isEmpty() && a.text.charAt(0) >= '0'
                && a.text.charAt(0) <= '9';
    }

    /**
     * Whether the text this segment prints may hold a NUL byte (trace-cmd's line ends there): only
     * helpers' text, constant strings of the kernel and NULs written into the print fmt itself can.
     */
    boolean mayPrintNul(int longSize) {
        if (kind == TEXT) return hasNul(text);
        if (malformed) return hasNul(text);
        switch (kind) {
            case DIGIT:
                return false;
            case POINTER:
                return arg.type == Arg.FUNC || arg.type == Arg.BSTRING && hasNul(arg.text);
            default:
                return mayPrintNul(arg, longSize);
        }
    }

    /** print_str_arg of {@code a}: what of it may print a NUL. */
    private static boolean mayPrintNul(Arg a, int longSize) {
        if (a == null) return false;
        switch (a.type) {
            case Arg.FUNC:
                return true;
            case Arg.ATOM:
            case Arg.BSTRING:
                return hasNul(a.text);
            case Arg.FIELD: // a pointer: a constant string of the kernel's
                return a.field != null && !a.field.array && a.field.size == longSize;
            case Arg.SYMBOL:
            case Arg.FLAGS:
                if (hasNul(a.delim)) return true;
                if (a.symStrings != null) {
                    for (String t : a.symStrings) {
                        if (hasNul(t)) return true;
                    }
                }
                return false;
            case Arg.OP:
                return a.op0() == '?' && a.right != null
                        && (mayPrintNul(a.right.left, longSize) || mayPrintNul(a.right.right, longSize));
            default:
                return false;
        }
    }

    private static boolean hasNul(String s) {
        return s != null && s.indexOf(0) >= 0;
    }

    static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) b[i] = (byte) s.charAt(i);
        return b;
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
            for (int k = 0; k < ext.length && k < pointerExt.length(); k++) ext[k] = pointerExt.charAt(k);
        } else if (i != n) {
            malformed = true;
        }
        if (kind == DIGIT && "diuxXo".indexOf(conv) < 0) malformed = true;
        if (kind == STRING && conv != 's') malformed = true;
    }

    /** Character {@code k} of the pointer extension, or 0 past its end (the C string's NUL). */
    char ext(int k) {
        if (k < 3) return ext[k];
        return k < pointerExt.length() ? pointerExt.charAt(k) : 0;
    }

    /** The first characters of {@link #pointerExt}, read once. */
    private final char[] ext = new char[3];
}
