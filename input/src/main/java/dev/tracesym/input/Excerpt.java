package dev.tracesym.input;

/**
 * A short, printable quote of bad input for an error message: a 40 MB garbage line must not be
 * echoed whole, nor a control character reach the user's terminal.
 */
public final class Excerpt {
    /** Characters of the input a message quotes at most. */
    public static final int MAX = 64;

    private Excerpt() {
    }

    /** {@code 'text'}, or {@code 'the first 64 characters...' (N characters)} when longer; control characters escaped. */
    public static String quote(CharSequence text) {
        int n = text.length();
        StringBuilder b = new StringBuilder(Math.min(n, MAX) + 32).append('\'');
        body(b, text);
        b.append('\'');
        return n > MAX ? b.append(" (").append(n).append(" characters)").toString() : b.toString();
    }

    /** {@link #quote(CharSequence)} without quotes, for text that is a message rather than input. */
    public static String plain(CharSequence text) {
        int n = text.length();
        StringBuilder b = body(new StringBuilder(Math.min(n, MAX) + 32), text);
        return n > MAX ? b.append(" (").append(n).append(" characters)").toString() : b.toString();
    }

    /** The bytes {@code [off, off+len)} quoted as {@link #quote(CharSequence)} does, read as Latin-1. */
    public static String quote(byte[] bytes, int off, int len) {
        StringBuilder b = new StringBuilder(Math.min(len, MAX) + 32).append('\'');
        for (int i = 0; i < Math.min(len, MAX); i++) {
            append(b, (char) (bytes[off + i] & 0xff));
        }
        if (len > MAX) {
            b.append("...");
        }
        b.append('\'');
        return len > MAX ? b.append(" (").append(len).append(" bytes)").toString() : b.toString();
    }

    private static StringBuilder body(StringBuilder b, CharSequence text) {
        int n = text.length();
        for (int i = 0; i < Math.min(n, MAX); i++) {
            append(b, text.charAt(i));
        }
        return n > MAX ? b.append("...") : b;
    }

    private static void append(StringBuilder b, char c) {
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            b.append(switch (c) {
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case 0 -> "\\0";
                default -> String.format("\\x%02x", (int) c);
            });
        } else {
            b.append(c);
        }
    }
}
