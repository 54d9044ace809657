package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The event stream with the look-ahead the function_graph output needs: trace-cmd folds an entry and
 * the next record of the same buffer (on any CPU) into one leaf line when that record is the matching
 * exit, and then never prints the exit. Events are copied only when a look-ahead happens, so the plain
 * path hands out the source's own record.
 */
final class Lookahead {
    /** Bytes kept past a copied record: C code may read a little beyond a record's end. */
    private static final int SLACK = 64;
    /**
     * Records of other buffers kept while looking for the next one of a buffer. trace-cmd peeks that
     * buffer's CPUs directly; a merged stream has to hold what lies between. Past this many the search
     * gives up (the entry prints as a nested call), so a busy instance cannot exhaust memory.
     */
    static final int MAX_AHEAD = 1 << 16;

    private final EventSource source;
    private final RawEvent fromSource = new RawEvent();
    private final RawEvent held = new RawEvent();
    /** Copies read ahead, oldest first (no iterator, no allocation once warm). */
    private RawEvent[] pending = new RawEvent[16];
    private int pendingCount;
    private final ArrayDeque<RawEvent> spare = new ArrayDeque<>();
    private RawEvent lastPending;
    private boolean ended;

    Lookahead(EventSource source) {
        this.source = source;
    }

    /** The next record in report order, or null at the end. Valid until the next call. */
    RawEvent next() throws IOException {
        if (lastPending != null) {
            spare.push(lastPending);
            lastPending = null;
        }
        if (pendingCount > 0) {
            lastPending = removeAt(0);
            return lastPending;
        }
        if (ended) {
            return null;
        }
        if (!source.next(fromSource)) {
            ended = true;
            return null;
        }
        return fromSource;
    }

    /** {@code current} (the last record returned) in a form that survives further reads. */
    RawEvent stable(RawEvent current) {
        if (current == fromSource) {
            copy(current, held);
            return held;
        }
        return current;
    }

    /**
     * The record that follows the current one in buffer {@code buffer}, without consuming it, or null.
     * Call {@link #stable} on the current record first.
     */
    RawEvent peek(int buffer) throws IOException {
        for (int i = 0; i < pendingCount; i++) {
            if (pending[i].buffer == buffer) {
                return pending[i];
            }
        }
        while (!ended && pendingCount < MAX_AHEAD) {
            if (!source.next(fromSource)) {
                ended = true;
                break;
            }
            RawEvent c = spare.isEmpty() ? new RawEvent() : spare.pop();
            copy(fromSource, c);
            if (pendingCount == pending.length) {
                pending = java.util.Arrays.copyOf(pending, pendingCount * 2);
            }
            pending[pendingCount++] = c;
            if (c.buffer == buffer) {
                return c;
            }
        }
        return null;
    }

    /** Drops a record returned by {@link #peek}: it will not be handed out by {@link #next}. */
    void consume(RawEvent peeked) {
        for (int i = 0; i < pendingCount; i++) {
            if (pending[i] == peeked) {
                spare.push(removeAt(i));
                return;
            }
        }
    }

    /** Look-ahead is short (usually one record), so shifting the array is cheap. */
    private RawEvent removeAt(int i) {
        RawEvent r = pending[i];
        System.arraycopy(pending, i + 1, pending, i, pendingCount - i - 1);
        pending[--pendingCount] = null;
        return r;
    }

    private static void copy(RawEvent from, RawEvent to) {
        int n = Math.min(from.data.length - from.offset, from.length + SLACK);
        if (n < from.length) {
            n = from.length;
        }
        if (to.data == null || to.data.length < n) {
            to.data = new byte[Math.max(n, 64)];
        }
        System.arraycopy(from.data, from.offset, to.data, 0, Math.min(n, from.data.length - from.offset));
        to.offset = 0;
        to.length = from.length;
        int follow = (from.dataEnd > 0 ? from.dataEnd : from.data.length) - from.offset;
        to.dataEnd = Math.max(from.length, Math.min(n, follow));
        to.ts = from.ts;
        to.cpu = from.cpu;
        to.buffer = from.buffer;
        to.missedBefore = from.missedBefore;
        to.filePosition = from.filePosition;
    }
}
