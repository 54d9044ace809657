package dev.tracesym.symbolizer;

import java.io.IOException;

/**
 * The one error type for unusable symbol input (kallsyms, System.map, /proc/modules, module
 * section listings, modules.builtin.ranges, ELF modules, symbol archives). Its message names the
 * source, where the problem is (line number or byte offset) and what was expected there.
 */
public class SymbolSourceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long position;
    private final boolean line;

    private SymbolSourceException(String message, String source, long position, boolean line, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.position = position;
        this.line = line;
    }

    /** Malformed text at a 1-based line number. */
    public static SymbolSourceException atLine(String source, long line, String message) {
        return new SymbolSourceException(source + ":" + line + ": " + message, source, line, true, null);
    }

    /** Malformed binary input at a byte offset. */
    public static SymbolSourceException atOffset(String source, long offset, String message) {
        return new SymbolSourceException(source + " @" + offset + ": " + message, source, offset, false, null);
    }

    /** A problem with a whole source (missing file, refused content), with an optional cause. */
    public static SymbolSourceException of(String source, String message, Throwable cause) {
        return new SymbolSourceException(source + ": " + message, source, -1, false, cause);
    }

    /** The file name (or other origin) of the input. */
    public String source() { return source; }

    /** Line number or byte offset (see {@link #isLine()}); -1 when the problem is the whole source. */
    public long position() { return position; }

    /** True when {@link #position()} is a line number rather than a byte offset. */
    public boolean isLine() { return line; }
}
