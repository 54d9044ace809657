package dev.tracesym.spark;

import dev.tracesym.formats.dat.TraceBytes;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;

/** A {@code .dat}'s bytes through a Hadoop file system: positional reads, no copy. */
final class HadoopTraceBytes implements TraceBytes {
    private final FSDataInputStream in;
    private final long size;

    HadoopTraceBytes(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void readFully(long position, byte[] dst, int off, int len) throws IOException {
        in.readFully(position, dst, off, len);   // PositionedReadable: EOFException when the file is shorter
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
