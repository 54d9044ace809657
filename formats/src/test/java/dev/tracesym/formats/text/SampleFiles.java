package dev.tracesym.formats.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tukaani.xz.XZInputStream;

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

    private static final java.util.Map<String, byte[]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** The decompressed content of a sample, read once per test run. */
    public static byte[] bytes(String relative) {
        return CACHE.computeIfAbsent(relative, r -> {
            try (java.io.InputStream in = dev.tracesym.input.InputFile.open(file(r))) {
                return in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** A reader over a sample's cached content. */
    public static TextTraceReader reader(String relative, WarningSink warnings) throws java.io.IOException {
        return TextTraceReader.open(new java.io.ByteArrayInputStream(bytes(relative)), relative, warnings);
    }

    /** A sample as a plain file: kept files are used in place, {@code .xz} ones are decompressed into {@code tmp}. */
    public static Path plain(String relative, Path tmp) throws java.io.IOException {
        Path p = dataDir().resolve(relative);
        if (!relative.endsWith(".xz")) {
            return p;
        }
        Path out = tmp.resolve(p.getFileName().toString().replaceFirst("\\.xz$", ""));
        if (!Files.exists(out)) {
            try (java.io.InputStream in = new XZInputStream(Files.newInputStream(p))) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return out;
    }

    public static Path file(String relative) {
        Path f = dataDir().resolve(relative);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("missing sample " + f);
        }
        return f;
    }
}
