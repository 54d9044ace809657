package dev.tracesym.formats.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Takes planned {@link RenderBatch}es from the render thread, has worker threads assemble them and a
 * writing thread write them to the output, each batch after every batch handed in before it: the render
 * thread only plans, the workers only assemble. The writing thread is what waits when the output is slow:
 * through a pipe of Linux's default 64 KiB a reader such as {@code wc} or {@code gzip} drains a batch of
 * half a megabyte 16 KiB at a time, each turn a wake-up across the cores, and a worker that wrote its own
 * batches sat out those turns instead of assembling the next one (docs/PERFORMANCE.md, "Every tracepoint
 * enabled"). A few batches are reused in a ring, so memory stays flat. With no workers everything happens
 * on the calling thread.
 *
 * <p>A failure of the output is thrown by the next {@link #take}, {@link #submit} or {@link #finish}
 * as a {@link ReportWriter.OutputFailure}; the batches after it are dropped.
 */
final class BatchPipeline implements AutoCloseable {
    private final OutputStream out;
    private final BatchFormatter inline;
    private final RenderBatch only;
    private final int batches;
    private final BlockingQueue<RenderBatch> free;
    private final BlockingQueue<RenderBatch> toFormat;
    private final Thread[] threads;
    /** Assembled batches in report order, for {@link #writer} (null: each worker writes its own). */
    private final BlockingQueue<RenderBatch> toWrite;
    private final Thread writer;
    /** {@code -Dtracesym.report.writer=false}: each worker writes the batches it assembled (for measurements). */
    private static final boolean WRITER = Boolean.parseBoolean(System.getProperty("tracesym.report.writer", "true"));
    private volatile Throwable failure;
    /** Sequence number of the next batch handed in, and of the next one to write (guarded by {@code turn}). */
    private long submitted;
    private long nextToWrite;
    private final Object turn = new Object();

    /**
     * @param workers  threads that assemble and write batches (0: everything on the caller's thread)
     * @param capacity records per batch
     * @param printers a printer of print fmts per assembling thread, for GENERIC lines; null when the
     *                 batches hold none
     */
    BatchPipeline(OutputStream out, int workers, int capacity, boolean microseconds, boolean nsTimestamps,
                  java.util.function.Supplier<dev.tracesym.formats.event.EventPrinter> printers) {
        this.out = out;
        if (workers <= 0) {
            inline = new BatchFormatter(microseconds, nsTimestamps, printers == null ? null : printers.get());
            only = new RenderBatch(capacity);
            batches = 1;
            free = toFormat = null;
            threads = new Thread[0];
            toWrite = null;
            writer = null;
            return;
        }
        inline = null;
        only = null;
        // one being planned, two per worker (one assembled, one waiting its turn), one being written
        batches = 2 * workers + 1 + (WRITER ? 1 : 0);
        free = new ArrayBlockingQueue<>(batches);
        toFormat = new ArrayBlockingQueue<>(batches);
        for (int i = 0; i < batches; i++) {
            free.add(new RenderBatch(capacity));
        }
        threads = new Thread[workers];
        for (int i = 0; i < workers; i++) {
            BatchFormatter f = new BatchFormatter(microseconds, nsTimestamps, printers == null ? null : printers.get());
            threads[i] = new Thread(() -> work(f), "tracesym-render-" + (i + 1));
            threads[i].setDaemon(true);
            threads[i].start();
        }
        if (WRITER) {
            toWrite = new ArrayBlockingQueue<>(batches);
            writer = new Thread(this::writeInTurn, "tracesym-write");
            writer.setDaemon(true);
            writer.start();
        } else {
            toWrite = null;
            writer = null;
        }
    }

    /** The writing thread: the assembled batches, in turn. */
    private void writeInTurn() {
        try {
            while (true) {
                written(toWrite.take());
            }
        } catch (InterruptedException stop) {
            // closed
        }
    }

    /** Writes {@code b} unless the output failed before, and frees it. */
    private void written(RenderBatch b) throws InterruptedException {
        if (failure == null) {
            try {
                write(b);
            } catch (IOException e) {
                failure = e;
            }
        }
        b.clear();
        free.put(b);
    }

    private void work(BatchFormatter f) {
        try {
            while (true) {
                RenderBatch b = toFormat.take();
                try {
                    if (failure == null) {
                        f.format(b);
                    }
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                synchronized (turn) {
                    while (nextToWrite != b.sequence) {
                        turn.wait();
                    }
                }
                if (toWrite != null) {
                    toWrite.put(b);
                } else {
                    written(b);
                }
                synchronized (turn) {
                    nextToWrite++;
                    turn.notifyAll();
                }
            }
        } catch (InterruptedException stop) {
            // closed
        }
    }

    private void write(RenderBatch b) throws IOException {
        if (b.out.length() > 0) {
            b.out.writeTo(out);
        }
        if (b.flush) {
            out.flush();
        }
    }

    /** An empty batch to plan into. */
    RenderBatch take() throws IOException {
        check();
        if (only != null) {
            return only;
        }
        try {
            return free.take();
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Hands a planned batch on; it is written after every batch submitted before it. */
    void submit(RenderBatch b) throws IOException {
        check();
        if (only != null) {
            inline.format(b);
            try {
                write(b);
            } catch (IOException e) {
                throw new ReportWriter.OutputFailure(e);
            } finally {
                b.clear();
            }
            return;
        }
        b.sequence = submitted++;
        try {
            toFormat.put(b);
        } catch (InterruptedException e) {
            throw interrupted();
        }
    }

    /** Submits {@code last} with a flush and waits until everything is written and flushed. */
    void finish(RenderBatch last) throws IOException {
        last.flush = true;
        submit(last);
        if (only != null) {
            return;
        }
        RenderBatch[] all = new RenderBatch[batches];
        try {
            for (int i = 0; i < batches; i++) {
                all[i] = free.take();
            }
        } catch (InterruptedException e) {
            throw interrupted();
        } finally {
            for (RenderBatch b : all) {
                if (b != null) {
                    free.add(b);
                }
            }
        }
        check();
    }

    private void check() throws IOException {
        Throwable f = failure;
        if (f == null) {
            return;
        }
        if (f instanceof IOException io) {
            throw new ReportWriter.OutputFailure(io);
        }
        if (f instanceof RuntimeException re) {
            throw re;
        }
        throw (Error) f;
    }

    private static InterruptedIOException interrupted() {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("interrupted while writing the report");
    }

    /** Stops the threads (what is not written by now is not written). */
    @Override
    public void close() {
        boolean interrupted = false;
        Thread[] all = threads;
        if (writer != null) {
            all = java.util.Arrays.copyOf(threads, threads.length + 1);
            all[threads.length] = writer;
        }
        for (Thread t : all) {
            t.interrupt();
        }
        for (Thread t : all) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
