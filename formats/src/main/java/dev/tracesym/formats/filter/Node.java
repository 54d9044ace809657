package dev.tracesym.formats.filter;

import dev.tracesym.formats.event.FieldFormat;
import java.util.regex.Pattern;

/**
 * One node of a parsed filter expression, libtraceevent's {@code struct tep_filter_arg}: mutable,
 * because the parser rewrites the tree in place as libtraceevent does (a node may take over another's
 * contents when a branch collapses).
 */
final class Node {
    // kinds (tep_filter_arg_type)
    static final int BOOLEAN = 1, OP = 2, NUM = 3, STR = 4, VALUE = 5, FIELD = 6, EXP = 7;
    // OP: logic (tep_filter_op_type)
    static final int AND = 1, OR = 2, NOT = 3;
    // NUM and STR: comparisons (tep_filter_cmp_type); GLOB is tracesym's '~' on strings
    static final int CMP_NONE = 0, EQ = 1, NE = 2, GT = 3, LT = 4, GE = 5, LE = 6, MATCH = 7, NOT_MATCH = 8,
            REGEX = 9, NOT_REGEX = 10, GLOB = 11;
    // EXP: arithmetic (tep_filter_exp_type)
    static final int EXP_NONE = 0, ADD = 1, SUB = 2, MUL = 3, DIV = 4, MOD = 5, RSHIFT = 6, LSHIFT = 7, BAND = 8,
            BOR = 9, XOR = 10, BNOT = 11;
    // VALUE types (tep_filter_value_type)
    static final int NUMBER = 0, STRING = 1, CHAR = 2;
    // FIELD: what is read
    static final int REAL = 0, COMM = 1, CPU = 2, FUNCTION = 3, MODULE = 4;

    int kind;
    /** BOOLEAN's value. */
    boolean value;
    /** OP, NUM, STR and EXP: the operator. */
    int op;
    Node left, right;
    /** VALUE: NUMBER, STRING or CHAR, and its number or text. */
    int valueType;
    long number;
    String text;
    /** FIELD and STR: the field ({@code null} for the COMM and CPU pseudo fields). */
    FieldFormat field;
    /** FIELD and STR: REAL, COMM, CPU, or FUNCTION/MODULE of {@link #field} (tracesym's {@code .function}, {@code .module}). */
    int fieldKind;
    /** STR: the compiled {@code =~}, {@code !~} or {@code ~} pattern. */
    Pattern pattern;
    /**
     * STR on a symbol's names: the answer for each symbol handle of {@link #verdictsOf} ({@link #UNKNOWN}
     * until first met), and for an address no symbol covers (FUNCTION and MODULE compare ""). Evaluation
     * state, not part of the expression: not copied by {@link #become}.
     */
    byte[] verdicts;
    FilterNames verdictsOf;
    byte noSymbol;
    /** STR on COMM: the answer for the last comm (by reference) seen per pid slot. */
    int[] commPid;
    byte[][] commSeen;
    boolean[] commVerdict;
    static final byte UNKNOWN = 0, TRUE = 1, FALSE = 2;

    static Node bool(boolean v) {
        Node n = new Node();
        n.kind = BOOLEAN;
        n.value = v;
        return n;
    }

    static Node of(int kind, int op) {
        Node n = new Node();
        n.kind = kind;
        n.op = op;
        return n;
    }

    /** Takes over every part of {@code o} (C's {@code *parent = *arg}). */
    void become(Node o) {
        kind = o.kind;
        value = o.value;
        op = o.op;
        left = o.left;
        right = o.right;
        valueType = o.valueType;
        number = o.number;
        text = o.text;
        field = o.field;
        fieldKind = o.fieldKind;
        pattern = o.pattern;
    }

    /** The name a field node is shown with. */
    String fieldName() {
        return switch (fieldKind) {
            case COMM -> "COMM";
            case CPU -> "CPU";
            case FUNCTION -> field.name + ".function";
            case MODULE -> field.name + ".module";
            default -> field.name;
        };
    }

    /** libtraceevent's {@code arg_to_str}: the text {@code trace-cmd report -T} prints; null where C gives up. */
    String show() {
        switch (kind) {
            case BOOLEAN:
                return value ? "TRUE" : "FALSE";
            case OP:
                return showOp();
            case NUM: {
                String l = left.show();
                String r = right.show();
                if (l == null || r == null) {
                    return null;
                }
                String o = switch (op) {
                    case EQ -> "==";
                    case NE -> "!=";
                    case GT -> ">";
                    case LT -> "<";
                    case GE -> ">=";
                    case LE -> "<=";
                    default -> null;
                };
                return o == null ? null : l + " " + o + " " + r;
            }
            case STR: {
                String o = switch (op) {
                    case MATCH -> "==";
                    case NOT_MATCH -> "!=";
                    case REGEX -> "=~";
                    case NOT_REGEX -> "!~";
                    case GLOB -> "~";
                    default -> null;
                };
                return o == null ? null : fieldName() + " " + o + " \"" + text + "\"";
            }
            case VALUE:
                return Long.toString(number);
            case FIELD:
                return fieldName();
            case EXP: {
                String l = left.show();
                String r = right.show();
                if (l == null || r == null) {
                    return null;
                }
                String o = switch (op) {
                    case ADD -> "+";
                    case SUB -> "-";
                    case MUL -> "*";
                    case DIV -> "/";
                    case MOD -> "%";
                    case RSHIFT -> ">>";
                    case LSHIFT -> "<<";
                    case BAND -> "&";
                    case BOR -> "|";
                    case XOR -> "^";
                    default -> "[ERROR IN EXPRESSION TYPE]";
                };
                return l + " " + o + " " + r;
            }
            default:
                return null;
        }
    }

    /** {@code op_to_str}: AND/OR with TRUE/FALSE sides folded away, NOT of a constant turned over. */
    private String showOp() {
        if (op == NOT) {
            String r = right.show();
            if (r == null) {
                return null;
            }
            if (r.equals("TRUE") || r.equals("FALSE")) {
                return r.equals("TRUE") ? "FALSE" : "TRUE";
            }
            return "!(" + r + ")";
        }
        if (op != AND && op != OR) {
            return null;
        }
        String l = left.show();
        String r = right.show();
        if (l == null || r == null) {
            return null;
        }
        int lv = l.equals("TRUE") ? 1 : l.equals("FALSE") ? 0 : -1;
        int rv = r.equals("TRUE") ? 1 : r.equals("FALSE") ? 0 : -1;
        if (lv >= 0) {
            if ((op == AND && lv == 0) || (op == OR && lv == 1)) {
                return l;
            }
            if (rv >= 0) {
                boolean v = op == AND ? lv == 1 && rv == 1 : lv == 1 || rv == 1;
                return v ? "TRUE" : "FALSE";
            }
        }
        if (rv >= 0) {
            if ((op == AND && rv == 0) || (op == OR && rv == 1)) {
                return r;
            }
            return l; // the right side decides nothing
        }
        return "(" + l + ") " + (op == AND ? "&&" : "||") + " (" + r + ")";
    }
}
