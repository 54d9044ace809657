package dev.tracesym.formats.filter;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * POSIX basic regular expressions as glibc's {@code regcomp(re, REG_ICASE)} reads them (no
 * {@code REG_EXTENDED}), translated to {@link Pattern}: libtraceevent and trace-cmd match event names
 * ({@code -F}, {@code -r}, {@code -n}) and {@code =~} strings that way.
 *
 * <p>In a basic expression {@code \( \)} group, {@code \{m,n\}} repeats, {@code \|} {@code \+}
 * {@code \?} are GNU's alternation and repeats, while {@code ( ) { } | + ?} are plain characters;
 * {@code *} is plain at the start of an expression or group, {@code ^} and {@code $} are anchors only
 * at its start and end; {@code .} also matches a newline; {@code [...]} may hold {@code [:alpha:]}
 * classes and takes a backslash literally; GNU's {@code \w \W \s \S \b \B \< \>} and back references
 * {@code \1}-{@code \9} work. Matching is case-insensitive and finds the expression anywhere (as
 * {@code regexec}).
 */
public final class PosixRegex {
    private final String source;
    private int pos;
    private int groups;
    private int openGroups;

    private PosixRegex(String source) {
        this.source = source;
    }

    /** A regular expression that {@code regcomp} refuses; the message is glibc's reason. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message);
        }
    }

    /**
     * Compiles a basic regular expression, case-insensitive.
     *
     * @throws Invalid when glibc's regcomp would refuse it
     */
    public static Pattern compile(String basicRegex) throws Invalid {
        PosixRegex r = new PosixRegex(basicRegex);
        String java = r.alternation();
        if (r.pos < basicRegex.length()) { // a \) without its \(
            throw new Invalid("Unmatched ) or \\)");
        }
        try {
            return Pattern.compile(java, Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new Invalid("Invalid regular expression");
        }
    }

    private boolean at(String s) {
        return source.startsWith(s, pos);
    }

    /** Branches separated by {@code \|}, up to the end or a {@code \)}. */
    private String alternation() throws Invalid {
        StringBuilder out = new StringBuilder();
        out.append(branch());
        while (at("\\|")) {
            pos += 2;
            out.append('|').append(branch());
        }
        return out.toString();
    }

    private String branch() throws Invalid {
        StringBuilder out = new StringBuilder();
        int start = pos;
        String last = null; // the last atom, kept apart so a repeat applies to it whole
        while (pos < source.length() && !at("\\|") && !(at("\\)") && openGroups > 0)) {
            if (at("\\)")) {
                break; // unmatched: compile() reports it
            }
            char c = source.charAt(pos);
            String repeat = repeat(pos == start);
            if (repeat != null) {
                if (last == null) { // a repeat with nothing before it (GNU: '\{' there is an error)
                    if (repeat.startsWith("{")) {
                        throw new Invalid("Invalid preceding regular expression");
                    }
                    last = quote(source.charAt(pos - (repeat.length() > 1 ? 2 : 1)));
                    continue;
                }
                last = "(?:" + last + ")" + repeat;
                continue;
            }
            if (last != null) {
                out.append(last);
            }
            if (c == '^' && pos == start) {
                pos++;
                last = "^";
                // a repeat right after the anchor repeats a plain character
                if (pos < source.length() && source.charAt(pos) == '*') {
                    out.append(last);
                    last = "\\*";
                    pos++;
                }
                continue;
            }
            if (c == '$' && atBranchEnd(pos + 1)) {
                pos++;
                last = "\\z";
                continue;
            }
            last = atom();
        }
        if (last != null) {
            out.append(last);
        }
        return out.toString();
    }

    private boolean atBranchEnd(int p) {
        return p == source.length() || source.startsWith("\\)", p) || source.startsWith("\\|", p);
    }

    /**
     * A repeat operator at the current position, consumed, in Java's syntax; null when there is none.
     * A {@code *} at the start of a branch is a plain character (returned as null, not consumed).
     */
    private String repeat(boolean branchStart) throws Invalid {
        char c = source.charAt(pos);
        if (c == '*') {
            if (branchStart) {
                return null;
            }
            pos++;
            return "*";
        }
        if (at("\\+") || at("\\?")) {
            pos += 2;
            return source.charAt(pos - 1) == '+' ? "+" : "?";
        }
        if (at("\\{")) {
            int close = source.indexOf("\\}", pos + 2);
            if (close < 0) {
                throw new Invalid("Unmatched \\{");
            }
            String body = source.substring(pos + 2, close);
            if (!body.matches("\\d+(,\\d*)?|,\\d+")) {
                throw new Invalid("Invalid content of \\{\\}");
            }
            String[] mn = body.split(",", -1);
            int m = mn[0].isEmpty() ? 0 : Integer.parseInt(mn[0]);
            if (mn.length == 2 && !mn[1].isEmpty() && Integer.parseInt(mn[1]) < m) {
                throw new Invalid("Invalid content of \\{\\}");
            }
            if (m > 0x7fff || (mn.length == 2 && !mn[1].isEmpty() && Integer.parseInt(mn[1]) > 0x7fff)) {
                throw new Invalid("Regular expression too big");
            }
            pos = close + 2;
            return "{" + (mn[0].isEmpty() ? "0" : mn[0]) + (mn.length == 2 ? "," + mn[1] : "") + "}";
        }
        return null;
    }

    private String atom() throws Invalid {
        char c = source.charAt(pos++);
        switch (c) {
            case '.':
                return ".";
            case '[':
                return bracket();
            case '\\':
                return escape();
            default:
                return quote(c);
        }
    }

    private String escape() throws Invalid {
        if (pos >= source.length()) {
            throw new Invalid("Trailing backslash");
        }
        char c = source.charAt(pos++);
        switch (c) {
            case '(': {
                groups++;
                openGroups++;
                String inner = alternation();
                if (!at("\\)")) {
                    throw new Invalid("Unmatched ( or \\(");
                }
                pos += 2;
                openGroups--;
                return "(" + inner + ")";
            }
            case 'w':
                return "[A-Za-z0-9_]";
            case 'W':
                return "[^A-Za-z0-9_]";
            case 's':
                return "\\s";
            case 'S':
                return "\\S";
            case 'b':
                return "\\b";
            case 'B':
                return "\\B";
            case '<':
                return "\\b(?=[A-Za-z0-9_])";
            case '>':
                return "\\b(?<=[A-Za-z0-9_])";
            case '`':
                return "\\A";
            case '\'':
                return "\\z";
            default:
                if (c >= '1' && c <= '9') {
                    if (c - '0' > groups) {
                        throw new Invalid("Invalid back reference");
                    }
                    return "(?:\\" + c + ")";
                }
                return quote(c);
        }
    }

    /** A bracket expression after its '[': a Java character class. */
    private String bracket() throws Invalid {
        StringBuilder out = new StringBuilder("[");
        if (pos < source.length() && source.charAt(pos) == '^') {
            out.append('^');
            pos++;
        }
        boolean first = true;
        while (true) {
            if (pos >= source.length()) {
                throw new Invalid("Unmatched [, [^, [:, [., or [=");
            }
            char c = source.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            int lo = element();
            if (lo < 0) { // a class like [:alpha:]
                out.append(lastClass);
                continue;
            }
            if (pos + 1 < source.length() && source.charAt(pos) == '-' && source.charAt(pos + 1) != ']') {
                pos++;
                int hi = element();
                if (hi < 0 || hi < lo) {
                    throw new Invalid("Invalid range end");
                }
                out.append(classChar((char) lo)).append('-').append(classChar((char) hi));
            } else {
                out.append(classChar((char) lo));
            }
        }
        return out.append(']').toString();
    }

    private String lastClass;

    /** One element of a bracket expression: a character (its code), or -1 for a class (in {@link #lastClass}). */
    private int element() throws Invalid {
        if (at("[:")) {
            int end = source.indexOf(":]", pos + 2);
            if (end < 0) {
                throw new Invalid("Unmatched [, [^, [:, [., or [=");
            }
            String name = source.substring(pos + 2, end);
            lastClass = switch (name) {
                case "alpha" -> "\\p{Alpha}";
                case "digit" -> "0-9";
                case "alnum" -> "\\p{Alnum}";
                case "upper", "lower" -> "\\p{Alpha}"; // case-insensitive: either is every letter
                case "space" -> "\\s\\x0B";
                case "blank" -> " \\t";
                case "punct" -> "\\p{Punct}";
                case "print" -> "\\x20-\\x7E";
                case "graph" -> "\\x21-\\x7E";
                case "cntrl" -> "\\x00-\\x1F\\x7F";
                case "xdigit" -> "0-9A-Fa-f";
                default -> throw new Invalid("Invalid character class name");
            };
            pos = end + 2;
            return -1;
        }
        if (at("[=") || at("[.")) {
            String close = source.charAt(pos + 1) + "]";
            int end = source.indexOf(close, pos + 2);
            if (end != pos + 3) {
                throw new Invalid("Invalid collation character");
            }
            char c = source.charAt(pos + 2);
            pos = end + 2;
            return c;
        }
        return source.charAt(pos++);
    }

    private static String classChar(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    private static String quote(char c) {
        return Character.isLetterOrDigit(c) || c == '_' ? String.valueOf(c) : "\\" + c;
    }
}
