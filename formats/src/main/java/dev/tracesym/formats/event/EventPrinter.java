package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.RawEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * libtraceevent's generic rendering of an event's print fmt: the text {@code trace-cmd report}
 * shows after {@code "event_name: "} when no plugin handles the event. Print fmts are compiled on
 * first use per event id; rendering then walks the compiled segments without allocating.
 * One printer serves the formats of one trace (it caches by event id and keeps libtraceevent's
 * per-trace state, e.g. events that failed while printing). Not thread-safe: one printer per thread.
 */
public final class EventPrinter {
    /** Longest info text of one event, give or take one conversion (see {@link Printf#MAX_WIDTH}). */
    private static final int MAX_INFO = 1 << 20;
    private final PrintkFormats printk;
    private final SymbolNamer namer;
    private final boolean bigEndian;
    private final int longSize;
    private final boolean pluginFunctions;
    private final Printf printf = new Printf();
    private PrintProgram[] programs = new PrintProgram[64];
    /** The text of a plugin helper (discarded when it is evaluated for its value). */
    private final StringBuilder scratch = new StringBuilder();
    private final long[][] funcArgs = {new long[0], new long[1], new long[2], new long[3]};
    /** Text built before a width/precision applies to it (bitmasks, numbers printed as %s). */
    private final StringBuilder text = new StringBuilder();

    // the record being printed
    private byte[] d;
    private int base, size;
    private long ts;

    private final BprintState bprint = new BprintState();
    private final RawFieldPrinter rawFields = new RawFieldPrinter();

    public EventPrinter(EventFormats formats, PrintkFormats printk, SymbolNamer namer) {
        this(formats, printk, namer, true);
    }

    /**
     * @param pluginFunctions whether the print-fmt helpers of libtraceevent's plugins (e.g.
     *                        {@code xen_hypercall_name}) are known; false reproduces
     *                        {@code trace-cmd report -N}, where print fmts calling them fail
     */
    public EventPrinter(EventFormats formats, PrintkFormats printk, SymbolNamer namer, boolean pluginFunctions) {
        this.pluginFunctions = pluginFunctions;
        this.printk = printk == null ? PrintkFormats.EMPTY : printk;
        this.namer = namer == null ? SymbolNamer.NONE : namer;
        this.bigEndian = formats.bigEndian();
        this.longSize = formats.longSize();
    }

    /**
     * Appends exactly the text libtraceevent 1.7.1 prints for this event's info part, including its
     * {@code [FAILED TO PARSE]} fallback. bprint, bputs and print included; addresses go through the
     * SymbolNamer. A trailing newline of the info is kept (trace-cmd report drops one trailing
     * newline of the whole line).
     *
     * @return whether the text may hold a NUL byte (trace-cmd prints a line up to one); false
     *         when it certainly holds none
     */
    public boolean printInfo(ByteText out, RawEvent e, EventFormat f) {
        PrintProgram prog = program(f);
        d = e.data;
        base = e.offset;
        size = e.length;
        ts = e.ts;
        if (prog.failed) {
            out.append(FAILED);
            rawFields.printFields(out, e, f, bigEndian);
            return true;
        }
        Segment[] segs = prog.bprint ? bprint.segments(f, prog) : prog.segments;
        int start = out.length();
        for (Segment s : segs) {
            if (out.length() - start > MAX_INFO) {
                out.append("[...]"); // only a damaged format gets here: bound the text of one event
                break;
            }
            switch (s.op) {
                case Segment.LITERAL:
                    out.append(s.bytes);
                    break;
                case Segment.SIGNED_FIELD: {
                    int sh = s.shift;
                    out.appendSigned((fieldValue(s) << sh) >> sh);
                    break;
                }
                case Segment.UNSIGNED_FIELD:
                    out.appendUnsignedDigits(fieldValue(s) & s.valueMask);
                    break;
                case Segment.HEX_FIELD:
                    out.appendHex(fieldValue(s) & s.valueMask);
                    break;
                case Segment.NUMBER_FIELD:
                    printf.integer(out, s, fieldValue(s), 0);
                    break;
                case Segment.POINTER_FIELD:
                    Printf.pointer(out, fieldValue(s));
                    break;
                case Segment.SYMBOL_FIELD:
                    symbol(out, fieldValue(s), s.nameStyle);
                    break;
                case Segment.DYNAMIC_STRING:
                    dynamicString(out, s.field);
                    break;
                case Segment.FIXED_STRING:
                    fixedString(out, s.field);
                    break;
                case Segment.SYMBOLIC_FIELD:
                    symbolic(out, s, fieldValue(s));
                    break;
                case Segment.CHOICE: {
                    Arg colon = s.arg.right;
                    Arg a = (fieldValue(s) & s.testMask) != 0 ? colon.left : colon.right;
                    if (a.type == Arg.ATOM && a.text != null) out.append(a.textBytes());
                    else printString(out, s, 0, a);
                    break;
                }
                default:
                    printSegment(out, s);
            }
        }
        return prog.mayPrintNul;
    }

    private static final byte[] FAILED = Segment.latin1("[FAILED TO PARSE]");

