package dev.tracesym.formats.event;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the {@code print fmt:} line of a format file into the format string and its argument
 * trees, following libtraceevent 1.7.1's recursive-descent parser step by step: its operator
 * handling is not C's (priorities are compared in a particular order and nodes are rotated), and
 * which print fmts it rejects decides which events print as {@code [FAILED TO PARSE]}.
 */
final class PrintFmtParser {
    /** Token kind libtraceevent returns on a parse error. */
    private static final int ERROR = -1;

    private final EventFormat event;
    private final int longSize;
    private final Lexer lx;
    /** The token handed between the steps (libtraceevent's {@code char **tok}). */
    private String tok;
    /** Set when a step marks the event failed even though parsing goes on. */
    boolean failed;
    /**
     * Set when an argument of {@code __print_array}, {@code __print_hex} or {@code __print_hex_str} failed
     * to parse: libtraceevent's alloc_and_process_delim then sets errno to EINVAL, which nothing in the
     * rest of the parse clears ({@link #leavesEinval}).
     */
    private boolean delimitedArgFailed;

    /** The format string (escapes still as written) and its arguments. */
    String format;
    final List<Arg> args = new ArrayList<>();

    private final boolean pluginFunctions;

    private PrintFmtParser(EventFormat event, int longSize, boolean pluginFunctions) {
        this.pluginFunctions = pluginFunctions;
        this.event = event;
        this.longSize = longSize;
        this.lx = new Lexer(event.source, event.printFmtStart);
    }

    /** Parses the event's print fmt; null when libtraceevent's event_read_print fails. */
    static PrintFmtParser parse(EventFormat event, int longSize, boolean pluginFunctions) {
        if (event.fieldsFailed) return null;
        PrintFmtParser p = new PrintFmtParser(event, longSize, pluginFunctions);
        return p.readPrint() ? p : null;
    }

    /**
     * Whether libtraceevent 1.7.1, parsing this event's print fmt, leaves errno at EINVAL: where one of the
     * delimited arguments of {@code __print_array}, {@code __print_hex} or {@code __print_hex_str} does not
     * parse (e.g. {@code sizeof(u64)}, a type it does not know). No other step of its format parser sets
     * errno, so trace-cmd's exit status after a later die() depends on this ({@code EventFormats#parsingSetsEinval}).
     */
    static boolean leavesEinval(EventFormat event, int longSize, boolean pluginFunctions) {
        if (event.fieldsFailed) return false;
        PrintFmtParser p = new PrintFmtParser(event, longSize, pluginFunctions);
        p.readPrint();
        return p.delimitedArgFailed;
    }

    // ---- tokens

    private int readToken() {
        return lx.next();
    }

    private int readTokenItem() {
        return lx.nextItem();
    }

    private boolean expect(int type, String text, boolean newlineOk) {
        int t = newlineOk ? readToken() : readTokenItem();
        return t == type && text.equals(lx.text);
    }

    private static boolean is(int type, String token, int wantType, String want) {
        return type == wantType && want.equals(token);
    }

    private static boolean itemType(int t) {
        return t == Lexer.ITEM || t == Lexer.DQUOTE || t == Lexer.SQUOTE;
    }

    // ---- event_read_print

    private boolean readPrint() {
        if (!expect(Lexer.ITEM, "print", false)) return false;
        if (!expect(Lexer.ITEM, "fmt", true)) return false;
        if (!expect(Lexer.OP, ":", true)) return false;
        if (readToken() != Lexer.DQUOTE) return false;
        StringBuilder fmt = new StringBuilder(lx.text);
        int t;
        for (;;) {
            t = readTokenItem();
            if (t == Lexer.DQUOTE) {
                fmt.append(lx.text);
                continue;
            }
            break;
        }
        format = fmt.toString();
        if (t == Lexer.NONE) return true;
        if (!is(t, lx.text, Lexer.DELIM, ",")) return false;
        return readPrintArgs();
    }

    private boolean readPrintArgs() {
        int type = ERROR;
        do {
            if (type == Lexer.NEWLINE) {
                type = readTokenItem();
                tok = lx.text;
                continue;
            }
            Arg arg = new Arg();
            type = processArg(arg);
            if (type == ERROR) return false;
            args.add(arg);
            if (type == Lexer.OP) {
                type = processOp(arg);
                if (type != ERROR && !consolidate(arg)) type = ERROR;
                if (type == ERROR) {
                    args.remove(args.size() - 1);
                    return false;
                }
                continue;
            }
            if (type == Lexer.DELIM && ",".equals(tok)) continue;
            break;
        } while (type != Lexer.NONE);
        return true;
    }

