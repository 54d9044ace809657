package dev.tracesym.formats.profile;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.report.CommTable;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.formats.report.TraceHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The profile of one buffer of one trace, as trace-cmd 3.1.6's {@code trace-profile.c} keeps it for one
 * input handle: per task, how often each event happened and, for events that start and end something
 * (sched_switch / sched_wakeup, irq entry / exit, softirq raise / entry / exit, function_graph entry /
 * exit, raw syscalls, {@code -H} hooks), how long it took; kernel_stack events attach their stack to the
 * event before them. Built record by record in report order; {@link ProfileOutput} prints it.
 */
final class ProfileTables {
    // event_data types (trace-cmd's enum event_data_type)
    static final int UNDEFINED = 0;
    static final int STACK = 1;
    static final int SCHED_SWITCH = 2;
    static final int WAKEUP = 3;
    static final int FUNC = 4;
    static final int SYSCALL = 5;
    static final int IRQ = 6;
    static final int SOFTIRQ = 7;
    static final int SOFTIRQ_RAISE = 8;
    static final int PROCESS_EXEC = 9;
    static final int USER_MATE = 10;

    // how an event's entries are named
    static final int PRINT_DEFAULT = 0;
    static final int PRINT_SCHED_SWITCH = 1;
    static final int PRINT_SOFTIRQ = 2;
    static final int PRINT_SYSCALL = 3;
    static final int PRINT_FUNC = 4;

    // which handler an event has (trace-cmd's handle_event function pointers)
    private static final int HANDLE_PAIRS = 0;
    private static final int HANDLE_STACK = 1;
    private static final int HANDLE_SCHED_SWITCH = 2;
    private static final int HANDLE_WAKEUP = 3;
    private static final int HANDLE_FGRAPH_ENTRY = 4;
    private static final int HANDLE_FGRAPH_EXIT = 5;
    private static final int HANDLE_EXEC = 6;

    /** Only real task states count: {@code TASK_STATE_MAX} is 1024. */
    private static final long TASK_STATE_MASK = 1023;

    /** One event type the profile knows (trace-cmd's {@code struct event_data}). */
    static final class EventData {
        final int id;
        final EventFormat event;
        final int type;
        EventData start;
        EventData end;
        FieldFormat pidField;
        FieldFormat startMatchField;
        FieldFormat endMatchField;
        FieldFormat dataField;
        int print = PRINT_DEFAULT;
        int handler = HANDLE_PAIRS;
        boolean migrate;
        boolean global;

        EventData(EventFormat event, int type) {
            this.id = event.id;
            this.event = event;
            this.type = type;
        }
    }

    /** A start waiting for its end (trace-cmd's {@code struct start_data}); in one CPU's list or the migrating list. */
    private static final class Start {
        final EventData eventData;
        final Task task;
        final long timestamp;
        final long searchVal;
        final long val;
        /** The stack saved for this start and the time of its record; null for none. */
        byte[] stack;
        long stackTs;
        Start prev;
        Start next;

        Start(EventData eventData, Task task, long timestamp, long searchVal, long val) {
            this.eventData = eventData;
            this.task = task;
            this.timestamp = timestamp;
            this.searchVal = searchVal;
            this.val = val;
        }
    }

    /** Key of a task's starts: the event and its search value (trace-cmd's match_start). */
    private record StartKey(EventData eventData, long searchVal) {
    }

    /**
     * Key of a task's entries (trace-cmd's match_event), plus, for functions, the symbol that named the
     * address when it happened: with trace-cmd's one table that is a function of the address, with a
     * time-aware namer two functions that used one address are two entries.
     */
    record EventKey(EventData eventData, long searchVal, long val, int symbol) {
    }

    /**
     * How often something was seen and how long it took: the total, and the longest and shortest time with
     * the time of the record that ended each (unsigned ns, compared as trace-cmd compares them).
     */
    static class Timing {
        long count;
        long total;
        long max;
        long tsMax;
        long min;
        long tsMin;

        /** One more, that took {@code delta} and ended at {@code ts}. */
        final void add(long delta, long ts) {
            count++;
            total += delta;
            if (Long.compareUnsigned(delta, max) > 0) {
                max = delta;
                tsMax = ts;
            }
            if (count == 1 || Long.compareUnsigned(delta, min) < 0) {
                min = delta;
                tsMin = ts;
            }
        }

