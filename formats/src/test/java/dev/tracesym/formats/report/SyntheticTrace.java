package dev.tracesym.formats.report;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.PrintkFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A small hand-made trace (the event formats of a Linux 6.1 x86-64 kernel, records built byte by byte)
 * for cases the real samples do not contain: dropped events, unknown event ids, look-ahead across
 * buffers, chosen durations.
 */
final class SyntheticTrace {
    static final int FUNCTION = 1;
    static final int GRAPH_EXIT = 10;
    static final int GRAPH_ENTRY = 11;
    static final int SCHED_SWITCH = 319;
    static final int SCHED_WAKEUP = 320;

    private static final String COMMON = ""
            + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
            + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
            + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
            + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

    private static final String FUNCTION_FORMAT = "name: function\nID: 1\nformat:\n" + COMMON
            + "\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
            + "\tfield:unsigned long parent_ip;\toffset:16;\tsize:8;\tsigned:0;\n\n"
            + "print fmt: \" %ps <-- %ps\", (void *)REC->ip, (void *)REC->parent_ip\n";

    private static final String ENTRY_FORMAT = "name: funcgraph_entry\nID: 11\nformat:\n" + COMMON
            + "\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n"
            + "\tfield:int depth;\toffset:16;\tsize:4;\tsigned:1;\n\n"
            + "print fmt: \"--> %ps (%d)\", (void *)REC->func, REC->depth\n";

    private static final String EXIT_FORMAT = "name: funcgraph_exit\nID: 10\nformat:\n" + COMMON
            + "\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n"
            + "\tfield:int depth;\toffset:16;\tsize:4;\tsigned:1;\n"
            + "\tfield:unsigned int overrun;\toffset:20;\tsize:4;\tsigned:0;\n"
            + "\tfield:unsigned long long calltime;\toffset:24;\tsize:8;\tsigned:0;\n"
            + "\tfield:unsigned long long rettime;\toffset:32;\tsize:8;\tsigned:0;\n\n"
            + "print fmt: \"<-- %ps (%d) (start: %llx  end: %llx) over: %d\", (void *)REC->func, REC->depth, "
            + "REC->calltime, REC->rettime, REC->depth\n";

    private static final String SWITCH_FORMAT = "name: sched_switch\nID: 319\nformat:\n" + COMMON
            + "\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:1;\n"
            + "\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
            + "\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
            + "\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
            + "\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:1;\n"
            + "\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
            + "\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n\n"
            + "print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d ==> next_comm=%s next_pid=%d next_prio=%d\", "
            + "REC->prev_comm, REC->prev_pid, REC->prev_prio, REC->next_comm, REC->next_pid, REC->next_prio\n";

    private static final String WAKEUP_FORMAT = "name: sched_wakeup\nID: 320\nformat:\n" + COMMON
            + "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:1;\n"
            + "\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
            + "\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n"
            + "\tfield:int target_cpu;\toffset:32;\tsize:4;\tsigned:1;\n\n"
            + "print fmt: \"comm=%s pid=%d prio=%d target_cpu=%03d\", REC->comm, REC->pid, REC->prio, REC->target_cpu\n";

    /** Symbols: name → start, in address order; an address belongs to the last start at or below it. */
    static final long P = 0xffffffff81000000L;
    static final long A = 0xffffffff81000100L;
    static final long B = 0xffffffff81000200L;
    static final long C = 0xffffffff81000300L;
    static final long D = 0xffffffff81000400L;
    static final long END = 0xffffffff81000500L;

    final List<RawEvent> events = new ArrayList<>();
    String cmdlines = "";
    List<String> buffers = List.of("");
    int cpus = 2;

    static EventFormats formats() throws TraceFormatException {
        return EventFormats.parse(List.of(FUNCTION_FORMAT, EXIT_FORMAT, ENTRY_FORMAT),
                Map.of("sched", List.of(SWITCH_FORMAT, WAKEUP_FORMAT)), false, 8);
    }

