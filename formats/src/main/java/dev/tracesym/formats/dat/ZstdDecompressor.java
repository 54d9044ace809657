package dev.tracesym.formats.dat;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/** zstd blocks; one reused native context per file. */
final class ZstdDecompressor implements Decompressor {
    private final ZstdDecompressCtx context = new ZstdDecompressCtx();

    @Override
    public String decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
        int n;
        try {
            n = context.decompressByteArray(dst, dstOff, dstLen, src, srcOff, srcLen);
        } catch (ZstdException e) {
            context.reset();
            return "zstd data error: " + e.getMessage();
        }
        if (n != dstLen) {
            return "zstd block gave " + n + " bytes, header says " + dstLen;
        }
        return null;
    }

    @Override
    public void close() {
        context.close();
    }
}
