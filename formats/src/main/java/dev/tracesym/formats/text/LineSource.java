package dev.tracesym.formats.text;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.input.InputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines without decoding it: one reusable buffer, no allocation per
 * line. A line is valid until the next call of {@link #next()}. The terminator ({@code \n},
 * {@code \r\n}, or nothing on a last unterminated line) is kept apart so that a writer can copy the
 * input byte for byte.
 */
final class LineSource {
    /** Longest line accepted; a longer one is malformed input, not a reason to exhaust memory. */
    static final int MAX_LINE = 16 << 20;

    private final InputStream in;
    private final String source;
    byte[] buf = new byte[1 << 17];
    private int pos;
    private int limit;
    private boolean eof;
    private long consumedBefore;

    /** Told when the next read would wait for more input (a pipe): time to flush what was written. */
    TextTraceReader.Stall stall;

    /** Current line: content is {@code [start, end)}, the terminator {@code [end, termEnd)}. */
    int start;
    int end;
    int termEnd;
    long number;
    /** Byte offset of the current line in the (decompressed) input. */
    long offset;

    LineSource(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** Advances to the next line; false at the end of the input. */
    boolean next() throws IOException {
        int scan = pos;
        while (true) {
            int nl = indexOfNewline(scan, limit);
            if (nl >= 0) {
                set(pos, nl, nl + 1);
                return true;
            }
            if (eof) {
                if (pos < limit) {
                    set(pos, limit, limit);
                    return true;
                }
                return false;
            }
            scan = limit;
            int shift = pos;
            if (fill()) {
                scan -= shift;
            }
        }
    }

    private void set(int s, int contentEnd, int terminatorEnd) {
        offset = consumedBefore + s;
        start = s;
        int e = contentEnd;
        if (terminatorEnd > contentEnd && e > s && buf[e - 1] == '\r') {
            e--;
        }
        end = e;
        termEnd = terminatorEnd;
        pos = terminatorEnd;
        number++;
    }

    private int indexOfNewline(int from, int to) {
        byte[] b = buf;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Moves the unread rest to the front (growing the buffer for a long line) and reads more. Returns true when it shifted. */
    private boolean fill() throws IOException {
        boolean shifted = false;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumedBefore += pos;
            limit -= pos;
            pos = 0;
            shifted = true;
        }
        if (limit == buf.length) {
            if (buf.length >= MAX_LINE) {
                throw TraceFormatException.atLine(source, number + 1,
                        "line longer than " + MAX_LINE + " bytes; expected trace text");
            }
            byte[] bigger = new byte[Math.min(MAX_LINE, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        int r;
        try {
            if (stall != null && in.available() == 0) {
                stall.stalled();
            }
            r = in.read(buf, limit, buf.length - limit);
        } catch (InputException e) { // broken compressed data, located in the file already
            throw e;
        } catch (IOException e) {
            throw TraceFormatException.atOffset(source, consumedBefore + limit,
                    "input cannot be read (corrupt compressed stream?): " + e.getMessage(), e);
        }
        if (r < 0) {
            eof = true;
        } else {
            limit += r;
        }
        return shifted;
    }

    /**
     * Makes at least {@code n} unread bytes available (fewer at the end of the input) without
     * consuming them, for sniffing; returns the buffer, valid in {@code [peekStart(), peekLimit())}.
     */
    byte[] peek(int n) throws IOException {
        while (!eof && limit - pos < n) {
            if (indexOfNewline(pos, limit) >= 0 && in.available() == 0) {
                break; // a pipe that has nothing more yet: sniff what is there rather than wait
            }
            fill();
        }
        return buf;
    }

    int peekStart() {
        return pos;
    }

    int peekLimit() {
        return limit;
    }

    boolean peekReachedEnd() {
        return eof;
    }

    void close() throws IOException {
        in.close();
    }
}
