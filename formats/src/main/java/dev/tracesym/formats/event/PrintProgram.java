package dev.tracesym.formats.event;

import java.util.ArrayList;
import java.util.List;

/**
 * A print fmt compiled once per event type: the segments libtraceevent's parse_args produces.
 * {@link #failed} is libtraceevent's TEP_EVENT_FL_FAILED: the event then prints as
 * {@code [FAILED TO PARSE]} followed by its raw fields.
 */
final class PrintProgram {
    final Segment[] segments;
    boolean failed;
    /** ftrace:bprint: the format and arguments come from each record, not from the print fmt. */
    boolean bprint;
    /** Whether the text may hold a NUL byte (see {@link Segment#mayPrintNul}). */
    boolean mayPrintNul = true;
    /**
     * No atom is both evaluated as a number and printed as text: an atom naming a kernel symbol turns
     * into its address on first evaluation (libtraceevent's test_for_symbol), so only then does the text
     * of a record depend on which records the same printer rendered before.
     */
    boolean orderFree;

    private PrintProgram(Segment[] segments, boolean failed) {
        this.segments = segments;
        this.failed = failed;
    }

    static PrintProgram failed() {
        return new PrintProgram(new Segment[0], true);
    }

    /** Compiles an event's print fmt. */
    static PrintProgram compile(EventFormat f, int longSize, boolean pluginFunctions) {
        PrintFmtParser p = PrintFmtParser.parse(f, longSize, pluginFunctions);
        if (p == null) return failed();
        List<Arg> args = p.args;
        if (args.isEmpty() && "ftrace".equals(f.system)) {
            // old ftrace formats had no arguments: every field is one, in order
            for (FieldFormat field : f.fields) {
                Arg a = new Arg(Arg.FIELD);
                a.name = field.name;
                a.field = field;
                args.add(a);
            }
        }
        prepare(args);
        PrintProgram prog = build(p.format, args);
        prog.failed |= p.failed;
        prog.bprint = "ftrace".equals(f.system) && "bprint".equals(f.name);
        if (!prog.bprint) {
            boolean nul = false;
            for (Segment s : prog.segments) {
                s.plan(longSize);
                nul |= s.mayPrintNul(longSize);
            }
            prog.mayPrintNul = nul;
            prog.orderFree = orderFree(prog.segments);
        }
        return prog;
    }

