package dev.tracesym.formats;

import dev.tracesym.input.InputException;

/**
 * The one error type for malformed trace input. Its message always names the source (file name or
 * {@code <stdin>}), where the problem is (byte offset or line number) and what was expected there.
 */
public class TraceFormatException extends InputException {
    private static final long serialVersionUID = 1L;

    private TraceFormatException(String source, long position, boolean line, String message, Throwable cause) {
        super(source + (line ? ":" + position : " @" + position) + ": " + message, source, position, line, cause);
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
}
