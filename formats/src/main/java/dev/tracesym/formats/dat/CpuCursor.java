package dev.tracesym.formats.dat;

import java.io.IOException;

/**
 * Walks the ring-buffer records of one CPU of one buffer, page by page, and stops on each data record
 * (FORMATS.md §1.5; same results as libtraceevent's kbuffer, which trace-cmd report uses):
 * <ul>
 *   <li>page header: u64 base timestamp, then a kernel long whose low 27 bits are the committed bytes,
 *       bit 31 "events were lost before this page", bit 30 "their count is stored after the data";</li>
 *   <li>record header u32: type_len (5 bits) and time delta (27 bits), bit order by file endianness;
 *       1..28 data of type_len*4 bytes, 0 data whose length is in array[0], 29 padding, 30 time extend,
 *       31 absolute time stamp (its top 5 bits come from the running time).</li>
 * </ul>
 * Every read is bounds-checked: a record that does not fit stops this CPU with a warning.
 */
final class CpuCursor {
    private static final int COMMIT_MASK = (1 << 27) - 1;
    private static final long MISSED_EVENTS = 1L << 31;
    private static final long MISSED_STORED = 1L << 30;
    private static final long TS_MSB = 0xf8L << 56;
    private static final int PADDING = 29;
    private static final int TIME_EXTEND = 30;
    private static final int TIME_STAMP = 31;

    /** Position in trace-cmd's list of all CPUs of all buffers; breaks timestamp ties. */
    final long ordinal;
    final int buffer;
    final int cpu;

    private final PageSource pages;
    private final boolean big;
    private final int longSize;
    private final int pageSize;
    private long tsOffset;
    private final long tscMult;
    private final int tscShift;
    /** --raw-ts: the counts as recorded; --ts2secs: ns per count (0: not given). */
    private final boolean raw;
    private final double ts2secs;
    /**
     * trace-cmd's first_ts: the time kbuffer holds once the first page is loaded, that of the page's first
     * record (the page header's time plus the deltas up to it), or with no record on the page the header's
     * time plus all its deltas. Set as the first page is read.
     */
    long firstPageTs;
    private boolean firstPageSeen;
    /** The first page is being read and {@link #firstPageTs} is not yet its first record's. */
    private boolean firstPageOpen;

    private byte[] buf;
    private int pageStart;
    private int dataBase;
    private int commitEnd;
    private int limit;
    private int pos;
    private long rawTs;
    private int pageLost;
    private boolean done;

    /** The current data record, valid after {@link #advance()} returned true. */
    long ts;
    int dataOffset;
    int dataLength;
    int missed;
    long position;

    CpuCursor(long ordinal, int buffer, int cpu, PageSource pages, boolean big, int longSize,
              long tsOffset, long tscMult, int tscShift) {
        this(ordinal, buffer, cpu, pages, big, longSize, tsOffset, tscMult, tscShift, false, 0);
    }

    CpuCursor(long ordinal, int buffer, int cpu, PageSource pages, boolean big, int longSize,
              long tsOffset, long tscMult, int tscShift, boolean raw, double ts2secs) {
        this.raw = raw;
        this.ts2secs = ts2secs;
        this.ordinal = ordinal;
        this.buffer = buffer;
        this.cpu = cpu;
        this.pages = pages;
        this.big = big;
        this.longSize = longSize;
        this.pageSize = pages.pageSize;
        this.tsOffset = tsOffset;
        this.tscMult = tscMult;
        this.tscShift = tscShift;
    }

    /** Where this cursor's pages come from. */
    PageSource pages() {
        return pages;
    }

    /** Adds {@code delta} to the offset of every timestamp, the current record's included (never with --raw-ts). */
    void shift(long delta) {
        if (!raw) {
            tsOffset += delta;
            ts += delta;
        }
    }

    /** Whether the first page was read (then {@link #firstPageTs} holds its time). */
    boolean firstPageLoaded() {
        return firstPageSeen;
    }

    /** The page buffer holding the current record's payload. */
    byte[] buffer() {
        return buf;
    }

    /** End in {@link #buffer()} of this CPU's data it holds: the current page and the pages after it there. */
    int dataEnd() {
        return pages.bufEnd;
    }

