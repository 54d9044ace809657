package dev.tracesym.symbolizer.fuzz;

import dev.tracesym.symbolizer.SymbolSourceException;

/** What every fuzz target demands of the one exception malformed input may raise. */
final class FuzzChecks {
    private FuzzChecks() {}

    /** The message names the source, then a line number, a byte offset or the refused content. */
    static void located(SymbolSourceException e, String source) {
        String m = e.getMessage();
        if (m == null || !source.equals(e.source()) || !m.startsWith(source) || m.length() < source.length() + 8) {
            throw new AssertionError("symbol input error without a located message: " + m, e);
        }
        if (e.position() >= 0 && !m.startsWith(source + (e.isLine() ? ":" : " @") + e.position() + ": ")) {
            throw new AssertionError("message does not give its position " + e.position() + ": " + m, e);
        }
    }
}
