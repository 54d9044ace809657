package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackgroundOutputTest {
    @Test
    void everyByteArrivesInOrder() throws IOException {
        byte[] data = new byte[3_000_017];
        new Random(1).nextBytes(data);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BackgroundOutput out = new BackgroundOutput(sink);
        int p = 0;
        for (int step = 1; p < data.length; step = step * 3 % 700_001 + 1) {
            int n = Math.min(step, data.length - p);
            out.write(data, p, n);
            p += n;
        }
        out.flush();
        assertArrayEquals(data, sink.toByteArray());
        out.write(7);
        out.close();
        assertEquals(data.length + 1, sink.size());
    }

    @Test
    void aFailingStreamIsReportedByALaterWriteOrFlush() throws IOException {
        OutputStream full = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        BackgroundOutput out = new BackgroundOutput(full);
        out.write(new byte[100], 0, 100);
        IOException e = assertThrows(IOException.class, out::flush);
        assertEquals("No space left on device", e.getMessage());
        assertThrows(IOException.class, () -> out.write(new byte[10], 0, 10));
        assertThrows(IOException.class, out::close);
    }
}