    // ---- process_arg and friends; each returns the kind of the token left in tok

    private int processArg(Arg arg) {
        int type = readToken();
        tok = lx.text;
        return processArgToken(arg, type);
    }

    private int processArgToken(Arg arg, int type) {
        String token = tok;
        switch (type) {
            case Lexer.ITEM: {
                if ("REC".equals(token)) return processEntry(arg);
                StringBuilder atom = new StringBuilder(token);
                type = readTokenItem();
                if (type == Lexer.DELIM && "(".equals(lx.text)) {
                    return processFunction(arg, atom.toString());
                }
                // atoms can be several words ("unsigned long")
                while (type == Lexer.ITEM) {
                    atom.append(' ').append(lx.text);
                    type = readTokenItem();
                }
                arg.setAtom(atom.toString());
                tok = lx.text;
                return type;
            }
            case Lexer.DQUOTE:
            case Lexer.SQUOTE:
                arg.setAtom(token);
                type = readTokenItem();
                tok = lx.text;
                return type;
            case Lexer.DELIM:
                if ("(".equals(token)) return processParen(arg);
                // fall through: a lone ')' or ',' is treated as a (bad) unary operator
            case Lexer.OP:
                arg.type = Arg.OP;
                arg.op = token;
                arg.left = null;
                type = processOp(arg);
                if (type == ERROR) arg.op = null;
                return type;
            default:
                return ERROR;
        }
    }

    private int processFieldArg(Arg arg) {
        int type = processArg(arg);
        while (type == Lexer.OP) type = processOp(arg);
        return type;
    }

    private int processCond(Arg top) {
        Arg arg = new Arg(Arg.OP);
        Arg left = new Arg();
        Arg right = new Arg();
        arg.left = left;
        arg.right = right;
        int type = processArg(left);
        for (;;) {
            if (type == ERROR) {
                top.right = null;
                return ERROR;
            }
            if (type == Lexer.OP && !":".equals(tok)) {
                type = processOp(left);
                continue;
            }
            break;
        }
        if (!is(type, tok, Lexer.OP, ":")) {
            top.right = null;
            return ERROR;
        }
        arg.op = tok;
        type = processArg(right);
        top.right = arg;
        return type;
    }

    private int processArray(Arg top) {
        Arg arg = new Arg();
        int type = processArg(arg);
        if (!is(type, tok, Lexer.OP, "]")) return ERROR;
        top.right = arg;
        type = readTokenItem();
        tok = lx.text;
        return type;
    }

    static int opPriority(String op) {
        if (op.length() == 1) {
            switch (op.charAt(0)) {
                case '~': case '!': return 4;
                case '*': case '/': case '%': return 6;
                case '+': case '-': return 7;
                case '<': case '>': return 9;
                case '&': return 11;
                case '^': return 12;
                case '|': return 13;
                case '?': return 16;
                default: return -1;
            }
        }
        switch (op) {
            case "++": case "--": return 3;
            case ">>": case "<<": return 8;
            case ">=": case "<=": return 9;
            case "==": case "!=": return 10;
            case "&&": return 14;
            case "||": return 15;
            default: return -1;
        }
    }

    private static boolean isBinary(String t) {
        switch (t) {
            case ">>": case "<<": case "&": case "|": case "&&": case "||": case "-": case "+": case "*":
            case "^": case "/": case "%": case "<": case ">": case "<=": case ">=": case "==": case "!=":
                return true;
            default:
                return false;
        }
    }

