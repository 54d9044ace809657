package dev.tracesym.symbolizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.SymbolSourceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for a symbol file as {@code --symbols} reads it: any bytes in a file (plain, or xz,
 * gzip, zstd, bzip2 by their magic) give a symbolizer whose tables answer lookups, or a located
 * {@link SymbolSourceException} (not a file, compressed data broken or over the budget, over the
 * memory limit, a malformed line, no symbols). The tables built from a parsed listing are fuzzed
 * through it too. Seeds: real kallsyms lines, plain and in each compression
 * ({@code SymbolFileFuzzTestInputs/symbolFile/}).
 */
class SymbolFileFuzzTest {
    private static Path file;

    private static Path file() {
        if (file == null) {
            try {
                file = Files.createTempDirectory("tracesym-fuzz-").resolve("fuzz.kallsyms");
                file.getParent().toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    @FuzzTest(maxDuration = "5m")
    void symbolFile(byte[] data) throws IOException {
        Path f = file();
        Files.write(f, data);
        try {
            StaticSymbolizer s = StaticSymbolizer.open(f);
            Resolution r = new Resolution();
            // addresses from the input itself (so the fuzzer can aim at its own symbols), and fixed ones
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
            for (int i = 0; i + 8 <= data.length && i < 8 * 64; i += 8) {
                s.resolve(0, b.getLong(i), r);
            }
            for (long a : new long[] {0, 1, 0xffffffff81000000L, 0xffffffffc0000000L, -1L, Long.MIN_VALUE}) {
                s.resolve(0, a, r);
                r.appendTo(new StringBuilder());
            }
        } catch (SymbolSourceException expected) {
            FuzzChecks.located(expected, f.toString());
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