    /**
     * {@link #printInfo(ByteText, RawEvent, EventFormat)} as characters (one per byte) appended to
     * {@code out}.
     */
    public void printInfo(StringBuilder out, RawEvent e, EventFormat f) {
        ByteText t = chars;
        t.setLength(0);
        printInfo(t, e, f);
        t.appendTo(out);
    }

    /** Text rendered for the character forms of the methods. */
    private final ByteText chars = new ByteText(256);

    /** The value of a planned segment's field, its casts applied; 0 where the record is too short. */
    private long fieldValue(Segment s) {
        int o = s.fieldOffset;
        int n = s.fieldSize;
        if (o < 0 || o + n > size) return 0;
        return EventFields.read(d, base + o, n, bigEndian) & s.castMask;
    }

    /** Appends the namer's text for {@code addr} in {@code style} ({@link SymbolNamer}); false, appending nothing, when it has none. */
    public boolean printSymbol(ByteText out, long ts, long addr, int style) {
        return namer.append(out, ts, addr, style);
    }

    /** {@code %ps}/{@code %pS}: the namer's text, or 0x and the address. */
    private void symbol(ByteText out, long v, int style) {
        if (!namer.append(out, ts, v, style)) {
            out.append((byte) '0');
            out.append((byte) 'x');
            out.appendHex(v);
        }
    }

    /** {@code %s} of {@code __get_str}: up to its NUL, the record's end or nothing when its length is 0. */
    private void dynamicString(ByteText out, FieldFormat f) {
        if (dynLength(f) == 0) return;
        Printf.copyCString(out, d, base + dynOffset(f), base + size);
    }

    /** {@code %s} of a char array field: up to its NUL, its end or the record's. */
    private void fixedString(ByteText out, FieldFormat f) {
        int len = f.size != 0 ? f.size : size - f.offset;
        int start = Math.min(Math.max(f.offset, 0), size);
        int end = Math.min(size, start + Math.max(len, 0));
        Printf.copyCString(out, d, base + start, base + end);
    }

    /** {@code %s} of {@code __print_symbolic} of a field, the spec plain. */
    private void symbolic(ByteText out, Segment s, long v) {
        Arg a = s.arg;
        long[] keys = a.symEval;
        for (int i = 0; i < keys.length; i++) {
            if (v == keys[i]) {
                out.append(a.symBytes[i]);
                return;
            }
        }
        out.append((byte) '0');
        out.append((byte) 'x');
        out.appendHex(v);
    }

    /**
     * Whether this event's text depends only on the record (and the names), not on the records printed
     * before: false for bprint (a format that fails fails the event for good) and for events
     * libtraceevent could not parse (their raw fields remember arrays that once held unprintable bytes),
     * and for print fmts that print an atom as text which they also evaluate (a symbol's name until its
     * first evaluation, then its address). Those must be printed by one printer in record order; the
     * others by any printer.
     */
    public boolean stateless(EventFormat f) {
        PrintProgram p = program(f);
        return !p.failed && !p.bprint && p.orderFree;
    }

    /**
     * Appends libtraceevent's raw form of the event ({@code tep_print_fields}), what {@code trace-cmd report
     * -R} and {@code -r} print instead of the print fmt: {@code " name=value"} for every own field, the
     * value printed by the print fmt's conversion of that field when it has one (so {@code %ps} fields
     * show their function, with a {@code 0x} that precedes the conversion), else raw. The search for a
     * field's conversion starts after the previous field's; once the last conversion has been used, the
     * fields after it print raw (libtraceevent's cursor runs off the list).
     */
    public void printFields(ByteText out, RawEvent e, EventFormat f) {
        PrintProgram prog = program(f);
        d = e.data;
        base = e.offset;
        size = e.length;
        ts = e.ts;
        // bprint's print fmt is never parsed into libtraceevent's cache (each record brings its own): all raw
        Segment[] segs = prog.failed || prog.bprint ? new Segment[0] : prog.segments;
        int cursor = segs.length == 0 ? -1 : 0;
        for (FieldFormat field : f.fields) {
            out.append(' ');
            out.append(field.name);
            out.append('=');
            int found = cursor < 0 || field.array || field.string ? -1 : conversionOf(segs, cursor, field);
            if (found < 0) {
                rawFields.printField(out, e, field, bigEndian);
                continue;
            }
            // the entry visited just before, when the search did not start at the conversion itself
            if (found != cursor && hex(segs[found == 0 ? segs.length - 1 : found - 1])) {
                out.append("0x");
            }
            printSegment(out, segs[found]);
            cursor = found + 1 < segs.length ? found + 1 : -1;
        }
    }

    /** A literal that ends in "0x": the conversion after it prints a hex number. */
    private static boolean hex(Segment s) {
        return s.kind == Segment.TEXT && s.text.length() > 1 && s.text.endsWith("0x");
    }

    /** The index of the conversion printing {@code field}, searched from {@code start} round the list; -1 when none. */
    private static int conversionOf(Segment[] segs, int start, FieldFormat field) {
        int i = start;
        do {
            Segment s = segs[i];
            if (s.kind != Segment.TEXT) {
                Arg a = s.arg;
                while (a != null && a.type == Arg.TYPE) {
                    a = a.left;
                }
                if (a != null && a.type == Arg.FIELD && a.field == field) {
                    return i;
                }
            }
            i = i + 1 < segs.length ? i + 1 : 0;
        } while (i != start);
        return -1;
    }

