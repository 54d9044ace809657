package dev.tracesym.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Opening what a user gives: kinds of files, compression by magic, the decompression budget, memory limits. */
class InputFileTest {
    @TempDir
    Path dir;

    private static byte[] xz(byte[] plain) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new XZOutputStream(b, new LZMA2Options(1))) {
            o.write(plain);
        }
        return b.toByteArray();
    }

    private static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b, 1 << 16) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            o.write(plain);
        }
        return b.toByteArray();
    }

    /** Lines like a kallsyms listing's, {@code ffffffff81000000 T symbol_<i>}, about 30 bytes each. */
    private static byte[] text(int lines) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(lines * 32);
        byte[] head = "ffffffff81000000 T symbol_".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < lines; i++) {
            b.write(head, 0, head.length);
            byte[] n = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
            b.write(n, 0, n.length);
            b.write('\n');
        }
        return b.toByteArray();
    }

    @Test
    void compressedFilesReadAsTheirContentWhateverTheirName() throws IOException {
        byte[] plain = text(5000);
        Files.write(dir.resolve("a.txt"), xz(plain));          // misnamed: the magic decides
        Files.write(dir.resolve("b"), gzip(plain));
        Files.write(dir.resolve("c.xz"), plain);
        for (String n : new String[] {"a.txt", "b", "c.xz"}) {
            try (InputStream in = InputFile.open(dir.resolve(n))) {
                assertArrayEquals(plain, in.readAllBytes(), n);
            }
        }
    }

    /** A bomb: a few KB of xz that would unpack to far more than the budget allows. */
    @Test
    void aDecompressionBombIsRefusedOnceItPassesTheBudget() throws IOException {
        byte[] zeros = new byte[(int) InputFile.BUDGET_FLOOR + (8 << 20)];
        Path bomb = dir.resolve("bomb.xz");
        Files.write(bomb, xz(zeros));
        assertTrue(Files.size(bomb) < 100_000, "a bomb is small: " + Files.size(bomb));
        long[] read = {0};
        InputException e = assertThrows(InputException.class, () -> {
            try (InputStream in = InputFile.open(bomb)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    read[0] += n;
                }
            }
        });
        assertTrue(e.getMessage().startsWith(bomb + ": xz data that decompresses to more than 64 MiB plus 256 times"), e.getMessage());
        assertTrue(read[0] <= InputFile.BUDGET_FLOOR + 256 * Files.size(bomb), "stopped at the budget: " + read[0]);
    }

    @Test
    void realDataWithinTheRatioPassesBeyondTheFloor() throws IOException {
        // repetitive text compresses ~50x, like a real ftrace text: passes however long it is
        byte[] plain = text(3_000_000);
        assertTrue(plain.length > InputFile.BUDGET_FLOOR);
        try (InputStream in = InputFile.decompressed(new ByteArrayInputStream(gzip(plain)), "<stdin>")) {
            assertEquals(plain.length, in.transferTo(OutputStream.nullOutputStream()));
        }
    }

    @Test
    void brokenAndTruncatedCompressedDataNameTheFileAndOffset() throws IOException {
        byte[] z = xz(text(20000));
        Path cut = dir.resolve("cut.xz");
        Files.write(cut, Arrays.copyOf(z, z.length / 2));
        InputException e = assertThrows(InputException.class, () -> InputFile.open(cut).transferTo(OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(cut.toString()) + " @\\d+: xz data ends early: the file is cut short .*"),
                e.getMessage());
        byte[] g = gzip(text(20000));
        for (int i = 100; i < 200; i++) {
            g[i] ^= 0x55;
        }
        Path bad = dir.resolve("bad.gz");
        Files.write(bad, g);
        e = assertThrows(InputException.class, () -> InputFile.open(bad).transferTo(OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(bad.toString()) + " @\\d+: broken gzip data: .+"), e.getMessage());
        assertTrue(!e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void foldersAreRefusedBeforeReading() {
        InputException e = assertThrows(InputException.class, () -> InputFile.open(dir));
        assertEquals(dir + ": is a folder, not a file", e.getMessage());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void devicesAreRefusedBeforeReading() {
        // reading /dev/zero never ends: refused by its kind, at once
        InputException e = assertThrows(InputException.class, () -> InputFile.open(Path.of("/dev/zero")));
        assertEquals("/dev/zero: is a character device, not a file", e.getMessage());
        e = assertThrows(InputException.class, () -> InputFile.readAll(Path.of("/dev/zero"), "a symbol file"));
        assertEquals("/dev/zero: is a character device, not a file", e.getMessage());
    }

    @Test
    void readAllRefusesAFileOverTheLimitBeforeAllocating() throws IOException {
        Path big = dir.resolve("big");
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), InputFile.memoryLimit()); // sparse: costs no disk
        }
        InputException e = assertThrows(InputException.class, () -> InputFile.readAll(big, "a symbol file"));
        assertTrue(e.getMessage().startsWith(big + ": " + (InputFile.memoryLimit() + 1) + " bytes, more than the "
                + InputFile.mib(InputFile.memoryLimit()) + " a symbol file may have"), e.getMessage());
    }

    @Test
    void readAllRefusesCompressedContentOverTheLimitWhileReading() throws IOException {
        Path z = dir.resolve("listing.gz");
        byte[] big = text((int) (InputFile.memoryLimit() / 25));     // about 30 bytes a line: over the limit
        assertTrue(big.length > InputFile.memoryLimit());
        Files.write(z, gzip(big));
        big = null;
        InputException e = assertThrows(InputException.class, () -> InputFile.readAll(z, "a symbol file"));
        assertTrue(e.getMessage().startsWith(z + ": more than " + InputFile.memoryLimit() + " bytes decompressed, more than the "),
                e.getMessage());
        byte[] plain = text(1000);
        Files.write(z, gzip(plain));
        InputFile.Content c = InputFile.readAll(z, "a symbol file");
        assertArrayEquals(plain, Arrays.copyOf(c.bytes(), c.length()));
    }
}
