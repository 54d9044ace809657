package dev.tracesym.formats.dat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges the per-CPU record streams of all buffers the way trace-cmd report 3.1.6 does
 * ({@code tracecmd_iterate_events_multi()}): it puts every CPU of every buffer in one array (top-level
 * buffer first, then instances in file order, CPUs by id) and always takes the record with the
 * smallest timestamp, the earliest array slot winning ties. Here a binary heap over the cursors does
 * the same.
 */
final class EventMerge {
    private final CpuCursor[] heap;
    private int heapSize;
    private boolean primed;
    /** The cursor whose record was handed out last; advanced on the next call so the payload stays valid. */
    private CpuCursor pending;

    EventMerge(DatMetadata meta) {
        List<CpuCursor> cursors = new ArrayList<>();
        CompressedScratch scratch = meta.codec == null ? null : new CompressedScratch(meta.bigEndian);
        long ordinal = 0;
        for (int bi = 0; bi < meta.layouts.size(); bi++) {
            DatMetadata.BufferLayout b = meta.layouts.get(bi);
            for (int i = 0; i < b.cpuIds.length; i++) {
                CpuCursor c = cursor(meta, bi, i, ordinal, scratch, meta.warnings);
                if (c != null) {
                    cursors.add(c);
                }
            }
            ordinal += b.slots;
        }
        heap = cursors.toArray(new CpuCursor[0]);
        all = heap.clone();
    }

    /** Every cursor, in slot order. */
    private final CpuCursor[] all;

    /**
     * Adds {@code delta} to every timestamp from the current records on (--align-ts). The order is then
     * that of the new times, compared unsigned as trace-cmd does: a record moved before 0 comes after
     * all others of its time.
     */
    void shift(long delta) {
        for (CpuCursor c : all) {
            c.shift(delta);
        }
        if (primed) { // the current records have new times: order them again
            for (int i = heapSize / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }
    }

    /**
     * trace-cmd's tracecmd_get_first_ts of the top-level buffer: the smallest first_ts of its CPUs that hold
     * data (the time of the first page's first record, see {@link CpuCursor#firstPageTs}); 0 when none does.
     */
    long firstTimestamp() throws IOException {
        if (!primed) {
            prime();
        }
        boolean any = false;
        long first = 0;
        for (CpuCursor c : all) {
            if (c.buffer == 0 && c.firstPageLoaded() && (!any || Long.compareUnsigned(first, c.firstPageTs) > 0)) {
                first = c.firstPageTs;
                any = true;
            }
        }
        return first;
    }

    /**
     * A cursor over CPU entry {@code i} of buffer {@code bi}, or null when that CPU has no data (trace-cmd:
     * "CPU n is empty") or an impossible table entry (then a warning says so).
     */
    static CpuCursor cursor(DatMetadata meta, int bi, int i, long ordinal, CompressedScratch scratch,
                            Warnings warnings) {
        DatMetadata.BufferLayout b = meta.layouts.get(bi);
        int cpu = b.cpuIds[i];
        long off = b.dataOffsets[i];
        long size = b.dataSizes[i];
        if (size == 0) {
            return null;
        }
        String label = (b.name.isEmpty() ? "" : "buffer " + b.name + " ") + "CPU " + cpu;
        if (off < 0 || size < 0) {
            // above 2^63: no file is that big, the table is damaged (a merely short file keeps its offsets)
            warnings.lost(meta.source + ": " + label + " has an impossible data offset "
                    + Long.toUnsignedString(off) + " or size " + Long.toUnsignedString(size) + "; its events are skipped");
            return null;
        }
        PageSource pages;
        if (b.compressed) {
            pages = new ChunkedPageSource(meta.source, label, b.readPageSize, warnings, meta.channel,
                    off, meta.fileSize, meta.codec, scratch);
        } else {
            pages = new RawPageSource(meta.source, label, b.readPageSize, warnings, meta.channel,
                    off, size, meta.fileSize);
        }
        return new CpuCursor(ordinal + cpu, bi, cpu, pages, meta.bigEndian, meta.longSize,
                meta.tsOffsetNs, meta.tscMult, meta.tscShift, meta.timing.raw(), meta.ts2secs);
    }

    /** See {@link DatFile#next(RawEvent)}. */
    boolean next(RawEvent e) throws IOException {
        if (!primed) {
            prime();
        } else if (pending != null) {
            CpuCursor c = pending;
            pending = null;
            if (c.advance()) {
                siftDown(0);
            } else {
                removeTop();
            }
        }
        if (heapSize == 0) {
            return false;
        }
        CpuCursor c = heap[0];
        e.data = c.buffer();
        e.offset = c.dataOffset;
        e.length = c.dataLength;
        e.dataEnd = c.dataEnd();
        e.ts = c.ts;
        e.cpu = c.cpu;
        e.buffer = c.buffer;
        e.missedBefore = c.missed;
        e.filePosition = c.position;
        pending = c;
        return true;
    }

    private void prime() throws IOException {
        primed = true;
        heapSize = 0;
        for (CpuCursor c : all) {
            if (c.advance()) {
                heap[heapSize] = c;
                siftUp(heapSize++);
            }
        }
        for (int i = heapSize; i < heap.length; i++) {
            heap[i] = null;
        }
    }

    /** trace-cmd's order: smaller timestamp (compared unsigned, as trace-cmd does), then earlier slot. */
    private static boolean before(CpuCursor a, CpuCursor b) {
        long x = a.ts + Long.MIN_VALUE;
        long y = b.ts + Long.MIN_VALUE;
        return x < y || (x == y && a.ordinal < b.ordinal);
    }

    private void siftUp(int i) {
        CpuCursor c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(c, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = c;
    }

    private void siftDown(int i) {
        CpuCursor c = heap[i];
        int n = heapSize;
        for (;;) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], c)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = c;
    }

    private void removeTop() {
        heapSize--;
        heap[0] = heap[heapSize];
        heap[heapSize] = null;
        if (heapSize > 0) {
            siftDown(0);
        }
    }
}