    /** Whether libtraceevent could not parse this event's format or print fmt (it then prints [FAILED TO PARSE]). */
    public boolean failed(EventFormat f) {
        return program(f).failed;
    }

    private PrintProgram program(EventFormat f) {
        PrintProgram[] all = programs; // the per-record path: small enough for C1 to inline
        int id = f.id;
        PrintProgram p;
        if (id < all.length && (p = all[id]) != null) return p;
        return compiled(f);
    }

    private PrintProgram compiled(EventFormat f) {
        int id = f.id;
        if (id >= programs.length) {
            PrintProgram[] n = new PrintProgram[Math.max(id + 1, programs.length * 2)];
            System.arraycopy(programs, 0, n, 0, programs.length);
            programs = n;
        }
        PrintProgram p = programs[id];
        if (p == null) {
            p = PrintProgram.compile(f, longSize, pluginFunctions);
            programs[id] = p;
        }
        return p;
    }

    // ---- segments

    private void printSegment(ByteText out, Segment s) {
        if (s.kind == Segment.TEXT) {
            out.append(s.bytes);
            return;
        }
        int star = s.lenArg != null ? (int) eval(s.lenArg) : 0;
        if (s.malformed) {
            out.append(s.text);
            return;
        }
        switch (s.kind) {
            case Segment.DIGIT:
                printf.integer(out, s, eval(s.arg), star);
                break;
            case Segment.POINTER:
                printPointer(out, s, s.lenArg != null ? star : 1);
                break;
            default:
                printString(out, s, star, s.arg);
        }
    }

    // ---- numbers (eval_num_arg)

    private long readNumber(int off, int n) {
        if (off < 0 || n <= 0 || off + n > size) return 0;
        switch (n) {
            case 1: case 2: case 4: case 8:
                return EventFields.read(d, base + off, n, bigEndian);
            default:
                return 0;
        }
    }

    private long eval(Arg a) {
        switch (a.type) {
            case Arg.ATOM:
                if (a.atomValue == 0 && !a.symbolChecked) resolveSymbol(a);
                return a.atomValue;
            case Arg.FIELD: {
                FieldFormat f = a.field;
                if (f == null || f.offset + f.size > size) return 0;
                return readNumber(f.offset, f.size);
            }
            case Arg.TYPE:
                return eval(a.left) & a.atomValue;
            case Arg.FUNC:
                return callFunc(null, a);
            case Arg.OP:
                return evalOp(a);
            case Arg.DYNAMIC_ARRAY_LEN:
                return dynLength(a.field);
            case Arg.DYNAMIC_ARRAY:
                // libtraceevent yields a pointer into its own memory here; the offset is the closest stable stand-in
                return dynOffset(a.field);
            default:
                return 0;
        }
    }

    /**
     * test_for_symbol: an atom that does not read as a number is taken as a kernel symbol name, once;
     * the atom then holds that address (or 0) for good, also when printed as text later.
     */
    private void resolveSymbol(Arg a) {
        a.symbolChecked = true;
        if (a.text == null || (!a.text.isEmpty() && a.text.charAt(0) >= '0' && a.text.charAt(0) <= '9')) return;
        a.atomValue = namer.addressOf(a.text);
        a.text = Long.toString(a.atomValue);
    }

    private long evalOp(Arg a) {
        char c0 = a.op0();
        if (c0 == '[') {
            long index = eval(a.right);
            Arg larg = a.left;
            Arg typearg = null;
            while (larg.type == Arg.TYPE) {
                if (typearg == null) typearg = larg;
                larg = larg.left;
            }
            long off;
            int fieldSize = longSize;
            if (larg.type == Arg.DYNAMIC_ARRAY) {
                off = dynOffset(larg.field) + index;
                if (larg.field.elementSize != 0) fieldSize = larg.field.elementSize;
            } else if (larg.type == Arg.FIELD) {
                if (larg.field == null) return 0;
                fieldSize = larg.field.elementSize;
                off = larg.field.offset + index * larg.field.elementSize;
            } else {
                return 0; // libtraceevent evaluates "[" as an unknown operator: 0
            }
            off &= 0xffffffffL;
            if (off + fieldSize > size) return 0;
            long v = readNumber((int) off, fieldSize);
            if (typearg != null) v &= typearg.elementMask;
            return v;
        }
        if (c0 == '?') {
            long cond = eval(a.left);
            Arg colon = a.right;
            return cond != 0 ? eval(colon.left) : eval(colon.right);
        }
        long l = eval(a.left);
        long r = eval(a.right);
        char c1 = a.op1;
        switch (c0) {
            case '!':
                if (c1 == 0) return r == 0 ? 1 : 0;
                return c1 == '=' ? (l != r ? 1 : 0) : 0;
            case '~':
                return ~r;
            case '|':
                return c1 != 0 ? (l != 0 || r != 0 ? 1 : 0) : l | r;
            case '&':
                return c1 != 0 ? (l != 0 && r != 0 ? 1 : 0) : l & r;
            case '<':
                if (c1 == 0) return Long.compareUnsigned(l, r) < 0 ? 1 : 0;
                if (c1 == '<') return l << r;
                return c1 == '=' ? (Long.compareUnsigned(l, r) <= 0 ? 1 : 0) : 0;
            case '>':
                if (c1 == 0) return Long.compareUnsigned(l, r) > 0 ? 1 : 0;
                if (c1 == '>') return l >>> r;
                return c1 == '=' ? (Long.compareUnsigned(l, r) >= 0 ? 1 : 0) : 0;
            case '=':
                return c1 == '=' ? (l == r ? 1 : 0) : 0;
            case '-':
                return l - r;
            case '+':
                return l + r;
            case '/':
                return r == 0 ? 0 : Long.divideUnsigned(l, r);
            case '%':
                return r == 0 ? 0 : Long.remainderUnsigned(l, r);
            case '*':
                return l * r;
            default:
                return 0; // libtraceevent's evaluator knows no other operator (not even '^')
        }
    }

