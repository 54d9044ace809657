package dev.tracesym.formats.filter;

import java.util.regex.Pattern;

/**
 * Shell-style patterns as the kernel's event filters read them after {@code ~} (lib/glob.c): {@code *}
 * any text, {@code ?} one character, {@code [abc]}, {@code [a-z]}, {@code [!a]} (or {@code [^a]}) one of
 * a set, a backslash makes the next character plain. The whole text must match; case counts.
 */
final class Glob {
    private Glob() {
    }

    static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        int n = glob.length();
        for (int i = 0; i < n; i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '\\' -> {
                    if (i + 1 < n) {
                        re.append(plain(glob.charAt(++i)));
                    } else {
                        re.append("\\\\");
                    }
                }
                case '[' -> {
                    int close = classEnd(glob, i);
                    if (close < 0) {
                        re.append("\\[");
                        break;
                    }
                    re.append('[');
                    int k = i + 1;
                    if (glob.charAt(k) == '!' || glob.charAt(k) == '^') {
                        re.append('^');
                        k++;
                    }
                    for (; k < close; k++) {
                        char m = glob.charAt(k);
                        re.append(m == '-' && k > i + 1 && k + 1 < close ? "-" : plain(m));
                    }
                    re.append(']');
                    i = close;
                }
                default -> re.append(plain(c));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Where the set starting at {@code open} ends (a ']' right after '[' or '[!' belongs to the set); -1: none. */
    private static int classEnd(String glob, int open) {
        int k = open + 1;
        if (k < glob.length() && (glob.charAt(k) == '!' || glob.charAt(k) == '^')) {
            k++;
        }
        if (k < glob.length() && glob.charAt(k) == ']') {
            k++;
        }
        int close = glob.indexOf(']', k);
        return close;
    }

    private static String plain(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }
}
