package dev.tracesym.formats.event;

/**
 * One node of a parsed print-fmt argument, shaped like libtraceevent's print arg so that its
 * parser's quirks (operator rotation by priority, typecasts, struct-copy rewrites of nodes) come
 * out identical. Mutable only while the parser builds it.
 */
final class Arg {
    static final int NULL = 0, ATOM = 1, FIELD = 2, FLAGS = 3, SYMBOL = 4, HEX = 5, INT_ARRAY = 6, TYPE = 7,
            STRING = 8, BSTRING = 9, DYNAMIC_ARRAY = 10, OP = 11, FUNC = 12, BITMASK = 13, DYNAMIC_ARRAY_LEN = 14,
            HEX_STR = 15, CPUMASK = 16;

    int type;

    // ATOM / BSTRING text; TYPE: the cast's type text
    String text;
    /** ATOM: its numeric value as strtoull reads it (0 for non-numeric text); TYPE: the cast's mask. */
    long atomValue;
    /** ATOM: a non-numeric atom has been looked up as a symbol name (libtraceevent does it once, on first evaluation). */
    boolean symbolChecked;
    /** TYPE: the mask of the cast when it applies to an array element (libtraceevent strips one {@code " *"}). */
    long elementMask;

    // FIELD, STRING, BITMASK, CPUMASK: the field name and the field (null when absent)
    String name;
    FieldFormat field;

    // OP: operator, operands, priority; TYPE: item in left
    String op;
    /** The operator's first two characters (0 past its end), read on first evaluation. */
    char op0, op1;
    Arg left, right;
    int prio;

    // FLAGS / SYMBOL: the value expression, delimiter, and the {value, "str"} table
    String delim;
    String[] symValues;
    String[] symStrings;
    /** The strings as bytes, one per char. */
    byte[][] symBytes;
    /** Values of the table as libtraceevent's eval_flag reads them. */
    long[] symEval;

    // HEX / HEX_STR: left = field or dynamic array, right = size; INT_ARRAY: left, right = count, extra = element size
    Arg extra;

    // BSTRING made from a bprint record: the string's bytes in the record (text is null then)
    int strOffset, strLength;

    // FUNC: the plugin helper and its arguments
    PluginFunction func;
    Arg[] funcArgs;

    /** {@link #text} as bytes, one per char, made for the text it was last asked for. */
    private byte[] textBytes;
    private String textBytesOf;

    Arg() {
    }

    /** The operator's first character, {@link #op1} set too. */
    char op0() {
        if (op0 == 0) {
            op0 = op.charAt(0);
            op1 = op.length() > 1 ? op.charAt(1) : 0;
        }
        return op0;
    }

    /** {@link #text} as bytes (an atom's text changes once when it turns out to name a symbol). */
    byte[] textBytes() {
        if (textBytesOf != text) {
            textBytes = Segment.latin1(text);
            textBytesOf = text;
        }
        return textBytes;
    }

    Arg(int type) {
        this.type = type;
    }

    void setAtom(String t) {
        type = ATOM;
        text = t;
    }

    /** libtraceevent copies whole nodes ({@code *left = *arg}); this is that copy. */
    void copyFrom(Arg o) {
        type = o.type;
        text = o.text;
        atomValue = o.atomValue;
        elementMask = o.elementMask;
        symbolChecked = o.symbolChecked;
        name = o.name;
        field = o.field;
        op = o.op;
        op0 = o.op0;
        op1 = o.op1;
        left = o.left;
        right = o.right;
        prio = o.prio;
        delim = o.delim;
        symValues = o.symValues;
        symStrings = o.symStrings;
        symBytes = o.symBytes;
        symEval = o.symEval;
        extra = o.extra;
        strOffset = o.strOffset;
        strLength = o.strLength;
        func = o.func;
        funcArgs = o.funcArgs;
    }

    Arg copy() {
        Arg a = new Arg();
        a.copyFrom(this);
        return a;
    }

    @Override
    public String toString() {
        switch (type) {
            case NULL: return "NULL";
            case ATOM: return "ATOM(" + text + ")";
            case FIELD: return "REC->" + name;
            case TYPE: return "(" + text + ")" + left;
            case OP: return "(" + left + " " + op + " " + right + ")";
            case STRING: return "__get_str(" + name + ")";
            case BSTRING: return "\"" + text + "\"";
            case FLAGS: return "__print_flags(" + left + ")";
            case SYMBOL: return "__print_symbolic(" + left + ")";
            case DYNAMIC_ARRAY: return "__get_dynamic_array(" + (field == null ? null : field.name) + ")";
            case DYNAMIC_ARRAY_LEN: return "__get_dynamic_array_len(" + (field == null ? null : field.name) + ")";
            default: return "ARG" + type;
        }
    }
}
