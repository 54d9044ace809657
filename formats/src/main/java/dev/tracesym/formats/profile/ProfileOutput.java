package dev.tracesym.formats.profile;

import dev.tracesym.formats.report.LineBuffer;
import dev.tracesym.formats.report.ReportNamer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Prints {@link ProfileTables} as trace-cmd 3.1.6 does ({@code do_trace_profile}): the global pseudo
 * tasks, the {@code --by-comm} groups, then each task by pid; per task its entries (sched_switch states
 * first, wakeups next, then by event id and total time), each with the tree of its stacks.
 *
 * <p>Where trace-cmd's order depends on heap addresses, which differ from run to run, a fixed order is
 * used: entries that compare equal are ordered by value, and groups by comm (trace-cmd compares the bytes
 * of their pointers).
 */
final class ProfileOutput {
    private static final int INDENT = 5;
    private static final byte[][] SOFTIRQS = names("HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "BLOCK_IOPOLL",
            "TASKLET", "SCHED", "HRTIMER", "RCU");
    private static final byte[] TASK_STATES = "RSDTtXZxKWP".getBytes(StandardCharsets.ISO_8859_1);

    private final ProfileTables t;
    private final ReportNamer namer;
    private final LineBuffer out;

    private ProfileOutput(ProfileTables t, LineBuffer out) {
        this.t = t;
        this.namer = t.namer;
        this.out = out;
    }

