package dev.tracesym.app.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code tracesym report} command line the way {@code trace-cmd report} reads its own (glibc's
 * {@code getopt_long}): flags cluster ({@code -Nt}), a short option's value is attached or the next
 * argument whatever it starts with ({@code -ifile}, {@code -F -v}), an optional value only attached
 * ({@code -V3}, {@code --verbose=3}), a long option may be shortened to a unique prefix
 * ({@code --first} is {@code --first-event}) and takes {@code --opt=value} or {@code --opt value},
 * {@code --} ends the options. Unlike trace-cmd 3.1.6, options after the trace are read too (it stops
 * at the first file name and ignores the rest) and every file name is an input.
 *
 * <p>No picocli here: a report's start-up does not pay for its reflection.
 */
final class ReportArgs {
    private static final ReportOption[] OPTIONS = ReportOption.values();

    private ReportArgs() {
    }

    /**
     * Reads {@code args} (the arguments after {@code report}) into settings.
     *
     * @throws UsageException for an unknown or ambiguous option, a missing or unwanted value, or a value
     *                        the option cannot take
     */
    static ReportSettings parse(String[] args) throws UsageException {
        ReportSettings s = new ReportSettings();
        List<String> files = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!options || a.length() < 2 || a.charAt(0) != '-') {
                files.add(a);
            } else if (a.equals("--")) {
                options = false;
            } else if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String name = a.substring(2, eq < 0 ? a.length() : eq);
                ReportOption o = longOption(name, a);
                String value = eq < 0 ? null : a.substring(eq + 1);
                switch (o.arg) {
                    case NONE -> {
                        if (value != null) {
                            throw UsageException.ofTraceCmd("option '--" + o.longName + "' takes no value (" + a + ")");
                        }
                    }
                    case REQUIRED -> {
                        if (value == null) {
                            if (i + 1 == args.length) {
                                throw UsageException.ofTraceCmd("option '--" + o.longName + "' needs a value");
                            }
                            value = args[++i];
                        }
                    }
                    default -> { // OPTIONAL: only attached
                    }
                }
                s.apply(o, value);
            } else {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    ReportOption o = shortOption(c);
                    if (o == null) {
                        throw UsageException.ofTraceCmd("unknown option -" + c + (a.length() > 2 ? " (in " + a + ")" : ""));
                    }
                    if (o.arg == ReportOption.Arg.NONE) {
                        s.apply(o, null);
                        continue;
                    }
                    String value = k + 1 < a.length() ? a.substring(k + 1) : null;
                    if (value == null && o.arg == ReportOption.Arg.REQUIRED) {
                        if (i + 1 == args.length) {
                            throw UsageException.ofTraceCmd("option -" + c + " needs a value");
                        }
                        value = args[++i];
                    }
                    s.apply(o, value);
                    break;
                }
            }
        }
        s.positional(files);
        return s;
    }

    private static ReportOption shortOption(char c) {
        for (ReportOption o : OPTIONS) {
            if (o.shortName == c) {
                return o;
            }
        }
        return null;
    }

    /**
     * The long option {@code name} names: the exact one, else the only one it starts, trace-cmd's
     * options first (so an abbreviation trace-cmd takes means the same here, whatever tracesym adds).
     */
    private static ReportOption longOption(String name, String arg) throws UsageException {
        for (ReportOption o : OPTIONS) {
            if (name.equals(o.longName)) {
                return o;
            }
        }
        if (!name.isEmpty()) {
            for (boolean traceCmd : new boolean[] {true, false}) {
                List<ReportOption> found = new ArrayList<>();
                for (ReportOption o : OPTIONS) {
                    if (o.longName != null && o.ofTraceCmd() == traceCmd && o.longName.startsWith(name)) {
                        found.add(o);
                    }
                }
                if (found.size() == 1) {
                    return found.get(0);
                }
                if (found.size() > 1) {
                    StringBuilder b = new StringBuilder("option '" + arg + "' is ambiguous: it may be");
                    for (ReportOption o : found) {
                        b.append(" --").append(o.longName);
                    }
                    throw UsageException.ofTraceCmd(b.toString());
                }
            }
        }
        throw UsageException.ofTraceCmd("unknown option '" + arg + "'");
    }
}
