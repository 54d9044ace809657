package dev.tracesym.formats;

import java.io.IOException;

/**
 * The one error type for malformed trace input. Its message always names the source (file name or
 * {@code <stdin>}), where the problem is (byte offset or line number) and what was expected there.
 */
public class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long position;
    private final boolean line;

    private TraceFormatException(String source, long position, boolean line, String message, Throwable cause) {
        super(source + (line ? ":" + position : " @" + position) + ": " + message, cause);
        this.source = source;
        this.position = position;
        this.line = line;
    }

    /** Malformed binary input at a byte offset. */
    public static TraceFormatException atOffset(String source, long offset, String message) {
        return new TraceFormatException(source, offset, false, message, null);
    }

    /** Malformed binary input at a byte offset, caused by another failure (e.g. a decompressor). */
    public static TraceFormatException atOffset(String source, long offset, String message, Throwable cause) {
        return new TraceFormatException(source, offset, false, message, cause);
    }

    /** Malformed text input at a 1-based line number. */
    public static TraceFormatException atLine(String source, long line, String message) {
        return new TraceFormatException(source, line, true, message, null);
    }

    /** The file name (or {@code <stdin>}) the input came from. */
    public String source() { return source; }

    /** Byte offset or 1-based line number, see {@link #isLine()}. */
    public long position() { return position; }

    /** True when {@link #position()} is a line number rather than a byte offset. */
    public boolean isLine() { return line; }
}
