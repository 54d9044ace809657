package dev.tracesym.app.annotate;

import java.io.IOException;
import java.io.OutputStream;

/** A growable output buffer over a stream, flushed in large blocks: the annotator's only output path. */
final class ByteSink {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int FLUSH_AT = 1 << 16;

    private final OutputStream out;
    private byte[] buf = new byte[FLUSH_AT * 2];
    private int len;

    ByteSink(OutputStream out) {
        this.out = out;
    }

    private void room(int n) throws IOException {
        if (len + n > buf.length) {
            flushBuffer();
            if (n > buf.length) {
                buf = new byte[n * 2];
            }
        }
    }

    void bytes(byte[] b, int s, int e) throws IOException {
        int n = e - s;
        room(n);
        System.arraycopy(b, s, buf, len, n);
        len += n;
        if (len >= FLUSH_AT) {
            flushBuffer();
        }
    }

    /**
     * Writes an ASCII string (symbol and module names, fixed text). The bulk copy keeps only the low
     * byte of each char, which is exact for ASCII; kernel symbol and module names are ASCII.
     */
    @SuppressWarnings("deprecation")
    void ascii(String s) throws IOException {
        int n = s.length();
        room(n);
        s.getBytes(0, n, buf, len);
        len += n;
    }

    void ascii(char c) throws IOException {
        room(1);
        buf[len++] = (byte) c;
    }

    /** {@code v} in lower-case hex without leading zeros. */
    void hex(long v) throws IOException {
        room(16);
        int digits = v == 0 ? 1 : (64 - Long.numberOfLeadingZeros(v) + 3) / 4;
        for (int i = digits - 1; i >= 0; i--) {
            buf[len + i] = HEX[(int) (v & 0xf)];
            v >>>= 4;
        }
        len += digits;
    }

    private void flushBuffer() throws IOException {
        if (len > 0) {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }
}
