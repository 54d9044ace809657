package dev.tracesym.formats.report;

import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.PrintkFormats;
import java.util.List;
import java.util.Objects;

/**
 * What the report needs to know about a trace besides its records.
 *
 * @param formats       the event formats of the trace
 * @param printk        the trace's printk formats (bprint/bputs), never null
 * @param savedCmdlines the raw {@code saved_cmdlines} text ({@code "<pid> <comm>"} lines), or null
 * @param cpus          the CPU count of the top-level buffer (the {@code cpus=N} header)
 * @param bufferNames   buffer names in {@code RawEvent#buffer} order; index 0 is the top-level buffer
 *                      (its name is not shown), the others are instances, shown as {@code name: }
 * @param microseconds  timestamps are shown as seconds with microseconds (trace-cmd's
 *                      {@code TRACECMD_FL_IN_USECS}, see {@link #clockInMicroseconds}); otherwise as a
 *                      plain counter
 */
public record ReportInput(EventFormats formats, PrintkFormats printk, byte[] savedCmdlines, int cpus,
                          List<String> bufferNames, boolean microseconds) {
    public ReportInput {
        Objects.requireNonNull(formats, "formats");
        Objects.requireNonNull(printk, "printk");
        bufferNames = bufferNames == null || bufferNames.isEmpty() ? List.of("") : List.copyOf(bufferNames);
    }

    /**
     * Whether trace-cmd shows the timestamps of a trace with this {@code trace_clock} in seconds and
     * microseconds: for the clocks that count ns (local, global, uptime, perf, mono*, tai, x86-tsc-nsec),
     * when the file has no clock, and always when it carries a TSC-to-ns conversion.
     *
     * @param traceClock the selected clock (the bracketed word of the trace_clock file, or the word
     *                   itself), null when the file names none
     * @param tscToNs    the file has a TSC2NSEC option
     */
    public static boolean clockInMicroseconds(String traceClock, boolean tscToNs) {
        if (traceClock == null || tscToNs) {
            return true;
        }
        String clock = selectedClock(traceClock);
        if (clock == null) {
            return true;
        }
        return clock.equals("local") || clock.equals("global") || clock.equals("uptime") || clock.equals("perf")
                || clock.startsWith("mono") || clock.equals("x86-tsc-nsec") || clock.equals("tai");
    }

    /**
     * The clock trace-cmd picks from a trace_clock text ({@code "local [global] counter"}): the first
     * space-separated word that starts with '[', without its brackets; null when there is none.
     */
    private static String selectedClock(String text) {
        for (String token : text.split(" ")) {
            if (token.startsWith("[")) {
                int i = 0;
                while (i < token.length() && (token.charAt(i) == '[' || token.charAt(i) == ']')) {
                    i++;
                }
                int j = i;
                while (j < token.length() && token.charAt(j) != '[' && token.charAt(j) != ']') {
                    j++;
                }
                return firstWord(token.substring(i, j));
            }
        }
        return null;
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return i == j ? null : s.substring(i, j);
    }
}
