package dev.tracesym.formats.fuzz;

import dev.tracesym.formats.text.SampleFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tukaani.xz.XZInputStream;

/** Text from the real samples under {@code samples/data} ({@link SampleFiles}), as seeds. */
final class FuzzSamples {
    private FuzzSamples() {}

    /** The first {@code n} lines of a text sample (xz or plain), each ending in a newline. */
    static String head(String relative, int n) throws IOException {
        Path p = SampleFiles.dataDir().resolve(relative);
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
