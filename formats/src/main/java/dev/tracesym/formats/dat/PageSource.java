package dev.tracesym.formats.dat;

import java.io.IOException;

/**
 * The ring-buffer pages of one CPU of one buffer, one page at a time. After {@link #nextPage()}
 * returned true, the page is {@code buf[pageStart, pageStart + pageValid)}; {@code pageValid} is
 * less than the page size only when the data was cut short.
 */
abstract class PageSource {
    /** File name, for messages. */
    final String source;
    /** "CPU n" or "buffer name CPU n", for messages. */
    final String label;
    final int pageSize;
    private final Warnings warnings;
    /** Whether a warning about this CPU was recorded already. */
    boolean warned;

    byte[] buf = new byte[0];
    int pageStart;
    int pageValid;
    /** How many bytes of {@link #buf} hold this CPU's data (the rest is stale or unused). */
    int bufEnd;
    /** Position of the page start: a file offset, or for compressed data the offset in the CPU's uncompressed stream. */
    long pagePosition;

    PageSource(String source, String label, int pageSize, Warnings warnings) {
        this.source = source;
        this.label = label;
        this.pageSize = pageSize;
        this.warnings = warnings;
    }

    /**
     * Moves to the next page.
     *
     * @return false at the end of this CPU's data, or when the rest is missing (then a warning says so)
     */
    abstract boolean nextPage() throws IOException;

    /**
     * How many units this CPU's data has: pages of uncompressed data, chunks of compressed data (for
     * looking at its end without reading it all; {@link #skipUnits}).
     */
    abstract long units() throws IOException;

    /** Makes the next {@link #nextPage()} return the first page of unit {@code n} (before any page was read). */
    abstract void skipUnits(long n) throws IOException;

    /** Where byte {@code index} of {@link #buf} lies, in words for a message. */
    abstract String where(int index);

    /** True when the current page is short because the file (or its chunk) ends inside it. */
    abstract boolean pageCut();

    /** Records a warning about this CPU's data; the caller then stops reading it. */
    final void warn(String what) {
        warned = true;
        warnings.lost(source + ": " + label + " " + what);
    }
}
