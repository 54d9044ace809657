package dev.tracesym.formats.text;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository's {@code samples/data} folder from the module's working directory. */
public final class SampleFiles {
    private SampleFiles() {}

    public static Path dataDir() {
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

    public static Path file(String relative) {
        Path f = dataDir().resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("missing sample " + f);
        }
        return f;
    }
}
