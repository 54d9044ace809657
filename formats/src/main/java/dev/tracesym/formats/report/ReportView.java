package dev.tracesym.formats.report;

import dev.tracesym.formats.filter.RecordFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How {@code trace-cmd report} shows a trace: the options of {@code trace-cmd report} that change which
 * records are printed and how, for {@link ReportWriter}.
 *
 * @param noPlugins       {@code -N} (and {@code -L}): every event by its print format
 * @param nsTimestamps    {@code -t}: timestamps with nanoseconds
 * @param raw             {@code -R}: every event as its raw fields
 * @param rawEvents       {@code -r}: the events (name or system, regular expressions) shown as raw fields
 * @param noHandlerEvents {@code -n}: the events shown by their print format instead of their plugin
 * @param latency         {@code -l}: the latency columns
 * @param tsDiff          {@code --ts-diff}: the time since the previous record
 * @param tsCheck         {@code --ts-check}: warn when a record is older than the one before it
 * @param pluginOptions   {@code -O}: {@code [plugin:]option[=value]}
 * @param selection       which records are shown ({@code -F}, {@code -v}, {@code --cpu}, {@code -I}, {@code -S})
 * @param wakeup          {@code -w}: wakeup latencies after the sched_switch lines, and their summary
 * @param kallsyms        {@code --kallsyms FILE}: a kallsyms file whose functions are added to the trace's own; null for none
 */
public record ReportView(boolean noPlugins, boolean nsTimestamps, boolean raw, List<String> rawEvents,
                         List<String> noHandlerEvents, boolean latency, boolean tsDiff, boolean tsCheck,
                         List<String> pluginOptions, RecordFilter.Options selection, boolean wakeup, Path kallsyms) {
    /** trace-cmd report without options. */
    public static final ReportView DEFAULT = new ReportView(false, false, false, List.of(), List.of(), false, false,
            false, List.of(), RecordFilter.Options.ALL, false, null);

    public ReportView {
        rawEvents = List.copyOf(rawEvents);
        noHandlerEvents = List.copyOf(noHandlerEvents);
        pluginOptions = List.copyOf(pluginOptions);
        Objects.requireNonNull(selection, "selection");
    }

    /** With {@code -N} and {@code -t} as given, everything else as trace-cmd's default. */
    public static ReportView of(boolean noPlugins, boolean nsTimestamps) {
        return new ReportView(noPlugins, nsTimestamps, false, List.of(), List.of(), false, false, false, List.of(),
                RecordFilter.Options.ALL, false, null);
    }

    /** This view showing only what {@code selection} selects. */
    public ReportView withSelection(RecordFilter.Options selection) {
        return new ReportView(noPlugins, nsTimestamps, raw, rawEvents, noHandlerEvents, latency, tsDiff, tsCheck,
                pluginOptions, selection, wakeup, kallsyms);
    }

    /** This view with {@code -w} as given. */
    public ReportView withWakeup(boolean wakeup) {
        return new ReportView(noPlugins, nsTimestamps, raw, rawEvents, noHandlerEvents, latency, tsDiff, tsCheck,
                pluginOptions, selection, wakeup, kallsyms);
    }

    /** This view with the functions of a kallsyms file added ({@code --kallsyms FILE}; null for none). */
    public ReportView withKallsyms(Path kallsyms) {
        return new ReportView(noPlugins, nsTimestamps, raw, rawEvents, noHandlerEvents, latency, tsDiff, tsCheck,
                pluginOptions, selection, wakeup, kallsyms);
    }
}
