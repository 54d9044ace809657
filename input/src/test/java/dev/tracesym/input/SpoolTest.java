package dev.tracesym.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class SpoolTest {
    private static List<Path> spools() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("tracesym-spool-" + ProcessHandle.current().pid() + "-"))
                    .collect(Collectors.toList());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void theSpoolHasNoNameWhileItIsWrittenOrRead() throws IOException {
        byte[] data = new byte[3 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        InputStream in = new ByteArrayInputStream(data) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                try {
                    assertEquals(List.of(), spools(), "a spool visible in the temporary folder while it is written");
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return super.read(b, off, len);
            }
        };
        try (FileChannel ch = Spool.of(in, "<stdin>", 16, (head, n) -> { }).channel()) {
            assertEquals(data.length, ch.size());
            assertEquals(0, ch.position());
            ByteBuffer b = ByteBuffer.allocate(data.length);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read it all back
            }
            assertEquals(ByteBuffer.wrap(data), b.flip());
            assertEquals(List.of(), spools());
        }
    }

    /** {@code cat /dev/zero | tracesym report -}: refused by its first bytes, nothing written. */
    @Test
    void theHeadIsCheckedBeforeAnythingIsWritten() {
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (served > (1 << 20)) {
                    throw new AssertionError("read on after the head check refused the stream");
                }
                served += len;
                return len;
            }
        };
        IOException e = assertThrows(IOException.class, () -> Spool.of(endless, "<stdin>", 10, (head, n) -> {
            throw InputException.atOffset("<stdin>", 0, "not a trace-cmd file");
        }));
        assertEquals("<stdin> @0: not a trace-cmd file", e.getMessage());
    }
}
