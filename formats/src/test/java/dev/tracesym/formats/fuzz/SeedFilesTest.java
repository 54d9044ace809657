package dev.tracesym.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed fuzz seeds are exactly what {@link FormatSeeds} makes from the samples, and the .dat ones are clean traces. */
class SeedFilesTest {
    @TempDir
    static Path tmp;

    @Test
    void committedSeedsAreTheGeneratedOnes() throws IOException {
        Map<String, byte[]> seeds = FormatSeeds.all(tmp);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            try (InputStream in = SeedFilesTest.class.getClassLoader().getResourceAsStream(e.getKey())) {
                assertTrue(in != null, "missing seed " + e.getKey() + ": run FormatSeeds.main");
                assertArrayEquals(e.getValue(), in.readAllBytes(), e.getKey() + " differs from the generator's: run FormatSeeds.main");
            }
            assertTrue(e.getValue().length < 16 * 1024, e.getKey() + " is " + e.getValue().length + " bytes: seeds stay small");
        }
    }

    @Test
    void datSeedsAreSmallCleanTracesWithEventsOnEveryCpu() throws IOException {
        for (String compression : new String[] {"v6", "none", "zlib", "zstd"}) {
            DatSeeds.Parts parts = DatSeeds.parts(SampleFiles.plain("events/events.v6.dat.xz", tmp), 300);
            byte[] b = compression.equals("v6") ? DatSeeds.v6(parts) : DatSeeds.v7(parts, compression);
            Path p = tmp.resolve("seed-" + compression + ".dat");
            java.nio.file.Files.write(p, b);
            try (DatFile f = DatFile.open(p)) {
                assertEquals(compression.equals("v6") ? "none" : compression, f.compression());
                assertEquals(2, f.buffers().size(), "top level and instance foo");
                assertEquals("foo", f.buffers().get(1).name());
                assertEquals("mono", f.traceClock());
                assertEquals(java.util.List.of(), f.warnings());
            }
            assertEquals(parts.records, DatFileFuzzTest.readAll(p), compression);
            assertTrue(parts.records >= 20, "records " + parts.records);
        }
    }
}
