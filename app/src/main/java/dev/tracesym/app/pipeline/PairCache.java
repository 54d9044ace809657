package dev.tracesym.app.pipeline;

/**
 * The JSON of a function event's two addresses and their symbols, rendered once and then copied, keyed
 * by the addresses and symbol codes (see {@link RecordSink#reuse}); one entry per slot, newest wins.
 */
final class PairCache {
    private static final int BITS = 15;
    /** Per slot: the two addresses and their codes, side by side so that a lookup reads one cache line. */
    private final long[] keys = new long[4 << BITS];
    private final byte[][] json = new byte[1 << BITS][];
    /** After a {@link #find} that missed: the slot to {@link #keep} the record's JSON in. */
    int slot;

    /** The JSON kept for these addresses and codes, or null (the slot is then taken for them). */
    byte[] find(long a, long b, int codeA, int codeB) {
        long codes = ((long) codeA << 32) | (codeB & 0xffffffffL);
        long h = a * 0x9E3779B97F4A7C15L ^ b * 0xC2B2AE3D27D4EB4FL ^ codes;
        int s = (int) (h ^ (h >>> 29)) & ((1 << BITS) - 1);
        long[] k = keys;
        int at = s << 2;
        if (k[at] == a && k[at + 1] == b && k[at + 2] == codes) {
            byte[] j = json[s];
            if (j != null) {
                return j;
            }
        }
        k[at] = a;
        k[at + 1] = b;
        k[at + 2] = codes;
        json[s] = null;
        slot = s;
        return null;
    }

    /** Keeps the JSON of the record {@link #find} missed in {@code slot}. */
    void keep(int slot, byte[] j) {
        json[slot] = j;
    }
}
