package dev.tracesym.symbolizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzz target for the compiled archive index: the bytes are its payload, put in a frame with the
 * right fingerprint and CRC-32 ({@link IndexLayout}) for a small real archive whose files are
 * intact, so only the index's own consistency checks stand between the bytes and the tables.
 * Whatever the payload, the archive opens (an index that proves wrong is dropped and the files
 * read) and answers lookups: any exception is a finding. Seed: the index the archive's first open
 * writes ({@code ArchiveIndexFuzzTestInputs/index/}).
 */
class ArchiveIndexFuzzTest {
    private static Path archive;
    private static Path cache;
    private static byte[] intact;

    private static void setUp() throws IOException {
        if (archive != null) {
            return;
        }
        Path d = Files.createTempDirectory("tracesym-fuzz-index-");
        archive = d.resolve("snapshots");
        cache = d.resolve("cache");
        ArchiveBundle.write(SymbolSeeds.smallArchive(), archive);
        CacheFolder.with(cache, () -> TimeAwareSymbolizer.open(archive, null));
        intact = Files.readAllBytes(indexFile());
    }

    private static Path indexFile() throws IOException {
        try (var files = Files.list(cache.resolve("archives"))) {
            List<Path> l = files.filter(p -> p.getFileName().toString().endsWith(".idx")).toList();
            if (l.size() != 1) {
                throw new IllegalStateException("expected one index in " + cache + ": " + l);
            }
            return l.get(0);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void index(byte[] payload) {
        try {
            setUp();
            Files.write(indexFile(), IndexLayout.withPayload(intact, payload));
            SymbolArchiveFuzzTest.exercise(CacheFolder.with(cache, () -> TimeAwareSymbolizer.open(archive, null)));
        } catch (IOException e) {
            throw new UncheckedIOException("an intact archive did not open past its index", e);
        }
    }
}
