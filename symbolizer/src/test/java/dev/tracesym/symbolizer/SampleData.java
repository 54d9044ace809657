package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.source.TextSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's {@code samples/data} folder from the module's working directory (for the tests of every package here). */
public final class SampleData {
    private SampleData() {}

    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    /** {@code samples/data/first/more...}. */
    public static Path path(String first, String... more) {
        return dir().resolve(Path.of(first, more));
    }

    /** Text of a sample file given without its compression suffix. */
    static String text(String first, String... more) throws IOException {
        Path base = path(first, more);
        Path p = TextSource.findVariant(base);
        if (p == null) {
            throw new IOException("missing sample file " + base + "[.xz|.gz|.zst]");
        }
        return TextSource.read(p).text();
    }
}
