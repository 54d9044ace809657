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
        flush = false;
    }
}
