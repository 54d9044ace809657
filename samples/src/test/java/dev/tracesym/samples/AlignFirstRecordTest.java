package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * {@code --align-ts} subtracts trace-cmd's first_ts: per CPU the time of its first page's first record,
 * which is not always the page header's time (in a {@code trace-cmd record --date} trace the first record
 * comes 80-160 ms after its page's time, and trace-cmd still prints it at 0.000000). Made here from the
 * reuse sample (v6: uncompressed pages) by moving the header time of the earliest CPU's first page 100 us
 * back and its first record's delta 100 us up: every record keeps its time.
 */
class AlignFirstRecordTest {
    @TempDir
    static Path temp;

    @Test
    void theFirstRecordIsAtZeroWhenItsPageStartedEarlier() throws Exception {
        byte[] dat;
        try (InputStream in = new XZInputStream(Files.newInputStream(TraceCmd.data("reuse/reuse.v6.dat.xz")))) {
            dat = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(dat).order(ByteOrder.LITTLE_ENDIAN);
        int fly = new String(dat, StandardCharsets.ISO_8859_1).indexOf("flyrecord\0");
        assertTrue(fly > 0, "a v6 flyrecord section");
        // the CPU whose first page starts earliest (trace-cmd's first_ts comes from it)
        int page = -1;
        for (int cpu = 0; cpu < 2; cpu++) {
            int at = (int) b.getLong(fly + 10 + 16 * cpu);
            if (page < 0 || Long.compareUnsigned(b.getLong(at), b.getLong(page)) < 0) {
                page = at;
            }
        }
        int word = b.getInt(page + 16); // the first record's header: type_len (5 bits), delta (27 bits)
        int typeLen = word & 0x1f;
        int delta = word >>> 5;
        assertTrue(typeLen > 0 && typeLen < 29 && delta + 100_000 < (1 << 27), "a data record starts the page");
        b.putLong(page, b.getLong(page) - 100_000);
        b.putInt(page + 16, typeLen | ((delta + 100_000) << 5));
        Path trace = Files.write(temp.resolve("reuse-late-first.v6.dat"), dat);

        TraceCmd.Run theirs = TraceCmd.traceCmd(temp, "--align-ts", trace.getFileName().toString());
        TraceCmd.Run ours = TraceCmd.tracesym(temp, "--align-ts", trace.getFileName().toString());
        assertEquals(0, theirs.code(), theirs.err());
        String second = theirs.text().split("\n", 3)[1];
        assertTrue(second.contains("     0.000000: "), "trace-cmd's first record: " + second);
        assertEquals(theirs.code(), ours.code(), ours.err());
        TraceCmd.assertSameBytes(theirs.out(), ours.out(), "report --align-ts");
    }
}
