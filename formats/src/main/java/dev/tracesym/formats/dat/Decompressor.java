package dev.tracesym.formats.dat;

import java.io.Closeable;

/**
 * One codec of a v7 {@code .dat} file, decompressing whole blocks whose uncompressed size is known
 * from the block header (trace-cmd writes zstd frames without a content size).
 */
interface Decompressor extends Closeable {

    /**
     * Decompresses {@code src[srcOff, srcOff+srcLen)} into exactly {@code dstLen} bytes at
     * {@code dst[dstOff]}.
     *
     * @return null on success, else what went wrong (for the caller's error message)
     */
    String decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen);

    @Override
    void close();

    /**
     * The codec named in the file header, or null for {@code "none"}.
     *
     * @return null when the name is "none"
     * @throws IllegalArgumentException for a codec this reader does not have
     */
    static Decompressor forName(String name) {
        switch (name) {
            case "none":
                return null;
            case "zlib":
                return new ZlibDecompressor();
            case "zstd":
                return new ZstdDecompressor();
            default:
                throw new IllegalArgumentException(name);
        }
    }
}
