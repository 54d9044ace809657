package dev.tracesym.formats.dat;

/**
 * One ring-buffer record as the {@code .dat} reader hands it out. The reader reuses one instance:
 * its contents are valid only until the next call that fills it. No per-event allocation.
 */
public final class RawEvent {
    /** Bytes holding the payload; the payload starts with the event's common fields ({@code common_type} u16 at 0). */
    public byte[] data;
    /** Start of the payload in {@link #data}. */
    public int offset;
    /** Payload length in bytes. */
    public int length;
    /**
     * End (exclusive) in {@link #data} of the trace's bytes that follow the record there: the rest of its
     * ring-buffer page and the CPU's next pages as far as the reader holds them. A field that runs past a
     * short record reads on up to here, as trace-cmd reads on into its own buffer, and no further (no stale
     * bytes of a reused buffer). 0 when unknown: up to {@code data.length}.
     */
    public int dataEnd;

    /** Where the bytes the reader holds for this record's CPU end in {@link #data}: {@link #dataEnd}, or the array's end. */
    public int heldEnd() {
        return dataEnd > 0 ? Math.min(dataEnd, data.length) : data.length;
    }
    /** Event time in ns on the trace clock, after the file's offsets (DATE/OFFSET options), as trace-cmd shows it. */
    public long ts;
    /** CPU the record came from. */
    public int cpu;
    /** Index of the buffer instance in {@code DatFile#buffers()} order; 0 is the top-level buffer. */
    public int buffer;
    /**
     * Events lost right before this one on this CPU: 0 none, -1 lost but count unknown, else the
     * count ({@code RB_MISSED_EVENTS} / {@code RB_MISSED_STORED} of the page this event starts).
     */
    public long missedBefore;
    /**
     * Where the record (its header) is, for messages: the absolute byte offset in the file for
     * uncompressed data; for compressed v7 data the offset in that CPU's uncompressed stream.
     */
    public long filePosition;
}
