package dev.tracesym.symbolizer.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed fuzz seeds are exactly what {@link SymbolSeeds} cuts from the samples. */
class SeedFilesTest {
    @Test
    void committedSeedsAreTheGeneratedOnes() throws IOException {
        for (Map.Entry<String, byte[]> e : SymbolSeeds.all().entrySet()) {
            try (InputStream in = SeedFilesTest.class.getClassLoader().getResourceAsStream(e.getKey())) {
                assertTrue(in != null, "missing seed " + e.getKey() + ": run SymbolSeeds.main");
                assertArrayEquals(e.getValue(), in.readAllBytes(), e.getKey() + " differs from the generator's: run SymbolSeeds.main");
            }
            assertTrue(e.getValue().length > 100 && e.getValue().length < 16 * 1024, e.getKey() + ": " + e.getValue().length + " bytes");
        }
    }

    /** The archive seed is a real, usable archive: the fuzzer starts from inputs that open. */
    @Test
    void theArchiveSeedOpensAndNamesSoundcoreAfterItsLoad(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path archive = dir.resolve("snapshots");
        ArchiveBundle.write(SymbolSeeds.smallArchive(), archive);
        dev.tracesym.symbolizer.TimeAwareSymbolizer s = CacheFolder.with(null,
                () -> dev.tracesym.symbolizer.TimeAwareSymbolizer.open(archive, null));
        dev.tracesym.symbolizer.Resolution r = new dev.tracesym.symbolizer.Resolution();
        s.marker(1_000_000_000L, "epoch: 001 start");
        s.marker(2_000_000_000L, "epoch: 002 after-load-soundcore");
        assertTrue(s.resolve(2_000_000_001L, 0xffffffffc02be000L + 0x10, r), "an address in soundcore after its load");
        assertTrue(r.appendTo(new StringBuilder()).toString().contains("[soundcore]"), r.appendTo(new StringBuilder()).toString());
    }
}
