package dev.tracesym.input;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

/** A compression recognised by its magic bytes, never by a file name. */
public enum Compression {
    /** Not compressed (or a format tracesym does not know). */
    NONE("plain"),
    GZIP("gzip"),
    XZ("xz"),
    ZSTD("zstd"),
    BZIP2("bzip2");

    /** How many leading bytes {@link #of(byte[], int)} looks at. */
    public static final int MAGIC_BYTES = 6;
    /**
     * Memory an xz stream may ask for, in KiB: {@code xz -9} needs 65 MiB; a damaged header must
     * not make the reader allocate gigabytes.
     */
    static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;

    private final String label;

    Compression(String label) {
        this.label = label;
    }

    /** The name users know it by: {@code xz}, {@code gzip}, ... */
    public String label() {
        return label;
    }

    /** The compression whose magic starts the first {@code n} bytes of {@code head}. */
    public static Compression of(byte[] head, int n) {
        if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (n >= 6 && (head[0] & 0xff) == 0xfd && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z'
                && head[5] == 0) {
            return XZ;
        }
        if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return BZIP2;
        }
        return NONE;
    }

    /** The decompressor of this format over {@code raw} (concatenated streams read as one). */
    InputStream decoder(InputStream raw) throws IOException {
        switch (this) {
            // a shared array cache: xz -9 streams ask for a 64 MiB dictionary each, and an archive
            // has dozens of small files
            case XZ:
                return new XZInputStream(raw, XZ_MEMORY_LIMIT_KIB, true, BasicArrayCache.getInstance());
            case GZIP:
                return new GzipCompressorInputStream(raw, true);
            case ZSTD:
                return new ZstdCompressorInputStream(raw);
            case BZIP2:
                return new BZip2CompressorInputStream(raw, true);
            default:
                return raw;
        }
    }
}
