package dev.tracesym.formats.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.tukaani.xz.XZInputStream;

/** The real samples under {@code samples/data}, decompressed on demand into a temporary folder. */
final class FuzzSamples {
    private FuzzSamples() {}

    /** The {@code samples/data} folder, found by walking up from the working directory. */
    static Path dataDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    /** A sample as a plain file: kept files are used in place, {@code .xz} ones are decompressed into {@code tmp}. */
    static Path file(String relative, Path tmp) throws IOException {
        Path p = dataDir().resolve(relative);
        if (!relative.endsWith(".xz")) {
            return p;
        }
        Path out = tmp.resolve(p.getFileName().toString().replaceFirst("\\.xz$", ""));
        if (!Files.exists(out)) {
            try (InputStream in = new XZInputStream(Files.newInputStream(p))) {
                Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return out;
    }

    /** The first {@code n} lines of a text sample (xz or plain), each ending in a newline. */
    static String head(String relative, int n) throws IOException {
        Path p = dataDir().resolve(relative);
        InputStream raw = Files.newInputStream(p);
        InputStream in = relative.endsWith(".xz") ? new XZInputStream(raw) : raw;
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            String line;
            for (int i = 0; i < n && (line = r.readLine()) != null; i++) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
