package dev.tracesym.formats.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian byte array for writing {@code .dat} files, with patching of earlier fields. */
final class LeBytes {
    private byte[] b = new byte[4096];
    private int n;

    int size() {
        return n;
    }

    byte[] toArray() {
        return Arrays.copyOf(b, n);
    }

    private void room(int k) {
        if (n + k > b.length) {
            b = Arrays.copyOf(b, Math.max(n + k, b.length * 2));
        }
    }

    LeBytes u8(int v) {
        room(1);
        b[n++] = (byte) v;
        return this;
    }

    LeBytes u16(int v) {
        return u8(v).u8(v >>> 8);
    }

    LeBytes u32(long v) {
        return u16((int) v).u16((int) (v >>> 16));
    }

    LeBytes u64(long v) {
        return u32(v).u32(v >>> 32);
    }

    LeBytes bytes(byte[] v) {
        return bytes(v, 0, v.length);
    }

    LeBytes bytes(byte[] v, int off, int len) {
        room(len);
        System.arraycopy(v, off, b, n, len);
        n += len;
        return this;
    }

    /** Latin-1 text without a terminator. */
    LeBytes text(String s) {
        return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** NUL-terminated text. */
    LeBytes cstring(String s) {
        return text(s).u8(0);
    }

    void put32(int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    void put64(int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    static long u32(byte[] a, int at) {
        return (a[at] & 0xffL) | (a[at + 1] & 0xffL) << 8 | (a[at + 2] & 0xffL) << 16 | (a[at + 3] & 0xffL) << 24;
    }

    static long u64(byte[] a, int at) {
        return u32(a, at) | u32(a, at + 4) << 32;
    }
}
