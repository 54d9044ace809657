package dev.tracesym.symbolizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for a whole symbol archive folder: the bytes are an {@link ArchiveBundle} (manifest,
 * kallsyms, module-only listings, {@code /proc/modules} copies, section listings, plain or
 * compressed), written to a folder and opened as {@code --archive} opens it, without a compiled
 * index; then the trace's own markers and module events move it through its snapshots and
 * addresses are looked up. It opens, or fails with a {@link SymbolSourceException} located in one of
 * its files (or naming the folder). Seed: a small real archive cut from the {@code reuse} sample
 * ({@code SymbolArchiveFuzzTestInputs/archive/}).
 */
class SymbolArchiveFuzzTest {
    private static Path dir;

    static Path dir() {
        if (dir == null) {
            try {
                dir = Files.createTempDirectory("tracesym-fuzz-archive-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    @FuzzTest(maxDuration = "5m")
    void archive(byte[] bundle) throws IOException {
        Path d = dir().resolve("snapshots");
        ArchiveBundle.write(bundle, d);
        try {
            TimeAwareSymbolizer s = CacheFolder.with(null, () -> TimeAwareSymbolizer.open(d, null));
            exercise(s);
        } catch (SymbolSourceException e) {
            String src = e.source();
            if (src == null || !src.startsWith(d.toString())) {
                throw new AssertionError("an archive error that names no file of the archive: " + e.getMessage(), e);
            }
            FuzzChecks.located(e, src);
        }
    }

    /** Markers and module events as a trace gives them, then lookups at several times. */
    static void exercise(TimeAwareSymbolizer s) {
        Resolution r = new Resolution();
        long[] addresses = {0xffffffff81000000L, 0xffffffffc02be000L, 0xffffffffc02be010L, 0xffffffffc0000000L, -1L, 0};
        for (int epoch = 1; epoch <= 4; epoch++) {
            long ts = epoch * 1_000_000_000L;
            s.marker(ts, String.format("epoch: %03d step", epoch));
            s.moduleLoad(ts + 1, "soundcore");
            s.moduleInitDone(ts + 2, "soundcore");
            for (long a : addresses) {
                s.resolve(ts + 3, a, r);
                r.appendTo(new StringBuilder());
            }
            s.moduleFree(ts + 4, "soundcore");
        }
    }
}
