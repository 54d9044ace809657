package dev.tracesym.formats;

import dev.tracesym.input.InputException;

/**
 * The one error type for malformed trace input. Its message always names the source (file name or
 * {@code <stdin>}), where the problem is (byte offset or line number) and what was expected there.
 */
public class TraceFormatException extends InputException {
    private static final long serialVersionUID = 1L;

    /** What a file header that is refused says of the file; {@link #MALFORMED} for everything else. */
    public enum Kind {
        /** Damaged or malformed input. */
        MALFORMED,
        /**
         * Not a trace-cmd file at all: no magic, too short for one (also one that ends before its version string
         * and byte order are read), or a file version no reader knows.
         */
        NOT_A_TRACE_CMD_FILE,
        /** A trace-cmd v7 file whose compression algorithm this reader does not know. */
        UNKNOWN_COMPRESSION,
        /**
         * A trace-cmd v7 file that ends inside its file header, after its byte order and before the end of the
         * offset of its first options section: its compression or where its metadata lies is not known.
         */
        CUT_IN_FILE_HEADER
    }

    private final Kind kind;

    private TraceFormatException(String source, long position, boolean line, String message, Throwable cause) {
        this(source, position, line, message, cause, Kind.MALFORMED);
    }

    private TraceFormatException(String source, long position, boolean line, String message, Throwable cause, Kind kind) {
        super(source + (line ? ":" + position : " @" + position) + ": " + message, source, position, line, cause);
        this.kind = kind;
    }

    /** A file header refused for a reason other than damage, at a byte offset. */
    public static TraceFormatException atOffset(String source, long offset, String message, Kind kind) {
        return new TraceFormatException(source, offset, false, message, null, kind);
    }

    /** What was refused: damage, or a file that is no trace-cmd file or uses an unknown compression. */
    public Kind kind() {
        return kind;
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
