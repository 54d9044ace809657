package dev.tracesym.symbolizer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Sample files under the repository's samples/data. */
final class Samples {
    private Samples() {}

    static Path path(String... p) {
        Path d = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(d.resolve("samples/data"))) {
            d = d.getParent();
        }
        return d.resolve("samples/data").resolve(Path.of("", p));
    }

    static TextSource read(String... p) throws IOException {
        return TextSource.read(path(p));
    }
}
