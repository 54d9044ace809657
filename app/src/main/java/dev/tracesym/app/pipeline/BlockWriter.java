package dev.tracesym.app.pipeline;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes filled byte blocks to a stream on a background thread while the caller fills the next one:
 * the system calls of gigabytes of JSON then cost the encoding thread nothing. Blocks are handed over,
 * not copied. A failure of the stream is thrown by the next {@link #swap} or by {@link #finish}.
 */
final class BlockWriter implements AutoCloseable {
    private static final int BLOCKS = 3;
    /** A filled block; {@code bytes == null} asks the writer to flush and stop. */
    private record Chunk(byte[] bytes, int length) {
    }

    private final OutputStream out;
    private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BLOCKS + 1);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(BLOCKS);
    private final Thread writer;
    private volatile IOException failure;
    private boolean finished;

    /** {@code blocks - 1} spare blocks of {@code size} bytes; the caller holds one more. */
    BlockWriter(OutputStream out, int size) {
        this.out = out;
        for (int i = 0; i < BLOCKS - 1; i++) {
            empty.add(new byte[size]);
        }
        writer = new Thread(this::writeAll, "tracesym-json-output");
        writer.setDaemon(true);
        writer.start();
    }

    private void writeAll() {
        try {
            while (true) {
                Chunk c = filled.take();
                if (c.bytes() == null) {
                    out.flush();
                    return;
                }
                out.write(c.bytes(), 0, c.length());
                empty.put(c.bytes());
            }
        } catch (IOException e) {
            failure = e;
            // keep the producer from waiting for a block that never comes back
            empty.offer(new byte[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands {@code n} bytes of {@code block} to the writer and returns an empty block to fill next. */
    byte[] swap(byte[] block, int n) throws IOException {
        check();
        try {
            filled.put(new Chunk(block, n));
            byte[] next = empty.take();
            check();
            return next.length == block.length ? next : new byte[block.length];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
    }

    /** Writes the last {@code n} bytes of {@code block}, waits for everything to be written, flushes. */
    void finish(byte[] block, int n) throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            if (failure == null) {
                if (n > 0) {
                    filled.put(new Chunk(block, n));
                }
                filled.put(new Chunk(null, 0));
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        }
        check();
    }

    private void check() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw new IOException(f.getMessage(), f);
        }
    }

    /** Stops the writer thread without waiting for blocks not yet written. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            writer.interrupt();
        }
    }
}
