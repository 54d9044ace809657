package dev.tracesym.formats.filter;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Which records of one trace {@code trace-cmd report} (3.1.6) shows: its {@code -F} filters
 * ({@code tracecmd_filter_match}), then {@code --cpu}, then {@code -I}/{@code -S}
 * ({@code skip_record}); and tracesym's {@code --time-window}. A record is shown when one of the filters given without {@code -v} matches it
 * (or there are none) and none of those given after {@code -v} does. A {@code kernel_stack} or
 * {@code user_stack} record the filters do not show is still shown when the last record shown on its
 * CPU passed them, as trace-cmd does: a stack follows the event it belongs to.
 *
 * <p>Decided from the record's bytes before anything is rendered. One per trace, used by one thread
 * (it remembers the last record shown on each CPU); the buffers of a trace share it, as in trace-cmd.
 */
public final class RecordFilter {
    /** trace-cmd's TRACE_FLAG_HARDIRQ and TRACE_FLAG_SOFTIRQ bits of {@code common_flags}. */
    private static final int HARDIRQ = 0x08, SOFTIRQ = 0x10;

    /** One {@code -F}: its text and whether a {@code -v} came before it (it hides what it matches). */
    public record FilterText(String text, boolean hides) {
        public FilterText {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * What to show.
     *
     * @param filters   the {@code -F} filters in command-line order
     * @param cpus      the CPUs to show ({@code --cpu}), or null for all
     * @param noHardIrq {@code -I}: hide records of hard interrupt context
     * @param noSoftIrq {@code -S}: hide records of soft interrupt context
     * @param pids      {@code --pid}: the tasks to show, in command-line order (trace-cmd makes a filter of them)
     * @param comms     {@code --comm}: the task names to show (their pids, from the trace's comm table, join them)
     * @param fromNs    {@code --time-window}: the first time shown, in ns as the report shows times
     *                  ({@link Long#MIN_VALUE}: from the start)
     * @param untilNs   {@code --time-window}: the records from this time on are not shown ({@link Long#MAX_VALUE}:
     *                  to the end)
     */
    public record Options(List<FilterText> filters, BitSet cpus, boolean noHardIrq, boolean noSoftIrq,
                          List<String> pids, List<String> comms, long fromNs, long untilNs) {
        /** Everything shown. */
        public static final Options ALL = new Options(List.of(), null, false, false);

        public Options {
            filters = List.copyOf(filters);
            cpus = cpus == null ? null : (BitSet) cpus.clone();
            pids = List.copyOf(pids);
            comms = List.copyOf(comms);
        }

        /** Without a time window. */
        public Options(List<FilterText> filters, BitSet cpus, boolean noHardIrq, boolean noSoftIrq,
                       List<String> pids, List<String> comms) {
            this(filters, cpus, noHardIrq, noSoftIrq, pids, comms, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        /** Without {@code --pid}, {@code --comm} and a time window. */
        public Options(List<FilterText> filters, BitSet cpus, boolean noHardIrq, boolean noSoftIrq) {
            this(filters, cpus, noHardIrq, noSoftIrq, List.of(), List.of());
        }

        /** Whether these options show every record. */
        public boolean all() {
            return filters.isEmpty() && cpus == null && !noHardIrq && !noSoftIrq && pids.isEmpty() && comms.isEmpty()
                    && !windowed();
        }

        /** Whether a time window hides records before or after it. */
        public boolean windowed() {
            return fromNs != Long.MIN_VALUE || untilNs != Long.MAX_VALUE;
        }

        /** These options showing only the records from {@code fromNs} up to, not including, {@code untilNs}. */
        public Options withWindow(long fromNs, long untilNs) {
            return new Options(filters, cpus, noHardIrq, noSoftIrq, pids, comms, fromNs, untilNs);
        }

        /**
         * These options with the filter trace-cmd makes of {@code --pid} and {@code --comm} after the
         * {@code -F}s: {@code .*:(common_pid==P)||(pid==P)||(next_pid==P)||...}, the pids in trace-cmd's
         * order: each comm's pids (ascending), then the {@code --pid} ones last given first.
         *
         * @param pidsOfComm the pids of a task name in the trace (ascending)
         */
        public Options withPidFilter(java.util.function.Function<String, int[]> pidsOfComm) {
            if (pids.isEmpty() && comms.isEmpty()) {
                return this;
            }
            java.util.ArrayDeque<String> list = new java.util.ArrayDeque<>();
            for (String p : pids) {
                list.addFirst(p);
            }
            for (int i = comms.size() - 1; i >= 0; i--) {
                int[] found = pidsOfComm.apply(comms.get(i));
                for (int k = found.length - 1; k >= 0; k--) {
                    list.addFirst(Integer.toString(found[k]));
                }
            }
            List<FilterText> all = new ArrayList<>(filters);
            if (!list.isEmpty()) {
                StringBuilder f = new StringBuilder(".*:");
                boolean first = true;
                for (String p : list) {
                    f.append(first ? "" : "||").append("(common_pid==").append(p).append(")||(pid==").append(p)
                            .append(")||(next_pid==").append(p).append(')');
                    first = false;
                }
                all.add(new FilterText(f.toString(), false));
            }
            return new Options(all, cpus, noHardIrq, noSoftIrq, List.of(), List.of(), fromNs, untilNs);
        }
    }

    private final EventFormats formats;
    private final EventFilter[] shows;
    private final EventFilter[] hides;
    private final List<String> shown;
    private final BitSet cpus;
    private final int irqMask;
    private final long fromNs, untilNs;
    private final FieldFormat flags;
    private final int kernelStack, userStack;
    /** Per CPU: the last record that passed the filters (trace-cmd's last_printed). */
    private boolean[] lastPassed = new boolean[8];

    private RecordFilter(EventFormats formats, List<EventFilter> shows, List<EventFilter> hides, List<String> shown,
                         Options o) {
        this.formats = formats;
        this.shows = shows.toArray(new EventFilter[0]);
        this.hides = hides.toArray(new EventFilter[0]);
        this.shown = List.copyOf(shown);
        this.cpus = o.cpus();
        this.irqMask = (o.noHardIrq() ? HARDIRQ : 0) | (o.noSoftIrq() ? SOFTIRQ : 0);
        this.fromNs = o.fromNs();
        this.untilNs = o.untilNs();
        List<EventFormat> all = formats.all();
        this.flags = all.isEmpty() ? null : all.get(0).field("common_flags");
        this.kernelStack = id(formats, "kernel_stack");
        this.userStack = id(formats, "user_stack");
    }

    private static int id(EventFormats formats, String name) {
        EventFormat f = formats.find("ftrace", name);
        return f == null ? -1 : f.id;
    }

    /**
     * Compiles the options for a trace's events.
     *
     * @throws FilterException when a filter names no event of the trace or does not parse
     */
    public static RecordFilter compile(Options o, EventFormats formats) throws FilterException {
        List<EventFilter> shows = new ArrayList<>();
        List<EventFilter> hides = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (FilterText t : o.filters()) {
            EventFilter f;
            try {
                f = EventFilter.compile(t.text(), formats);
            } catch (FilterException r) {
                shown.addAll(r.shownBefore());
                throw new FilterException(r.getMessage(), shown);
            }
            shown.addAll(f.shown());
            (t.hides() ? hides : shows).add(f);
        }
        return new RecordFilter(formats, shows, hides, shown, o);
    }

    /**
     * The lines {@code trace-cmd report -T} prints: for each filter in order, {@code  'event: expression'}
     * per event it names (an empty list when there are no filters: then -T prints the report).
     */
    public List<String> shown() {
        return shown;
    }

    /** Whether the record is shown. */
    public boolean accept(RawEvent e, FilterNames names) {
        if (shows.length + hides.length > 0 && !passes(e, names)) {
            return false;
        }
        if (e.ts < fromNs || e.ts >= untilNs) { // after the filters, which remember the last record they passed
            return false;
        }
        if (cpus != null && !cpus.get(e.cpu)) {
            return false;
        }
        if (irqMask != 0) {
            int f = flags == null ? -1 : (int) EventFields.unsigned(e, flags, formats.bigEndian());
            return (f & irqMask) == 0;
        }
        return true;
    }

    /** trace-cmd's tracecmd_filter_match. */
    private boolean passes(RawEvent e, FilterNames names) {
        int id = formats.typeOf(e);
        boolean found = false;
        for (EventFilter f : shows) {
            if (f.match(e, id, names) == EventFilter.MATCH) {
                found = true;
                break;
            }
        }
        int cpu = Math.max(e.cpu, 0);
        if (cpu >= lastPassed.length) {
            lastPassed = Arrays.copyOf(lastPassed, Math.max(cpu + 1, lastPassed.length * 2));
        }
        if (!found && shows.length > 0) {
            boolean stack = id >= 0 && (id == kernelStack || id == userStack);
            if (!stack || !lastPassed[cpu]) {
                return false;
            }
        }
        boolean hidden = false;
        for (EventFilter f : hides) {
            if (f.match(e, id, names) == EventFilter.MATCH) {
                hidden = true;
                break;
            }
        }
        lastPassed[cpu] = !hidden;
        return !hidden;
    }
}
