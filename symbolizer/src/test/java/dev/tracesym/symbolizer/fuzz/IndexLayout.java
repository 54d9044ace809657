package dev.tracesym.symbolizer.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The frame of a compiled archive index as docs/ARCHIVE.md describes it: magic (8 bytes), version,
 * fingerprint length, fingerprint, payload length, payload, CRC-32 of all before it (8 bytes),
 * little-endian. The fuzzer mutates the payload; this puts it back in a frame that passes the CRC
 * and fingerprint checks, so only the consistency checks can tell.
 */
final class IndexLayout {
    private IndexLayout() {}

    private static int payloadAt(ByteBuffer b) {
        return 8 + 4 + 4 + b.getInt(12) + 4;
    }

    /** The payload of a whole index file. */
    static byte[] payload(byte[] index) {
        ByteBuffer b = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
        int at = payloadAt(b);
        return Arrays.copyOfRange(index, at, at + b.getInt(at - 4));
    }

    /** {@code index}'s frame around {@code payload}, with its length and CRC-32 made right. */
    static byte[] withPayload(byte[] index, byte[] payload) {
        ByteBuffer in = ByteBuffer.wrap(index).order(ByteOrder.LITTLE_ENDIAN);
        int at = payloadAt(in);
        ByteBuffer out = ByteBuffer.allocate(at + payload.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        out.put(index, 0, at - 4).putInt(payload.length).put(payload);
        CRC32 crc = new CRC32();
        crc.update(out.array(), 0, out.position());
        out.putLong(crc.getValue());
        return out.array();
    }
}