    private final int[][] funcPointers = {new int[0], new int[1], new int[2], new int[3]};

    /** Runs a plugin helper; its text goes to {@code out} (null: discarded). */
    private long callFunc(ByteText out, Arg a) {
        PluginFunction fn = a.func;
        long[] args = funcArgs[fn.args.length];
        int[] at = funcPointers[fn.args.length];
        for (int i = 0; i < fn.args.length; i++) {
            at[i] = -1;
            if (fn.args[i] == PluginFunction.STRING) {
                args[i] = 0; // string arguments are not used by any helper we reproduce
                continue;
            }
            args[i] = eval(a.funcArgs[i]);
            if (fn.args[i] == PluginFunction.PTR) {
                at[i] = recordPointer(a.funcArgs[i]);
            }
        }
        StringBuilder text = scratch;
        text.setLength(0);
        long r = fn.call(text, args, at, d, base, size);
        if (out != null) out.append(text);
        return r;
    }

    /**
     * Where a pointer argument points in the record: a {@code __get_dynamic_array} (through casts) is
     * its data (the record's start when the locator is out of range, as libtraceevent gives); -1 for
     * anything else.
     */
    private int recordPointer(Arg a) {
        while (a.type == Arg.TYPE) a = a.left;
        if (a.type != Arg.DYNAMIC_ARRAY || a.field == null) return -1;
        return dynOffset(a.field);
    }

    /** A %s of a helper's text: libtraceevent prints it through a scratch buffer, so up to a NUL. */
    private void callFuncText(ByteText out, Arg a) {
        int start = out.length();
        callFunc(out, a);
        for (int i = start; i < out.length(); i++) {
            if (out.byteAt(i) == 0) {
                out.setLength(i);
                return;
            }
        }
    }

    /** dynamic_offset_field: payload-relative start of a __data_loc/__rel_loc payload. */
    private int dynOffset(FieldFormat f) {
        if (f.offset + f.size > size) return 0;
        long v = readNumber(f.offset, f.size);
        int o = (int) (v & 0xffff);
        if (o > size) o = 0;
        if (f.relative) o += f.offset + f.size;
        return o;
    }

    private int dynLength(FieldFormat f) {
        if (f.offset + f.size > size) return 0;
        long v = readNumber(f.offset, f.size);
        int o = (int) (v & 0xffff);
        int l = f.size == 2 ? size - o : (int) ((v >>> 16) & 0xffff);
        return o + l > size ? 0 : l;
    }

    // ---- strings (print_str_arg)

    private void printString(ByteText out, Segment s, int star, Arg a) {
        switch (a.type) {
            case Arg.ATOM:
                if (a.text != null) printf.string(out, s, star, a.textBytes());
                else printf.string(out, s, star, decimal(a.atomValue)); // a bprint number used as %s
                return;
            case Arg.BSTRING:
                if (a.text != null) printf.string(out, s, star, a.textBytes());
                else printf.cString(out, s, star, d, base + a.strOffset, base + a.strOffset + a.strLength);
                return;
            case Arg.FIELD: {
                FieldFormat f = a.field;
                if (f == null) return;
                if (!f.array && f.size == longSize) {
                    // a pointer: a constant string the kernel listed in printk_formats, else its address.
                    // libtraceevent reads it in the reading machine's byte order, not the trace's: trace-cmd
                    // on a little-endian host (the reference) misses the strings of a big-endian trace and
                    // prints the swapped number, and so do we
                    long addr = f.offset < 0 || f.offset + longSize > size ? 0
                            : EventFields.read(d, base + f.offset, longSize, false);
                    byte[] str = printk.bytesAt(addr);
                    if (str != null) out.append(str);
                    else Printf.hex(out, addr);
                    return;
                }
                int len = f.size != 0 ? f.size : size - f.offset;
                int start = Math.min(Math.max(f.offset, 0), size);
                int end = Math.min(size, start + Math.max(len, 0));
                printf.cString(out, s, star, d, base + start, base + end);
                return;
            }
            case Arg.FLAGS:
                printFlags(out, s, star, a);
                return;
            case Arg.SYMBOL: {
                long v = eval(a.left);
                for (int i = 0; i < a.symEval.length; i++) {
                    if (v == a.symEval[i]) {
                        printf.string(out, s, star, a.symBytes[i]);
                        return;
                    }
                }
                out.append("0x");
                Printf.hex(out, v);
                return;
            }
            case Arg.HEX:
            case Arg.HEX_STR:
                printHex(out, a);
                return;
            case Arg.INT_ARRAY:
                printIntArray(out, a);
                return;
            case Arg.STRING: {
                FieldFormat f = a.field;
                if (f == null) return;
                int len = dynLength(f);
                if (len == 0) return;
                printf.cString(out, s, star, d, base + dynOffset(f), base + size);
                return;
            }
            case Arg.BITMASK:
                if (a.field == null) return;
                printBitmask(out, s, star, dynOffset(a.field), dynLength(a.field));
                return;
            case Arg.CPUMASK:
                if (a.field == null) return;
                printCpumask(out, s, star, dynOffset(a.field), dynLength(a.field));
                return;
            case Arg.OP:
                // only "?:" prints text
                if (a.op0() != '?') return;
                printString(out, s, star, eval(a.left) != 0 ? a.right.left : a.right.right);
                return;
            case Arg.FUNC:
                callFuncText(out, a);
                return;
            default:
                // TYPE, DYNAMIC_ARRAY, ...: libtraceevent prints nothing
        }
    }

