package dev.tracesym.symbolizer;

import dev.tracesym.input.InputException;

/**
 * The one error type for unusable symbol input (kallsyms, System.map, /proc/modules, module
 * section listings, modules.builtin.ranges, ELF modules, symbol archives). Its message names the
 * source, where the problem is (line number or byte offset) and what was expected there.
 */
public class SymbolSourceException extends InputException {
    private static final long serialVersionUID = 1L;

    private SymbolSourceException(String message, String source, long position, boolean line, Throwable cause) {
        super(message, source, position, line, cause);
    }

    /** Malformed text at a 1-based line number. */
    public static SymbolSourceException atLine(String source, long line, String message) {
        return new SymbolSourceException(source + ":" + line + ": " + message, source, line, true, null);
    }

    /** Malformed binary input at a byte offset. */
    public static SymbolSourceException atOffset(String source, long offset, String message) {
        return new SymbolSourceException(source + " @" + offset + ": " + message, source, offset, false, null);
    }

    /** The same problem, as a symbol input's: {@code e}'s message, source and position. */
    public static SymbolSourceException of(InputException e) {
        return e instanceof SymbolSourceException s ? s : new SymbolSourceException(e.getMessage(), e.source(), e.position(), e.isLine(), e);
    }

    /** A problem with a whole source (missing file, refused content), with an optional cause. */
    public static SymbolSourceException of(String source, String message, Throwable cause) {
        return new SymbolSourceException(source + ": " + message, source, -1, false, cause);
    }
}