    private static ByteBuffer record(int size, int type, int pid) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) type);
        b.putInt(4, pid);
        return b;
    }

    private RawEvent add(ByteBuffer b, long ts, int cpu) {
        RawEvent e = new RawEvent();
        e.data = b.array();
        e.offset = 0;
        e.length = b.capacity();
        e.ts = ts;
        e.cpu = cpu;
        events.add(e);
        return e;
    }

    RawEvent function(long ts, int cpu, int pid, long ip, long parent) {
        ByteBuffer b = record(24, FUNCTION, pid);
        b.putLong(8, ip);
        b.putLong(16, parent);
        return add(b, ts, cpu);
    }

    RawEvent graphEntry(long ts, int cpu, int pid, long func, int depth) {
        ByteBuffer b = record(20, GRAPH_ENTRY, pid);
        b.putLong(8, func);
        b.putInt(16, depth);
        return add(b, ts, cpu);
    }

    RawEvent graphExit(long ts, int cpu, int pid, long func, int depth, long calltime, long rettime) {
        ByteBuffer b = record(40, GRAPH_EXIT, pid);
        b.putLong(8, func);
        b.putInt(16, depth);
        b.putLong(24, calltime);
        b.putLong(32, rettime);
        return add(b, ts, cpu);
    }

    RawEvent schedSwitch(long ts, int cpu, String prev, int prevPid, String next, int nextPid) {
        ByteBuffer b = record(64, SCHED_SWITCH, prevPid);
        b.put(8, Arrays.copyOf(prev.getBytes(StandardCharsets.ISO_8859_1), 16));
        b.putInt(24, prevPid);
        b.putInt(28, 120);
        b.putLong(32, 1);
        b.put(40, Arrays.copyOf(next.getBytes(StandardCharsets.ISO_8859_1), 16));
        b.putInt(56, nextPid);
        b.putInt(60, 120);
        return add(b, ts, cpu);
    }

    RawEvent schedWakeup(long ts, int cpu, int wakerPid, String comm, int pid) {
        ByteBuffer b = record(36, SCHED_WAKEUP, wakerPid);
        b.put(8, Arrays.copyOf(comm.getBytes(StandardCharsets.ISO_8859_1), 16));
        b.putInt(24, pid);
        b.putInt(28, 120);
        b.putInt(32, cpu);
        return add(b, ts, cpu);
    }

    RawEvent unknown(long ts, int cpu, int type) {
        return add(record(16, type, 1), ts, cpu);
    }

    /** The report text of this trace. */
    String report(boolean noPlugins, boolean ns) throws IOException {
        return report(noPlugins, ns, false);
    }

    /** The report text of this trace, with {@code -w}'s latencies on the sched_switch lines if asked. */
    String report(boolean noPlugins, boolean ns, boolean wakeupLatencies) throws IOException {
        ReportInput input = new ReportInput(formats(), PrintkFormats.EMPTY,
                cmdlines.getBytes(StandardCharsets.ISO_8859_1), cpus, buffers, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter writer = new ReportWriter(input, new Namer(), noPlugins, ns, out);
        if (wakeupLatencies) {
            writer.tail(WakeupLatency.of(input.formats()));
        }
        writer.write(source());
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * How many records the report had read when it first and second wrote to its output (rendering on
     * the calling thread, so the counts are exact), and how many bytes it wrote then:
     * {@code {read, bytes, read, bytes}}.
     */
    int[] recordsReadAtFirstWrites(boolean buffered) throws IOException {
        ReportInput input = new ReportInput(formats(), PrintkFormats.EMPTY,
                cmdlines.getBytes(StandardCharsets.ISO_8859_1), cpus, buffers, true);
        int[] readAndWritten = {-1, 0, -1, 0};
        read = 0;
        EventSource counted = source();
        OutputStream out = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (writes < 2) {
                    readAndWritten[2 * writes] = read;
                    readAndWritten[2 * writes + 1] = len;
                    writes++;
                }
            }
        };
        // buffered as the command line's standard output is
        ReportWriter w = new ReportWriter(input, new Namer(), false, false,
                buffered ? new java.io.BufferedOutputStream(out, 1 << 16) : out);
        w.threads(0, 4096);
        w.write(into -> {
            boolean more = counted.next(into);
            read += more ? 1 : 0;
            return more;
        });
        return readAndWritten;
    }

    private int read;

    private EventSource source() {
        return new EventSource() {
            int next;

            @Override
            public boolean next(RawEvent into) {
                if (next == events.size()) {
                    return false;
                }
                RawEvent e = events.get(next++);
                into.data = e.data;
                into.offset = e.offset;
                into.length = e.length;
                into.ts = e.ts;
                into.cpu = e.cpu;
                into.buffer = e.buffer;
                into.missedBefore = e.missedBefore;
                return true;
            }
        };
    }

    /** A five-symbol table: P, A, B, C, D (D ends at END). */
    static final class Namer implements ReportNamer {
        private static final long[] START = {P, A, B, C, D};
        private static final String[] NAME = {"parent_fn", "alpha", "beta", "gamma", "delta"};

        @Override
        public int find(long ts, long addr) {
            if (Long.compareUnsigned(addr, P) < 0 || Long.compareUnsigned(addr, END) >= 0) {
                return NONE;
            }
            int i = START.length - 1;
            while (Long.compareUnsigned(START[i], addr) > 0) {
                i--;
            }
            return i;
        }

        @Override
        public int nameKey(int symbol) {
            return symbol;
        }

        @Override
        public String functionName(int symbol) {
            return NAME[symbol];
        }

        @Override
        public String moduleName(int symbol) {
            return null;
        }

        @Override
        public long start(int symbol) {
            return START[symbol];
        }

        @Override
        public void append(dev.tracesym.formats.event.ByteText out, int symbol, long addr, int style) {
            out.append(NAME[symbol]);
            if (style == NAME_OFFSET) {
                out.append("+0x");
                out.appendHex(addr - START[symbol]);
            }
        }

        @Override
        public boolean append(StringBuilder out, long ts, long addr, int style) {
            int s = find(ts, addr);
            if (s == NONE) {
                return false;
            }
            out.append(NAME[s]);
            if (style == NAME_OFFSET) {
                out.append("+0x").append(Long.toHexString(addr - START[s]));
            }
            return true;
        }
    }
}