        /** Adds {@code o}'s counts; its extremes win only where strictly beyond this one's (--by-comm). */
        final void merge(Timing o) {
            count += o.count;
            total += o.total;
            if (Long.compareUnsigned(max, o.max) < 0) {
                max = o.max;
                tsMax = o.tsMax;
            }
            if (Long.compareUnsigned(min, o.min) > 0) {
                min = o.min;
                tsMin = o.tsMin;
            }
        }
    }

    /** One entry of a task's table (trace-cmd's {@code struct event_hash}). */
    static final class Entry extends Timing {
        final EventData eventData;
        long searchVal;
        long val;
        final int symbol;
        /** When the entry was made: the time its name is looked up at. */
        final long firstTs;
        long lastTime;
        final Map<StackKey, StackData> stacks = new HashMap<>();

        Entry(EventData eventData, long searchVal, long val, int symbol, long firstTs) {
            this.eventData = eventData;
            this.searchVal = searchVal;
            this.val = val;
            this.symbol = symbol;
            this.firstTs = firstTs;
        }
    }

    /** A stack's bytes as a map key. */
    record StackKey(byte[] caller) {
        @Override
        public boolean equals(Object o) {
            return o instanceof StackKey k && Arrays.equals(caller, k.caller);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(caller);
        }
    }

    /** How often one stack was seen with an entry, and the times (trace-cmd's {@code struct stack_data}). */
    static final class StackData extends Timing {
        final byte[] caller;
        /** trace-cmd's hash of the stack: the sum of {@link TraceHash} of its 32-bit words (its bucket order). */
        final long key;
        final long firstTs;

        StackData(byte[] caller, long firstTs) {
            this.caller = caller;
            this.firstTs = firstTs;
            long k = 0;
            for (int i = 0; i + 4 <= caller.length; i += 4) {
                k += TraceHash.of(le32(caller, i));
            }
            this.key = k;
        }
    }

    /** A task, or one of the global pseudo tasks (trace-cmd's {@code struct task_data}). */
    static final class Task {
        final int pid;
        /** Order of creation, for trace-cmd's task hash order. */
        final int serial;
        boolean sleeping;
        byte[] comm;
        final Map<StartKey, List<Start>> starts = new HashMap<>();
        final Map<EventKey, Entry> entries = new HashMap<>();
        Task proxy;
        Start lastStart;
        Entry lastEvent;
        /** A kernel_stack record kept for a function_graph entry that may follow: its caller bytes and time. */
        byte[] lastStack;
        long lastStackTs;
        Group group;

        Task(int pid, int serial, byte[] comm) {
            this.pid = pid;
            this.serial = serial;
            this.comm = comm;
        }
    }

    /** The tasks of one comm merged ({@code --by-comm}). */
    static final class Group {
        final byte[] comm;
        final Map<EventKey, Entry> entries = new HashMap<>();

        Group(byte[] comm) {
            this.comm = comm;
        }
    }

    final EventFormats formats;
    final ReportNamer namer;
    final CommTable comms;
    final int cpus;
    final int longSize;
    /** The traced machine's byte order (stack addresses are read in it). */
    final boolean big;

    /** Event data by id: a later registration of an id hides an earlier one, as in trace-cmd's hash. */
    private final Map<Integer, EventData> events = new HashMap<>();
    private final FieldFormat commonPid;
    private FieldFormat wakeupComm;
    private FieldFormat switchPrevComm;
    private FieldFormat switchNextComm;
    private EventData stacktrace;

    final Map<Integer, Task> tasks = new HashMap<>();
    private Task lastTask;
    final Task globalTask;
    final Task[] globalCpuTasks;
    private final Start[] cpuStarts;
    private final Start[] migrateStarts = new Start[1];
    final List<Group> groups = new ArrayList<>();