    /** process_op: the operator is in tok, arg is its left side (or a fresh unary node). */
    private int processOp(Arg arg) {
        String token = tok;
        Arg right = null;
        int type;
        if (arg.type == Arg.OP && arg.left == null) {
            // unary operator
            if (token.length() != 1 || "~!+-".indexOf(token.charAt(0)) < 0) return fail();
            arg.left = new Arg(Arg.NULL);
            right = new Arg();
            arg.right = right;
            type = processArg(right);
        } else if ("?".equals(token)) {
            Arg left = arg.copy();
            arg.type = Arg.OP;
            arg.op = token;
            arg.left = left;
            arg.right = null;
            arg.prio = 0;
            type = processCond(arg);
        } else if (isBinary(token)) {
            Arg left = arg.copy();
            arg.type = Arg.OP;
            arg.op = token;
            arg.left = left;
            arg.right = null;
            arg.prio = left.type == Arg.NULL ? 0 : opPriority(token);
            if (arg.prio == -1) {
                failed = true;
                return fail();
            }
            type = readTokenItem();
            tok = lx.text;
            // "(type *)" is a cast, not a multiplication
            if ("*".equals(arg.op) && type == Lexer.DELIM && ")".equals(tok)) {
                if (left.type != Arg.ATOM) return fail();
                left.text = left.text + " *";
                arg.copyFrom(left);
                return type;
            }
            right = new Arg();
            type = processArgToken(right, type);
            if (type == ERROR) return fail();
            if (right.type == Arg.OP && opPriority(arg.op) < opPriority(right.op)) {
                // libtraceevent's rotation by priority
                arg.right = right.left;
                Arg tmp = arg.copy();
                arg.copyFrom(right);
                right.copyFrom(tmp);
                arg.left = right;
            } else {
                arg.right = right;
            }
        } else if ("[".equals(token)) {
            Arg left = arg.copy();
            arg.type = Arg.OP;
            arg.op = token;
            arg.left = left;
            arg.right = null;
            arg.prio = 0;
            type = processArray(arg);
        } else {
            failed = true;
            return fail();
        }
        if (type == Lexer.OP && !":".equals(tok)) {
            int prio = opPriority(tok);
            if (prio > arg.prio) return processOp(arg);
            if (right == null) return fail();
            return processOp(right);
        }
        return type;
    }

    private int fail() {
        tok = null;
        return ERROR;
    }

    private int processEntry(Arg arg) {
        int type = readTokenItem();
        // "(REC)->field"
        if (type == Lexer.DELIM && ")".equals(lx.text)) {
            tok = lx.text;
            return Lexer.ITEM;
        }
        if (!is(type, lx.text, Lexer.OP, "->")) return fail();
        if (readToken() != Lexer.ITEM) return fail();
        arg.type = Arg.FIELD;
        arg.name = lx.text;
        arg.field = event.field(arg.name);
        type = readToken();
        tok = lx.text;
        return type;
    }

    private int processParen(Arg arg) {
        int type = processArg(arg);
        if (type == ERROR) return fail();
        if (type == Lexer.OP) type = processOp(arg);
        if (type == ERROR) return fail();
        if (type == Lexer.ITEM && ")".equals(tok)) return processEntry(arg);
        if (!is(type, tok, Lexer.DELIM, ")")) return fail();
        type = readTokenItem();
        tok = lx.text;
        if (itemType(type) || (type == Lexer.DELIM && "(".equals(tok))) {
            // "(type) item": a typecast
            if (arg.type != Arg.ATOM) return fail();
            Arg item = new Arg();
            arg.type = Arg.TYPE;
            arg.left = item;
            // arg.text keeps the type text
            type = processArgToken(item, type);
        }
        return type;
    }

    private int processFunction(Arg arg, String name) {
        switch (name) {
            case "__print_flags":
                return processFlags(arg, Arg.FLAGS);
            case "__print_symbolic":
                return processFlags(arg, Arg.SYMBOL);
            case "__print_hex":
                return processHex(arg, Arg.HEX);
            case "__print_hex_str":
                return processHex(arg, Arg.HEX_STR);
            case "__print_array":
                return processIntArray(arg);
            case "__get_str":
            case "__get_rel_str":
                return processNamed(arg, Arg.STRING);
            case "__get_bitmask":
            case "__get_rel_bitmask":
                return processNamed(arg, Arg.BITMASK);
            case "__get_cpumask":
            case "__get_rel_cpumask":
                return processNamed(arg, Arg.CPUMASK);
            case "__get_dynamic_array":
            case "__get_rel_dynamic_array":
            case "__get_sockaddr":
            case "__get_sockaddr_rel":
                return processDynamicArray(arg);
            case "__get_dynamic_array_len":
            case "__get_rel_dynamic_array_len":
                return processDynamicArrayLen(arg);
            case "__builtin_expect":
                return processBuiltinExpect(arg);
            case "sizeof":
                return processSizeof(arg);
            default:
                PluginFunction f = pluginFunctions ? PluginFunction.find(name) : null;
                if (f != null) return processFuncHandler(arg, f);
                return fail();
        }
    }