    private void printFlags(ByteText out, Segment s, int star, Arg a) {
        long v = eval(a.left);
        boolean printed = false;
        for (int i = 0; i < a.symEval.length; i++) {
            long fv = a.symEval[i];
            if (v == 0 && fv < 0) {
                printf.string(out, s, star, a.symBytes[i]);
                break;
            }
            if (fv > 0 && (v & fv) == fv) {
                if (printed && a.delim != null) out.append(a.delim);
                printf.string(out, s, star, a.symBytes[i]);
                printed = true;
                v &= ~fv;
            }
        }
        if (v != 0) {
            if (printed && a.delim != null) out.append(a.delim);
            out.append("0x");
            Printf.hex(out, v);
        }
    }

    /** Start (payload-relative) of the bytes a __print_hex/__print_array argument names. */
    private int bytesOf(Arg fieldArg) {
        if (fieldArg.type == Arg.DYNAMIC_ARRAY) return dynOffset(fieldArg.field);
        if (fieldArg.type == Arg.FIELD && fieldArg.field != null) return fieldArg.field.offset;
        return -1;
    }

    private int byteAt(int off) {
        return off >= 0 && off < size ? d[base + off] & 0xff : 0;
    }

    private void printHex(ByteText out, Arg a) {
        int start = bytesOf(a.left);
        if (start < 0) return;
        // libtraceevent reads on past the record (and may crash); we stop at its end
        long len = Math.min(eval(a.right) & 0xffffffffL, Math.max(0, size - start));
        for (int i = 0; i < len; i++) {
            if (i > 0 && a.type == Arg.HEX) out.append(' ');
            Printf.hex2(out, byteAt(start + i));
        }
    }

    private void printIntArray(ByteText out, Arg a) {
        int p = bytesOf(a.left);
        if (p < 0) return;
        long len = Math.min(eval(a.right) & 0xffffffffL, Math.max(0, size - p));
        int el = (int) eval(a.extra);
        for (int i = 0; i < len && p < size; i++) {
            if (i > 0) out.append(' ');
            if (el == 1 || el == 2 || el == 4 || el == 8) {
                // libtraceevent reads the elements in host order
                long v = p >= 0 && p + el <= size ? EventFields.read(d, base + p, el, false) : 0;
                Printf.appendUnsigned(out, v);
            } else {
                out.append("BAD SIZE:");
                out.appendSigned(el);
                out.append(" 0x");
                Printf.hex(out, byteAt(p));
                el = 1;
            }
            p += el;
        }
    }

    /** print_bitmask_to_seq: hex digits, most significant first, a comma every 32 bits. */
    private void printBitmask(ByteText out, Segment s, int star, int off, int len) {
        int nrBits = len * 8;
        int strSize = (nrBits + 3) / 4 + (nrBits - 1) / 32;
        if (strSize < 0) strSize = 0;
        StringBuilder str = text;
        str.setLength(0);
        str.setLength(strSize);
        int n = 0;
        for (int i = strSize - 2; i >= 0; i -= 2) {
            int index = bigEndian ? len - (n + 1) : n;
            int b = byteAt(off + index);
            str.setCharAt(i, Character.forDigit(b >>> 4, 16));
            str.setCharAt(i + 1, Character.forDigit(b & 0xf, 16));
            n++;
            if ((n & 3) == 0 && i > 0) {
                i--;
                str.setCharAt(i, ',');
            }
        }
        printf.string(out, s, star, str);
    }

    private CharSequence decimal(long v) {
        text.setLength(0);
        return text.append(v);
    }

    /** print_cpumask_to_seq: ranges of set bits, "0-3,8". */
    private void printCpumask(ByteText out, Segment s, int star, int off, int len) {
        StringBuilder str = text;
        str.setLength(0);
        int nrBits = len * 8;
        int firstOne = -1, firstZero;
        boolean first = true;
        for (int i = 0; i < len; i++) {
            int index = bigEndian ? len - (i + 1) : i;
            int b = byteAt(off + index);
            for (;;) {
                if (firstOne < 0 && b != 0) {
                    firstOne = Integer.numberOfTrailingZeros(b);
                    b |= (1 << firstOne) - 1;
                    firstOne += i * 8;
                }
                if (firstOne < 0) break;
                if ((~b & 0xff) != 0) {
                    firstZero = Integer.numberOfTrailingZeros(~b & 0xff);
                    b &= ~((1 << firstZero) - 1);
                    firstZero += i * 8;
                } else if (i == len - 1) {
                    firstZero = nrBits;
                    b = 0;
                } else {
                    break;
                }
                if (!first) str.append(',');
                first = false;
                str.append(firstOne);
                if (firstZero > firstOne + 1) str.append('-').append(firstZero - 1);
                firstOne = -1;
                if (b == 0) break;
            }
        }
        printf.string(out, s, star, str);
    }

