package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

/**
 * The bytes of one symbol input, decompressed, with the name errors should report. Files may be
 * stored as-is or compressed with xz, gzip or zstd: the format is recognised by its magic bytes,
 * so {@code kallsyms}, {@code kallsyms.xz} and a misnamed file all read the same.
 */
public final class TextSource {
    /** Compressed variants tried, in this order, after the plain name. */
    static final String[] SUFFIXES = {"", ".xz", ".gz", ".zst"};
    /** Refuse to inflate anything larger: no symbol file comes near it. */
    private static final long MAX_BYTES = 1L << 30;
    /** Memory an xz stream may ask for, in KiB: xz -9 needs 65 MiB; a damaged header must not ask for gigabytes. */
    private static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;

    private final String origin;
    private final byte[] data;
    private final int length;

    private TextSource(String origin, byte[] data, int length) {
        this.origin = origin;
        this.data = data;
        this.length = length;
    }

    /** Wraps text already in memory (e.g. the kallsyms section of a trace file). */
    public static TextSource of(String text, String origin) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new TextSource(origin, b, b.length);
    }

    /** Wraps bytes already in memory; the array is used as is, not copied. */
    public static TextSource of(byte[] bytes, String origin) {
        return new TextSource(origin, bytes, bytes.length);
    }

    /** Reads a file, decompressing xz, gzip or zstd content transparently. */
    public static TextSource read(Path file) throws IOException {
        String origin = file.toString();
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw SymbolSourceException.of(origin, "cannot read: " + e.getMessage(), e);
        }
        Compression c = Compression.of(raw);
        if (c == Compression.NONE) {
            return new TextSource(origin, raw, raw.length);
        }
        try (InputStream in = c.open(raw)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(raw.length * 6, 1 << 16));
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > MAX_BYTES) {
                    throw SymbolSourceException.of(origin, "decompresses to more than " + MAX_BYTES + " bytes", null);
                }
                out.write(buf, 0, n);
            }
            byte[] b = out.toByteArray();
            return new TextSource(origin, b, b.length);
        } catch (SymbolSourceException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw SymbolSourceException.of(origin, "corrupt " + c.label + " data: " + e.getMessage(), e);
        }
    }

    /**
     * The file to read for {@code base}: {@code base} itself or, if absent, the first existing of
     * {@code base.xz}, {@code base.gz}, {@code base.zst}; null when none exists.
     */
    public static Path findVariant(Path base) {
        for (String s : SUFFIXES) {
            Path p = s.isEmpty() ? base : base.resolveSibling(base.getFileName() + s);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The file name without a compression suffix ({@code a.kallsyms.xz} gives {@code a.kallsyms}). */
    public static String plainName(String fileName) {
        for (int i = 1; i < SUFFIXES.length; i++) {
            if (fileName.endsWith(SUFFIXES[i])) {
                return fileName.substring(0, fileName.length() - SUFFIXES[i].length());
            }
        }
        return fileName;
    }

    /** The name errors report (usually the file path). */
    public String origin() { return origin; }

    /** Number of bytes. */
    public int length() { return length; }

    /** The backing array (the first {@link #length()} bytes are valid); callers must not modify it. */
    public byte[] bytes() { return data; }

    /** The whole content as text (ISO-8859-1, byte for byte). */
    public String text() { return new String(data, 0, length, StandardCharsets.ISO_8859_1); }

    private enum Compression {
        NONE("plain"), XZ("xz"), GZIP("gzip"), ZSTD("zstd");

        final String label;

        Compression(String label) { this.label = label; }

        static Compression of(byte[] b) {
            if (b.length >= 6 && (b[0] & 0xff) == 0xfd && b[1] == '7' && b[2] == 'z' && b[3] == 'X' && b[4] == 'Z' && b[5] == 0) {
                return XZ;
            }
            if (b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
                return GZIP;
            }
            if (b.length >= 4 && (b[0] & 0xff) == 0x28 && (b[1] & 0xff) == 0xb5 && (b[2] & 0xff) == 0x2f && (b[3] & 0xff) == 0xfd) {
                return ZSTD;
            }
            return NONE;
        }

        InputStream open(byte[] raw) throws IOException {
            InputStream in = new java.io.ByteArrayInputStream(raw);
            switch (this) {
                // a shared array cache: xz -9 streams ask for a 64 MiB dictionary each, and an
                // archive has dozens of small files
                case XZ: return new XZInputStream(in, XZ_MEMORY_LIMIT_KIB, true, BasicArrayCache.getInstance());
                case GZIP: return new GzipCompressorInputStream(in, true);
                case ZSTD: return new ZstdCompressorInputStream(in);
                default: return in;
            }
        }
    }
}
