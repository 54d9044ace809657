package dev.tracesym.formats.filter;

import dev.tracesym.formats.event.CNumbers;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.Lexer;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Reads the expression of one filter for one event as libtraceevent's {@code process_filter} does
 * (parse-filter.c of libtraceevent 1.7.1): left to right without precedence ({@code a || b && c} is
 * {@code (a || b) && c}), a {@code !} takes the one comparison or parenthesis after it, a field the
 * event does not have is FALSE and the tree is then folded ({@code bogus == 1 || x == 2} is
 * {@code x == 2}), a string on the right turns a comparison into a string match. The same inputs are
 * refused, with libtraceevent's reasons, except where libtraceevent crashes (a dangling {@code &&}).
 *
 * <p>tracesym's additions, all in what libtraceevent refuses or cannot match: {@code FIELD.function} and
 * {@code FIELD.module} (the kernel's {@code .function} suffix) compare the name of the function or
 * module at the address in {@code FIELD} with a string; {@code ~} with a string on the right matches a
 * glob ({@code *}, {@code ?}, {@code [...]}) as the kernel's filters do; a one-character
 * {@code 'c'} is that character's code.
 */
final class ExpressionParser {
    private final EventFormat event;
    private final String source;
    private final Lexer lexer;
    /** The node a level hands back (libtraceevent's {@code parg}). */
    private Node result;

    private static final int DONE = 0, CLOSED = 1;
    private static final int NORM = 0, FALSE = 1, TRUE = 2;

    private ExpressionParser(EventFormat event, String source) {
        this.event = event;
        this.source = source;
        this.lexer = new Lexer(source);
    }

    /** The filter tree of {@code expression} for {@code event}. */
    static Node parse(EventFormat event, String expression) throws FilterException {
        ExpressionParser p = new ExpressionParser(event, expression);
        if (p.process(false) != DONE) {
            throw p.error("Unbalanced number of ')'");
        }
        return p.result;
    }

    private FilterException error(String reason) {
        return new FilterException(reason + " (at column " + (lexer.position() + 1) + " of '" + source + "')");
    }

    private FilterException syntax() {
        return error("Syntax error");
    }

    /** libtraceevent's filter_read_token: spaces and newlines skipped, {@code =~} and {@code !~} joined. */
    private int token() {
        int t;
        do {
            t = lexer.readRaw();
        } while (t == Lexer.NEWLINE || t == Lexer.SPACE);
        String text = lexer.text();
        if (t == Lexer.OP && ("=".equals(text) || "!".equals(text)) && lexer.peekChar() == '~') {
            lexer.skipChar();
            joined = text + "~";
            return t;
        }
        joined = null;
        return t;
    }

    /** The text of the last token, with a joined {@code =~}/{@code !~}. */
    private String text() {
        return joined != null ? joined : lexer.text();
    }

    private String joined;

    private int process(boolean not) throws FilterException {
        result = null;
        Node currentOp = null;
        Node currentExp = null;
        Node leftItem = null;
        int type;
        do {
            type = token();
            String token = text();
            switch (type) {
                case Lexer.SQUOTE, Lexer.DQUOTE, Lexer.ITEM -> {
                    Node arg = item(token, type);
                    if (leftItem == null) {
                        leftItem = arg;
                    } else if (currentExp != null) {
                        addRight(currentExp, arg);
                        leftItem = null;
                        if (not) { // a '!' takes one expression
                            if (currentOp != null) {
                                throw syntax();
                            }
                            result = currentExp;
                            return DONE;
                        }
                    } else {
                        throw syntax();
                    }
                }
                case Lexer.DELIM -> {
                    if (token.equals(",")) {
                        throw error("Illegal token ','");
                    }
                    if (token.equals("(")) {
                        if (leftItem != null) {
                            throw error("Open paren can not come after item");
                        }
                        if (currentExp != null) {
                            throw error("Open paren can not come after expression");
                        }
                        if (process(false) != CLOSED) {
                            throw error("Unbalanced number of '('");
                        }
                        Node inner = result;
                        if (not) {
                            if (currentOp != null) {
                                throw syntax();
                            }
                            result = inner;
                            return DONE;
                        }
                        if (currentOp != null) {
                            addRight(currentOp, inner);
                        } else {
                            currentExp = inner;
                        }
                    } else { // ')'
                        if (currentOp == null && currentExp == null) {
                            throw syntax();
                        }
                        if ((currentExp != null && !done(currentExp)) || (currentOp != null && !done(currentOp))) {
                            throw syntax();
                        }
                        result = currentOp != null ? currentOp : currentExp;
                        return CLOSED;
                    }
                }
                case Lexer.OP -> {
                    Node arg = operator(token, leftItem);
                    if (arg == null) {
                        throw error("Unknown op token " + token);
                    }
                    if (arg.kind == Node.OP && arg.op != Node.NOT) { // && ||: need a left expression
                        if ((currentExp == null && currentOp == null) || leftItem != null) {
                            throw syntax();
                        }
                        arg.left = currentOp != null ? currentOp : currentExp;
                        currentOp = arg;
                        currentExp = null;
                    } else if (arg.kind == Node.OP) { // !
                        if (leftItem != null) {
                            throw syntax();
                        }
                        if (currentOp != null) {
                            addRight(currentOp, arg);
                        }
                        currentExp = arg;
                        if (process(true) != DONE) {
                            throw syntax();
                        }
                        addRight(currentExp, result);
                    } else { // arithmetic or comparison
                        if (leftItem == null) {
                            throw syntax();
                        }
                        if (currentOp != null) {
                            addRight(currentOp, arg);
                        }
                        addLeft(arg, leftItem);
                        currentExp = arg;
                    }
                }
                case Lexer.NONE -> {
                }
                default -> throw syntax();
            }
        } while (type != Lexer.NONE);
        if (currentOp == null && currentExp == null) {
            throw syntax();
        }
        if (currentOp == null) {
            currentOp = currentExp;
        }
        result = collapse(currentOp);
        return DONE;
    }

    /** A value or a field: a number, a quoted string, a field of the event, COMM, CPU, or FALSE for a field it lacks. */
    private Node item(String token, int type) throws FilterException {
        Node n = new Node();
        if (type != Lexer.ITEM) {
            n.kind = Node.VALUE;
            n.valueType = type == Lexer.DQUOTE ? Node.STRING : Node.CHAR;
            n.text = bytes(token);
            return n;
        }
        if (Character.isDigit(token.charAt(0))) {
            n.kind = Node.VALUE;
            n.valueType = Node.NUMBER;
            n.number = CNumbers.strtoull(token);
            return n;
        }
        FieldFormat f = event.field(token);
        n.kind = Node.FIELD;
        n.field = f;
        if (f == null) {
            if (token.equals("COMM")) {
                n.fieldKind = Node.COMM;
            } else if (token.equals("CPU")) {
                n.fieldKind = Node.CPU;
            } else {
                n = Node.bool(false);
            }
        }
        if (lexer.peekChar() == '.') { // tracesym's FIELD.function / FIELD.module
            lexer.skipChar();
            int t = lexer.readRaw();
            String suffix = lexer.text();
            if (t != Lexer.ITEM || !(suffix.equals("function") || suffix.equals("module"))) {
                throw error("a field may only be followed by .function or .module");
            }
            if (n.kind == Node.FIELD) {
                if (n.fieldKind != Node.REAL || f.isString()) {
                    throw error(token + "." + suffix + ": ." + suffix + " names the kernel address in a number field");
                }
                n.fieldKind = suffix.equals("function") ? Node.FUNCTION : Node.MODULE;
            }
        }
        return n;
    }

    /** The node of an operator token, or null when it is none (libtraceevent's process_op). */
    private static Node operator(String token, Node leftItem) {
        switch (token) {
            case "&&": return Node.of(Node.OP, Node.AND);
            case "||": return Node.of(Node.OP, Node.OR);
            case "!": return Node.of(Node.OP, Node.NOT);
            case "+": return Node.of(Node.EXP, Node.ADD);
            case "-": return Node.of(Node.EXP, Node.SUB);
            case "*": return Node.of(Node.EXP, Node.MUL);
            case "/": return Node.of(Node.EXP, Node.DIV);
            case "%": return Node.of(Node.EXP, Node.MOD);
            case ">>": return Node.of(Node.EXP, Node.RSHIFT);
            case "<<": return Node.of(Node.EXP, Node.LSHIFT);
            case "&": return Node.of(Node.EXP, Node.BAND);
            case "|": return Node.of(Node.EXP, Node.BOR);
            case "^": return Node.of(Node.EXP, Node.XOR);
            case "~":
                // libtraceevent: a "not" expression no record can evaluate; with a field on the left, a glob
                // (decided for good when the right side comes: a number keeps libtraceevent's meaning)
                return Node.of(leftItem != null && leftItem.kind == Node.FIELD ? Node.NUM : Node.EXP,
                        leftItem != null && leftItem.kind == Node.FIELD ? Node.GLOB : Node.BNOT);
            case "==": return Node.of(Node.NUM, Node.EQ);
            case "!=": return Node.of(Node.NUM, Node.NE);
            case "<": return Node.of(Node.NUM, Node.LT);
            case ">": return Node.of(Node.NUM, Node.GT);
            case "<=": return Node.of(Node.NUM, Node.LE);
            case ">=": return Node.of(Node.NUM, Node.GE);
            case "=~": return Node.of(Node.NUM, Node.REGEX);
            case "!~": return Node.of(Node.NUM, Node.NOT_REGEX);
            default: return null;
        }
    }

    private static boolean done(Node n) {
        return switch (n.kind) {
            case Node.EXP, Node.OP, Node.NUM -> n.right != null;
            case Node.STR, Node.BOOLEAN -> true;
            default -> false;
        };
    }

    private void addLeft(Node op, Node arg) throws FilterException {
        if (op.kind == Node.NUM && arg.kind != Node.FIELD && arg.kind != Node.BOOLEAN) {
            throw syntax(); // the left side of a comparison is a field
        }
        op.left = arg;
    }

    /** libtraceevent's add_right: where a string on the right turns a comparison into a string match. */
    private void addRight(Node op, Node arg) throws FilterException {
        switch (op.kind) {
            case Node.EXP, Node.OP -> {
                if (op.right != null) {
                    throw syntax();
                }
                op.right = arg;
            }
            case Node.NUM -> {
                if (op.right != null) {
                    throw syntax();
                }
                if (arg.kind != Node.VALUE && arg.kind != Node.FIELD) {
                    throw error("Illegal rvalue");
                }
                if (op.op == Node.GLOB && (arg.kind == Node.FIELD || arg.valueType == Node.NUMBER)) {
                    // '~' without a string: libtraceevent's "not" expression, which no record can evaluate
                    op.kind = Node.EXP;
                    op.op = Node.BNOT;
                    op.right = arg;
                    return;
                }
                if (arg.kind == Node.FIELD) {
                    // libtraceevent reads a field on the right as a value of unknown type: refused
                    throw syntax();
                }
                if (arg.valueType == Node.CHAR && arg.text.length() == 1 && op.op != Node.REGEX
                        && op.op != Node.NOT_REGEX && op.op != Node.GLOB) {
                    arg.valueType = Node.NUMBER;
                    arg.number = arg.text.charAt(0);
                }
                if (arg.valueType == Node.NUMBER) {
                    numberOnTheRight(op, arg);
                } else {
                    stringOnTheRight(op, arg);
                }
            }
            default -> throw syntax();
        }
    }

    private void numberOnTheRight(Node op, Node arg) throws FilterException {
        if (op.op == Node.REGEX || op.op == Node.NOT_REGEX) {
            throw error("Op not allowed with integers");
        }
        if (op.left.kind == Node.FIELD && (op.left.fieldKind == Node.FUNCTION || op.left.fieldKind == Node.MODULE)) {
            throw error(op.left.fieldName() + " compares with a string");
        }
        op.right = arg;
    }

    private void stringOnTheRight(Node op, Node arg) throws FilterException {
        Node left = op.left;
        int type = op.op;
        if (left.kind == Node.BOOLEAN) { // a field the event lacks: the whole comparison is FALSE
            op.become(Node.bool(false));
            return;
        }
        if (left.kind != Node.FIELD) {
            throw error("Illegal lvalue for string comparison");
        }
        Pattern pattern = null;
        switch (type) {
            case Node.EQ -> type = Node.MATCH;
            case Node.NE -> type = Node.NOT_MATCH;
            case Node.REGEX, Node.NOT_REGEX -> {
                try {
                    pattern = PosixRegex.compile(arg.text);
                } catch (PosixRegex.Invalid e) {
                    throw error("RegEx '" + arg.text + "' did not compute: " + e.getMessage());
                }
            }
            case Node.GLOB -> pattern = Glob.compile(arg.text);
            default -> throw error("Illegal comparison for string");
        }
        Node s = Node.of(Node.STR, type);
        s.field = left.field;
        s.fieldKind = left.fieldKind;
        s.text = arg.text;
        s.pattern = pattern;
        op.become(s);
    }

    // ---------------------------------------------------------------- folding (collapse_tree)

    /** Folds the FALSE of unknown fields away, as libtraceevent's collapse_tree; the root may become a constant. */
    private Node collapse(Node root) throws FilterException {
        int v = test(root, root);
        return v == NORM ? root : Node.bool(v == TRUE);
    }

    private int test(Node parent, Node arg) throws FilterException {
        if (arg == null) { // libtraceevent crashes here: an operator without its right side
            throw error("incomplete expression: an operator lacks its right side");
        }
        switch (arg.kind) {
            case Node.BOOLEAN:
                return arg.value ? TRUE : FALSE;
            case Node.STR, Node.VALUE, Node.FIELD:
                return NORM;
            case Node.EXP, Node.NUM: {
                int l = test(arg, arg.left);
                if (l != NORM) {
                    return l;
                }
                return test(arg, arg.right);
            }
            case Node.OP: {
                if (arg.op != Node.NOT) {
                    int l = test(arg, arg.left);
                    if (l == TRUE || l == FALSE) {
                        if ((l == TRUE && arg.op == Node.OR) || (l == FALSE && arg.op == Node.AND)) {
                            return l;
                        }
                        int r = test(arg, arg.right);
                        if (r != NORM) {
                            return r;
                        }
                        reparent(parent, arg, arg.right);
                        return NORM;
                    }
                }
                int r = test(arg, arg.right);
                if (r == TRUE || r == FALSE) {
                    if ((r == TRUE && arg.op == Node.OR) || (r == FALSE && arg.op == Node.AND)) {
                        return r;
                    }
                    if (arg.op == Node.NOT) {
                        return r == TRUE ? FALSE : TRUE;
                    }
                    reparent(parent, arg, arg.left);
                    return NORM;
                }
                return r;
            }
            default:
                throw error("bad arg in filter tree");
        }
    }

    /** Puts {@code child} (a child of {@code old}) where {@code old} is under {@code parent}, dropping its sibling. */
    private void reparent(Node parent, Node old, Node child) throws FilterException {
        if (parent.kind != Node.OP && child.kind != Node.OP) {
            throw error("can not reparent other than OP");
        }
        if (old.right == child) {
            old.right = null;
        } else if (old.left == child) {
            old.left = null;
        } else {
            throw error("Error in reparent op, find other child");
        }
        if (parent == old) {
            parent.become(child);
        } else if (parent.right == old) {
            parent.right = child;
        } else if (parent.left == old) {
            parent.left = child;
        } else {
            throw error("Error in reparent op");
        }
    }

    /** A string as the bytes C compares: each UTF-8 byte one char (matched against record bytes read as Latin-1). */
    static String bytes(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }
}