    // ---- pointers (print_arg_pointer)

    private void printPointer(ByteText out, Segment s, int plen) {
        Arg a = s.arg;
        if (a.type == Arg.BSTRING) {
            if (a.text != null) out.append(a.text);
            else printf.cString(out, s, -1, d, base + a.strOffset, base + a.strOffset + a.strLength);
            return;
        }
        switch (s.ext(0)) {
            case 'F': case 'f': case 'S': case 's': {
                long v = eval(a);
                int style = s.ext(0) == 'F' || s.ext(0) == 'S' ? SymbolNamer.NAME_OFFSET : SymbolNamer.NAME;
                if (!namer.append(out, ts, v, style)) {
                    out.append("0x");
                    Printf.hex(out, v);
                }
                return;
            }
            case 'M': case 'm':
                printMac(out, s, a);
                return;
            case 'I': case 'i':
                printIp(out, s, a);
                return;
            case 'U':
                printUuid(out, s, a);
                return;
            case 'h':
                printRawBuffer(out, s, a, plen);
                return;
            default:
                Printf.pointer(out, eval(a));
        }
    }

    /** The field a special %p conversion reads, typecasts removed; null after printing why not. */
    private FieldFormat pointerField(ByteText out, Arg a) {
        while (a.type == Arg.TYPE) a = a.left;
        if (a.type != Arg.FIELD) {
            out.append("ARG TYPE NOT FIELD BUT ");
            out.appendSigned(a.type);
            return null;
        }
        return a.field;
    }

    private void printMac(ByteText out, Segment s, Arg a) {
        if (a.type == Arg.FUNC) {
            callFunc(out, a);
            return;
        }
        FieldFormat f = pointerField(out, a);
        if (f == null) return;
        char sep = ':';
        if (s.ext(0) == 'm') sep = 0;
        else if (s.ext(1) == 'F') sep = '-';
        boolean reverse = s.ext(1) == 'R';
        if (f.size != 6) {
            out.append("INVALIDMAC");
            return;
        }
        for (int i = 0; i < 6; i++) {
            if (i > 0 && sep != 0) out.append(sep);
            Printf.hex2(out, byteAt(f.offset + (reverse ? 5 - i : i)));
        }
    }

    private void printIp(ByteText out, Segment s, Arg a) {
        char i = s.ext(0);
        switch (s.ext(1)) {
            case '4': {
                boolean reverse = ip4Reverse(s.ext(2));
                if (a.type == Arg.FUNC) {
                    callFunc(out, a);
                    return;
                }
                FieldFormat f = pointerField(out, a);
                if (f == null) return;
                if (f.size != 4) {
                    out.append("INVALIDIPv4");
                    return;
                }
                printIp4(out, i, reverse, f.offset);
                return;
            }
            case '6': {
                boolean compressed = i == 'I' && s.ext(2) == 'c';
                if (a.type == Arg.FUNC) {
                    callFunc(out, a);
                    return;
                }
                FieldFormat f = pointerField(out, a);
                if (f == null) return;
                if (f.size != 16) {
                    out.append("INVALIDIPv6");
                    return;
                }
                if (compressed) printIp6Compressed(out, f.offset);
                else printIp6(out, i, f.offset);
                return;
            }
            case 'S':
                printSockaddr(out, s, a, i);
                return;
            default:
        }
    }

    /** parse_ip4_print_args: h (host order), l (little endian), n/b (network order). */
    private boolean ip4Reverse(char c) {
        if (c == 'h') return !bigEndian;
        return c == 'l';
    }

    private void printIp4(ByteText out, char i, boolean reverse, int off) {
        for (int k = 0; k < 4; k++) {
            if (k > 0) out.append('.');
            int b = byteAt(off + (reverse ? 3 - k : k));
            if (i == 'i') {
                if (b < 100) out.append('0');
                if (b < 10) out.append('0');
            }
            out.appendSigned(b);
        }
    }

    private void printIp6(ByteText out, char i, int off) {
        for (int j = 0; j < 16; j += 2) {
            Printf.hex2(out, byteAt(off + j));
            Printf.hex2(out, byteAt(off + j + 1));
            if (i == 'I' && j < 14) out.append(':');
        }
    }

    private int word(int off, int k) {
        return (byteAt(off + 2 * k) << 8) | byteAt(off + 2 * k + 1);
    }

