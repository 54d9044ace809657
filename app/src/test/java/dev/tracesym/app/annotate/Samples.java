package dev.tracesym.app.annotate;

import dev.tracesym.input.InputFile;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The repository's sample data, found by walking up from the module directory; decompressed once per run. */
final class Samples {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Samples() {}

    static Path file(String relative) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path f = p.resolve("samples").resolve("data").resolve(relative);
            if (Files.isDirectory(p.resolve("samples").resolve("data"))) {
                if (!Files.isRegularFile(f)) {
                    throw new IllegalStateException("missing sample " + f);
                }
                return f;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    static byte[] bytes(String relative) {
        return CACHE.computeIfAbsent(relative, r -> {
            try (InputStream in = InputFile.open(file(r))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static TextTraceReader reader(String relative) throws IOException {
        return TextTraceReader.open(new ByteArrayInputStream(bytes(relative)), relative, WarningSink.IGNORE);
    }

    /** Every text sample the annotator is tested on. */
    static final String[] TEXTS = {
        "text/reuse-042-final.trace.xz", "text/events-009-final.trace.xz", "text/funcgraph-004-final.trace.xz",
        "reuse/reuse.report.txt.xz", "reuse/reuse.report-N-t.txt.xz", "text/reuse.report-l.txt.xz",
        "events/events.report.txt.xz", "events/events.report-N-t.txt.xz", "text/events.report-R.txt.xz",
        "text/events.report-l.txt.xz", "funcgraph/funcgraph.report.txt.xz", "funcgraph/funcgraph.report-N-t.txt.xz",
        "text/perf-script.txt.xz", "text/perf-script-ipsym.txt.xz",
    };
}
