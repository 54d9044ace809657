package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another {@link EventSource} on a background thread, a few thousand records ahead, so that
 * decompressing and merging the trace runs on one core while the report is rendered on another. The
 * records are copied into a few reused batches: memory stays flat, nothing is allocated per record.
 *
 * <p>An exception of the underlying source is thrown by {@link #next} after every record read before
 * it. {@link #close} stops the thread; the underlying source is used by that thread only, and not at all
 * once {@link #next} has returned false or thrown, or {@link #close} has returned.
 */
public final class PrefetchingSource implements EventSource, AutoCloseable {
    private static final int BATCH_RECORDS = 8192;
    private static final int BATCH_BYTES = 1 << 19;
    private static final int BATCHES = 4;

    /** A run of copied records. */
    private static final class Batch {
        byte[] data = new byte[BATCH_BYTES];
        int used;
        int count;
        final int[] offset = new int[BATCH_RECORDS];
        final int[] length = new int[BATCH_RECORDS];
        final int[] cpu = new int[BATCH_RECORDS];
        final int[] buffer = new int[BATCH_RECORDS];
        final long[] ts = new long[BATCH_RECORDS];
        final long[] missed = new long[BATCH_RECORDS];
        final long[] position = new long[BATCH_RECORDS];
        /** The source ended (or failed) after this batch. */
        boolean last;
        Throwable failure;

        boolean fits(int n) {
            return count < BATCH_RECORDS && used + n <= data.length;
        }

        void add(RawEvent e) {
            if (used + e.length > data.length) { // only an empty batch gets here: one huge record
                data = new byte[e.length];
            }
            System.arraycopy(e.data, e.offset, data, used, e.length);
            int i = count++;
            offset[i] = used;
            length[i] = e.length;
            cpu[i] = e.cpu;
            buffer[i] = e.buffer;
            ts[i] = e.ts;
            missed[i] = e.missedBefore;
            position[i] = e.filePosition;
            used += e.length;
        }

        void clear() {
            used = 0;
            count = 0;
            last = false;
            failure = null;
        }
    }

    private final EventSource source;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread reader;
    private Batch current;
    private int index;
    private boolean done;

    /** Starts reading {@code source} on a daemon thread. */
    public PrefetchingSource(EventSource source) {
        this.source = source;
        for (int i = 0; i < BATCHES; i++) {
            free.add(new Batch());
        }
        reader = new Thread(this::readAll, "tracesym-prefetch");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        RawEvent e = new RawEvent();
        Batch b;
        try {
            b = free.take();
        } catch (InterruptedException stop) {
            return;
        }
        try {
            while (source.next(e)) {
                if (!b.fits(e.length)) {
                    full.put(b);
                    b = free.take();
                }
                b.add(e);
            }
        } catch (InterruptedException stop) {
            return;
        } catch (InterruptedIOException stop) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            b.failure = stop;
        } catch (IOException | RuntimeException | Error failure) {
            b.failure = failure;
        }
        b.last = true;
        try {
            full.put(b);
        } catch (InterruptedException stop) {
            // closed: nobody waits for the end
        }
    }

    @Override
    public boolean next(RawEvent into) throws IOException {
        while (current == null || index == current.count) {
            if (done) {
                return false;
            }
            if (current != null) {
                if (current.last) {
                    done = true;
                    Throwable f = current.failure;
                    if (f instanceof IOException io) {
                        throw io;
                    }
                    if (f instanceof RuntimeException re) {
                        throw re;
                    }
                    if (f instanceof Error err) {
                        throw err;
                    }
                    return false;
                }
                current.clear();
                free.add(current);
            }
            try {
                current = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for trace records");
            }
            index = 0;
        }
        Batch b = current;
        int i = index++;
        into.data = b.data;
        into.offset = b.offset[i];
        into.length = b.length[i];
        into.cpu = b.cpu[i];
        into.buffer = b.buffer[i];
        into.ts = b.ts[i];
        into.missedBefore = b.missed[i];
        into.filePosition = b.position[i];
        return true;
    }

    /** Stops the reading thread and waits for it, so the underlying source can be closed. */
    @Override
    public void close() {
        reader.interrupt();
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
