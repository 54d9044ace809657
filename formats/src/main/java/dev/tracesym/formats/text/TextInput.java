package dev.tracesym.formats.text;

import dev.tracesym.formats.TraceFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * Opens trace text, plain or compressed. The compression is recognised by its magic bytes, never by
 * the file name, so a renamed file or standard input works the same: gzip, xz, zstd and bzip2.
 */
public final class TextInput {
    private static final int BUFFER = 1 << 16;
    /**
     * Memory an xz (or lzma, .Z) stream may ask for, in KiB: xz -9 needs 65 MiB; a damaged header
     * must not make the reader allocate gigabytes.
     */
    private static final int MEMORY_LIMIT_KIB = 96 * 1024;
    private static final CompressorStreamFactory FACTORY = new CompressorStreamFactory(true, MEMORY_LIMIT_KIB);

    private TextInput() {}

    /** Opens a file and decompresses it when its first bytes are a known compression magic. */
    public static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            return decompressed(raw, file.toString());
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Wraps {@code raw} (for example {@code System.in}) so that compressed input is decompressed.
     *
     * @param sourceName file name or {@code <stdin>}, for error messages
     */
    public static InputStream decompressed(InputStream raw, String sourceName) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        String kind = compression(in);
        if (kind == null) {
            return in;
        }
        try {
            return new BufferedInputStream(
                    FACTORY.createCompressorInputStream(kind, in, true), BUFFER);
        } catch (CompressorException | LinkageError e) {
            throw TraceFormatException.atOffset(sourceName, 0, "cannot open " + kind + " stream: " + e.getMessage(), e);
        }
    }

    /**
     * The commons-compress name of the compression whose magic starts {@code in}, or null; {@code in}
     * is left where it was (mark and reset).
     */
    public static String compression(BufferedInputStream in) throws IOException {
        byte[] m = new byte[6];
        in.mark(m.length);
        int n = 0;
        while (n < m.length) {
            int r = in.read(m, n, m.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        in.reset();
        if (n >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) {
            return CompressorStreamFactory.GZIP;
        }
        if (n >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X' && m[4] == 'Z' && m[5] == 0) {
            return CompressorStreamFactory.XZ;
        }
        if (n >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) {
            return CompressorStreamFactory.ZSTANDARD;
        }
        if (n >= 4 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h' && m[3] >= '1' && m[3] <= '9') {
            return CompressorStreamFactory.BZIP2;
        }
        return null;
    }
}