    /**
     * @param cpus   CPU slots of the buffer (the global per-CPU pseudo tasks)
     * @param global {@code -G}: irq and softirq pairs belong to per-CPU pseudo tasks, not to tasks
     * @param hooks  the hooks, in trace-cmd's order (the {@code -H} ones last given first, then the file's)
     * @throws IllegalArgumentException when a hook or a paired event lacks a field it names (trace-cmd dies)
     */
    ProfileTables(EventFormats formats, ReportNamer namer, CommTable comms, int cpus, boolean global,
                  List<Hook> hooks, StringBuilder warnings) {
        this.formats = formats;
        this.namer = namer;
        this.comms = comms;
        this.cpus = Math.max(cpus, 1);
        this.longSize = formats.longSize();
        this.big = formats.bigEndian();
        this.commonPid = commonPid(formats);
        globalTask = new Task(-1, -1, "Global Events".getBytes(StandardCharsets.ISO_8859_1));
        globalCpuTasks = new Task[this.cpus];
        for (int i = 0; i < this.cpus; i++) {
            globalCpuTasks[i] = new Task(-1 - i, -1, ("Global CPU[" + i + "] Events")
                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        cpuStarts = new Start[this.cpus];
        register(global, hooks, warnings);
    }

    private static FieldFormat commonPid(EventFormats formats) {
        for (EventFormat e : formats.all()) {
            for (FieldFormat f : e.commonFields) {
                if (f.name.equals("common_pid")) {
                    return f;
                }
            }
            throw new IllegalArgumentException("No 'common_pid' found in event " + e.system + ":" + e.name);
        }
        return null;
    }

    // ---------------------------------------------------------------- setting up (trace_init_profile)

    private EventData add(String system, String name, int type) {
        EventFormat e = find(system, name);
        if (e == null) {
            return null;
        }
        EventData d = new EventData(e, type);
        events.put(e.id, d);
        return d;
    }

    /** libtraceevent's {@code tep_find_event_by_name}: the first in id order (any system when null). */
    private EventFormat find(String system, String name) {
        if (system != null) {
            List<EventFormat> named = formats.named(system, name);
            return named.isEmpty() ? null : named.get(0);
        }
        for (EventFormat e : formats.all()) {
            if (e.name.equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** libtraceevent's {@code tep_find_field}: the event's own fields. */
    private static FieldFormat field(EventFormat e, String name) {
        for (FieldFormat f : e.fields) {
            if (f.name.equals(name)) {
                return f;
            }
        }
        return null;
    }

    private static FieldFormat required(EventFormat e, String name) {
        FieldFormat f = field(e, name);
        if (f == null) {
            throw new IllegalArgumentException("Event: " + e.name + " does not have field " + name);
        }
        return f;
    }

    private static void mate(EventData start, String pidField, String endMatchField, EventData end,
                             String startMatchField, boolean migrate, boolean global) {
        start.end = end;
        end.start = start;
        if (pidField != null) {
            start.pidField = required(start.event, pidField);
        }
        start.endMatchField = required(start.event, endMatchField);
        end.startMatchField = required(end.event, startMatchField);
        start.migrate = migrate;
        start.global = global;
        end.migrate = migrate;
        end.global = global;
    }

    private void register(boolean global, List<Hook> hooks, StringBuilder warnings) {
        EventData irqEntry = add("irq", "irq_handler_entry", IRQ);
        EventData irqExit = add("irq", "irq_handler_exit", IRQ);
        EventData softirqEntry = add("irq", "softirq_entry", SOFTIRQ);
        EventData softirqExit = add("irq", "softirq_exit", SOFTIRQ);
        EventData softirqRaise = add("irq", "softirq_raise", SOFTIRQ_RAISE);
        EventData wakeup = add("sched", "sched_wakeup", WAKEUP);
        EventData sched = add("sched", "sched_switch", SCHED_SWITCH);
        EventData fgraphEntry = add("ftrace", "funcgraph_entry", FUNC);
        EventData fgraphExit = add("ftrace", "funcgraph_exit", FUNC);
        EventData syscallEnter = add("raw_syscalls", "sys_enter", SYSCALL);
        EventData syscallExit = add("raw_syscalls", "sys_exit", SYSCALL);
        EventData exec = add("sched", "sched_process_exec", PROCESS_EXEC);

        stacktrace = add("ftrace", "kernel_stack", STACK);
        if (stacktrace != null) {
            stacktrace.handler = HANDLE_STACK;
            stacktrace.dataField = required(stacktrace.event, "caller");
        }
        if (exec != null) {
            exec.handler = HANDLE_EXEC;
            exec.dataField = field(exec.event, "old_pid");
        }
        if (sched != null) {
            sched.handler = HANDLE_SCHED_SWITCH;
            sched.dataField = required(sched.event, "prev_state");
            switchPrevComm = required(sched.event, "prev_comm");
            switchNextComm = required(sched.event, "next_comm");
            sched.print = PRINT_SCHED_SWITCH;
        }
        if (sched != null && wakeup != null) {
            mate(sched, "prev_pid", "next_pid", wakeup, "pid", true, false);
            mate(wakeup, "pid", "pid", sched, "prev_pid", true, false);
            wakeup.handler = HANDLE_WAKEUP;
            wakeup.dataField = field(wakeup.event, "success");
            wakeupComm = required(wakeup.event, "comm");
        }
        if (sched != null && sched.pidField == null) {
            // without sched_wakeup trace-cmd pairs nothing and reads these through null fields (garbage pids)
            sched.pidField = required(sched.event, "prev_pid");
            sched.endMatchField = required(sched.event, "next_pid");
        }
        if (irqEntry != null && irqExit != null) {
            mate(irqEntry, null, "irq", irqExit, "irq", false, global);
        }
        if (softirqEntry != null) {
            softirqEntry.print = PRINT_SOFTIRQ;
        }
        if (softirqExit != null) {
            softirqExit.print = PRINT_SOFTIRQ;
        }
        if (softirqRaise != null) {
            softirqRaise.print = PRINT_SOFTIRQ;
        }
        if (softirqEntry != null && softirqExit != null) {
            mate(softirqEntry, null, "vec", softirqExit, "vec", false, global);
        }
        if (softirqEntry != null && softirqRaise != null) {
            mate(softirqRaise, null, "vec", softirqEntry, "vec", false, global);
        }
        if (fgraphEntry != null && fgraphExit != null) {
            mate(fgraphEntry, null, "func", fgraphExit, "func", true, false);
            fgraphEntry.handler = HANDLE_FGRAPH_ENTRY;
            fgraphExit.handler = HANDLE_FGRAPH_EXIT;
            fgraphEntry.print = PRINT_FUNC;
        }
        if (syscallEnter != null && syscallExit != null) {
            mate(syscallEnter, null, "id", syscallExit, "id", true, false);
            syscallEnter.print = PRINT_SYSCALL;
            syscallExit.print = PRINT_SYSCALL;
        }
        EventData function = add("ftrace", "function", FUNC);
        if (function != null) {
            function.dataField = field(function.event, "ip");
        }
        for (Hook hook : hooks) {
            EventData start = add(hook.startSystem(), hook.startEvent(), USER_MATE);
            EventData end = add(hook.endSystem(), hook.endEvent(), USER_MATE);
            if (start == null) {
                warnings.append("Event ").append(hook.startEvent()).append(" not found\n");
                continue;
            }
            if (end == null) {
                warnings.append("Event ").append(hook.endEvent()).append(" not found\n");
                continue;
            }
            mate(start, hook.pid(), hook.startMatch(), end, hook.endMatch(), hook.migrate(), hook.global());
        }
        for (EventFormat e : formats.all()) { // every other event, in id order
            if (events.containsKey(e.id)) {
                continue;
            }
            EventData d = new EventData(e, UNDEFINED);
            events.put(e.id, d);
            if (e.fields.length > 0) {
                d.dataField = e.fields[0];
            }
        }
    }

    // ---------------------------------------------------------------- records (trace_profile_record)

    /** Takes one record of this buffer, in report order. */
    void add(RawEvent e) {
        if (e.missedBefore != 0) {
            missed(e.cpu);
        }
        EventData d = events.get(formats.typeOf(e));
        if (d == null) {
            return;
        }
        long pid = read(e, commonPid);
        Task task = task((int) pid);
        byte[] stackBefore = task.lastStack;
        switch (d.handler) {
            case HANDLE_STACK -> stack(pid, d, e);
            case HANDLE_SCHED_SWITCH -> schedSwitch(d, e);
            case HANDLE_WAKEUP -> wakeup(pid, d, e);
            case HANDLE_FGRAPH_ENTRY -> fgraphEntry(pid, d, e);
            case HANDLE_FGRAPH_EXIT -> {
                Task t = endEvent(d, e, pid);
                t.lastEvent = null;
            }
            case HANDLE_EXEC -> exec(pid, d, e);
            default -> pairs(pid, d, e);
        }
        if (stackBefore != null && task.lastStack == stackBefore) { // a kept stack lives until its task's next event
            task.lastStack = null;
        }
    }

    /** {@code tep_read_number_field}: a field of 1, 2, 4 or 8 bytes, unsigned; anything else reads as {@code -1}. */
    private long read(RawEvent e, FieldFormat f) {
        if (f == null || (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8)) {
            return -1;
        }
        if (f.offset < 0 || f.offset + f.size > e.length) {
            return 0;
        }
        int at = e.offset + f.offset;
        long v = 0;
        for (int i = 0; i < f.size; i++) {
            v = (v << 8) | (e.data[at + (big ? i : f.size - 1 - i)] & 0xff);
        }
        return v;
    }

    /** {@link #read}, or {@code otherwise} where trace-cmd's read fails and leaves its variable as it was. */
    private long readOr(RawEvent e, FieldFormat f, long otherwise) {
        return f == null || (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8) ? otherwise : read(e, f);
    }

    private Task task(int pid) {
        Task t = lastTask;
        if (t != null && t.pid == pid) {
            return t;
        }
        t = tasks.get(pid);
        if (t == null) {
            t = new Task(pid, tasks.size(), null);
            tasks.put(pid, t);
        }
        lastTask = t;
        return t;
    }

    private Task eventTask(EventData d, RawEvent e, long pid) {
        if (d.global) {
            return d.migrate ? globalTask : globalCpuTasks[cpuSlot(e.cpu)];
        }
        if (d.pidField != null) {
            pid = readOr(e, d.pidField, pid);
        }
        return task((int) pid);
    }

    /** A record's CPU as an index of the per-CPU tables (a CPU beyond the buffer's slots counts as the last). */
    private int cpuSlot(int cpu) {
        return cpu >= 0 && cpu < cpus ? cpu : cpus - 1;
    }

    private void pairs(long pid, EventData d, RawEvent e) {
        Task task = null;
        if (d.start != null) {
            task = endEvent(d, e, pid);
        }
        if (d.end != null) {
            task = startEvent(d, e, pid);
        }
        if (task == null) {
            task = task((int) pid);
            task.proxy = null;
            task.lastStart = null;
            task.lastEvent = null;
            account(task, d, e);
        }
    }

    /** An event with no start or end: counted for its task (or the task its pid field names). */
    private void account(Task task, EventData d, RawEvent e) {
        if (d.pidField != null) {
            long pid = readOr(e, d.pidField, 0);
            Task proxy = task;
            task = task((int) pid);
            proxy.proxy = task;
        }
        long val = d.dataField == null ? 0 : readOr(e, d.dataField, 0);
        // trace-cmd reads start_match_field too, but keys the entry by val twice
        Entry entry = entry(task, d, val, val, e.ts);
        entry.count++;
        task.lastEvent = entry;
    }

    private Task endEvent(EventData d, RawEvent e, long pid) {
        Task task = eventTask(d, e, pid);
        long val = readOr(e, d.startMatchField, 0);
        Entry entry = finish(task, d.start, e.ts, val);
        task.lastStart = null;
        task.lastEvent = entry;
        return task;
    }

    private Task startEvent(EventData d, RawEvent e, long pid) {
        Task task = eventTask(d, e, pid);
        long val = readOr(e, d.endMatchField, 0);
        Start start = addStart(task, d, e, val, val);
        task.lastStart = start;
        task.lastEvent = null;
        return task;
    }

    private Start addStart(Task task, EventData d, RawEvent e, long searchVal, long val) {
        Start s = new Start(d, task, e.ts, searchVal, val);
        task.starts.computeIfAbsent(new StartKey(d, searchVal), k -> new ArrayList<>(1)).add(s);
        if (d.migrate) {
            link(migrateStarts, 0, s);
        } else {
            link(cpuStarts, cpuSlot(e.cpu), s);
        }
        return s;
    }

    private static void link(Start[] heads, int i, Start s) {
        s.next = heads[i];
        if (s.next != null) {
            s.next.prev = s;
        }
        heads[i] = s;
        s.prev = null;
    }

    private void unlink(Start s) {
        Start[] heads = s.eventData.migrate ? migrateStarts : cpuStarts;
        if (s.prev != null) {
            s.prev.next = s.next;
        } else {
            for (int i = 0; i < heads.length; i++) {
                if (heads[i] == s) {
                    heads[i] = s.next;
                }
            }
        }
        if (s.next != null) {
            s.next.prev = s.prev;
        }
        s.prev = null;
        s.next = null;
    }

    private void freeStart(Start s) {
        if (s.task.lastStart == s) {
            s.task.lastStart = null;
        }
        List<Start> same = s.task.starts.get(new StartKey(s.eventData, s.searchVal));
        if (same != null) {
            same.remove(s);
            if (same.isEmpty()) {
                s.task.starts.remove(new StartKey(s.eventData, s.searchVal));
            }
        }
        unlink(s);
    }

    /** Lost events on a CPU: every start on it, and every start that may migrate, is forgotten. */
    private void missed(int cpu) {
        for (Start s = cpuStarts[cpuSlot(cpu)]; s != null; ) {
            Start next = s.next;
            freeStart(s);
            s = next;
        }
        for (Start s = migrateStarts[0]; s != null; ) {
            Start next = s.next;
            freeStart(s);
            s = next;
        }
    }

    /** Ends the newest start of {@code d} with {@code searchVal}: its entry gains the time since; null when none. */
    private Entry finish(Task task, EventData d, long ts, long searchVal) {
        List<Start> same = task.starts.get(new StartKey(d, searchVal));
        if (same == null || same.isEmpty()) {
            return null;
        }
        Start start = same.get(same.size() - 1);
        long delta = ts - start.timestamp;
        if (delta < 0) { // CPUs' clocks disagree a little on a live trace
            delta = 0;
        }
        Entry entry = entry(task, d, start.searchVal, start.val, start.timestamp);
        entry.add(delta, ts);
        entry.lastTime = delta;
        if (start.stack != null) {
            addStack(entry, start.stack, delta, start.stackTs);
        }
        freeStart(start);
        return entry;
    }

    private Entry entry(Task task, EventData d, long searchVal, long val, long ts) {
        int symbol = d.type == FUNC ? namer.find(ts, val) : 0;
        EventKey key = new EventKey(d, searchVal, val, symbol);
        Entry entry = task.entries.get(key);
        if (entry == null) {
            entry = new Entry(d, searchVal, val, symbol, ts);
            task.entries.put(key, entry);
        }
        return entry;
    }

    private static void addStack(Entry entry, byte[] caller, long time, long ts) {
        if (caller.length < 4) {
            return; // trace-cmd dies here ("Stack size of less than sizeof(int)??"): a stack too short to hold anything
        }
        StackKey key = new StackKey(caller);
        StackData stack = entry.stacks.get(key);
        if (stack == null) {
            stack = new StackData(caller, ts);
            entry.stacks.put(key, stack);
        }
        stack.add(time, ts);
    }

    private byte[] caller(RawEvent e, FieldFormat f) {
        int from = Math.min(Math.max(f.offset, 0), e.length);
        return Arrays.copyOfRange(e.data, e.offset + from, e.offset + e.length);
    }

    private byte[] comm(RawEvent e, FieldFormat f) {
        byte[] c = new byte[f.size];
        int n = Math.max(0, Math.min(f.size, e.length - f.offset));
        if (f.offset >= 0 && n > 0) {
            System.arraycopy(e.data, e.offset + f.offset, c, 0, n);
        }
        int len = 0;
        while (len < c.length && c[len] != 0) {
            len++;
        }
        return Arrays.copyOf(c, len);
    }

    private void schedSwitch(EventData d, RawEvent e) {
        long prevPid = readOr(e, d.pidField, 0);
        long prevState = readOr(e, d.dataField, 0) & TASK_STATE_MASK;
        long nextPid = readOr(e, d.endMatchField, 0);
        Task task = task((int) prevPid);
        if (task.comm == null) {
            task.comm = comm(e, switchPrevComm);
        }
        task.sleeping = prevState != 0;
        Start start = addStart(task, d, e, prevPid, prevState); // scheduled out; the state says why
        task.lastStart = start;
        task.lastEvent = null;
        task = task((int) nextPid);
        if (task.comm == null) {
            task.comm = comm(e, switchNextComm);
        }
        // it waited for a wakeup if it blocked, for the CPU if it was preempted: look for both
        if (d.start != null) {
            finish(task, d.start, e.ts, nextPid);
        }
        finish(task, d, e.ts, nextPid);
    }

    private void wakeup(long pid, EventData d, RawEvent e) {
        Task proxy = task((int) pid);
        if (d.dataField != null && readOr(e, d.dataField, 1) == 0) {
            return; // not a successful wakeup
        }
        pid = readOr(e, d.pidField, pid);
        Task task = task((int) pid);
        if (task.comm == null) {
            task.comm = comm(e, wakeupComm);
        }
        if (!task.sleeping) {
            proxy.proxy = null;
            proxy.lastStart = null;
            proxy.lastEvent = null;
            return;
        }
        task.sleeping = false;
        proxy.proxy = task; // its stack trace belongs to the woken task
        finish(task, d.start, e.ts, pid);
        Start start = addStart(task, d, e, pid, pid);
        task.lastEvent = null;
        task.lastStart = start;
    }

    private void stack(long pid, EventData d, RawEvent e) {
        Task task = task((int) pid);
        task.lastStack = null;
        Task orig = task;
        Task proxy = task.proxy;
        if (proxy != null) {
            task.proxy = null;
            task = proxy;
        }
        if (task.lastStart == null && task.lastEvent == null) {
            // maybe for a function_graph entry that follows: kept by the task itself, not its proxy
            orig.lastStack = caller(e, d.dataField);
            orig.lastStackTs = e.ts;
            return;
        }
        byte[] caller = caller(e, d.dataField);
        Start start = task.lastStart;
        if (start != null) { // timed when its end comes
            start.stack = caller;
            start.stackTs = e.ts;
            task.lastStart = null;
            task.lastEvent = null;
            return;
        }
        Entry entry = task.lastEvent;
        task.lastEvent = null;
        addStack(entry, caller, entry.lastTime, e.ts);
    }

    private void fgraphEntry(long pid, EventData d, RawEvent e) {
        Task task = startEvent(d, e, pid);
        if (task.lastStack != null) { // a stack trace comes before its function_graph entry
            Start start = task.lastStart;
            start.stack = task.lastStack;
            start.stackTs = task.lastStackTs;
            task.lastStack = null;
            task.lastEvent = null;
        }
        task.lastStart = null;
    }

    private void exec(long pid, EventData d, RawEvent e) {
        if (d.dataField != null) {
            pid = readOr(e, d.dataField, pid);
        }
        task((int) pid).comm = null; // it has a new comm now
    }

    // ---------------------------------------------------------------- --by-comm (merge_tasks)

    /**
     * Merges the tasks that have a comm from sched events into one group per comm, visiting them in
     * trace-cmd's task-hash order (which decides whose times win ties).
     */
    void mergeByComm() {
        List<Task> order = new ArrayList<>(tasks.values());
        order.sort((a, b) -> {
            int c = Long.compare(TraceHash.of(a.pid) & 1023, TraceHash.of(b.pid) & 1023);
            return c != 0 ? c : Integer.compare(b.serial, a.serial); // a bucket lists the newest first
        });
        Map<String, Group> byComm = new HashMap<>();
        for (Task t : order) {
            if (t.comm == null) {
                continue;
            }
            Group g = byComm.get(new String(t.comm, StandardCharsets.ISO_8859_1));
            if (g == null) {
                g = new Group(t.comm);
                byComm.put(new String(t.comm, StandardCharsets.ISO_8859_1), g);
                groups.add(g);
            }
            t.group = g;
            for (Entry entry : t.entries.values()) {
                mergeInto(g, entry);
            }
            t.entries.clear();
        }
    }

    private static void mergeInto(Group g, Entry entry) {
        if (entry.eventData.type == WAKEUP) {
            entry.searchVal = 0;
            entry.val = 0;
        } else if (entry.eventData.type == SCHED_SWITCH) {
            entry.searchVal = entry.val;
        }
        EventKey key = new EventKey(entry.eventData, entry.searchVal, entry.val, entry.symbol);
        Entry exist = g.entries.get(key);
        if (exist == null) {
            g.entries.put(key, entry);
            return;
        }
        exist.merge(entry);
        List<StackData> stacks = new ArrayList<>(entry.stacks.values());
        stacks.sort((a, b) -> Long.compare(a.key & 31, b.key & 31)); // trace-cmd walks its 32 buckets in order
        for (StackData s : stacks) {
            StackKey k = new StackKey(s.caller);
            StackData have = exist.stacks.get(k);
            if (have == null) {
                exist.stacks.put(k, s);
                continue;
            }
            have.merge(s);
        }
    }

    static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    static long be32(byte[] b, int at) {
        return (b[at] & 0xffL) << 24 | (b[at + 1] & 0xffL) << 16 | (b[at + 2] & 0xffL) << 8 | (b[at + 3] & 0xffL);
    }
}
