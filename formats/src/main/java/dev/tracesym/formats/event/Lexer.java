package dev.tracesym.formats.event;

/**
 * Splits format-file text into tokens the way libtraceevent's reader does, because its token
 * boundaries decide what a field type or a print argument is (e.g. {@code "->"} is one token,
 * {@code ">>="} is one, adjacent string literals are joined, quotes are dropped but escapes kept).
 */
public final class Lexer {
    /** Token kinds, libtraceevent's {@code enum tep_event_type} (NONE: the end of the text). */
    public static final int NONE = 0, SPACE = 1, NEWLINE = 2, OP = 3, DELIM = 4, ITEM = 5, DQUOTE = 6, SQUOTE = 7;

    private final String in;
    private int pos;
    /** Kind of the last token read. */
    int type;
    /** Text of the last token read (quotes removed for strings); null for {@link #NONE}. */
    String text;

    /** A lexer over {@code in}, from its start. */
    public Lexer(String in) {
        this.in = in;
    }

    Lexer(String in, int start) {
        this.in = in;
        this.pos = start;
    }

    /** Text of the last token read (quotes removed for strings); null at the end. */
    public String text() {
        return text;
    }

    /** The next character, not consumed; -1 at the end. */
    public int peekChar() {
        return peek();
    }

    /** Consumes one character. */
    public void skipChar() {
        read();
    }

    /** How many characters are read. */
    public int position() {
        return pos;
    }

    private int peek() {
        return pos < in.length() ? in.charAt(pos) : -1;
    }

    private int read() {
        return pos < in.length() ? in.charAt(pos++) : -1;
    }

    static boolean isPrint(int c) {
        return c >= 0x20 && c < 0x7f;
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
    }

    static boolean isAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static int kindOf(int c) {
        if (c < 0) return NONE;
        if (c == '\n') return NEWLINE;
        if (isSpace(c)) return SPACE;
        if (isAlnum(c) || c == '_') return ITEM;
        if (c == '\'') return SQUOTE;
        if (c == '"') return DQUOTE;
        if (!isPrint(c)) return NONE;
        if (c == '(' || c == ')' || c == ',') return DELIM;
        return OP;
    }

    /** Reads one raw token (spaces included) and returns its kind. */
    public int readRaw() {
        text = null;
        int ch = read();
        int t = kindOf(ch);
        type = t;
        if (t == NONE) return t;
        StringBuilder b = new StringBuilder();
        switch (t) {
            case NEWLINE:
            case DELIM:
                text = String.valueOf((char) ch);
                return t;
            case OP:
                b.append((char) ch);
                readOperator(ch, b);
                text = b.toString();
                return t;
            case DQUOTE:
            case SQUOTE: {
                int quote = ch;
                int c = ch;
                for (;;) {
                    int last;
                    do {
                        last = c;
                        c = read();
                        if (c <= 0) break;
                        b.append((char) c);
                        // "\\" cancels itself, but only for this one test (as libtraceevent does)
                        if (c == '\\' && last == '\\') last = 0;
                    } while ((c != quote && isPrint(c)) || last == '\\' || c == '\n');
                    if (c <= 0) {
                        type = NONE;
                        text = null;
                        return NONE;
                    }
                    b.setLength(b.length() - 1); // the closing quote (or the character that ended it)
                    if (t != DQUOTE) break;
                    int save = pos;
                    int n;
                    do {
                        n = read();
                    } while (n >= 0 && isSpace(n));
                    if (n == '"') {
                        c = n;
                        continue; // adjacent literals join
                    }
                    pos = save;
                    break;
                }
                text = b.toString();
                return t;
            }
            default:
                b.append((char) ch);
                while (kindOf(peek()) == t) b.append((char) read());
                text = b.toString();
                return t;
        }
    }

    private void readOperator(int ch, StringBuilder b) {
        switch (ch) {
            case '-':
                if (peek() == '>') {
                    b.append((char) read());
                    return;
                }
                // fall through
            case '+':
            case '|':
            case '&':
            case '>':
            case '<':
                if (peek() != ch) {
                    testEqual(b);
                    return;
                }
                b.append((char) read());
                if (ch == '>' || ch == '<') testEqual(b);
                return;
            case '!':
            case '=':
                testEqual(b);
                return;
            default:
        }
    }

    private void testEqual(StringBuilder b) {
        if (peek() == '=') b.append((char) read());
    }

    /** Next token, skipping spaces but not newlines. */
    int next() {
        int t;
        do {
            t = readRaw();
        } while (t == SPACE);
        return t;
    }

    /** Next token, skipping spaces and newlines. */
    int nextItem() {
        int t;
        do {
            t = readRaw();
        } while (t == SPACE || t == NEWLINE);
        return t;
    }

    boolean is(int kind, String s) {
        return type == kind && s.equals(text);
    }
}
