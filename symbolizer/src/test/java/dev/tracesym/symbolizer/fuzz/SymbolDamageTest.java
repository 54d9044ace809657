package dev.tracesym.symbolizer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SampleData;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * Damaged copies of the real symbol inputs: a trace whose embedded kallsyms was read without the
 * right to see addresses, and symbol archives with a missing, corrupt or malformed snapshot. Each
 * is refused with a {@link SymbolSourceException} that names the file and what is wrong.
 */
class SymbolDamageTest {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------ kallsyms of a trace read under kptr_restrict

    @Test
    void traceWithAllZeroKallsymsIsRefused() throws IOException {
        byte[] dat;
        try (InputStream in = new XZInputStream(Files.newInputStream(SampleData.dir().resolve("reuse/reuse.v6.dat.xz")))) {
            dat = in.readAllBytes();
        }
        int[] block = v6Kallsyms(dat);
        String intact = new String(dat, block[0], block[1], StandardCharsets.ISO_8859_1);
        assertTrue(StaticSymbolizer.fromKallsyms(intact, "reuse.v6.dat").state() != null);
        // what a non-root trace-cmd record stores when kernel.kptr_restrict hides the addresses
        for (int i = block[0], lineStart = i; i < block[0] + block[1]; i++) {
            if (dat[i] == '\n') {
                lineStart = i + 1;
            } else if (dat[i] != ' ' && i - lineStart < 16) {
                dat[i] = '0';
            }
        }
        Path zeroed = tmp.resolve("zeroed.v6.dat");
        Files.write(zeroed, dat);
        byte[] read = Files.readAllBytes(zeroed);
        int[] again = v6Kallsyms(read);
        String text = new String(read, again[0], again[1], StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("0000000000000000 "), text.substring(0, 40));
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> StaticSymbolizer.fromKallsyms(text, "zeroed.v6.dat kallsyms"));
        assertEquals("zeroed.v6.dat kallsyms", e.source());
        int lines = (int) text.chars().filter(c -> c == '\n').count();
        assertTrue(e.getMessage().startsWith("zeroed.v6.dat kallsyms: all " + lines + " symbol addresses are zero"), e.getMessage());
        assertTrue(e.getMessage().contains("kptr_restrict"), e.getMessage());
    }

    /** Offset and length of the kallsyms text of a v6 {@code .dat} (FORMATS.md §1.2), walked block by block. */
    private static int[] v6Kallsyms(byte[] b) {
        int p = 10;
        while (b[p] != 0) {
            p++;
        }
        p += 1 + 2 + 4;
        for (String tag : new String[] {"header_page", "header_event"}) {
            assertEquals(tag, new String(b, p, tag.length(), StandardCharsets.US_ASCII));
            p += tag.length() + 1;
            p += 8 + (int) le(b, p, 8);
        }
        long formats = le(b, p, 4);
        p += 4;
        for (long i = 0; i < formats; i++) {
            p += 8 + (int) le(b, p, 8);
        }
        long systems = le(b, p, 4);
        p += 4;
        for (long s = 0; s < systems; s++) {
            while (b[p] != 0) {
                p++;
            }
            p++;
            long n = le(b, p, 4);
            p += 4;
            for (long i = 0; i < n; i++) {
                p += 8 + (int) le(b, p, 8);
            }
        }
        return new int[] {p + 4, (int) le(b, p, 4)};
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    // ------------------------------------------------------------ damaged symbol archives

    private Path archive() throws IOException {
        Path dir = tmp.resolve("snapshots");
        Files.createDirectories(dir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(SampleData.dir().resolve("reuse/snapshots"))) {
            for (Path p : ds) {
                Files.copy(p, dir.resolve(p.getFileName()));
            }
        }
        return dir;
    }

    private static Path modules() {
        return SampleData.dir().resolve("modules-6.1.0-56-amd64");
    }

    private static SymbolSourceException refused(Path archive, Path file) {
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> TimeAwareSymbolizer.open(archive, modules()));
        assertEquals(file.toString(), e.source(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }

    @Test
    void theIntactCopyOpens() throws IOException {
        assertEquals(42, TimeAwareSymbolizer.open(archive(), modules()).snapshotCount());
    }

    @Test
    void missingFirstSnapshot() throws IOException {
        Path a = archive();
        Files.delete(a.resolve("001-start.kallsyms.xz"));
        SymbolSourceException e = refused(a, a);
        assertTrue(e.getMessage().contains("001-start.kallsyms is missing"), e.getMessage());
    }

    @Test
    void missingMiddleSnapshot() throws IOException {
        Path a = archive();
        Files.delete(a.resolve("020-before-unload-snd.modsyms.xz"));
        SymbolSourceException e = refused(a, a);
        assertTrue(e.getMessage().contains("snapshot 020 has neither 020-before-unload-snd.modsyms nor"), e.getMessage());
    }

    @Test
    void corruptCompressedSnapshot() throws IOException {
        Path a = archive();
        Path f = a.resolve("020-before-unload-snd.modsyms.xz");
        byte[] b = Files.readAllBytes(f);
        for (int i = b.length / 2; i < b.length / 2 + 16; i++) {
            b[i] ^= 0x5a;
        }
        Files.write(f, b);
        SymbolSourceException e = refused(a, f);
        assertTrue(e.getMessage().matches(".*" + java.util.regex.Pattern.quote(f.toString()) + " @\\d+: broken xz data: .+"), e.getMessage());
    }

    @Test
    void truncatedCompressedSnapshot() throws IOException {
        Path a = archive();
        Path f = a.resolve("030-after-unload-sha3_generic.modsyms.xz");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        SymbolSourceException e = refused(a, f);
        assertTrue(e.getMessage().contains(f + " @" + b.length / 2 + ": xz data ends early: the file is cut short"), e.getMessage());
    }

    @Test
    void xzAskingForAHugeDictionaryIsRefusedNotAllocated() throws IOException {
        Path a = archive();
        Path f = a.resolve("020-before-unload-snd.modsyms.xz");
        Files.write(f, hostileDictionary(Files.readAllBytes(f)));
        SymbolSourceException e = refused(a, f);
        assertTrue(e.getMessage().contains(f + " @") && e.getMessage().contains("xz data asks for 1536 MiB of memory"), e.getMessage());
    }

    @Test
    void garbageLineInAModuleList() throws IOException {
        Path a = archive();
        Path f = a.resolve("010-after-unload-snd_seq_dummy.modules");
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        int second = text.indexOf('\n') + 1;
        Files.writeString(f, text.substring(0, second) + "snd_seq lots-of 0 - Live 0xffffffffc0800000\n" + text.substring(second),
                StandardCharsets.ISO_8859_1);
        SymbolSourceException e = refused(a, f);
        assertEquals(f + ":2: expected module size (decimal), found 'lots-of'", e.getMessage());
        assertEquals(2, e.position());
    }

    @Test
    void garbageInTheManifest() throws IOException {
        Path a = archive();
        Path f = a.resolve("manifest.tsv");
        String text = Files.readString(f, StandardCharsets.ISO_8859_1);
        Files.writeString(f, text.replace("\n003\t", "\nthree\t"), StandardCharsets.ISO_8859_1);
        SymbolSourceException e = refused(a, f);
        assertTrue(e.getMessage().startsWith(f + ":3: expected 'NNN<TAB>label"), e.getMessage());
    }

    /**
     * The same xz stream, its first block asking for a 1.5 GiB dictionary (LZMA2 property 37) with a
     * correct header CRC: a decoder without a memory limit would try to allocate it.
     */
    static byte[] hostileDictionary(byte[] xz) {
        byte[] b = xz.clone();
        int h = 12; // the first block header follows the 12-byte stream header
        int size = ((b[h] & 0xff) + 1) * 4;
        int flags = b[h + 1] & 0xff;
        int p = h + 2;
        if ((flags & 0x40) != 0) {
            p = skipVarint(b, p);
        }
        if ((flags & 0x80) != 0) {
            p = skipVarint(b, p);
        }
        assertEquals(0x21, b[p] & 0xff, "the first filter is LZMA2");
        assertEquals(1, b[p + 1], "LZMA2 has one property byte");
        b[p + 2] = 37; // 1.5 GiB
        CRC32 crc = new CRC32();
        crc.update(b, h, size - 4);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[h + size - 4 + i] = (byte) (c >>> (8 * i));
        }
        return b;
    }

    private static int skipVarint(byte[] b, int p) {
        while ((b[p] & 0x80) != 0) {
            p++;
        }
        return p + 1;
    }

    @Test
    void hostileDictionaryOnItsOwn() throws IOException {
        Path f = tmp.resolve("001-start.kallsyms.xz");
        Files.write(f, hostileDictionary(Files.readAllBytes(SampleData.dir().resolve("reuse/snapshots/001-start.kallsyms.xz"))));
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> TextSource.read(f));
        assertTrue(e.getMessage().startsWith(f + " @") && e.getMessage().contains("xz data asks for 1536 MiB of memory"), e.getMessage());
    }
}