    /** __print_flags (FLAGS) and __print_symbolic (SYMBOL). */
    private int processFlags(Arg arg, int kind) {
        arg.copyFrom(new Arg(kind));
        Arg field = new Arg();
        int type = processFieldArg(field);
        if (kind == Arg.FLAGS) {
            while (type == Lexer.OP) type = processOp(field);
        }
        if (!is(type, tok, Lexer.DELIM, ",")) return fail();
        arg.left = field;
        if (kind == Arg.FLAGS) {
            type = readTokenItem();
            if (itemType(type)) {
                arg.delim = lx.text;
                type = readTokenItem();
            }
            if (!is(type, lx.text, Lexer.DELIM, ",")) return fail();
        }
        List<String> values = new ArrayList<>();
        List<String> strs = new ArrayList<>();
        type = processFields(values, strs);
        if (type == ERROR || !is(type, tok, Lexer.DELIM, ")")) return fail();
        arg.symValues = values.toArray(new String[0]);
        arg.symStrings = strs.toArray(new String[0]);
        arg.symBytes = new byte[arg.symStrings.length][];
        for (int i = 0; i < arg.symStrings.length; i++) arg.symBytes[i] = Segment.latin1(arg.symStrings[i]);
        arg.symEval = new long[values.size()];
        for (int i = 0; i < values.size(); i++) arg.symEval[i] = evalFlag(arg.symValues[i]);
        type = readTokenItem();
        tok = lx.text;
        return type;
    }

    /** The {@code { value, "string" }, ...} list of __print_flags/__print_symbolic. */
    private int processFields(List<String> values, List<String> strs) {
        int type;
        do {
            type = readTokenItem();
            tok = lx.text;
            if (!is(type, tok, Lexer.OP, "{")) break;
            Arg arg = new Arg();
            type = processArg(arg);
            if (type == Lexer.OP) type = processOp(arg);
            if (type == ERROR) return fail();
            if (!is(type, tok, Lexer.DELIM, ",")) return fail();
            String value = argEval(arg);
            if (value == null) return fail();
            arg = new Arg();
            type = processArg(arg);
            if (!is(type, tok, Lexer.OP, "}")) return fail();
            String str = argEval(arg);
            if (str == null) return fail();
            values.add(value);
            strs.add(str);
            type = readTokenItem();
            tok = lx.text;
        } while (type == Lexer.DELIM && ",".equals(tok));
        return type;
    }

    private int processHex(Arg arg, int kind) {
        arg.copyFrom(new Arg(kind));
        arg.left = delimitedArg(",");
        if (arg.left == null) return fail();
        arg.right = delimitedArg(")");
        if (arg.right == null) return fail();
        int type = readTokenItem();
        tok = lx.text;
        return type;
    }

    private int processIntArray(Arg arg) {
        arg.copyFrom(new Arg(Arg.INT_ARRAY));
        arg.left = delimitedArg(",");
        if (arg.left == null) return fail();
        arg.right = delimitedArg(",");
        if (arg.right == null) return fail();
        arg.extra = delimitedArg(")");
        if (arg.extra == null) return fail();
        int type = readTokenItem();
        tok = lx.text;
        return type;
    }

    /** alloc_and_process_delim: one argument expression ended by the given delimiter. */
    private Arg delimitedArg(String delim) {
        Arg field = new Arg();
        int type = processArg(field);
        if (type == Lexer.OP) {
            type = processOp(field);
            if (type != ERROR && !consolidate(field)) type = ERROR;
            if (type == ERROR) {
                delimitedArgFailed = true;
                return null;
            }
        }
        if (!is(type, tok, Lexer.DELIM, delim)) {
            delimitedArgFailed = true;
            return null;
        }
        return field;
    }

    private int processDynamicArray(Arg arg) {
        arg.copyFrom(new Arg(Arg.DYNAMIC_ARRAY));
        int type = readToken();
        tok = lx.text;
        if (type != Lexer.ITEM) return fail();
        FieldFormat f = ownField(tok);
        if (f == null) return fail();
        arg.field = f;
        if (!expect(Lexer.DELIM, ")", true)) return fail();
        type = readTokenItem();
        tok = lx.text;
        if (type != Lexer.OP || !"[".equals(tok)) return type;
        // libtraceevent 1.7.1 inverts the test for the closing ']': an index always fails
        Arg index = new Arg();
        type = processArg(index);
        if (type == ERROR) return fail();
        if (is(type, tok, Lexer.OP, "]")) return fail();
        type = readTokenItem();
        tok = lx.text;
        return type;
    }

