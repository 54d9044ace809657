package dev.tracesym.formats.dat;

/** Buffers for compressed bytes shared by all CPU streams of one file (the reader is single-threaded). */
final class CompressedScratch {
    final boolean big;
    final byte[] head = new byte[8];
    private byte[] compressed = new byte[64 * 1024];

    CompressedScratch(boolean big) {
        this.big = big;
    }

    /** A buffer of at least {@code n} bytes (contents undefined). */
    byte[] compressed(int n) {
        if (compressed.length < n) {
            compressed = new byte[Math.max(n, compressed.length * 2)];
        }
        return compressed;
    }
}
