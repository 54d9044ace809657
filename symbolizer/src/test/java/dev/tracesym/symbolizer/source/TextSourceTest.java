package dev.tracesym.symbolizer.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextSourceTest {

    @Test
    void everyCompressionReadsTheSameText(@TempDir Path dir) throws Exception {
        String plain = Samples.read("reuse", "snapshots", "002-after-load-soundcore.modsyms.xz").text();
        byte[] bytes = plain.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Path p = dir.resolve("a.modsyms");
        Files.write(p, bytes);
        Path gz = dir.resolve("b.modsyms.gz");
        try (OutputStream o = new GzipCompressorOutputStream(Files.newOutputStream(gz))) {
            o.write(bytes);
        }
        Path zst = dir.resolve("c.modsyms.zst");
        try (OutputStream o = new ZstdCompressorOutputStream(Files.newOutputStream(zst))) {
            o.write(bytes);
        }
        Path misnamed = dir.resolve("d.modsyms");       // gzip content without the suffix
        Files.copy(gz, misnamed);
        for (Path f : new Path[] {p, gz, zst, misnamed}) {
            assertEquals(plain, TextSource.read(f).text(), f.toString());
        }
        assertEquals(gz, TextSource.findVariant(dir.resolve("b.modsyms")));
        assertEquals(p, TextSource.findVariant(dir.resolve("a.modsyms")));
        assertNull(TextSource.findVariant(dir.resolve("none.modsyms")));
        assertEquals("x.kallsyms", TextSource.plainName("x.kallsyms.zst"));
    }

    @Test
    void corruptAndMissingFilesAreNamed(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xz");
        Files.write(bad, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3});
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> TextSource.read(bad));
        assertTrue(e.getMessage().startsWith(bad + " @9: xz data ends early: the file is cut short"), e.getMessage());
        Path none = dir.resolve("none");
        e = assertThrows(SymbolSourceException.class, () -> TextSource.read(none));
        assertEquals(none + ": no such file", e.getMessage());
    }
}