    private int processDynamicArrayLen(Arg arg) {
        if (readToken() != Lexer.ITEM) return fail();
        arg.type = Arg.DYNAMIC_ARRAY_LEN;
        FieldFormat f = ownField(lx.text);
        if (f == null) return fail();
        arg.field = f;
        if (!expect(Lexer.DELIM, ")", true)) return fail();
        int type = readToken();
        tok = lx.text;
        return type;
    }

    /** __get_str / __get_bitmask / __get_cpumask: a field name; the field is looked up when printing. */
    private int processNamed(Arg arg, int kind) {
        if (readToken() != Lexer.ITEM) return fail();
        arg.type = kind;
        arg.name = lx.text;
        arg.field = event.field(arg.name);
        if (!expect(Lexer.DELIM, ")", true)) return fail();
        int type = readToken();
        tok = lx.text;
        return type;
    }

    private int processFuncHandler(Arg arg, PluginFunction f) {
        arg.type = Arg.FUNC;
        arg.func = f;
        arg.funcArgs = new Arg[f.args.length];
        tok = null;
        for (int i = 0; i < f.args.length; i++) {
            Arg a = new Arg();
            int type = processArg(a);
            String want = i < f.args.length - 1 ? "," : ")";
            if (type != Lexer.DELIM || !want.equals(tok)) return fail();
            arg.funcArgs[i] = a;
        }
        int type = readToken();
        tok = lx.text;
        return type;
    }

    private int processBuiltinExpect(Arg arg) {
        int type = processArg(arg);
        if (type != Lexer.DELIM || tok == null || !tok.startsWith(",")) return fail();
        if (readToken() != Lexer.ITEM) return fail();
        if (!expect(Lexer.DELIM, ")", true)) return fail();
        type = readTokenItem();
        tok = lx.text;
        return type;
    }

    private int processSizeof(Arg arg) {
        int type = readTokenItem();
        String token = lx.text;
        arg.type = Arg.ATOM;
        boolean ok = false;
        if ("unsigned".equals(token)) {
            type = readTokenItem();
            token = lx.text;
            if (type != Lexer.ITEM) ok = true;
        }
        if (ok || "int".equals(token)) {
            arg.setAtom("4");
        } else if ("long".equals(token)) {
            type = readTokenItem();
            token = lx.text;
            if ("long".equals(token)) {
                arg.setAtom("8");
            } else {
                if (longSize != 4 && longSize != 8) return fail();
                arg.setAtom(Integer.toString(longSize));
                ok = true; // the token read is already the next one
            }
        } else if ("REC".equals(token)) {
            if (!is(readTokenItem(), lx.text, Lexer.OP, "->")) return fail();
            if (readToken() != Lexer.ITEM) return fail();
            FieldFormat f = event.field(lx.text);
            if (f == null || f.array) return fail();
            arg.setAtom(Integer.toString(f.size));
        } else {
            return fail();
        }
        if (!ok) {
            type = readTokenItem();
            token = lx.text;
        }
        if (!is(type, token, Lexer.DELIM, ")")) return fail();
        type = readTokenItem();
        tok = lx.text;
        return type;
    }

    private FieldFormat ownField(String name) {
        for (FieldFormat f : event.fields) {
            if (f.name.equals(name)) return f;
        }
        return null;
    }

    // ---- constant folding (consolidate_op_arg) and the evaluator of flag tables (arg_eval)

    /** Folds operators over two number atoms into one atom, as libtraceevent does after parsing an argument. */
    private static boolean consolidate(Arg arg) {
        if (arg.type != Arg.OP) return true;
        if (arg.left != null && !consolidate(arg.left)) return false;
        if (arg.right != null && !consolidate(arg.right)) return false;
        if (arg.left == null || arg.right == null) return true;
        if (arg.left.type != Arg.ATOM || arg.right.type != Arg.ATOM) return true;
        long l = CNumbers.strtoull(arg.left.text);
        long r = CNumbers.strtoull(arg.right.text);
        long v;
        String op = arg.op;
        char c1 = op.length() > 1 ? op.charAt(1) : 0;
        switch (op.charAt(0)) {
            case '>':
                v = c1 == '>' ? l >>> r : c1 == '=' ? b(Long.compareUnsigned(l, r) >= 0) : b(Long.compareUnsigned(l, r) > 0);
                break;
            case '<':
                v = c1 == '<' ? l << r : c1 == '=' ? b(Long.compareUnsigned(l, r) <= 0) : b(Long.compareUnsigned(l, r) < 0);
                break;
            case '&':
                v = c1 == '&' ? b(l != 0 && r != 0) : l & r;
                break;
            case '|':
                v = c1 == '|' ? b(l != 0 || r != 0) : l | r;
                break;
            case '-': v = l - r; break;
            case '+': v = l + r; break;
            case '*': v = l * r; break;
            case '^': v = l ^ r; break;
            case '/': v = r == 0 ? 0 : Long.divideUnsigned(l, r); break;
            case '%': v = r == 0 ? 0 : Long.remainderUnsigned(l, r); break;
            case '=': v = b(l == r); break;
            case '!': v = b(l != r); break;
            default: return true;
        }
        arg.copyFrom(new Arg());
        arg.setAtom(Long.toString(v));
        return true;
    }

