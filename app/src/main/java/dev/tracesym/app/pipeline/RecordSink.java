package dev.tracesym.app.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where {@link RecordDecoder} puts the parts of one record, in JSON Lines order: {@link #begin}, the
 * fields, the symbols, {@link #end}. Two sinks: {@link EventRecordSink} fills an
 * {@link dev.tracesym.formats.json.EventRecord} for the writers of the formats module, and
 * {@link JsonLineEncoder} writes the same JSON Lines bytes directly, with the repeated parts cached.
 */
interface RecordSink {
    /** A key with its JSON text ({@code "name":}), made once. */
    record Key(String name, byte[] json) {
        static Key of(String name) {
            StringBuilder b = new StringBuilder(name.length() + 3);
            JsonBytes.quote(b, name);
            b.append(':');
            return new Key(name, b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** An event type's name and system with their JSON text ({@code ,"event":"x","system":"y"}), made once. */
    record EventName(String event, String system, byte[] json) {
        static EventName of(String event, String system) {
            StringBuilder b = new StringBuilder();
            b.append(",\"event\":");
            JsonBytes.quote(b, event);
            b.append(",\"system\":");
            JsonBytes.quote(b, system);
            return new EventName(event, system, b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A buffer name with its JSON text ({@code ,"buffer":"x"}), made once. */
    record BufferName(String name, byte[] json) {
        static BufferName of(String name) {
            StringBuilder b = new StringBuilder(",\"buffer\":");
            JsonBytes.quote(b, name);
            return new BufferName(name, b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    void begin(long ts, int cpu, int pid, String comm, EventName event, BufferName buffer);

    void integer(Key k, long v);

    /** A kernel address (or a value that is only right in hex). */
    void address(Key k, long v);

    /** UTF-8 text {@code [off, off + len)} of {@code b}, unchanged until {@link #end}. */
    void text(Key k, byte[] b, int off, int len);

    void string(Key k, String s);

    /** {@code n} addresses of {@code a}, unchanged until {@link #end}. */
    void addresses(Key k, long[] a, int n);

    /** The symbol entry for a kernel address: {@code code} is {@link SymbolizerNamer#symbolCode}'s answer. */
    void symbol(Key k, long addr, int code);

    /**
     * Timeline facts for slice writers: the phase ({@code EventRecord.BEGIN}, ...), the duration of a
     * return, and the function whose name the slice carries ({@code code} as for {@link #symbol}, or
     * {@link #NO_FUNCTION}).
     */
    void slice(byte phase, long durationNs, long funcAddr, int code);

    /** No function for {@link #slice}. */
    int NO_FUNCTION = Integer.MIN_VALUE;

    /**
     * For a record whose fields and symbols are exactly two addresses and their symbols (a function
     * event): true when the sink wrote them from an earlier record with the same addresses and symbols;
     * false when the caller must send them (the sink may then remember them for the next time).
     */
    default boolean reuse(long a, long b, int codeA, int codeB) {
        return false;
    }

    /** The record is complete. */
    void end() throws IOException;
}
