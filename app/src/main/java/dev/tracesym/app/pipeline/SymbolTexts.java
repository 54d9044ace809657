package dev.tracesym.app.pipeline;

/** A symbol's JSON by its address and symbol code, rendered once and then copied; one entry per slot, newest wins. */
final class SymbolTexts {
    private static final int BITS = 14;
    private final long[] addr = new long[1 << BITS];
    private final int[] code = new int[1 << BITS];
    private final byte[][] json = new byte[1 << BITS][];

    /** The JSON kept for {@code a} and {@code c}, or null. */
    byte[] find(long a, int c) {
        int s = slot(a);
        byte[] j = json[s];
        return j != null && addr[s] == a && code[s] == c ? j : null;
    }

    /** Keeps {@code j} as the JSON of {@code a} and {@code c}. */
    void keep(long a, int c, byte[] j) {
        int s = slot(a);
        json[s] = j;
        addr[s] = a;
        code[s] = c;
    }

    private static int slot(long a) {
        return (int) ((a ^ (a >>> 13) ^ (a >>> 29)) & ((1 << BITS) - 1));
    }
}