    /** print_ip6c_addr: the longest run of zero words as "::", v4-mapped/ISATAP tails in dotted form. */
    private void printIp6Compressed(ByteText out, int off) {
        boolean v4mapped = word(off, 0) == 0 && word(off, 1) == 0 && word(off, 2) == 0 && word(off, 3) == 0
                && word(off, 4) == 0 && word(off, 5) == 0xffff;
        boolean isatap = (word(off, 4) | 0x0200) == 0x0200 && word(off, 5) == 0x5efe;
        boolean useIPv4 = v4mapped || isatap;
        int range = useIPv4 ? 6 : 8;
        int longest = 1, colonpos = -1;
        for (int i = 0; i < range; i++) {
            int z = 0;
            for (int j = i; j < range && word(off, j) == 0; j++) z++;
            if (z > longest) {
                longest = z;
                colonpos = i;
            }
        }
        if (longest == 1) colonpos = -1;
        boolean needcolon = false;
        for (int i = 0; i < range; i++) {
            if (i == colonpos) {
                if (needcolon || i == 0) out.append(':');
                out.append(':');
                needcolon = false;
                i += longest - 1;
                continue;
            }
            if (needcolon) {
                out.append(':');
                needcolon = false;
            }
            int w = word(off, i);
            int hi = w >>> 8, lo = w & 0xff;
            if (hi != 0) {
                Printf.hex(out, hi);
                Printf.hex2(out, lo);
            } else {
                Printf.hex(out, lo);
            }
            needcolon = true;
        }
        if (useIPv4) {
            if (needcolon) out.append(':');
            printIp4(out, 'I', false, off + 12);
        }
    }

    private void printSockaddr(ByteText out, Segment s, Arg a, char i) {
        int k = 2;
        boolean port = false, compressed = false;
        if (i == 'I') {
            if (s.ext(k) == 'p') {
                port = true;
                k++;
            }
            if (s.ext(k) == 'c') {
                compressed = true;
                k++;
            }
        }
        boolean reverse = ip4Reverse(s.ext(k));
        if (a.type == Arg.FUNC) {
            callFunc(out, a);
            return;
        }
        while (a.type == Arg.TYPE) a = a.left;
        int off, len;
        if (a.type == Arg.FIELD) {
            if (a.field == null) return;
            off = a.field.offset;
            len = a.field.size;
        } else if (a.type == Arg.DYNAMIC_ARRAY) {
            off = dynOffset(a.field);
            len = dynLength(a.field);
        } else {
            out.append("ARG NOT FIELD NOR DYNAMIC ARRAY BUT TYPE ");
            out.appendSigned(a.type);
            return;
        }
        // ss_family is in host byte order: little endian here
        int family = byteAt(off) | (byteAt(off + 1) << 8);
        if (family == 2) { // AF_INET
            if (len < 16) {
                out.append("INVALIDIPv4");
                return;
            }
            printIp4(out, i, reverse, off + 4);
            if (port) {
                out.append(':');
                out.appendSigned((byteAt(off + 2) << 8) | byteAt(off + 3));
            }
        } else if (family == 10) { // AF_INET6
            if (len < 28) {
                out.append("INVALIDIPv6");
                return;
            }
            if (port) out.append('[');
            if (compressed) printIp6Compressed(out, off + 8);
            else printIp6(out, i, off + 8);
            if (port) {
                out.append("]:");
                out.appendSigned((byteAt(off + 2) << 8) | byteAt(off + 3));
            }
        }
    }

