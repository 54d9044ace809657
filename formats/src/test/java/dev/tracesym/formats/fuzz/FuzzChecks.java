package dev.tracesym.formats.fuzz;

import java.io.IOException;

/** What every fuzz target demands of the one exception malformed input may raise. */
final class FuzzChecks {
    private FuzzChecks() {}

    /** The message must name the source and say something after it. */
    static void located(IOException e, String source) {
        String m = e.getMessage();
        if (m == null || source == null || !m.startsWith(source) || m.length() < source.length() + 8) {
            throw new AssertionError("format error without a located message: " + m, e);
        }
    }
}
