package dev.tracesym.symbolizer.source;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Writes the body of a compiled symbol index (parsed symbol sources kept between runs, read back by
 * {@link IndexInput}): little-endian numbers and arrays, and strings as numbers into one pool, each
 * distinct string stored once. Symbol sources are ISO-8859-1 text, and so are their strings.
 */
public final class IndexOutput {
    private byte[] body = new byte[1 << 16];
    private int length;
    private final HashMap<String, Integer> pooled = new HashMap<>();
    private String[] pool = new String[1024];

    private void room(int n) {
        if (length + n > body.length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, length + n));
        }
    }

    public void writeByte(int v) {
        room(1);
        body[length++] = (byte) v;
    }

    public void writeInt(int v) {
        room(4);
        ByteBuffer.wrap(body, length, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(v);
        length += 4;
    }

    public void writeLong(long v) {
        room(8);
        ByteBuffer.wrap(body, length, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        length += 8;
    }

    /** The first {@code n} values, after their count. */
    public void writeLongs(long[] a, int n) {
        writeInt(n);
        room(8 * n);
        ByteBuffer.wrap(body, length, 8 * n).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(a, 0, n);
        length += 8 * n;
    }

    /** The first {@code n} values, after their count. */
    public void writeInts(int[] a, int n) {
        writeInt(n);
        room(4 * n);
        ByteBuffer.wrap(body, length, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(a, 0, n);
        length += 4 * n;
    }

    /** The first {@code n} bytes, after their count. */
    public void writeBytes(byte[] a, int n) {
        writeInt(n);
        room(n);
        System.arraycopy(a, 0, body, length, n);
        length += n;
    }

    /** A string (null allowed), as its number in the pool. */
    public void writeString(String s) {
        if (s == null) {
            writeInt(-1);
            return;
        }
        Integer i = pooled.get(s);
        if (i == null) {
            i = pooled.size();
            pooled.put(s, i);
            if (i == pool.length) {
                pool = Arrays.copyOf(pool, pool.length * 2);
            }
            pool[i] = s;
        }
        writeInt(i);
    }

    /** The first {@code n} strings (nulls allowed), after their count. */
    public void writeStrings(String[] a, int n) {
        writeInt(n);
        room(4 * n);
        for (int i = 0; i < n; i++) {
            writeString(a[i]);
        }
    }

    /** The pool, then the body: what {@link IndexInput#IndexInput(ByteBuffer, String)} reads. */
    public byte[] toBytes() {
        int n = pooled.size();
        byte[][] text = new byte[n][];
        long size = 4 + 4L * n + 4 + length;
        for (int i = 0; i < n; i++) {
            text[i] = pool[i].getBytes(StandardCharsets.ISO_8859_1);
            size += text[i].length;
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("symbol index of " + size + " bytes is too large");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(n);
        for (byte[] t : text) {
            out.putInt(t.length);
        }
        for (byte[] t : text) {
            out.put(t);
        }
        out.putInt(length);
        out.put(body, 0, length);
        return out.array();
    }
}