    private static boolean orderFree(Segment[] segments) {
        java.util.Set<Arg> numbers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.Set<Arg> texts = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Segment s : segments) {
            if (s.kind == Segment.TEXT) continue;
            atoms(s.lenArg, numbers);
            if (s.kind == Segment.STRING || s.kind == Segment.POINTER && s.arg.type == Arg.BSTRING) {
                printed(s.arg, numbers, texts);
            } else {
                atoms(s.arg, numbers);
            }
        }
        for (Arg a : texts) {
            if (numbers.contains(a)) return false;
        }
        return true;
    }

    /** The atoms of a {@code %s} argument: printed ones into {@code texts}, evaluated ones into {@code numbers}. */
    private static void printed(Arg a, java.util.Set<Arg> numbers, java.util.Set<Arg> texts) {
        if (a == null) return;
        switch (a.type) {
            case Arg.ATOM:
            case Arg.BSTRING:
                texts.add(a);
                return;
            case Arg.OP:
                if (a.op0() == '?' && a.right != null) {
                    atoms(a.left, numbers);
                    printed(a.right.left, numbers, texts);
                    printed(a.right.right, numbers, texts);
                    return;
                }
                atoms(a, numbers);
                return;
            default:
                atoms(a, numbers); // everything else is evaluated, if at all, as numbers
        }
    }

    /** Every atom under {@code a}. */
    private static void atoms(Arg a, java.util.Set<Arg> into) {
        if (a == null) return;
        if (a.type == Arg.ATOM) into.add(a);
        atoms(a.left, into);
        atoms(a.right, into);
        atoms(a.extra, into);
        if (a.funcArgs != null) {
            for (Arg f : a.funcArgs) atoms(f, into);
        }
    }

    /** Precomputes what evaluation needs (atom values, cast masks) over argument trees. */
    static void prepare(List<Arg> args) {
        for (Arg a : args) prepare(a);
    }

    private static void prepare(Arg a) {
        if (a == null) return;
        switch (a.type) {
            case Arg.ATOM:
                a.atomValue = CNumbers.strtoull(a.text);
                break;
            case Arg.TYPE:
                a.atomValue = Casts.mask(a.text, false);
                a.elementMask = Casts.mask(a.text, true);
                break;
            default:
        }
        prepare(a.left);
        prepare(a.right);
        prepare(a.extra);
        if (a.funcArgs != null) {
            for (Arg f : a.funcArgs) prepare(f);
        }
    }

    /** parse_args: splits the format into literal and conversion segments and pairs them with the arguments. */
    static PrintProgram build(String format, List<Arg> args) {
        List<Segment> segs = new ArrayList<>();
        boolean[] failed = new boolean[1];
        int[] next = new int[1];
        int pos = 0;
        int len = format.length();
        while (pos < format.length()) {
            int ret;
            if (format.charAt(pos) == '%' && (pos + 1 >= format.length() || format.charAt(pos + 1) != '%')) {
                ret = parseConversion(format, pos, args, next, segs, failed);
            } else {
                ret = parseText(format, pos, segs);
            }
            len -= ret;
            if (len > 0) pos += ret;
            else break;
        }
        return new PrintProgram(segs.toArray(new Segment[0]), failed[0]);
    }

    /** parse_arg_string: literal text up to the next lone '%', with \n \t \r \\ and \x -> x. */
    private static int parseText(String f, int pos, List<Segment> segs) {
        StringBuilder s = new StringBuilder();
        int ret = 0;
        int i = pos;
        int n = f.length();
        for (; i < n; i++) {
            char c = f.charAt(i);
            if (c == '\\') {
                i++;
                ret++;
                if (i >= n) {
                    // a trailing backslash escapes the terminating NUL: nothing more to print
                    ret++;
                    break;
                }
                char e = f.charAt(i);
                switch (e) {
                    case 'n': s.append('\n'); break;
                    case 't': s.append('\t'); break;
                    case 'r': s.append('\r'); break;
                    default: s.append(e);
                }
            } else if (c == '%') {
                if (i + 1 < n && f.charAt(i + 1) == '%') {
                    s.append('%');
                    i++;
                    ret++;
                } else {
                    break;
                }
            } else {
                s.append(c);
            }
            ret++;
        }
        segs.add(new Segment(Segment.TEXT, s.toString(), null, null, 0));
        return ret;
    }

    /** parse_arg_format: one conversion starting at the '%'. */
    private static int parseConversion(String f, int start, List<Arg> args, int[] next, List<Segment> segs,
                                       boolean[] failed) {
        int ret = 1;
        int ls = 0;
        Arg lenArg = null;
        int n = f.length();
        for (int i = start + 1; i < n; i++) {
            char c = f.charAt(i);
            switch (c) {
                case '#':
                case '.':
                case '-':
                case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
                    break;
                case 'h':
                    ls--;
                    break;
                case 'l':
                    ls++;
                    break;
                case 'L':
                    ls = 2;
                    break;
                case 'z':
                case 'Z':
                    ls = 1;
                    break;
                case '*':
                    if (next[0] >= args.size() || lenArg != null) {
                        failed[0] = true;
                        return ret;
                    }
                    lenArg = args.get(next[0]++);
                    break;
                case 'p': {
                    if (next[0] >= args.size()) {
                        failed[0] = true;
                        return ret;
                    }
                    int res = pointerExtension(f, i + 1);
                    i += res;
                    ret += res;
                    int len = i + 1 - start;
                    if (len > 31) {
                        failed[0] = true;
                        len = 31;
                    }
                    segs.add(new Segment(Segment.POINTER, f.substring(start, start + len), args.get(next[0]++),
                            lenArg, ls));
                    return ret + 1;
                }
                case 'd': case 'u': case 'i': case 'x': case 'X': case 'o': {
                    if (next[0] >= args.size()) {
                        failed[0] = true;
                        return ret;
                    }
                    int len = i + 1 - start;
                    if (len > 30) {
                        failed[0] = true;
                        len = 31;
                    }
                    if (ls < -2 || ls > 2) failed[0] = true;
                    segs.add(new Segment(Segment.DIGIT, f.substring(start, Math.min(n, start + len)),
                            args.get(next[0]++), lenArg, ls));
                    return ret + 1;
                }
                case 's': {
                    if (next[0] >= args.size()) {
                        failed[0] = true;
                        return ret;
                    }
                    int len = i + 1 - start;
                    if (len > 31) {
                        failed[0] = true;
                        len = 31;
                    }
                    segs.add(new Segment(Segment.STRING, f.substring(start, start + len), args.get(next[0]++),
                            lenArg, 0));
                    return ret + 1;
                }
                default:
                    // libtraceevent 1.7.1 knows no other conversion (not even %c): it prints ">c<"
                    // and the argument stays for the next conversion
                    segs.add(new Segment(Segment.TEXT, ">" + c + "<", null, null, 0));
                    return ret + 1;
            }
            ret++;
        }
        return ret;
    }

    /** parse_arg_format_pointer: how many characters after "%p" belong to the conversion. */
    static int pointerExtension(String f, int at) {
        char c0 = charAt(f, at);
        char c1 = charAt(f, at + 1);
        int ret = 0;
        switch (c0) {
            case 'F': case 'S': case 'f': case 's':
                return 1;
            case 'M': case 'm':
                if (c1 == 'R' || c1 == 'F') ret++;
                return ret + 1;
            case 'I': case 'i': {
                int index = 2;
                switch (c1) {
                    case 'S':
                        for (;;) {
                            char c = charAt(f, at + index);
                            if (c == 'p' || c == 'f' || c == 's') {
                                ret++;
                                index++;
                            } else {
                                break;
                            }
                        }
                        // fall through
                    case '4': {
                        char c = charAt(f, at + index);
                        if (c == 'h' || c == 'n' || c == 'l' || c == 'b') {
                            ret++;
                            index++;
                        }
                        if (c1 == '4') {
                            ret++;
                            break;
                        }
                    }
                        // fall through
                    case '6':
                        if (charAt(f, at + index) == 'c') ret++;
                        ret++;
                        break;
                    default:
                }
                return ret + 1;
            }
            case 'U':
                if (c1 == 'L' || c1 == 'l' || c1 == 'B' || c1 == 'b') ret++;
                return ret + 1;
            case 'h':
                if (c1 == 'C' || c1 == 'D' || c1 == 'N') ret++;
                return ret + 1;
            default:
                return 0;
        }
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }
}
