package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link IndexOutput} wrote. Every count is checked against the bytes that remain before
 * anything is allocated, so a damaged index fails with a {@link SymbolSourceException} instead of
 * asking for gigabytes; its strings go through the loader's {@link Names} pool, as parsed ones do.
 */
public final class IndexInput {
    private final String origin;
    private final ByteBuffer in;
    private final String[] pool;

    /**
     * Reads the string pool at the start of {@code data} (from its position to its limit, e.g. a
     * mapped file); the body follows.
     *
     * @throws SymbolSourceException when the pool does not fit in the bytes given
     */
    public IndexInput(ByteBuffer data, Names names, String origin) throws SymbolSourceException {
        this.origin = origin;
        this.in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = count(4, "string count");
        int[] lengths = new int[n];
        long total = 0;
        int longest = 0;
        for (int i = 0; i < n; i++) {
            lengths[i] = in.getInt();
            if (lengths[i] < 0) {
                throw fail("negative string length");
            }
            total += lengths[i];
            longest = Math.max(longest, lengths[i]);
        }
        if (total > in.remaining()) {
            throw fail("strings of " + total + " bytes do not fit in the " + in.remaining() + " that remain");
        }
        pool = new String[n];
        byte[] text = new byte[longest];
        for (int i = 0; i < n; i++) {
            in.get(text, 0, lengths[i]);
            pool[i] = names.intern(new String(text, 0, lengths[i], StandardCharsets.ISO_8859_1));
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
        String[] a = new String[count(4, "string count")];
        for (int i = 0; i < a.length; i++) {
            a[i] = readString();
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