    private static final int[] GUID_INDEX = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};

    private void printUuid(ByteText out, Segment s, Arg a) {
        char c = s.ext(1);
        boolean upper = c == 'L' || c == 'B';
        boolean guid = c == 'L' || c == 'l';
        if (a.type == Arg.FUNC) {
            callFunc(out, a);
            return;
        }
        FieldFormat f = pointerField(out, a);
        if (f == null) return;
        if (f.size != 16) {
            out.append("INVALIDUUID");
            return;
        }
        for (int i = 0; i < 16; i++) {
            int b = byteAt(f.offset + (guid ? GUID_INDEX[i] : i));
            if (upper) Printf.hex2Upper(out, b);
            else Printf.hex2(out, b);
            if (i == 3 || i == 5 || i == 7 || i == 9) out.append('-');
        }
    }

    private void printRawBuffer(ByteText out, Segment s, Arg a, int plen) {
        String delim = " ";
        switch (s.ext(1)) {
            case 'C': delim = ":"; break;
            case 'D': delim = "-"; break;
            case 'N': delim = ""; break;
            default:
        }
        if (a.type == Arg.FUNC) {
            callFunc(out, a);
            return;
        }
        if (a.type != Arg.DYNAMIC_ARRAY) {
            out.append("ARG TYPE NOT FIELD BUT ");
            out.appendSigned(a.type);
            return;
        }
        int off = dynOffset(a.field);
        int len = dynLength(a.field);
        if (Integer.compareUnsigned(len, plen) < 0) plen = len; // libtraceevent compares unsigned
        if (plen < 1) return;
        Printf.hex2(out, byteAt(off));
        for (int i = 1; i < plen; i++) {
            out.append(delim);
            Printf.hex2(out, byteAt(off + i));
        }
    }

    // ---- bprint: the format comes from printk_formats, the arguments from the record's binary buffer

    /**
     * libtraceevent rebuilds the bprint arguments per record (make_bprint_args) and re-parses the
     * format each time. The parse depends only on the format and on how many arguments the record
     * yielded, so it is cached by (format address, argument count); the argument nodes are a reused
     * pool refilled per record.
     */
    private final class BprintState {
        int eventId = -1;
        FieldFormat ipField, fmtField, bufField;
        final List<Arg> pool = new ArrayList<>();
        final List<Arg> args = new ArrayList<>();
        long[] cacheAddr = new long[16];
        int[] cacheCount = new int[16];
        PrintProgram[] cacheProg = new PrintProgram[16];
        int cached;
        final StringBuilder fmtText = new StringBuilder();

        Segment[] segments(EventFormat f, PrintProgram eventProgram) {
            if (eventId != f.id) {
                eventId = f.id;
                ipField = own(f, "ip");
                fmtField = own(f, "fmt");
                bufField = own(f, "buf");
                cached = 0;
            }
            if (fmtField == null || bufField == null || ipField == null) return new Segment[0];
            long addr = readNumber(fmtField.offset, fmtField.size);
            String fmt = printk.at(addr);
            int n = makeArgs(fmt, addr);
            for (int i = 0; i < cached; i++) {
                if (cacheAddr[i] == addr && cacheCount[i] == n) return finish(cacheProg[i], eventProgram);
            }
            PrintProgram prog = PrintProgram.build(format(fmt, addr), args);
            if (cached == cacheAddr.length) {
                cacheAddr = java.util.Arrays.copyOf(cacheAddr, cached * 2);
                cacheCount = java.util.Arrays.copyOf(cacheCount, cached * 2);
                cacheProg = java.util.Arrays.copyOf(cacheProg, cached * 2);
            }
            cacheAddr[cached] = addr;
            cacheCount[cached] = n;
            cacheProg[cached] = prog;
            cached++;
            return finish(prog, eventProgram);
        }

        /** A format that runs out of arguments fails the bprint event from the next record on. */
        private Segment[] finish(PrintProgram prog, PrintProgram eventProgram) {
            if (prog.failed) eventProgram.failed = true;
            return prog.segments;
        }

        private String format(String fmt, long addr) {
            fmtText.setLength(0);
            fmtText.append("%ps: ");
            if (fmt == null) {
                fmtText.append("(NO FORMAT FOUND at ").append(Long.toHexString(addr));
                fmtText.append(")\n");
            } else {
                fmtText.append(fmt);
            }
            return fmtText.toString();
        }

        private Arg slot(int i) {
            while (pool.size() <= i) pool.add(new Arg());
            Arg a = pool.get(i);
            a.text = null;
            return a;
        }

        private Arg addNumber(long v) {
            Arg a = slot(args.size());
            a.type = Arg.ATOM;
            a.atomValue = v;
            args.add(a);
            return a;
        }

        /** make_bprint_args: the ip, then one argument per conversion libtraceevent recognizes. */
        private int makeArgs(String fmt, long addr) {
            args.clear();
            addNumber(readNumber(ipField.offset, ipField.size));
            if (fmt == null) return args.size(); // "(NO FORMAT FOUND ...)" has no conversions
            int b = bufField.offset;
            int n = fmt.length();
            for (int p = 0; b < size && p < n; p++) {
                if (fmt.charAt(p) != '%') continue;
                int ls = 0;
                for (;;) {
                    p++;
                    char c = p < n ? fmt.charAt(p) : 0;
                    boolean again = false;
                    boolean string = false;
                    int vsize = 0;
                    switch (c) {
                        case 'l': ls++; again = true; break;
                        case 'L': ls = 2; again = true; break;
                        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8':
                        case '9': case '.': case '#':
                            again = true;
                            break;
                        case 'z': case 'Z': ls = 1; again = true; break;
                        case 'p':
                        case 'd': case 'u': case 'i': case 'x': case 'X': case 'o': case '*': {
                            if (c == 'p') {
                                ls = 1;
                                char nx = p + 1 < n ? fmt.charAt(p + 1) : 0;
                                if (Lexer.isAlnum(nx)) {
                                    p++;
                                    boolean numeric = nx == 's' || nx == 'S' || nx == 'x'
                                            || ((nx == 'f' || nx == 'F') && (p + 1 >= n || fmt.charAt(p + 1) != 'w'));
                                    // other %p extensions: old kernels stored the pointed-to text when printable
                                    if (!numeric && b < size && Lexer.isPrint(d[base + b])) string = true;
                                }
                            }
                            if (string) break;
                            if (c == '*') vsize = 4;
                            else vsize = ls == 0 ? 4 : ls == 1 ? longSize : ls == 2 ? 8 : ls;
                            b = (b + 3) & ~3; // the kernel aligns every binary argument to 4 bytes
                            addNumber(readNumber(b, vsize));
                            b += vsize;
                            if (c == '*') again = true;
                            break;
                        }
                        case 's':
                            string = true;
                            break;
                        default:
                            // '%', flags like '-', 'h', 'c', ...: no argument
                    }
                    if (string) {
                        Arg a = slot(args.size());
                        a.type = Arg.BSTRING;
                        int len = 0;
                        while (b + len < size && d[base + b + len] != 0) len++;
                        a.strOffset = b;
                        a.strLength = len;
                        args.add(a);
                        b += len + 1;
                    }
                    if (!again || p >= n) break;
                }
            }
            return args.size();
        }

        private FieldFormat own(EventFormat f, String name) {
            for (FieldFormat x : f.fields) {
                if (x.name.equals(name)) return x;
            }
            return null;
        }
    }
}
