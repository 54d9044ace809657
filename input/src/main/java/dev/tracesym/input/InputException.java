package dev.tracesym.input;

import java.io.IOException;

/**
 * Input that cannot be used as it is: its message names the source (file name or
 * {@code <stdin>}), where the problem is (byte offset or line number, when there is one) and what
 * was expected there. The readers' own error types ({@code TraceFormatException},
 * {@code SymbolSourceException}) are kinds of it.
 */
public class InputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long position;
    private final boolean line;

    /**
     * @param message  the whole message, source and position included
     * @param position byte offset or 1-based line number; -1 when the problem is the whole source
     */
    protected InputException(String message, String source, long position, boolean line, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.position = position;
        this.line = line;
    }

    /** Unusable input at a byte offset. */
    public static InputException atOffset(String source, long offset, String message) {
        return new InputException(source + " @" + offset + ": " + message, source, offset, false, null);
    }

    /** A problem with a whole source (not a file, too large, ...), with an optional cause. */
    public static InputException of(String source, String message, Throwable cause) {
        return new InputException(source + ": " + message, source, -1, false, cause);
    }

    /** The file name (or {@code <stdin>}) the input came from. */
    public String source() { return source; }

    /** Byte offset or 1-based line number (see {@link #isLine()}); -1 when the problem is the whole source. */
    public long position() { return position; }

    /** True when {@link #position()} is a line number rather than a byte offset. */
    public boolean isLine() { return line; }
}
