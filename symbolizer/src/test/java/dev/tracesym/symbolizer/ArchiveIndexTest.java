package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled index of the reuse sample's archive (a copy, so that files can change): used when it
 * matches the archive, rebuilt when a file changed or the index is damaged, and never needed: every
 * open names every address exactly as an open that parses the files.
 */
class ArchiveIndexTest {
    @TempDir
    Path tmp;
    Path snapshots;
    Path modules;
    Path cache;

    @BeforeEach
    void copySample() throws IOException {
        snapshots = copy(SampleData.path("reuse", "snapshots"), tmp.resolve("snapshots"));
        modules = copy(SampleData.path("modules-6.1.0-56-amd64"), tmp.resolve("modules"));
        cache = tmp.resolve("cache");
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from)) {
            for (Path p : ds) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
            }
        }
        return to;
    }

    private SymbolArchive open(Path cacheDir) throws IOException {
        return SymbolArchive.open(snapshots, modules, null, cacheDir);
    }

    private Path indexFile() throws IOException {
        try (var files = Files.list(cache.resolve("archives"))) {
            List<Path> l = files.filter(p -> p.getFileName().toString().endsWith(".idx")).toList();
            assertEquals(1, l.size(), "one index: " + l);
            return l.get(0);
        }
    }

    /** What the archive names: a stride of kernel addresses, and every module symbol of every snapshot. */
    static String names(SymbolArchive a) {
        StringBuilder sb = new StringBuilder();
        Resolution r = new Resolution();
        KernelTable k = a.kernel;
        for (int i = 0; i < k.size(); i += 37) {
            a.snapshots.get(0).state.resolve(k.address(i) + 1, r);
            r.appendTo(sb).append('\n');
        }
        for (SymbolArchive.Snapshot s : a.snapshots) {
            sb.append(s.number).append(' ').append(s.label).append('\n');
            for (String m : s.state.modules()) {
                ModuleSymbols ms = s.state.module(m);
                for (int i = 0; i < ms.symbolCount(); i++) {
                    s.state.resolve(ms.symbolAddress(i) + 1, r);
                    r.appendTo(sb).append(' ').append(r.trueSize).append('\n');
                }
                sb.append(m).append(" init ").append(Long.toHexString(ms.initBase())).append(" text end ")
                        .append(Long.toHexString(ms.textEnd())).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void theSecondOpenReadsTheIndexAndNamesAsParsingDoes() throws IOException {
        String parsed = names(open(null));
        SymbolArchive first = open(cache);
        assertFalse(first.fromIndex);
        assertTrue(Files.size(indexFile()) > 0);
        SymbolArchive second = open(cache);
        assertTrue(second.fromIndex, "the index of an unchanged archive is used");
        assertEquals(parsed, names(first));
        assertEquals(parsed, names(second));
    }

    @Test
    void aChangedSnapshotFileMakesTheIndexStaleAndItIsRebuilt() throws IOException {
        open(cache);
        // 005's module symbols with one name changed, stored plain instead of xz
        Path xz = snapshots.resolve("005-after-load-snd_seq_device.modsyms.xz");
        String text = TextSource.read(xz).text();
        int at = text.indexOf("snd_seq_device_load_drivers");
        assertTrue(at > 0);
        Files.delete(xz);
        Files.writeString(snapshots.resolve("005-after-load-snd_seq_device.modsyms"),
                text.replace("snd_seq_device_load_drivers", "renamed_by_the_test"), StandardCharsets.ISO_8859_1);
        SymbolArchive changed = open(cache);
        assertFalse(changed.fromIndex, "a changed archive is parsed again");
        assertTrue(names(changed).contains("renamed_by_the_test"));
        assertEquals(names(open(null)), names(changed));
        SymbolArchive again = open(cache);
        assertTrue(again.fromIndex, "the rebuilt index is used");
        assertEquals(names(changed), names(again));
    }

    @Test
    void aTouchedFileOfTheSameSizeMakesTheIndexStale() throws IOException {
        open(cache);
        Path p = modules.resolve("snd.ko.xz");
        Files.setLastModifiedTime(p, FileTime.fromMillis(Files.getLastModifiedTime(p).toMillis() + 2000));
        assertFalse(open(cache).fromIndex);
        assertTrue(open(cache).fromIndex);
    }

    @Test
    void aDamagedIndexIsIgnoredAndReplaced() throws IOException {
        String parsed = names(open(cache));
        Path idx = indexFile();
        byte[] b = Files.readAllBytes(idx);
        b[b.length / 2] ^= 0x40;
        Files.write(idx, b);
        SymbolArchive damaged = open(cache);
        assertFalse(damaged.fromIndex);
        assertEquals(parsed, names(damaged));
        assertTrue(open(cache).fromIndex, "a good index replaced the damaged one");

        Files.write(idx, java.util.Arrays.copyOf(b, b.length / 3));   // cut short
        SymbolArchive cut = open(cache);
        assertFalse(cut.fromIndex);
        assertEquals(parsed, names(cut));
    }

    @Test
    void anIndexWithAnImpossibleCountAndAMatchingChecksumIsIgnored() throws IOException {
        String parsed = names(open(cache));
        Path idx = indexFile();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(idx)).order(ByteOrder.LITTLE_ENDIAN);
        int fingerprint = b.getInt(12);
        b.putInt(16 + fingerprint + 4, Integer.MAX_VALUE);     // the string count: more than the file holds
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - 8);
        b.putLong(b.capacity() - 8, crc.getValue());
        Files.write(idx, b.array());
        SymbolArchive a = open(cache);
        assertFalse(a.fromIndex);
        assertEquals(parsed, names(a));
    }

    @Test
    void aCacheFolderThatCannotBeWrittenOnlyMeansNoIndex() throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Path unusable = file.resolve("tracesym");
        String parsed = names(open(null));
        SymbolArchive a = open(unusable);
        assertFalse(a.fromIndex);
        assertEquals(parsed, names(a));
        assertFalse(open(unusable).fromIndex);
        assertFalse(Files.isDirectory(unusable));
    }

    @Test
    void differentModuleFoldersHaveTheirOwnIndex() throws IOException {
        String with = names(open(cache));
        SymbolArchive without = SymbolArchive.open(snapshots, null, null, cache);
        assertFalse(without.fromIndex, "the index made with module files is not the one without");
        assertNotEquals(with, names(without));
        assertTrue(SymbolArchive.open(snapshots, null, null, cache).fromIndex);
        assertTrue(open(cache).fromIndex);
    }

    /** Rewrites the index's CRC-32 after a change, so only a consistency check can tell. */
    private static void writeWithCrc(Path idx, ByteBuffer b) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.capacity() - 8);
        b.putLong(b.capacity() - 8, crc.getValue());
        Files.write(idx, b.array());
    }

    /**
     * Issue 19's reproducer ({@code make-npe-archive-index.py}): the first listing's first name index
     * set to -1 (no name) with a valid CRC gave a NullPointerException on every run until the cache
     * was deleted. Now the listing is refused, the archive is read from its files, and the index is
     * rebuilt.
     */
    @Test
    void aCrcValidIndexWithANamelessSymbolIsRebuilt() throws IOException {
        String parsed = names(open(cache));
        Path idx = indexFile();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(idx)).order(ByteOrder.LITTLE_ENDIAN);
        int at = 16 + b.getInt(12) + 4;                 // payload: the string pool first
        int strings = b.getInt(at);
        long text = 0;
        for (int i = 0; i < strings; i++) {
            text += b.getInt(at + 4 + 4 * i);
        }
        at += 4 + 4 * strings + (int) text + 4;         // past the pool and the body length
        at += 4 + 4;                                    // entry count, the first entry's key
        at += 4;                                        // the listing's line count
        at += 4 + 8 * b.getInt(at);                     // addresses
        at += 1 + (b.get(at) != 0 ? 4 + 8 * b.getInt(at + 1) : 0);   // sizes
        at += 4 + b.getInt(at);                         // types
        int names = b.getInt(at);
        assertTrue(names > 1000, "the first listing's names: " + names);
        b.putInt(at + 4, -1);
        writeWithCrc(idx, b);
        SymbolArchive a = open(cache);
        assertFalse(a.fromIndex, "the inconsistent index is not used");
        assertEquals(parsed, names(a));
        assertTrue(open(cache).fromIndex, "a consistent index replaced it");
        assertEquals(parsed, names(open(cache)));
    }

    /** 0xff bytes over eight bytes anywhere in the body, CRC fixed: never an exception, the next run has a good index. */
    @Test
    void aCrcValidIndexDamagedAnywhereNeverStopsARun() throws IOException {
        open(cache);
        Path idx = indexFile();
        byte[] intact = Files.readAllBytes(idx);
        int body = 16 + ByteBuffer.wrap(intact).order(ByteOrder.LITTLE_ENDIAN).getInt(12) + 4;
        for (int k = 1; k <= 4; k++) {
            ByteBuffer b = ByteBuffer.wrap(intact.clone()).order(ByteOrder.LITTLE_ENDIAN);
            int at = body + (int) ((long) (intact.length - 8 - body - 8) * k / 5);
            for (int i = 0; i < 8; i++) {
                b.put(at + i, (byte) 0xff);
            }
            writeWithCrc(idx, b);
            open(cache);   // throws nothing: what the index cannot back up, the files give
        }
    }
}
