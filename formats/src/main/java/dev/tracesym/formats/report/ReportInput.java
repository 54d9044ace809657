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
 * @param microseconds  the clock counts ns, so timestamps are shown as seconds with microseconds
 *                      (trace-cmd's {@code TRACECMD_FL_IN_USECS}: true unless the trace clock is a raw
 *                      counter without TSC-to-ns conversion); otherwise as a plain counter
 * @param traceClock    trace-cmd's {@code use_trace_clock}: the file names its trace clock and no
 *                      {@code --ts2secs} replaces it (then {@code --ts-diff} counts microseconds unless -t)
 */
public record ReportInput(EventFormats formats, PrintkFormats printk, byte[] savedCmdlines, int cpus,
                          List<String> bufferNames, boolean microseconds, boolean traceClock) {
    public ReportInput {
        Objects.requireNonNull(formats, "formats");
        Objects.requireNonNull(printk, "printk");
        bufferNames = bufferNames == null || bufferNames.isEmpty() ? List.of("") : List.copyOf(bufferNames);
    }

    /** A trace whose clock is named exactly when it counts nanoseconds. */
    public ReportInput(EventFormats formats, PrintkFormats printk, byte[] savedCmdlines, int cpus,
                       List<String> bufferNames, boolean microseconds) {
        this(formats, printk, savedCmdlines, cpus, bufferNames, microseconds, microseconds);
    }
}
