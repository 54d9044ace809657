package dev.tracesym.formats.text;

/**
 * One physical line of trace text as a reader understood it. Reused by the reader: the byte range
 * and every field are valid only until the next {@link TextTraceReader#next(TextLine)}. Positions
 * are indexes into {@link #buf}; -1 means "not on this line".
 */
public final class TextLine {
    /** Comment, header, separator or blank line: no event, nothing to name. */
    public static final byte OTHER = 0;
    /** A line that starts an event (it has the event's context: time, CPU, task). */
    public static final byte EVENT = 1;
    /** A stack or callchain frame continuing the event started before it. */
    public static final byte FRAME = 2;
    /** function_graph context switch ({@code " 0)    init-107    =>  modprob-121  "}). */
    public static final byte TASK_SWITCH = 3;
    /** Lost events ({@code CPU:1 [LOST 42 EVENTS]}, trace-cmd's {@code EVENTS DROPPED}). */
    public static final byte LOST = 4;
    /** Not understood; passed through unchanged and reported to the warning sink. */
    public static final byte GARBAGE = 5;

    /** Not a function_graph line. */
    public static final byte GRAPH_NONE = 0;
    /** <code>func() {</code>: a call whose return comes later. */
    public static final byte GRAPH_ENTRY = 1;
    /** <code>func();</code>: a call and its return on one line, with its duration. */
    public static final byte GRAPH_LEAF = 2;
    /** A closing brace (optionally followed by the function name as a comment): a return, with its duration. */
    public static final byte GRAPH_EXIT = 3;
    /** A comment line: an event or message printed inside the graph. */
    public static final byte GRAPH_COMMENT = 4;

    public byte[] buf;
    /** Content {@code [start, end)}; the line terminator is {@code [end, termEnd)}. */
    public int start;
    public int end;
    public int termEnd;
    /** 1-based line number in the input. */
    public long number;

    public byte kind;
    /** Event name ({@code function}, {@code kernel_stack}, {@code sched_switch}, {@code cpu-clock} ...), or null. */
    public String event;
    /** Event system where the text shows or implies it, else null. */
    public String system;
    /** trace-cmd buffer instance ({@code foo}), {@code ""} for the top-level buffer. */
    public String buffer;
    public boolean hasTs;
    /** Event time in ns (latency-format: µs since the buffer start, times 1000). */
    public long ts;
    public int cpu;
    public int pid;
    /** Thread-group id where the text shows it (ftrace record-tgid, perf pid/tid), else -1. */
    public int tgid;
    public String comm;
    /** The event's own text (fields, message) {@code [payloadStart, payloadEnd)}, or -1. */
    public int payloadStart;
    public int payloadEnd;
    /** For a message-carrying event (print, bprint), where the message starts; else -1. */
    public int messageStart;
    /** Frame number of a {@link #FRAME} line within its event. */
    public int frame;
    public byte graph;
    /** function_graph call depth, or -1. */
    public int depth;
    /** function_graph duration in ns for leaves and exits, or -1. */
    public long durationNs;
    /** {@link #LOST}: number of lost events, -1 when not told. */
    public long lost;
    /** {@link #TASK_SWITCH}: the task switched to. */
    public String nextComm;
    public int nextPid;
    public final SymbolRefs syms = new SymbolRefs();

    void reset(byte[] buf, int start, int end, int termEnd, long number) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.termEnd = termEnd;
        this.number = number;
        kind = OTHER;
        event = null;
        system = null;
        buffer = "";
        hasTs = false;
        ts = 0;
        cpu = -1;
        pid = -1;
        tgid = -1;
        comm = null;
        payloadStart = -1;
        payloadEnd = -1;
        messageStart = -1;
        frame = -1;
        graph = GRAPH_NONE;
        depth = -1;
        durationNs = -1;
        lost = -1;
        nextComm = null;
        nextPid = -1;
        syms.count = 0;
    }

    /** True when the bytes {@code [s, e)} of this line are the ASCII string {@code str}. */
    public boolean equalsAt(int s, int e, String str) {
        return Ascii.equals(buf, s, e, str);
    }

    /** Index of the first {@code str} in {@code [from, to)}, or -1. */
    public int indexOf(int from, int to, String str) {
        return Ascii.indexOf(buf, from, to, str);
    }

    /** The line content decoded (for messages and tests; allocates). */
    public String text() {
        return new String(buf, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The bytes {@code [s, e)} of this line decoded (allocates). */
    public String text(int s, int e) {
        return new String(buf, s, e - s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
