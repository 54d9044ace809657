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
}
