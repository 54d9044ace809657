package dev.tracesym.formats.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes events in the Chrome / Perfetto trace-event JSON format (loads in ui.perfetto.dev and
 * chrome://tracing): function_graph entries and returns become nested {@code B}/{@code E} slices
 * per thread, leaf calls {@code X} slices with their duration, every other event an instant
 * {@code i} event with its fields and symbols as args; task names become {@code M} metadata.
 * Times are written in µs with ns precision, from integers.
 *
 * <p>Slices are kept balanced per thread: a return whose entry is not in the trace becomes an
 * {@code X} slice ending at its time (when its duration is known) or is dropped, and entries still
 * open at the end are closed at the thread's last time by {@link #finish()}.
 */
public final class PerfettoWriter implements Closeable {
    private final JsonGenerator g;
    private final JsonText text = new JsonText();
    private final FirstKeys firstKeys = new FirstKeys();
    private final Map<Integer, ThreadState> threads = new HashMap<>();
    private final Map<Integer, String> processes = new HashMap<>();
    private boolean finished;
    private long droppedReturns;

    /** Per thread: open B slices and the last time seen, for closing them at the end. */
    private static final class ThreadState {
        int pid;
        String name;
        int open;
        long lastTs;
    }

    public PerfettoWriter(OutputStream out) throws IOException {
        g = JsonFactory.builder().build().createGenerator(out, JsonEncoding.UTF8);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("displayTimeUnit", "ns");
        g.writeFieldName("traceEvents");
        g.writeStartArray();
    }

    /** Writes one event. */
    public void write(EventRecord e) throws IOException {
        int tid = e.pid;
        int pid = e.tgid >= 0 ? e.tgid : tid;
        ThreadState t = thread(tid, pid, e.comm);
        if (e.ts > t.lastTs) {
            t.lastTs = e.ts;
        }
        switch (e.phase) {
            case EventRecord.BEGIN:
                slice("B", e, pid, tid, e.ts, -1);
                t.open++;
                break;
            case EventRecord.END:
                if (t.open > 0) {
                    t.open--;
                    g.writeStartObject();
                    g.writeStringField("ph", "E");
                    common(pid, tid, e.ts);
                    g.writeEndObject();
                } else if (e.durationNs >= 0) {
                    slice("X", e, pid, tid, e.ts - e.durationNs, e.durationNs);
                } else {
                    droppedReturns++;
                }
                break;
            case EventRecord.COMPLETE:
                slice("X", e, pid, tid, e.ts, Math.max(0, e.durationNs));
                if (e.ts + e.durationNs > t.lastTs) {
                    t.lastTs = e.ts + e.durationNs;
                }
                break;
            default:
                g.writeStartObject();
                g.writeStringField("ph", "i");
                g.writeStringField("s", "t");
                g.writeStringField("name", instantName(e));
                g.writeStringField("cat", e.system != null && !e.system.isEmpty() ? e.system : "event");
                common(pid, tid, e.ts);
                args(e);
                g.writeEndObject();
        }
    }

    /** Function events are named after their function; others after the event. */
    private static String instantName(EventRecord e) {
        if (e.sliceName != null) {
            return e.sliceName;
        }
        return e.event != null ? e.event : "event";
    }

    private void slice(String ph, EventRecord e, int pid, int tid, long ts, long dur) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", ph);
        g.writeStringField("name", e.sliceName != null ? e.sliceName : (e.event != null ? e.event : "call"));
        g.writeStringField("cat", "function_graph");
        common(pid, tid, ts);
        if (dur >= 0) {
            g.writeFieldName("dur");
            text.writeMicros(g, dur);
        }
        args(e);
        g.writeEndObject();
    }

    private void common(int pid, int tid, long ts) throws IOException {
        g.writeFieldName("ts");
        text.writeMicros(g, ts);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
    }

    private void args(EventRecord e) throws IOException {
        g.writeFieldName("args");
        g.writeStartObject();
        g.writeNumberField("cpu", e.cpu);
        if (e.buffer != null && !e.buffer.isEmpty()) {
            g.writeStringField("buffer", e.buffer);
        }
        if (e.fieldCount > 0) {
            g.writeFieldName("fields");
            JsonLinesWriter.writeFields(g, text, firstKeys, e);
        }
        if (e.symCount > 0) {
            g.writeFieldName("syms");
            g.writeStartObject();
            for (int i = 0; i < e.symCount; i++) {
                if (!firstKeys.first(e.symKey, i, e.symCount)) {
                    continue;
                }
                ResolvedSymbol s = e.sym[i];
                String shown = s.name != null ? symbolText(s) : "?" + (s.unknown != null ? s.unknown : "no-symbols");
                if (e.symUncertain[i] != null) {
                    shown = shown + " (" + e.symUncertain[i] + ")";
                }
                g.writeStringField(e.symKey[i], shown);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * The text an event's args carry for a named symbol: {@code name+0xoff/0xsize [module]} as the kernel
     * prints it (the name alone when neither offset nor size is known).
     */
    public static String symbolText(ResolvedSymbol s) {
        return JsonText.display(s);
    }

    private ThreadState thread(int tid, int pid, String comm) throws IOException {
        ThreadState t = threads.get(tid);
        if (t == null) {
            t = new ThreadState();
            t.pid = pid;
            t.lastTs = Long.MIN_VALUE;
            threads.put(tid, t);
        }
        if (comm != null && !comm.equals(t.name)) {
            t.name = comm;
            metadata("thread_name", pid, tid, comm);
        }
        if (comm != null && !processes.containsKey(pid)) {
            processes.put(pid, comm);
            metadata("process_name", pid, pid, comm);
        }
        return t;
    }

    private void metadata(String what, int pid, int tid, String name) throws IOException {
        g.writeStartObject();
        g.writeStringField("ph", "M");
        g.writeStringField("name", what);
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeFieldName("args");
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeEndObject();
        g.writeEndObject();
    }

    /** Returns dropped because neither their entry nor their duration was known. */
    public long droppedReturns() {
        return droppedReturns;
    }

    /** Closes the slices still open and ends the JSON document. Idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        for (Map.Entry<Integer, ThreadState> en : threads.entrySet()) {
            ThreadState t = en.getValue();
            while (t.open > 0) {
                t.open--;
                g.writeStartObject();
                g.writeStringField("ph", "E");
                common(t.pid, en.getKey(), t.lastTs);
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    /** {@link #finish()}es; the underlying stream stays open (the caller owns it). */
    @Override
    public void close() throws IOException {
        finish();
        g.close();
    }
}
