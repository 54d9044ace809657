package dev.tracesym.formats.dat;

import dev.tracesym.formats.TraceFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Sequential reader for the metadata parts of a {@code .dat} file: either a byte range of the file
 * (read through a small window with positional reads) or one decompressed section block. Every read
 * is checked against what remains, and failures name the file, the byte offset and what was
 * expected there.
 */
final class MetaReader {
    private static final int WINDOW = 64 * 1024;
    private static final int FIRST_WINDOW = 4 * 1024;
    /** Longest NUL-terminated string accepted (names, versions, clocks): guards against unterminated garbage. */
    private static final int MAX_CSTRING = 64 * 1024;

    private final String source;
    private final TraceBytes channel;
    /** For a block: what it is and where its compressed bytes start in the file (for messages). */
    private final String blockName;
    private final long blockFileOffset;
    private final long end;
    private boolean big;

    private byte[] buf;
    private long bufStart;
    private int bufLen;
    private long pos;

    private MetaReader(String source, TraceBytes channel, long start, long end, boolean big,
                       byte[] block, String blockName, long blockFileOffset) {
        this.source = source;
        this.channel = channel;
        this.pos = start;
        this.end = end;
        this.big = big;
        this.blockName = blockName;
        this.blockFileOffset = blockFileOffset;
        if (block != null) {
            buf = block;
            bufStart = 0;
            bufLen = (int) end;
        } else {
            buf = new byte[0];
            bufStart = start;
            bufLen = 0;
        }
    }

    /** Reader over the file bytes {@code [start, end)}. */
    static MetaReader ofFile(String source, TraceBytes channel, long start, long end, boolean big) {
        return new MetaReader(source, channel, start, end, big, null, null, -1);
    }

    /** Reader over a decompressed block of {@code length} bytes. */
    static MetaReader ofBlock(String source, byte[] block, int length, boolean big, String blockName,
                              long blockFileOffset) {
        return new MetaReader(source, null, 0, length, big, block, blockName, blockFileOffset);
    }

    void bigEndian(boolean bigEndian) { this.big = bigEndian; }

    long position() { return pos; }

    long remaining() { return end - pos; }

    void seek(long position) throws TraceFormatException {
        if (position < 0 || position > end) {
            throw fail(pos, "cannot go to offset " + position + ": outside 0.." + end);
        }
        pos = position;
    }

    /** An error at a position of this reader (in a block: the block's file offset, plus the inner offset). */
    TraceFormatException fail(long at, String message) {
        if (blockName == null) {
            return TraceFormatException.atOffset(source, at, message);
        }
        return TraceFormatException.atOffset(source, blockFileOffset,
                "in " + blockName + " (uncompressed byte " + at + "): " + message);
    }

    /** Throws unless {@code n} more bytes are there. */
    void need(long n, String what) throws TraceFormatException {
        if (n < 0 || n > end - pos) {
            throw fail(pos, "expected " + what + " (" + Long.toUnsignedString(n) + " bytes) but only "
                    + (end - pos) + " bytes remain" + (blockName == null ? " in the file" : ""));
        }
    }

    private int at(int n, String what) throws IOException {
        need(n, what);
        if (pos < bufStart || pos + n > bufStart + bufLen) {
            fill(n);
        }
        int i = (int) (pos - bufStart);
        pos += n;
        return i;
    }

    private void fill(int n) throws IOException {
        // a reader that only reads a section's header needs no 64 KiB: the window grows on the second fill
        int window = buf.length == 0 ? FIRST_WINDOW : WINDOW;
        if (buf.length < window) {
            buf = new byte[window];
        }
        int want = (int) Math.min(window, end - pos);
        channel.readFully(pos, buf, 0, want);
        bufStart = pos;
        bufLen = want;
    }

    int u8(String what) throws IOException {
        return buf[at(1, what)] & 0xff;
    }

    int u16(String what) throws IOException {
        int i = at(2, what);
        return big ? (int) Bytes.BE16.get(buf, i) & 0xffff : (int) Bytes.LE16.get(buf, i) & 0xffff;
    }

    /** Unsigned 32-bit value. */
    long u32(String what) throws IOException {
        int i = at(4, what);
        return Bytes.u32(buf, i, big);
    }

    long u64(String what) throws IOException {
        int i = at(8, what);
        return Bytes.u64(buf, i, big);
    }

    /** The next {@code n} bytes as a new array. */
    byte[] bytes(long n, String what) throws IOException {
        need(n, what);
        if (n > Integer.MAX_VALUE - 16) {
            throw fail(pos, what + " claims " + n + " bytes, more than this reader can hold");
        }
        byte[] out = new byte[(int) n];
        if (channel == null || (pos >= bufStart && pos + n <= bufStart + bufLen)) {
            System.arraycopy(buf, (int) (pos - bufStart), out, 0, (int) n);
        } else {
            channel.readFully(pos, out, 0, (int) n);
        }
        pos += n;
        return out;
    }

    /**
     * The next {@code n} bytes: in a decompressed block a view of it (no copy: a kallsyms section is
     * megabytes), from the file a new array.
     */
    ByteBuffer view(long n, String what) throws IOException {
        if (channel != null) {
            return ByteBuffer.wrap(bytes(n, what));
        }
        need(n, what);
        ByteBuffer b = ByteBuffer.wrap(buf, (int) pos, (int) n).slice();
        pos += n;
        return b;
    }

    /** The next {@code n} bytes as UTF-8 text. */
    String text(long n, String what) throws IOException {
        need(n, what);
        if (channel == null || (pos >= bufStart && pos + n <= bufStart + bufLen)) {
            // decode in place: a kallsyms block is megabytes, no need for a second copy
            String s = new String(buf, (int) (pos - bufStart), (int) n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
        return new String(bytes(n, what), StandardCharsets.UTF_8);
    }

    /** A NUL-terminated string (the NUL is consumed, not returned). */
    String cstring(String what) throws IOException {
        long start = pos;
        byte[] collected = null;
        int len = 0;
        for (;;) {
            if (pos >= end) {
                throw fail(start, "expected " + what + " (a NUL-terminated string) but the "
                        + (blockName == null ? "file" : "block") + " ends at byte " + end);
            }
            if (pos < bufStart || pos >= bufStart + bufLen) {
                fill(1);
            }
            int from = (int) (pos - bufStart);
            int to = bufLen;
            int i = from;
            while (i < to && buf[i] != 0) {
                i++;
            }
            int chunk = i - from;
            if (len + chunk > MAX_CSTRING) {
                throw fail(start, "expected " + what + " (a NUL-terminated string) but found no NUL in "
                        + MAX_CSTRING + " bytes");
            }
            if (collected == null) {
                collected = new byte[Math.max(16, chunk)];
            } else if (len + chunk > collected.length) {
                collected = java.util.Arrays.copyOf(collected, Math.max(len + chunk, collected.length * 2));
            }
            System.arraycopy(buf, from, collected, len, chunk);
            len += chunk;
            pos += chunk;
            if (i < to) {
                pos++; // the NUL
                return new String(collected, 0, len, StandardCharsets.UTF_8);
            }
        }
    }
}
