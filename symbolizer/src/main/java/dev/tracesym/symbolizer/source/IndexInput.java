package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link IndexOutput} wrote. Every count is checked against the bytes that remain before
 * anything is allocated, so a damaged index fails with a {@link SymbolSourceException} instead of
 * asking for gigabytes.
 */
public final class IndexInput {
    private final String origin;
    private final ByteBuffer in;
    private final String[] pool;

    /**
     * Reads the string pool at the start of {@code data} (from its position to its limit, e.g. a
     * mapped file); the body follows. The pool holds each string once, so its strings are not
     * interned again: equal names within one index are already one instance.
     *
     * @throws SymbolSourceException when the pool does not fit in the bytes given
     */
    public IndexInput(ByteBuffer data, String origin) throws SymbolSourceException {
        this.origin = origin;
        this.in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = count(4, "string count");
        int[] lengths = new int[n];
        in.asIntBuffer().get(lengths);
        in.position(in.position() + 4 * n);
        long total = 0;
        for (int i = 0; i < n; i++) {
            if (lengths[i] < 0) {
                throw fail("negative string length");
            }
            total += lengths[i];
        }
        if (total > in.remaining()) {
            throw fail("strings of " + total + " bytes do not fit in the " + in.remaining() + " that remain");
        }
        byte[] text = new byte[(int) total];     // one copy out of the mapping, then a string per slice
        in.get(text);
        pool = new String[n];
        int at = 0;
        for (int i = 0; i < n; i++) {
            pool[i] = new String(text, at, lengths[i], StandardCharsets.ISO_8859_1);
            at += lengths[i];
        }
        int body = count(1, "body length");
        if (body != in.remaining()) {
            throw fail("body of " + body + " bytes, but " + in.remaining() + " remain");
        }
    }

    private SymbolSourceException fail(String message) {
        return SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: " + message);
    }

    /** A count of elements of {@code size} bytes each, checked against what remains. */
    private int count(int size, String what) throws SymbolSourceException {
        if (in.remaining() < 4) {
            throw fail("expected " + what + ", found the end");
        }
        int n = in.getInt();
        if (n < 0 || (long) n * size > in.remaining()) {
            throw fail(what + " " + n + " does not fit in the " + in.remaining() + " bytes that remain");
        }
        return n;
    }

    private void need(int n) throws SymbolSourceException {
        if (in.remaining() < n) {
            throw fail("expected " + n + " more bytes, found " + in.remaining());
        }
    }

    public int readByte() throws SymbolSourceException {
        need(1);
        return in.get();
    }

    public int readInt() throws SymbolSourceException {
        need(4);
        return in.getInt();
    }

    public long readLong() throws SymbolSourceException {
        need(8);
        return in.getLong();
    }

    public long[] readLongs() throws SymbolSourceException {
        long[] a = new long[count(8, "long count")];
        in.asLongBuffer().get(a);
        in.position(in.position() + 8 * a.length);
        return a;
    }

    public int[] readInts() throws SymbolSourceException {
        int[] a = new int[count(4, "int count")];
        in.asIntBuffer().get(a);
        in.position(in.position() + 4 * a.length);
        return a;
    }

    public byte[] readBytes() throws SymbolSourceException {
        byte[] a = new byte[count(1, "byte count")];
        in.get(a);
        return a;
    }

    /** A string or null. */
    public String readString() throws SymbolSourceException {
        int i = readInt();
        if (i == -1) {
            return null;
        }
        if (i < 0 || i >= pool.length) {
            throw fail("string " + i + " of a pool of " + pool.length);
        }
        return pool[i];
    }

    public String[] readStrings() throws SymbolSourceException {
        int[] index = readInts();
        String[] a = new String[index.length];
        String[] p = pool;
        for (int i = 0; i < a.length; i++) {
            int k = index[i];
            if (k != -1) {
                if (k < 0 || k >= p.length) {
                    throw fail("string " + k + " of a pool of " + p.length);
                }
                a[i] = p[k];
            }
        }
        return a;
    }

    /** Position in the body, to come back to with {@link #seek}. */
    public int position() { return in.position(); }

    public void seek(int position) throws SymbolSourceException {
        if (position < 0 || position > in.limit()) {
            throw fail("position " + position + " outside the index");
        }
        in.position(position);
    }

    /** True when the whole body has been read. */
    public boolean atEnd() { return !in.hasRemaining(); }
}
