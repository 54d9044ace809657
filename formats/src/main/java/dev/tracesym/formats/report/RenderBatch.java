package dev.tracesym.formats.report;

/**
 * A run of consecutive records of the report, as the render thread planned them: everything that
 * depends on the order of the records (comm table, function indent, look-ahead, the namer's state) is
 * decided there, and each record is either finished bytes in {@link #raw} or finished bytes followed by
 * a line that {@link BatchFormatter} assembles from pieces that no longer depend on order. The
 * assembling can then run on any thread, the writing in batch order ({@link BatchPipeline}).
 */
final class RenderBatch {
    /** The record is all in {@link #raw}. */
    static final byte RAW = 0;
    /** A function line with plugins: head (comm-pid [cpu]), time, name column, indent, the function's name. */
    static final byte FUNCTION = 1;
    /** A -N function line: {@code " ip <-- parent"}. */
    static final byte FUNCTION_RAW = 2;
    /** A line whose info is the event's print fmt: head, time, name column, then the record rendered. */
    static final byte GENERIC = 3;
    /** plugin_kmem: {@code (call_site+off) } of the address in {@link #addr1} when it has a symbol, then as GENERIC. */
    static final byte CALL_SITE_GENERIC = 4;

    final int capacity;
    /** Bytes the render thread wrote: prefixes and whole lines of the records it rendered itself. */
    final LineBuffer raw = new LineBuffer(1 << 16);
    /** The assembled bytes of the batch, in report order. */
    final LineBuffer out = new LineBuffer(1 << 16);
    int count;

    // per record
    final int[] rawEnd;
    final byte[] op;
    final byte[][] head;
    final byte[][] nameColumn;
    final long[] ts;
    final int[] indent;
    final byte[][] name1;
    final long[] addr1;
    final byte[][] name2;
    final long[] addr2;
    /**
     * GENERIC: the event's format, where the record's copy starts in {@link #payload}, its length, and how
     * many bytes were copied (a record shorter than its format's fields also has the bytes after it, as
     * far as the reader held them: libtraceevent's raw fields read on).
     */
    final dev.tracesym.formats.event.EventFormat[] format;
    final int[] payloadStart;
    final int[] payloadLength;
    final int[] payloadHeld;
    /** GENERIC: copies of the records (the reader reuses its buffers). */
    byte[] payload = new byte[1 << 16];
    int payloadUsed;

    /** The output is flushed after this batch. */
    boolean flush;
    /** Position among the batches of the report: they are written in this order. */
    long sequence;

    RenderBatch(int capacity) {
        this.capacity = capacity;
        rawEnd = new int[capacity];
        op = new byte[capacity];
        head = new byte[capacity][];
        nameColumn = new byte[capacity][];
        ts = new long[capacity];
        indent = new int[capacity];
        name1 = new byte[capacity][];
        addr1 = new long[capacity];
        name2 = new byte[capacity][];
        addr2 = new long[capacity];
        format = new dev.tracesym.formats.event.EventFormat[capacity];
        payloadStart = new int[capacity];
        payloadLength = new int[capacity];
        payloadHeld = new int[capacity];
    }

    /** Keeps a copy of record {@code r}'s payload of {@code length} bytes and of what follows, {@code held} bytes in all. */
    void copyPayload(int r, byte[] data, int offset, int length, int held) {
        if (payloadUsed + held > payload.length) {
            payload = java.util.Arrays.copyOf(payload, Math.max(payloadUsed + held, payload.length * 2));
        }
        System.arraycopy(data, offset, payload, payloadUsed, held);
        payloadStart[r] = payloadUsed;
        payloadLength[r] = length;
        payloadHeld[r] = held;
        payloadUsed += held;
    }

    boolean full() {
        return count == capacity;
    }

    /** Ends a record that is all raw bytes, which end at {@code rawEnd} (the render thread's buffer is handed over later). */
    void rawRecord(int rawEnd) {
        int r = count++;
        this.rawEnd[r] = rawEnd;
        op[r] = RAW;
    }

    /** Empty again, for the next run of records. */
    void clear() {
        raw.setLength(0);
        out.setLength(0);
        count = 0;
        payloadUsed = 0;
        flush = false;
    }
}
