package dev.tracesym.formats.dat;

import dev.tracesym.formats.TraceFormatException;
import java.io.IOException;

/**
 * Compressed CPU data of a v7 file: u32 chunk count, then per chunk u32 compressed size, u32
 * uncompressed size and the compressed bytes. One decompressed chunk is held at a time (trace-cmd
 * writes 10 pages per chunk).
 */
final class ChunkedPageSource extends PageSource {
    /** Largest chunk accepted, in pages: trace-cmd writes 10; room for other writers, not for hostile sizes. */
    private static final int MAX_CHUNK_PAGES = 1024;
    private static final long MAX_CHUNK_BYTES = 64L << 20;

    private final TraceBytes channel;
    private final long start;
    private final long fileSize;
    private final Decompressor codec;
    private final CompressedScratch scratch;

    private long chunkCount = -1;
    private long chunkIndex;
    private long nextChunkAt;
    private long chunkAt;
    private int chunkLen;
    private long streamPos;
    private boolean cut;

    ChunkedPageSource(String source, String label, int pageSize, Warnings warnings, TraceBytes channel,
                      long start, long fileSize, Decompressor codec, CompressedScratch scratch) {
        super(source, label, pageSize, warnings);
        this.channel = channel;
        this.start = start;
        this.fileSize = fileSize;
        this.codec = codec;
        this.scratch = scratch;
    }

    @Override
    boolean nextPage() throws IOException {
        if (chunkCount >= 0 && pageStart + pageSize < chunkLen) {
            pageStart += pageSize;
            pagePosition += pageSize;
            pageValid = Math.min(pageSize, chunkLen - pageStart);
            cut = pageValid < pageSize;
            return true;
        }
        do {
            if (!loadChunk()) {
                return false;
            }
        } while (chunkLen == 0);
        pageStart = 0;
        pagePosition = streamPos;
        pageValid = Math.min(pageSize, chunkLen);
        cut = pageValid < pageSize;
        return true;
    }

    private boolean loadChunk() throws IOException {
        byte[] head = scratch.head;
        if (chunkCount < 0) {
            if (start + 4 > fileSize) {
                warn("data truncated at byte " + fileSize + ": its chunk count at " + start
                        + " is past the end of the file");
                return false;
            }
            channel.readFully(start, head, 0, 4);
            chunkCount = Bytes.u32(head, 0, scratch.big);
            nextChunkAt = start + 4;
        } else {
            streamPos += chunkLen;
        }
        if (chunkIndex >= chunkCount) {
            return false;
        }
        long at = nextChunkAt;
        if (at + 8 > fileSize) {
            warn("data truncated at byte " + fileSize + ": header of compressed chunk " + (chunkIndex + 1)
                    + " of " + chunkCount + " at " + at + " is past the end of the file; events before it were kept");
            chunkLen = 0;
            return false;
        }
        channel.readFully(at, head, 0, 8);
        long zsize = Bytes.u32(head, 0, scratch.big);
        long usize = Bytes.u32(head, 4, scratch.big);
        if (at + 8 + zsize > fileSize) {
            warn("data truncated at byte " + fileSize + ": compressed chunk " + (chunkIndex + 1) + " of "
                    + chunkCount + " at " + at + " needs " + (8 + zsize) + " bytes; events before it were kept");
            chunkLen = 0;
            return false;
        }
        if (usize > Math.min((long) MAX_CHUNK_PAGES * pageSize, MAX_CHUNK_BYTES)) {
            throw TraceFormatException.atOffset(source, at, label + ": compressed chunk " + (chunkIndex + 1)
                    + " claims " + usize + " uncompressed bytes, more than " + MAX_CHUNK_PAGES + " pages of "
                    + pageSize + " bytes or " + MAX_CHUNK_BYTES + " bytes");
        }
        if (zsize > usize + (usize >> 3) + 4096) {
            throw TraceFormatException.atOffset(source, at, label + ": compressed chunk " + (chunkIndex + 1)
                    + " claims " + zsize + " compressed bytes for " + usize + " uncompressed ones");
        }
        byte[] z = scratch.compressed((int) zsize);
        channel.readFully(at + 8, z, 0, (int) zsize);
        if (buf.length < usize) {
            buf = new byte[(int) usize];
        }
        String problem = codec.decompress(z, 0, (int) zsize, buf, 0, (int) usize);
        if (problem != null) {
            throw TraceFormatException.atOffset(source, at, label + ": broken compressed chunk "
                    + (chunkIndex + 1) + " of " + chunkCount + " (" + zsize + " bytes, expected to give " + usize
                    + "): " + problem);
        }
        chunkAt = at;
        chunkLen = (int) usize;
        bufEnd = chunkLen;
        chunkIndex++;
        nextChunkAt = at + 8 + zsize;
        return true;
    }

    /**
     * The uncompressed size of the chunked data at {@code start}: the sum of its chunk headers'
     * uncompressed sizes, nothing decompressed (trace-cmd's {@code tracecmd_load_chunks_info}). A chunk
     * table cut by the end of the file counts the chunks before the cut.
     */
    static long uncompressedSize(TraceBytes channel, long start, long fileSize, boolean big) throws IOException {
        if (start < 0 || start + 4 > fileSize) {
            return 0;
        }
        byte[] head = new byte[8];
        channel.readFully(start, head, 0, 4);
        long count = Bytes.u32(head, 0, big);
        long at = start + 4;
        long total = 0;
        for (long i = 0; i < count && at + 8 <= fileSize; i++) {
            channel.readFully(at, head, 0, 8);
            total += Bytes.u32(head, 4, big);
            at += 8 + Bytes.u32(head, 0, big);
        }
        return total;
    }

    @Override
    long units() throws IOException {
        if (start < 0 || start + 4 > fileSize) {
            return 0;
        }
        byte[] head = scratch.head;
        channel.readFully(start, head, 0, 4);
        return Bytes.u32(head, 0, scratch.big);
    }

    @Override
    void skipUnits(long n) throws IOException {
        chunkCount = units();
        nextChunkAt = start + 4;
        byte[] head = scratch.head;
        for (long i = 0; i < n && nextChunkAt + 8 <= fileSize; i++) {
            channel.readFully(nextChunkAt, head, 0, 8);
            streamPos += Bytes.u32(head, 4, scratch.big);
            nextChunkAt += 8 + Bytes.u32(head, 0, scratch.big);
            chunkIndex++;
        }
    }

    @Override
    boolean pageCut() {
        return cut;
    }

    @Override
    String where(int index) {
        return "byte " + index + " of the chunk decompressed from file offset " + chunkAt;
    }
}
