package dev.tracesym.formats.dat;

import java.io.IOException;
import java.util.List;

/**
 * The records of several {@code .dat} files merged by time as {@code trace-cmd report -i A -i B}
 * (3.1.6, {@code tracecmd_iterate_events_multi}) prints them: the smallest timestamp first; on equal
 * times, the earlier CPU slot, where the slots are every file's top-level buffer (in file order), then
 * the first file's instances, then the second's, ...
 *
 * <p>A record's {@link RawEvent#buffer} is its global buffer number in that order: file {@code i}'s
 * top-level buffer is {@code i}, its instances follow those of the files before it
 * ({@link #globalBuffer}). Each file's payload stays valid until the next call, as with
 * {@link DatFile#next}. Not thread-safe.
 */
public final class TraceMerge {
    private final DatFile[] files;
    private final RawEvent[] heads;
    private final boolean[] live;
    /** First global number of each file's instances. */
    private final int[] firstInstance;
    private boolean primed;
    /** The file whose record was handed out last: advanced on the next call, so the payload stays valid. */
    private int pending = -1;

    public TraceMerge(List<DatFile> files) {
        this.files = files.toArray(new DatFile[0]);
        int n = this.files.length;
        this.heads = new RawEvent[n];
        this.live = new boolean[n];
        this.firstInstance = new int[n];
        int next = n;
        for (int i = 0; i < n; i++) {
            heads[i] = new RawEvent();
            firstInstance[i] = next;
            next += this.files[i].buffers().size() - 1;
        }
    }

    /** The global buffer number of buffer {@code local} (0: top level) of file {@code file}. */
    public int globalBuffer(int file, int local) {
        return local == 0 ? file : firstInstance[file] + local - 1;
    }

    /** Fills {@code e} with the next record of all files; false at the end. */
    public boolean next(RawEvent e) throws IOException {
        if (!primed) {
            primed = true;
            for (int i = 0; i < files.length; i++) {
                advance(i);
            }
        } else if (pending >= 0) {
            advance(pending);
            pending = -1;
        }
        int best = -1;
        for (int i = 0; i < files.length; i++) {
            if (live[i] && (best < 0 || before(heads[i], heads[best]))) {
                best = i;
            }
        }
        if (best < 0) {
            return false;
        }
        RawEvent h = heads[best];
        e.data = h.data;
        e.offset = h.offset;
        e.length = h.length;
        e.dataEnd = h.dataEnd;
        e.ts = h.ts;
        e.cpu = h.cpu;
        e.buffer = h.buffer;
        e.missedBefore = h.missedBefore;
        e.filePosition = h.filePosition;
        pending = best;
        return true;
    }

    private void advance(int i) throws IOException {
        live[i] = files[i].next(heads[i]);
        if (live[i]) {
            heads[i].buffer = globalBuffer(i, heads[i].buffer);
        }
    }

    /** Earlier time (unsigned), then the earlier slot: global buffer, then CPU. */
    private static boolean before(RawEvent a, RawEvent b) {
        int t = Long.compareUnsigned(a.ts, b.ts);
        if (t != 0) {
            return t < 0;
        }
        return a.buffer != b.buffer ? a.buffer < b.buffer : a.cpu < b.cpu;
    }
}
