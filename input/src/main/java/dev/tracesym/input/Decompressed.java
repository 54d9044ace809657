package dev.tracesym.input;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.tukaani.xz.MemoryLimitException;

/**
 * The output of a decompressor, held to the decompression budget ({@link InputFile#BUDGET_FLOOR}
 * bytes plus {@link InputFile#BUDGET_RATIO} times the compressed bytes read so far), with every
 * failure of the decompressor turned into an {@link InputException} that names the source and the
 * compressed offset.
 */
final class Decompressed extends FilterInputStream {
    private final Compression compression;
    private final Counted raw;
    private final String source;
    private long produced;

    Decompressed(Compression compression, Counted raw, InputStream decoder, String source) {
        super(decoder);
        this.compression = compression;
        this.raw = raw;
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failure(e);
        }
        if (n > 0) {
            produced += n;
            long budget = InputFile.BUDGET_FLOOR + InputFile.BUDGET_RATIO * raw.count();
            if (produced > budget) {
                throw new OverBudgetException(source, compression.label() + " data that decompresses to more than "
                        + InputFile.BUDGET_FLOOR / (1 << 20) + " MiB plus " + InputFile.BUDGET_RATIO
                        + " times its compressed size (" + produced + " bytes from the first " + raw.count()
                        + "): refused as a decompression bomb");
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(left, buf.length));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The decoder's failure {@code e} as a located message. */
    InputException failure(Throwable e) {
        if (e instanceof EOFException) {
            return InputException.atOffset(source, raw.count(), compression.label()
                    + " data ends early: the file is cut short (" + produced + " bytes decompressed before the end)");
        }
        if (e instanceof MemoryLimitException m) {
            return InputException.atOffset(source, raw.count(), "xz data asks for " + m.getMemoryNeeded() / 1024
                    + " MiB of memory to decompress, more than the " + m.getMemoryLimit() / 1024
                    + " MiB allowed (a damaged or hostile header)");
        }
        String m = e.getMessage();
        return new InputException(source + " @" + raw.count() + ": broken " + compression.label() + " data: "
                + (m == null || m.isBlank() ? e.getClass().getSimpleName() : Excerpt.plain(m)), source, raw.count(), false, e);
    }

    /** Counts the compressed bytes the decoder reads. */
    static final class Counted extends FilterInputStream {
        private long count;

        Counted(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = in.skip(n);
            count += Math.max(0, s);
            return s;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