    /**
     * Moves to the next data record.
     *
     * @return false when this CPU has no more records (or its data ended early; see the warnings)
     */
    boolean advance() throws IOException {
        while (!done) {
            if (pos >= commitEnd && !loadPage()) {
                return halt();
            }
            if (scanPage()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Walks the current page from {@code pos} to the next data record.
     *
     * @return true on a data record; false at the end of the page or when this CPU had to stop
     */
    private boolean scanPage() {
        final byte[] b = buf;
        final boolean bigEndian = big;
        final int end = commitEnd;
        int p = pos;
        while (p < end) {
            if (p + 4 > limit) {
                return stop(p, 4);
            }
            int w = bigEndian ? (int) Bytes.BE32.get(b, p) : (int) Bytes.LE32.get(b, p);
            int typeLen;
            int delta;
            if (bigEndian) {
                typeLen = w >>> 27;
                delta = w & 0x7ffffff;
            } else {
                typeLen = w & 0x1f;
                delta = w >>> 5;
            }
            if (typeLen != 0 && typeLen < PADDING) {
                int len = typeLen << 2;
                if (p + 4 + len > limit) {
                    return stop(p, 4 + len);
                }
                rawTs += delta;
                return emit(p, p + 4, len);
            }
            if (p + 8 > limit) {
                if (typeLen == PADDING) {
                    // padding whose length word is cut off: nothing follows it on this page
                    rawTs += delta;
                    break;
                }
                return stop(p, 8);
            }
            long array0 = Bytes.u32(b, p + 4, bigEndian);
            switch (typeLen) {
                case 0: {
                    if (array0 < 4) {
                        pages.warn("has a corrupt record at " + pages.where(p) + ": length word " + array0
                                + " is less than 4; stopped reading this CPU");
                        return halt();
                    }
                    long len = ((array0 - 4) + 3) & ~3L;
                    if (p + 8 + len > limit) {
                        return stop(p, 8 + len);
                    }
                    rawTs += delta;
                    return emit(p, p + 8, (int) len);
                }
                case PADDING: {
                    // kbuffer adds the delta of padding and discarded records, and skips 4 + array[0] bytes
                    rawTs += delta;
                    long next = p + 4 + array0;
                    p = next >= end ? end : (int) next;
                    break;
                }
                case TIME_EXTEND:
                    rawTs += (array0 << 27) + delta;
                    p += 8;
                    break;
                default: // TIME_STAMP
                    rawTs = ((array0 << 27) + delta) | (rawTs & TS_MSB);
                    p += 8;
                    break;
            }
        }
        pos = end;
        if (firstPageOpen) { // a first page without records: kbuffer's time after all its deltas
            firstPageOpen = false;
            firstPageTs = convert(rawTs);
        }
        return false;
    }

    /** trace-cmd's timestamp_calc. */
    private long convert(long t) {
        if (raw) {
            return t;
        }
        if (ts2secs != 0) {
            t = Timing.doubleToUnsigned(Timing.unsignedToDouble(t) * ts2secs);
        } else if (tscMult != 0) {
            t = mulU64U32Shr(t, tscMult, tscShift);
        }
        return t + tsOffset;
    }

    private boolean emit(int header, int data, int len) {
        ts = convert(rawTs);
        if (firstPageOpen) {
            firstPageOpen = false;
            firstPageTs = ts;
        }
        dataOffset = data;
        dataLength = len;
        // kbuffer reports lost events only for a record starting the page's data
        missed = header == dataBase ? pageLost : 0;
        position = pages.pagePosition + (header - pageStart);
        pos = data + len;
        return true;
    }

    private boolean loadPage() throws IOException {
        if (!pages.nextPage()) {
            return false;
        }
        buf = pages.buf;
        pageStart = pages.pageStart;
        int headerSize = 8 + longSize;
        limit = pageStart + pages.pageValid;
        if (pages.pageValid < headerSize) {
            stop(pageStart, headerSize);
            return false;
        }
        rawTs = Bytes.u64(buf, pageStart, big);
        if (!firstPageSeen) {
            firstPageSeen = true;
            firstPageOpen = true;
            firstPageTs = convert(rawTs);
        }
        long flags = longSize == 8 ? Bytes.u64(buf, pageStart + 8, big) : Bytes.u32(buf, pageStart + 8, big);
        int commit = (int) flags & COMMIT_MASK;
        if (commit > pageSize) {
            // trace-cmd stops this CPU too ("bad page read")
            pages.warn("page at " + pages.where(pageStart) + " claims " + commit
                    + " bytes of data, more than the page size " + pageSize + "; stopped reading this CPU");
            return false;
        }
        dataBase = pageStart + headerSize;
        commitEnd = dataBase + commit;
        pos = dataBase;
        if ((flags & MISSED_EVENTS) == 0) {
            pageLost = 0;
        } else if ((flags & MISSED_STORED) != 0 && commitEnd + longSize <= limit) {
            long count = longSize == 8 ? Bytes.u64(buf, commitEnd, big) : Bytes.u32(buf, commitEnd, big);
            pageLost = (int) count; // kbuffer_missed_events() returns an int
        } else {
            pageLost = -1;
        }
        return true;
    }

    /** A record at {@code at} needs {@code need} bytes that the page does not have. */
    private boolean stop(int at, long need) {
        if (pages.pageCut()) {
            pages.warn("data truncated at " + pages.where(limit) + ": the record at " + pages.where(at)
                    + " needs " + need + " bytes; events before it were kept");
        } else {
            pages.warn("has a corrupt record at " + pages.where(at) + ": it needs " + need
                    + " bytes but its page ends at " + pages.where(limit) + "; stopped reading this CPU");
        }
        return halt();
    }

    private boolean halt() {
        done = true;
        return false;
    }

    /** trace-cmd's conversion of TSC cycles to ns: (ts * mult) >> shift without overflowing 64 bits. */
    static long mulU64U32Shr(long a, long mul, int shift) {
        long lo = a & 0xffffffffL;
        long hi = a >>> 32;
        long r = (lo * mul) >>> shift;
        if (hi != 0) {
            r += (hi * mul) << (32 - shift);
        }
        return r;
    }
}
