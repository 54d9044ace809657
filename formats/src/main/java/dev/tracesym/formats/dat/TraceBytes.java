package dev.tracesym.formats.dat;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The bytes of a {@code .dat} file, read at any position: a local file, or a file another file
 * system serves (HDFS, S3A through Hadoop, in the {@code spark} module). The reader asks for
 * windows of at most a chunk or 64 KiB at a time, so nothing here holds the trace in memory.
 */
public interface TraceBytes extends Closeable {
    /** The file's size in bytes. */
    long size() throws IOException;

    /**
     * Reads exactly {@code len} bytes at {@code position} into {@code dst[off..]}; the caller has
     * checked that they lie before {@link #size()}.
     *
     * @throws EOFException when the file turned out shorter (it shrank while being read)
     */
    void readFully(long position, byte[] dst, int off, int len) throws IOException;

    /** A local file's channel: positional reads, safe to share between the reader's cursors. */
    static TraceBytes of(FileChannel channel) {
        return new TraceBytes() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void readFully(long position, byte[] dst, int off, int len) throws IOException {
                ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
                long p = position;
                while (bb.hasRemaining()) {
                    int n = channel.read(bb, p);
                    if (n < 0) {
                        throw new EOFException("file shrank while reading at " + p);
                    }
                    p += n;
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }
}
