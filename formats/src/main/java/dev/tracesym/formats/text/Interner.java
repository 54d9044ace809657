package dev.tracesym.formats.text;

import java.nio.charset.StandardCharsets;

/**
 * Gives each distinct byte string one {@link String}: task names, event names, symbol names and
 * field keys repeat on almost every line, so after warm-up a line costs no allocation. Bounded:
 * past {@link #MAX_ENTRIES} distinct strings new ones are decoded but no longer kept.
 */
public final class Interner {
    static final int MAX_ENTRIES = 1 << 18;

    private String[] values = new String[1024];
    private byte[][] keys = new byte[1024][];
    private int[] hashes = new int[1024];
    private int size;

    /** The string for the UTF-8 bytes {@code [s, e)} of {@code b}. */
    public String intern(byte[] b, int s, int e) {
        int h = 1;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        h ^= h >>> 16;
        int mask = keys.length - 1;
        int len = e - s;
        for (int slot = h & mask;; slot = (slot + 1) & mask) {
            byte[] k = keys[slot];
            if (k == null) {
                String v = new String(b, s, len, StandardCharsets.UTF_8);
                if (size >= MAX_ENTRIES) {
                    return v;
                }
                byte[] copy = new byte[len];
                System.arraycopy(b, s, copy, 0, len);
                keys[slot] = copy;
                values[slot] = v;
                hashes[slot] = h;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return v;
            }
            if (hashes[slot] == h && k.length == len && same(k, b, s)) {
                return values[slot];
            }
        }
    }

    /** The interned form of {@code s} (ASCII or UTF-8). */
    public String intern(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return intern(b, 0, b.length);
    }

    private static boolean same(byte[] k, byte[] b, int s) {
        for (int i = 0; i < k.length; i++) {
            if (k[i] != b[s + i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        byte[][] ok = keys;
        String[] ov = values;
        int[] oh = hashes;
        int n = ok.length * 2;
        keys = new byte[n][];
        values = new String[n];
        hashes = new int[n];
        int mask = n - 1;
        for (int i = 0; i < ok.length; i++) {
            if (ok[i] != null) {
                int slot = oh[i] & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = ok[i];
                values[slot] = ov[i];
                hashes[slot] = oh[i];
            }
        }
    }
}
