package dev.tracesym.formats.dat;

import java.io.IOException;

/** Uncompressed CPU data: pages read from the file with positional reads, a window of pages at a time. */
final class RawPageSource extends PageSource {
    private static final int WINDOW_BYTES = 64 * 1024;

    private final TraceBytes channel;
    private final long start;
    private final long size;
    private final long fileSize;
    /** Offset of the current page from {@link #start}, -1 before the first page. */
    private long rel = -1;
    /** Offset from {@link #start} of buf[0] and how many bytes of buf are valid. */
    private long windowRel;
    private int windowLen;
    private boolean cut;

    RawPageSource(String source, String label, int pageSize, Warnings warnings,
                  TraceBytes channel, long start, long size, long fileSize) {
        super(source, label, pageSize, warnings);
        this.channel = channel;
        this.start = start;
        this.size = size;
        this.fileSize = fileSize;
    }

    @Override
    boolean nextPage() throws IOException {
        // trace-cmd's get_next_page(): a next page exists while more than one page of the CPU's size remains
        long next = rel < 0 ? 0 : rel + pageSize;
        if (next >= size) {
            if (start + size > fileSize && !warned) {
                warn("data truncated at byte " + fileSize + ": the last " + (start + size - fileSize)
                        + " of its " + size + " bytes are missing (past the last record read)");
            }
            return false;
        }
        rel = next;
        long expected = Math.min(pageSize, size - rel);
        if (buf.length == 0) {
            buf = new byte[Math.max(1, WINDOW_BYTES / pageSize) * pageSize]; // only CPUs being read hold a window
        }
        if (rel < windowRel || rel + expected > windowRel + windowLen) {
            long avail = Math.max(0, Math.min(size, fileSize - start) - rel);
            int want = (int) Math.min(buf.length, avail);
            if (want > 0) {
                channel.readFully(start + rel, buf, 0, want);
            }
            windowRel = rel;
            windowLen = want;
            bufEnd = want;
        }
        pageStart = (int) (rel - windowRel);
        pageValid = (int) Math.min(expected, windowRel + windowLen - rel);
        pagePosition = start + rel;
        cut = pageValid < expected;
        if (pageValid == 0) {
            warn("data truncated at byte " + fileSize + ": page at " + pagePosition + " (" + expected
                    + " bytes) is past the end of the file; events before it were kept");
            return false;
        }
        return true;
    }

    @Override
    long units() {
        return (size + pageSize - 1) / pageSize;
    }

    @Override
    void skipUnits(long n) {
        rel = n == 0 ? -1 : (n - 1) * pageSize;
    }

    @Override
    boolean pageCut() {
        return cut;
    }

    @Override
    String where(int index) {
        return "byte " + (start + windowRel + index);
    }
}
