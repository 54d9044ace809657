package dev.tracesym.app.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which arguments of a print format are printed as kernel symbols ({@code %ps}, {@code %pS},
 * {@code %pf}, {@code %pF}), read from the format text alone: enough to tell an event's
 * kernel-address fields ({@code (void *)REC->call_site}, {@code (void *)REC->caller[3]},
 * {@code (void *)((unsigned long)(_stext) + REC->caller_offs)}) and the argument positions of a
 * {@code trace_printk} format ({@code "tick %d fn=%ps"}: argument 1).
 */
final class PrintFmtSymbols {
    private PrintFmtSymbols() {
    }

    /** How an event field gives a kernel address. */
    record FieldRef(String field, boolean stextRelative) {
    }

    /**
     * Positions (0-based, counting every argument the format consumes, {@code *} widths included) of
     * the symbol conversions of a printf format string.
     */
    static int[] symbolArguments(CharSequence fmt) {
        List<Integer> out = new ArrayList<>();
        scan(fmt, out);
        int[] a = new int[out.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = out.get(i);
        }
        return a;
    }

    /**
     * The fields an event's print fmt ({@code "fmt", args...}) prints as symbols, in order, each once.
     * Arguments that are not a plain field (possibly cast, possibly one element of an array field, or
     * {@code _stext} plus a field) are left out.
     */
    static List<FieldRef> fields(String printFmt) {
        List<FieldRef> out = new ArrayList<>();
        int i = skipBlanks(printFmt, 0);
        StringBuilder fmt = new StringBuilder();
        while (i < printFmt.length() && printFmt.charAt(i) == '"') {
            i = literal(printFmt, i + 1, fmt);
            i = skipBlanks(printFmt, i);
        }
        List<String> args = arguments(printFmt, i);
        List<Integer> positions = new ArrayList<>();
        scan(fmt, positions);
        Set<FieldRef> seen = new HashSet<>();
        for (int p : positions) {
            if (p >= args.size()) {
                continue;
            }
            FieldRef r = fieldOf(args.get(p));
            if (r != null && seen.add(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Reads a C string literal body from {@code i} (after the quote) into {@code out}; returns the index after the closing quote. */
    private static int literal(String s, int i, StringBuilder out) {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i < s.length()) {
                char e = s.charAt(i++);
                out.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                out.append(c);
            }
        }
        return i;
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The comma-separated arguments after the format, split at top-level commas. */
    private static List<String> arguments(String s, int i) {
        List<String> out = new ArrayList<>();
        if (i >= s.length() || s.charAt(i) != ',') {
            return out;
        }
        int depth = 0;
        boolean quoted = false;
        StringBuilder cur = new StringBuilder();
        for (i = i + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                cur.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    cur.append(s.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> {
                    quoted = true;
                    cur.append(c);
                }
                case '(', '[', '{' -> {
                    depth++;
                    cur.append(c);
                }
                case ')', ']', '}' -> {
                    depth--;
                    cur.append(c);
                }
                case ',' -> {
                    if (depth == 0) {
                        out.add(cur.toString().trim());
                        cur.setLength(0);
                    } else {
                        cur.append(c);
                    }
                }
                default -> cur.append(c);
            }
        }
        out.add(cur.toString().trim());
        return out;
    }

    /** {@code REC->x}, {@code (void *)REC->x}, {@code REC->x[3]} (field x), or {@code _stext} plus {@code REC->x}. */
    static FieldRef fieldOf(String arg) {
        String a = arg.replace(" ", "");
        boolean stext = a.contains("_stext");
        int rec = a.indexOf("REC->");
        if (rec < 0 || a.indexOf("REC->", rec + 5) >= 0) {
            return null;
        }
        int s = rec + 5;
        int e = s;
        while (e < a.length() && (Character.isLetterOrDigit(a.charAt(e)) || a.charAt(e) == '_')) {
            e++;
        }
        if (e == s) {
            return null;
        }
        String field = a.substring(s, e);
        String before = a.substring(0, rec);
        String after = a.substring(e);
        if (stext) {
            // ((unsigned long)(_stext) + REC->x) with any casts around it
            return before.contains("+") || after.startsWith("+") ? new FieldRef(field, true) : null;
        }
        // only casts before the field, only an index and closing parentheses after it
        String casts = before.replaceAll("\\([A-Za-z_ ]*\\**\\)", "").replace("(", "");
        String rest = after.replaceAll("^\\[\\d+\\]", "").replace(")", "");
        return casts.isEmpty() && rest.isEmpty() ? new FieldRef(field, false) : null;
    }

    /**
     * Walks the conversions of {@code fmt}; adds to {@code symbols} the argument position of every
     * symbol conversion. Returns the number of arguments consumed.
     */
    private static int scan(CharSequence fmt, List<Integer> symbols) {
        int arg = 0;
        int n = fmt.length();
        for (int i = 0; i < n; i++) {
            if (fmt.charAt(i) != '%') {
                continue;
            }
            i++;
            if (i >= n) {
                break;
            }
            if (fmt.charAt(i) == '%') {
                continue;
            }
            while (i < n && "-+ #0'".indexOf(fmt.charAt(i)) >= 0) {
                i++;
            }
            if (i < n && fmt.charAt(i) == '*') {
                arg++;
                i++;
            }
            while (i < n && Character.isDigit(fmt.charAt(i))) {
                i++;
            }
            if (i < n && fmt.charAt(i) == '.') {
                i++;
                if (i < n && fmt.charAt(i) == '*') {
                    arg++;
                    i++;
                }
                while (i < n && Character.isDigit(fmt.charAt(i))) {
                    i++;
                }
            }
            while (i < n && "hlLqjzZt".indexOf(fmt.charAt(i)) >= 0) {
                i++;
            }
            if (i >= n) {
                break;
            }
            char c = fmt.charAt(i);
            if (c == 'p' && i + 1 < n && "sSfF".indexOf(fmt.charAt(i + 1)) >= 0) {
                symbols.add(arg);
            }
            arg++;
        }
        return arg;
    }
}