    private static byte[][] names(String... s) {
        byte[][] b = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            b[i] = s[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return b;
    }

    /** Appends the tables of {@code t} to {@code out} ({@code byComm}: merge tasks of one comm first). */
    static void write(ProfileTables t, boolean byComm, LineBuffer out) {
        if (byComm) {
            t.mergeByComm();
        }
        ProfileOutput o = new ProfileOutput(t, out);
        o.global(t.globalTask);
        for (ProfileTables.Task cpu : t.globalCpuTasks) {
            o.global(cpu);
        }
        List<ProfileTables.Group> groups = new ArrayList<>(t.groups);
        groups.sort((a, b) -> Arrays.compareUnsigned(a.comm, b.comm));
        for (ProfileTables.Group g : groups) {
            out.append("\ngroup: ");
            out.append(g.comm);
            out.append((byte) '\n');
            o.entries(new ArrayList<>(g.entries.values()));
        }
        List<ProfileTables.Task> tasks = new ArrayList<>(t.tasks.values());
        tasks.sort(Comparator.comparingInt(x -> x.pid));
        for (ProfileTables.Task task : tasks) {
            o.task(task);
        }
    }

    private void global(ProfileTables.Task task) {
        if (!task.entries.isEmpty()) {
            task(task);
        }
    }

    private void task(ProfileTables.Task task) {
        if (task.group != null) {
            return;
        }
        if (task.pid < 0) {
            out.append(task.comm);
            out.append((byte) '\n');
        } else {
            out.append("\ntask: ");
            out.append(task.comm != null ? task.comm : t.comms.find(task.pid));
            out.append((byte) '-');
            out.appendSigned(task.pid);
            out.append((byte) '\n');
        }
        entries(new ArrayList<>(task.entries.values()));
    }

    private void entries(List<ProfileTables.Entry> entries) {
        entries.sort(ProfileOutput::compare);
        for (ProfileTables.Entry e : entries) {
            entry(e);
        }
    }

    /** trace-cmd's compare_events, then (where it leaves the order to heap addresses) by value. */
    private static int compare(ProfileTables.Entry a, ProfileTables.Entry b) {
        int ta = a.eventData.type;
        int tb = b.eventData.type;
        if (ta == ProfileTables.SCHED_SWITCH || tb == ProfileTables.SCHED_SWITCH) {
            if (ta != tb) {
                return ta == ProfileTables.SCHED_SWITCH ? -1 : 1;
            }
            int c = Long.compareUnsigned(a.val, b.val); // the lower the state the better
            return c != 0 ? c : ties(a, b);
        }
        if (ta == ProfileTables.WAKEUP || tb == ProfileTables.WAKEUP) {
            if (ta != tb) {
                return ta == ProfileTables.WAKEUP ? -1 : 1;
            }
            return ties(a, b);
        }
        int c = Integer.compare(a.eventData.id, b.eventData.id);
        if (c == 0) {
            c = Long.compareUnsigned(b.total, a.total);
        }
        return c != 0 ? c : ties(a, b);
    }

    private static int ties(ProfileTables.Entry a, ProfileTables.Entry b) {
        int c = Long.compareUnsigned(a.val, b.val);
        if (c == 0) {
            c = Long.compareUnsigned(a.searchVal, b.searchVal);
        }
        if (c == 0) {
            c = Integer.compare(a.symbol, b.symbol);
        }
        return c != 0 ? c : Long.compareUnsigned(a.firstTs, b.firstTs);
    }

    private void entry(ProfileTables.Entry e) {
        out.append("  Event: ");
        name(e);
        out.append(" (");
        out.appendSigned(e.count);
        out.append((byte) ')');
        if (e.total != 0) {
            out.append(" Total: ");
            out.appendSigned(e.total);
            out.append(" Avg: ");
            out.appendSigned(Long.divideUnsigned(e.total, e.count));
            out.append(" Max: ");
            out.appendSigned(e.max);
            ts(e.tsMax);
            out.append(" Min:");
            out.appendSigned(e.min);
            ts(e.tsMin);
        }
        out.append((byte) '\n');
        stacks(e);
    }

    /** {@code (ts:%lld.%06lld)} of seconds and rounded microseconds (which may reach 1000000, as in C). */
    private void ts(long ts) {
        out.append("(ts:");
        out.appendSigned(Long.divideUnsigned(ts, 1_000_000_000L));
        out.append((byte) '.');
        long us = (Long.remainderUnsigned(ts, 1_000_000_000L) + 500) / 1000;
        String digits = Long.toString(us);
        for (int i = digits.length(); i < 6; i++) {
            out.append((byte) '0');
        }
        out.append(digits);
        out.append((byte) ')');
    }

    private void name(ProfileTables.Entry e) {
        ProfileTables.EventData d = e.eventData;
        byte[] event = d.event.name.getBytes(StandardCharsets.UTF_8);
        switch (d.print) {
            case ProfileTables.PRINT_SCHED_SWITCH -> {
                out.append(event);
                out.append((byte) ':');
                int val = (int) e.val;
                if (val != 0) {
                    for (int i = 0; val != 0 && i < TASK_STATES.length; i++, val >>>= 1) {
                        if ((val & 1) != 0) {
                            out.append(i + 1 < TASK_STATES.length ? TASK_STATES[i + 1] : 0);
                        }
                    }
                } else {
                    out.append((byte) 'R');
                }
            }
            case ProfileTables.PRINT_SOFTIRQ -> {
                out.append(event);
                out.append((byte) ':');
                int vec = (int) e.val;
                if (vec >= 0 && vec < SOFTIRQS.length) { // trace-cmd indexes its table with a negative one too
                    out.append(SOFTIRQS[vec]);
                } else {
                    out.appendSigned(vec);
                }
            }
            case ProfileTables.PRINT_SYSCALL -> { // Debian's trace-cmd is built without libaudit: numbers
                out.append(event);
                out.append((byte) ':');
                out.appendSigned((int) e.val);
            }
            default -> {
                if (d.print == ProfileTables.PRINT_FUNC || d.type == ProfileTables.FUNC) {
                    out.append("func: ");
                    if (e.symbol != ReportNamer.NONE) {
                        namer.append(out, e.symbol, e.val, ReportNamer.NAME);
                        out.append("()");
                    } else {
                        out.append("0x");
                        out.appendHex(e.val);
                    }
                } else {
                    out.append(event);
                    out.append(":0x");
                    out.appendHex(e.val);
                }
            }
        }
    }

    // ---------------------------------------------------------------- stacks (output_stacks, output_chain)

    /** One level of the stack tree: the callers that share the frames above (trace-cmd's struct stack_chain). */
    private static final class Chain {
        long val;
        long ts;
        long time;
        long timeMin;
        long tsMin;
        long timeMax;
        long tsMax;
        long timeAvg;
        long count;
        int percent;
        List<Chain> children;
    }

    private void stacks(ProfileTables.Entry e) {
        List<ProfileTables.StackData> stacks = new ArrayList<>(e.stacks.values());
        stacks.sort(t.big ? ProfileOutput::compareBigEndianStacks : ProfileOutput::compareStacks);
        List<Chain> chain = chains(stacks, 0, stacks.size(), 0);
        output(chain, 0, new long[1]);
    }

    /** trace-cmd's compare_stacks: the bytes as host-order (little-endian) 32-bit words, then the longer last. */
    private static int compareStacks(ProfileTables.StackData a, ProfileTables.StackData b) {
        int size = Math.min(a.caller.length, b.caller.length);
        for (int i = 0; i + 4 <= size; i += 4) {
            int c = Long.compare(ProfileTables.le32(a.caller, i), ProfileTables.le32(b.caller, i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.caller.length, b.caller.length);
    }

    /**
     * A big-endian trace's stacks by their words in the file's order (trace-cmd reads them in the host's,
     * which sorts them by meaningless numbers and prints garbage addresses; see {@link #value}).
     */
    private static int compareBigEndianStacks(ProfileTables.StackData a, ProfileTables.StackData b) {
        int c = Arrays.compareUnsigned(a.caller, 0, Math.min(a.caller.length, b.caller.length) & ~3,
                b.caller, 0, Math.min(a.caller.length, b.caller.length) & ~3);
        return c != 0 ? c : Integer.compare(a.caller.length, b.caller.length);
    }

    private boolean overflows(ProfileTables.StackData s, int level) {
        int longSize = t.longSize;
        return (long) longSize * level > (long) s.caller.length - longSize;
    }

    /** The address at {@code level} of a stack, in the traced machine's byte order (trace-cmd: the host's). */
    private long value(ProfileTables.StackData s, int level) {
        int at = t.longSize * level;
        if (t.big) {
            return t.longSize == 8 ? ProfileTables.be32(s.caller, at) << 32 | ProfileTables.be32(s.caller, at + 4)
                    : ProfileTables.be32(s.caller, at);
        }
        if (t.longSize == 8) {
            return ProfileTables.le32(s.caller, at) | ProfileTables.le32(s.caller, at + 4) << 32;
        }
        return ProfileTables.le32(s.caller, at);
    }

    private long stop() {
        return t.longSize < 8 ? (1L << (t.longSize * 8)) - 1 : -1L;
    }

    /** make_stack_chain over stacks[from, to) at {@code level}; null when none reaches that level. */
    private List<Chain> chains(List<ProfileTables.StackData> stacks, int from, int to, int level) {
        long stop = stop();
        List<Chain> chain = new ArrayList<>();
        long totalTime = 0;
        long totalCount = 0;
        long count = 0;
        long time = 0;
        long timeMin = 0;
        long tsMin = 0;
        long timeMax = 0;
        long tsMax = 0;
        int start = from;
        for (int i = from; i < to; i++) {
            ProfileTables.StackData s = stacks.get(i);
            if (overflows(s, level)) {
                start = i + 1;
                continue;
            }
            long val = value(s, level);
            if (val == stop) {
                start = i + 1;
                continue;
            }
            count += s.count;
            time += s.total;
            if (Long.compareUnsigned(s.max, timeMax) > 0) {
                timeMax = s.max;
                tsMax = s.tsMax;
            }
            if (i == start || Long.compareUnsigned(s.min, timeMin) < 0) {
                timeMin = s.min;
                tsMin = s.tsMin;
            }
            if (i == to - 1 || overflows(stacks.get(i + 1), level) || val != value(stacks.get(i + 1), level)) {
                totalTime += time;
                totalCount += count;
                Chain c = new Chain();
                c.val = val;
                c.ts = stacks.get(start).firstTs;
                c.timeAvg = Long.divideUnsigned(time, count);
                c.count = count;
                c.time = time;
                c.timeMin = timeMin;
                c.tsMin = tsMin;
                c.timeMax = timeMax;
                c.tsMax = tsMax;
                c.children = chains(stacks, start, i + 1, level + 1);
                chain.add(c);
                start = i + 1;
                count = 0;
                time = 0;
                timeMin = 0;
                timeMax = 0;
            }
        }
        if (chain.isEmpty()) {
            return null;
        }
        chain.sort((a, b) -> { // stable, as glibc's merge sort
            int c = Long.compareUnsigned(b.time, a.time);
            return c != 0 ? c : Long.compareUnsigned(b.count, a.count);
        });
        if (totalTime == 0 && totalCount == 0) {
            return chain;
        }
        for (Chain c : chain) {
            if (totalTime != 0) {
                c.percent = percent(c.time, totalTime);
            } else {
                c.percent = percent(c.count, totalCount);
            }
        }
        return chain;
    }

    private static int percent(long val, long total) {
        return (int) Long.divideUnsigned(val * 100 + Long.divideUnsigned(total, 2), total);
    }

    private void indent(int level, long mask) {
        for (int p = 0; p < level + 1; p++) {
            column((mask & (1L << p)) != 0 ? (byte) '|' : (byte) ' ');
        }
    }

    /** {@code %*c } with the indent width. */
    private void column(byte c) {
        out.spaces(INDENT - 1);
        out.append(c);
        out.append((byte) ' ');
    }

    private void function(Chain c) {
        int sym = namer.find(c.ts, c.val);
        if (sym != ReportNamer.NONE) {
            namer.append(out, sym, c.val, ReportNamer.NAME);
            out.append(" (0x");
            out.appendHex(c.val);
            out.append(")\n");
        } else {
            out.append("0x");
            out.appendHex(c.val);
            out.append((byte) '\n');
        }
    }

    private void output(List<Chain> chain, int level, long[] mask) {
        if (chain == null || chain.isEmpty()) {
            return;
        }
        mask[0] |= 1L << (level + 1);
        indent(level + 1, mask[0]);
        out.append((byte) '\n');
        byte line = '|';
        for (int i = 0; i < chain.size(); i++) {
            Chain c = chain.get(i);
            indent(level, mask[0]);
            column((byte) '+');
            if (i == chain.size() - 1) {
                mask[0] &= ~(1L << (level + 1));
                line = ' ';
            }
            function(c);
            indent(level, mask[0]);
            column(line);
            out.append("  ");
            out.appendSigned(c.percent);
            out.append("% (");
            out.appendSigned(c.count);
            out.append((byte) ')');
            if (c.time != 0) {
                out.append(" time:");
                out.appendSigned(c.time);
                out.append(" max:");
                out.appendSigned(c.timeMax);
                ts(c.tsMax);
                out.append(" min:");
                out.appendSigned(c.timeMin);
                ts(c.tsMin);
                out.append(" avg:");
                out.appendSigned(c.timeAvg);
            }
            out.append((byte) '\n');
            List<Chain> child = c.children;
            while (child != null && child.size() == 1) {
                indent(level, mask[0]);
                column(line);
                out.append("   ");
                function(child.get(0));
                child = child.get(0).children;
            }
            if (child != null) {
                output(child, level + 1, mask);
            }
            indent(level + 1, mask[0]);
            out.append((byte) '\n');
        }
        mask[0] &= ~(1L << (level + 1));
        indent(level, mask[0]);
        out.append((byte) '\n');
    }
}
