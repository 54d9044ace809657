package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SampleData;
import java.io.IOException;
import java.nio.file.Path;

/** Sample files under the repository's samples/data ({@link SampleData}). */
final class Samples {
    private Samples() {}

    static Path path(String... p) {
        return SampleData.dir().resolve(Path.of("", p));
    }

    static TextSource read(String... p) throws IOException {
        return TextSource.read(path(p));
    }
}
