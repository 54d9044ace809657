package dev.tracesym.app.report;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes to another stream on a background thread, so the report is rendered while the previous
 * blocks are still being written (the system calls of a 400 MB report take noticeable time). Bytes are
 * copied into one of a few reused blocks; a failure of the underlying stream is thrown by the next
 * write or flush.
 */
final class BackgroundOutput extends OutputStream {
    private static final int BLOCK = 1 << 19;
    private static final int BLOCKS = 3;

    /** A filled block, or with {@code flush} set a request to flush once everything before it is written. */
    private static final class Block {
        final byte[] bytes = new byte[BLOCK];
        int length;
        boolean flush;
        boolean stop;
    }

    private final OutputStream out;
    private final BlockingQueue<Block> filled = new ArrayBlockingQueue<>(BLOCKS);
    private final BlockingQueue<Block> empty = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread writer;
    private volatile IOException failure;
    private Block current;
    private boolean closed;

    BackgroundOutput(OutputStream out) {
        this.out = out;
        for (int i = 0; i < BLOCKS; i++) {
            empty.add(new Block());
        }
        writer = new Thread(this::writeAll, "tracesym-output");
        writer.setDaemon(true);
        writer.start();
    }

    private void writeAll() {
        try {
            while (true) {
                Block b = filled.take();
                try {
                    if (failure == null) {
                        if (b.length > 0) {
                            out.write(b.bytes, 0, b.length);
                        }
                        if (b.flush) {
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    failure = e;
                }
                boolean stop = b.stop;
                b.length = 0;
                b.flush = false;
                b.stop = false;
                empty.put(b);
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed without a stop block: nothing more to write
        }
    }

    private void check() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
        if (closed) {
            throw new IOException("output closed");
        }
    }

    private Block block() throws IOException {
        if (current == null) {
            try {
                current = empty.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing the report");
            }
        }
        return current;
    }

    private void hand(boolean flush, boolean stop) throws IOException {
        Block b = block();
        b.flush = flush;
        b.stop = stop;
        current = null;
        try {
            filled.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the report");
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        check();
        while (len > 0) {
            Block b = block();
            int n = Math.min(len, BLOCK - b.length);
            System.arraycopy(bytes, off, b.bytes, b.length, n);
            b.length += n;
            off += n;
            len -= n;
            if (b.length == BLOCK) {
                hand(false, false);
            }
        }
    }

    /** Writes everything handed over so far and flushes the underlying stream. */
    @Override
    public void flush() throws IOException {
        check();
        hand(true, false);
        // wait until the writer has taken every block back
        Block[] all = new Block[BLOCKS];
        try {
            for (int i = 0; i < BLOCKS; i++) {
                all[i] = empty.take();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing the report");
        } finally {
            for (Block b : all) {
                if (b != null) {
                    empty.add(b);
                }
            }
        }
        check();
    }

    /** Writes what is left, stops the thread; does not close the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                hand(true, true);
            } else {
                writer.interrupt();
            }
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.interrupt();
        } finally {
            closed = true;
        }
        IOException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
    }
}
