package dev.tracesym.app.repl;

/**
 * Trace times as the user types and reads them: seconds on the trace clock with up to nine
 * decimals ({@code 15.4453}), held as a {@code long} of ns. Parsed by splitting on the dot so no
 * time ever passes through a {@code double}.
 */
final class Seconds {
    private Seconds() {}

    /**
     * Parses {@code SEC[.FRACTION]}, or {@code NNNns} for raw nanoseconds.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    static long parse(String text) {
        String s = text.trim();
        if (s.endsWith("ns")) {
            String digits = s.substring(0, s.length() - 2);
            if (digits.isEmpty() || !allDigits(digits) || digits.length() > 18) throw bad(text);
            return Long.parseLong(digits);
        }
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String frac = dot < 0 ? "" : s.substring(dot + 1);
        if ((whole.isEmpty() && frac.isEmpty()) || !allDigits(whole) || !allDigits(frac)
                || whole.length() > 9 || frac.length() > 9) throw bad(text);
        long sec = whole.isEmpty() ? 0 : Long.parseLong(whole);
        long ns = 0;
        for (int i = 0; i < 9; i++) ns = ns * 10 + (i < frac.length() ? frac.charAt(i) - '0' : 0);
        return sec * 1_000_000_000L + ns;
    }

    /** {@code 15.445300}: microseconds like trace-cmd report when the ns part is whole µs, else nine decimals. */
    static String format(long ns) {
        long sec = Math.floorDiv(ns, 1_000_000_000L);
        long rest = Math.floorMod(ns, 1_000_000_000L);
        StringBuilder b = new StringBuilder(20).append(sec).append('.');
        String digits = Long.toString(rest % 1000 == 0 ? rest / 1000 : rest);
        int width = rest % 1000 == 0 ? 6 : 9;
        for (int i = digits.length(); i < width; i++) b.append('0');
        return b.append(digits).toString();
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not a time: expected seconds such as 15.4453 or nanoseconds such as 15445300000ns");
    }
}