    private static long b(boolean x) {
        return x ? 1 : 0;
    }

    /** arg_eval: the text of a flag table entry (atom text, or a folded number). */
    private static String argEval(Arg arg) {
        switch (arg.type) {
            case Arg.ATOM:
                return arg.text;
            case Arg.TYPE:
                return argEval(arg.left);
            case Arg.OP: {
                long[] v = new long[1];
                if (!argNumEval(arg, v)) return null;
                return Long.toString(v[0]);
            }
            default:
                return null;
        }
    }

    /** arg_num_eval: signed evaluation with only the operators libtraceevent folds here. */
    private static boolean argNumEval(Arg arg, long[] out) {
        switch (arg.type) {
            case Arg.ATOM:
                out[0] = CNumbers.strtoll(arg.text);
                return true;
            case Arg.TYPE:
                if (!argNumEval(arg.left, out)) return false;
                out[0] = Casts.apply(out[0], arg.text, false);
                return true;
            case Arg.OP: {
                long[] l = new long[1];
                long[] r = new long[1];
                String op = arg.op;
                char c1 = op.length() > 1 ? op.charAt(1) : 0;
                switch (op.charAt(0)) {
                    case '|':
                    case '&':
                    case '<':
                    case '>':
                    case '=':
                    case '!':
                        if (!argNumEval(arg.left, l) || !argNumEval(arg.right, r)) return false;
                        break;
                    case '-':
                    case '+':
                        if (arg.left.type != Arg.NULL && !argNumEval(arg.left, l)) return false;
                        if (!argNumEval(arg.right, r)) return false;
                        break;
                    case '~':
                        if (!argNumEval(arg.right, r)) return false;
                        break;
                    default:
                        return false;
                }
                long a = l[0], c = r[0];
                switch (op.charAt(0)) {
                    case '|': out[0] = c1 != 0 ? b(a != 0 || c != 0) : a | c; return true;
                    case '&': out[0] = c1 != 0 ? b(a != 0 && c != 0) : a & c; return true;
                    case '<':
                        if (c1 == 0) out[0] = b(a < c);
                        else if (c1 == '<') out[0] = a << c;
                        else if (c1 == '=') out[0] = b(a <= c);
                        else return false;
                        return true;
                    case '>':
                        if (c1 == 0) out[0] = b(a > c);
                        else if (c1 == '>') out[0] = a >> c;
                        else if (c1 == '=') out[0] = b(a >= c);
                        else return false;
                        return true;
                    case '=':
                        if (c1 != '=') return false;
                        out[0] = b(a == c);
                        return true;
                    case '!':
                        if (c1 != '=') return false;
                        out[0] = b(a != c);
                        return true;
                    case '-': out[0] = a - c; return true;
                    case '+': out[0] = a + c; return true;
                    case '~': out[0] = ~c; return true;
                    default: return false;
                }
            }
            default:
                return false;
        }
    }

    /** eval_flag: numbers as strtoull reads them, a few enum names libtraceevent knows, else -1. */
    static long evalFlag(String s) {
        if (!s.isEmpty() && s.charAt(0) >= '0' && s.charAt(0) <= '9') return CNumbers.strtoull(s);
        switch (s) {
            case "HI_SOFTIRQ": return 0;
            case "TIMER_SOFTIRQ": return 1;
            case "NET_TX_SOFTIRQ": return 2;
            case "NET_RX_SOFTIRQ": return 3;
            case "BLOCK_SOFTIRQ": return 4;
            case "IRQ_POLL_SOFTIRQ": return 5;
            case "TASKLET_SOFTIRQ": return 6;
            case "SCHED_SOFTIRQ": return 7;
            case "HRTIMER_SOFTIRQ": return 8;
            case "RCU_SOFTIRQ": return 9;
            case "HRTIMER_NORESTART": return 0;
            case "HRTIMER_RESTART": return 1;
            default: return -1;
        }
    }
}
