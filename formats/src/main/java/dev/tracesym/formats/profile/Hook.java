package dev.tracesym.formats.profile;

/**
 * A pair of events timed against each other by {@code --profile}: trace-cmd's {@code -H} argument (or a
 * HOOK option saved by {@code trace-cmd record -H}),
 * {@code [start_system:]start_event,start_match[,pid]/[end_system:]end_event,end_match[,flags]}, read with
 * trace-cmd 3.1.6's tokenizing ({@code strtok} on {@code :,} and {@code ,/}). Flags (any case): {@code P}
 * pinned to a CPU (does not migrate), {@code G} global (not per task), {@code S} save stacks.
 *
 * @param startSystem null when not given (any system)
 * @param pid         the start event's field naming the task, null for {@code common_pid}
 * @param flags       the flags as written, null when none
 */
public record Hook(String startSystem, String startEvent, String startMatch, String pid, String endSystem,
                   String endEvent, String endMatch, String flags, boolean migrate, boolean global, boolean stack) {

    /**
     * Reads a hook definition.
     *
     * @param unknownFlags receives each flag character that means nothing (trace-cmd warns and goes on)
     * @throws IllegalArgumentException when it is not a hook definition (trace-cmd 3.1.6 crashes there)
     */
    public static Hook parse(String arg, StringBuilder unknownFlags) {
        Tokens t = new Tokens(arg);
        String system = null;
        String tok = t.next(":,");
        if (tok == null) {
            throw invalid(arg);
        }
        // trace-cmd measures this first token from the argument's start (as if no delimiter led it)
        if (t.charAt(tok.length()) == ':') {
            system = tok;
            tok = t.next(",");
            if (tok == null) {
                throw invalid(arg);
            }
        }
        String startSystem = system;
        String startEvent = tok;
        tok = t.next(",/");
        if (tok == null) {
            throw invalid(arg);
        }
        String startMatch = tok;
        String pid = null;
        if (t.charAfterLast() == ',') {
            pid = t.next("/");
            if (pid == null) {
                throw invalid(arg);
            }
        }
        system = null;
        tok = t.next(":,");
        if (tok == null) {
            throw invalid(arg);
        }
        if (t.charAfterLast() == ':') {
            system = tok;
            tok = t.next(",");
            if (tok == null) {
                throw invalid(arg);
            }
        }
        String endEvent = tok;
        tok = t.next(",");
        if (tok == null) {
            throw invalid(arg);
        }
        String endMatch = tok;
        String flags = null;
        if (t.charAfterLast() == ',') {
            flags = t.next("");
            if (flags == null) {
                throw invalid(arg);
            }
        }
        boolean migrate = true;
        boolean global = false;
        boolean stack = false;
        if (flags != null) {
            for (int i = 0; i < flags.length(); i++) {
                switch (Character.toLowerCase(flags.charAt(i))) {
                    case 'p' -> migrate = false;
                    case 'g' -> global = true;
                    case 's' -> stack = true;
                    default -> unknownFlags.append(flags.charAt(i));
                }
            }
        }
        return new Hook(startSystem, startEvent, startMatch, pid, system, endEvent, endMatch, flags, migrate, global,
                stack);
    }

    private static IllegalArgumentException invalid(String arg) {
        return new IllegalArgumentException("invalid hook '" + arg
                + "': expected [start_system:]start_event,start_match[,pid]/[end_system:]end_event,end_match[,flags]");
    }

    /** The line trace-cmd prints on standard output when it reads a hook ({@code (null)} for what is absent). */
    public String describe() {
        return "start " + shown(startSystem) + ":" + shown(startEvent) + ":" + shown(startMatch) + " (" + shown(pid)
                + ") end " + shown(endSystem) + ":" + shown(endEvent) + ":" + shown(endMatch) + " (" + shown(flags) + ")\n";
    }

    private static String shown(String s) {
        return s == null ? "(null)" : s;
    }

    /** C's {@code strtok} over a copy of the argument, and trace-cmd's looks at the original argument. */
    private static final class Tokens {
        private final String arg;
        private int pos;
        private int lastEnd;

        Tokens(String arg) {
            this.arg = arg;
        }

        String next(String delims) {
            int n = arg.length();
            int p = pos;
            while (p < n && delims.indexOf(arg.charAt(p)) >= 0) {
                p++;
            }
            if (p >= n) {
                pos = n;
                return null;
            }
            int end = p;
            while (end < n && delims.indexOf(arg.charAt(end)) < 0) {
                end++;
            }
            lastEnd = end;
            pos = end < n ? end + 1 : n;
            return arg.substring(p, end);
        }

        /** The argument's character just after the token {@link #next} returned last (which delimiter ended it); 0 at the end. */
        char charAfterLast() {
            return charAt(lastEnd);
        }

        char charAt(int at) {
            return at < arg.length() ? arg.charAt(at) : 0;
        }
    }
}
