package dev.tracesym.formats.dat;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** zlib blocks (trace-cmd's {@code compress2()} output: RFC 1950 stream with header). */
final class ZlibDecompressor implements Decompressor {
    private final Inflater inflater = new Inflater();

    @Override
    public String decompress(byte[] src, int srcOff, int srcLen, byte[] dst, int dstOff, int dstLen) {
        inflater.reset();
        inflater.setInput(src, srcOff, srcLen);
        int done = 0;
        try {
            while (done < dstLen) {
                int n = inflater.inflate(dst, dstOff + done, dstLen - done);
                if (n == 0) {
                    break; // finished early, input exhausted or a dictionary is wanted
                }
                done += n;
            }
        } catch (DataFormatException e) {
            return "zlib data error: " + e.getMessage();
        }
        if (done != dstLen) {
            return "zlib block gave " + done + " bytes, header says " + dstLen;
        }
        return null;
    }

    @Override
    public void close() {
        inflater.end();
    }
}
