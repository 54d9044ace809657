package dev.tracesym.formats.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrefetchingSourceTest {
    /** Records 0..n-1 of growing sizes (one of them larger than a batch), then optionally a failure. */
    private static EventSource numbered(int n, IOException failure) {
        return new EventSource() {
            int i;
            final byte[] page = new byte[1 << 20];

            @Override
            public boolean next(RawEvent into) throws IOException {
                if (i == n) {
                    if (failure != null) {
                        throw failure;
                    }
                    return false;
                }
                int len = i == n / 2 ? 700_000 : 8 + i % 50;
                Arrays.fill(page, 3, 3 + len, (byte) i);
                into.data = page; // reused, as a reader reuses its page
                into.offset = 3;
                into.length = len;
                into.ts = 1000L * i;
                into.cpu = i % 3;
                into.buffer = i % 2;
                into.missedBefore = i == 7 ? -1 : 0;
                into.filePosition = 4096L * i;
                i++;
                return true;
            }
        };
    }

    @Test
    void handsOutTheSameRecordsInTheSameOrder() throws IOException {
        int n = 50_000;
        try (PrefetchingSource s = new PrefetchingSource(numbered(n, null))) {
            RawEvent e = new RawEvent();
            for (int i = 0; i < n; i++) {
                assertTrue(s.next(e));
                int len = i == n / 2 ? 700_000 : 8 + i % 50;
                assertEquals(len, e.length);
                byte[] expected = new byte[len];
                Arrays.fill(expected, (byte) i);
                assertArrayEquals(expected, Arrays.copyOfRange(e.data, e.offset, e.offset + e.length));
                assertEquals(1000L * i, e.ts);
                assertEquals(i % 3, e.cpu);
                assertEquals(i % 2, e.buffer);
                assertEquals(i == 7 ? -1 : 0, e.missedBefore);
                assertEquals(4096L * i, e.filePosition);
            }
            assertFalse(s.next(e));
            assertFalse(s.next(e));
        }
    }

    @Test
    void aFailureComesAfterTheRecordsReadBeforeIt() throws IOException {
        IOException broken = new IOException("chunk 3 does not decompress");
        try (PrefetchingSource s = new PrefetchingSource(numbered(20_000, broken))) {
            RawEvent e = new RawEvent();
            for (int i = 0; i < 20_000; i++) {
                assertTrue(s.next(e));
            }
            assertEquals(broken, assertThrows(IOException.class, () -> s.next(e)));
        }
    }

    @Test
    void closingEarlyStopsTheReader() {
        EventSource endless = into -> {
            into.data = new byte[16];
            into.length = 16;
            return true;
        };
        PrefetchingSource s = new PrefetchingSource(endless);
        s.close(); // returns only once the reading thread has ended
    }
}
