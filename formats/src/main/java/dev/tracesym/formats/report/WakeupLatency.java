package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code trace-cmd report -w} (3.1.6): the latency from a task's wakeup ({@code sched_wakeup} or
 * {@code sched_wakeup_new} with a non-zero {@code success}, where the field exists) to the
 * {@code sched_switch} that runs it, appended to that switch's line as {@code  Latency: U.UUU usecs}, and
 * at the end the average, maximum and minimum, again for real-time tasks ({@code next_prio} at most 99).
 *
 * <p>As trace-cmd, pending wakeups are keyed by {@link TraceHash} of the pid, a second wakeup of a task
 * restarts its clock, and latencies are unsigned differences of the records' times.
 */
public final class WakeupLatency implements ReportWriter.LineTail {
    private final int wakeupId;
    private final FieldFormat wakeupPid;
    private final FieldFormat wakeupSuccess;
    private final int wakeupNewId;
    private final FieldFormat wakeupNewPid;
    private final FieldFormat wakeupNewSuccess;
    private final int switchId;
    private final FieldFormat nextPid;
    private final FieldFormat nextPrio;
    private final boolean big;
    private final EventFormats formats;

    private final Map<Long, Long> pending = new HashMap<>();
    private final Stats all = new Stats();
    private final Stats rt = new Stats();

    private WakeupLatency(EventFormat wakeup, EventFormat wakeupNew, EventFormat sched, EventFormats formats) {
        this.formats = formats;
        this.wakeupId = wakeup.id;
        this.wakeupPid = own(wakeup, "pid");
        this.wakeupSuccess = own(wakeup, "success");
        this.wakeupNewId = wakeupNew == null ? -1 : wakeupNew.id;
        this.wakeupNewPid = wakeupNew == null ? null : own(wakeupNew, "pid");
        this.wakeupNewSuccess = wakeupNew == null ? null : own(wakeupNew, "success");
        this.switchId = sched.id;
        this.nextPid = own(sched, "next_pid");
        this.nextPrio = own(sched, "next_prio");
        this.big = formats.bigEndian();
    }

    /**
     * The latencies of a trace, or null when it cannot have them (trace-cmd then prints the report
     * without them): {@code sched_wakeup} with a {@code pid} field and {@code sched_switch} with
     * {@code next_pid} and {@code next_prio} are needed, and {@code sched_wakeup_new}, where present, needs
     * its {@code pid}.
     */
    public static WakeupLatency of(EventFormats formats) {
        EventFormat wakeup = formats.find("sched", "sched_wakeup");
        EventFormat sched = formats.find("sched", "sched_switch");
        EventFormat wakeupNew = formats.find("sched", "sched_wakeup_new");
        if (wakeup == null || own(wakeup, "pid") == null || sched == null || own(sched, "next_pid") == null
                || own(sched, "next_prio") == null || (wakeupNew != null && own(wakeupNew, "pid") == null)) {
            return null;
        }
        return new WakeupLatency(wakeup, wakeupNew, sched, formats);
    }

    /** libtraceevent's {@code tep_find_field}: the event's own fields only, not the common ones. */
    private static FieldFormat own(EventFormat e, String name) {
        for (FieldFormat f : e.fields) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** {@code tep_read_number_field}: sizes 1, 2, 4 and 8 read unsigned; other sizes cannot be read (-1). */
    private long read(RawEvent e, FieldFormat f) {
        int size = f.size;
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            return -1;
        }
        if (f.offset < 0 || f.offset + size > e.length) {
            return 0;
        }
        long v = 0;
        int at = e.offset + f.offset;
        for (int i = 0; i < size; i++) {
            int b = e.data[at + (big ? i : size - 1 - i)] & 0xff;
            v = (v << 8) | b;
        }
        return v;
    }

    private static boolean readable(FieldFormat f) {
        return f != null && (f.size == 1 || f.size == 2 || f.size == 4 || f.size == 8);
    }

    @Override
    public void append(RawEvent e, LineBuffer line) {
        int type = formats.typeOf(e);
        if (type == wakeupId) {
            wakeup(e, wakeupSuccess, wakeupPid);
        } else if (type == wakeupNewId) {
            wakeup(e, wakeupNewSuccess, wakeupNewPid);
        } else if (type == switchId) {
            if (!readable(nextPrio) || !readable(nextPid)) {
                return;
            }
            boolean isRt = Long.compareUnsigned(read(e, nextPrio), 99) <= 0;
            Long start = pending.remove(TraceHash.of(read(e, nextPid)));
            if (start == null) {
                return;
            }
            long lat = e.ts - start;
            all.add(lat, e.ts);
            if (isRt) {
                rt.add(lat, e.ts);
            }
            line.append(" Latency: ");
            usecs(line, lat);
            line.append(" usecs");
        }
    }

    private void wakeup(RawEvent e, FieldFormat success, FieldFormat pid) {
        if (readable(success) && read(e, success) == 0) {
            return;
        }
        if (!readable(pid)) {
            return;
        }
        pending.put(TraceHash.of(read(e, pid)), e.ts);
    }

    /** Whether any latency was measured (trace-cmd prints no summary otherwise). */
    public boolean any() {
        return all.count != 0;
    }

    /** The summary trace-cmd prints after the report; empty when no latency was measured. */
    public byte[] summary() {
        LineBuffer out = new LineBuffer(512);
        if (all.count == 0) {
            return out.toBytes();
        }
        all.print(out);
        if (rt.count != 0) {
            out.append("RT task timings:\n");
            rt.print(out);
        }
        return out.toBytes();
    }

    /** {@code %llu.%03llu} of ns as µs. */
    private static void usecs(LineBuffer out, long ns) {
        out.append(Long.toUnsignedString(Long.divideUnsigned(ns, 1000)));
        out.append((byte) '.');
        out.appendFixedDigits((int) Long.remainderUnsigned(ns, 1000), 3);
    }

    /** Totals, the maximum and the minimum, each with the time of the switch that ended it. */
    private static final class Stats {
        long total;
        long count;
        long max;
        long maxTime;
        long min = -1; // unsigned: the largest value
        long minTime;

        void add(long lat, long at) {
            if (Long.compareUnsigned(lat, max) > 0) {
                max = lat;
                maxTime = at;
            }
            if (Long.compareUnsigned(lat, min) < 0) {
                min = lat;
                minTime = at;
            }
            total += lat;
            count++;
        }

        void print(LineBuffer out) {
            long avg = Long.divideUnsigned(total, count);
            out.append("\nAverage wakeup latency: ");
            usecs(out, avg);
            out.append(" usecs\nMaximum Latency: ");
            usecs(out, max);
            out.append(" usecs at timestamp: ");
            timestamp(out, maxTime);
            out.append("\nMinimum Latency: ");
            usecs(out, min);
            out.append(" usecs at timestamp: ");
            timestamp(out, minTime);
            out.append("\n\n");
        }

        /** trace-cmd's {@code %llu.%06llu} of t / 1e9 and ((t + 500) % 1e9) / 1000 (the rounding never carries). */
        private static void timestamp(LineBuffer out, long t) {
            out.append(Long.toUnsignedString(Long.divideUnsigned(t, 1_000_000_000L)));
            out.append((byte) '.');
            out.appendFixedDigits((int) (Long.remainderUnsigned(t + 500, 1_000_000_000L) / 1000), 6);
        }
    }
}
