package dev.tracesym.symbolizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The samples' archives and ground truths, read once per test JVM (both are immutable). */
final class Archives {
    private static final Map<String, SymbolArchive> ARCHIVES = new HashMap<>();
    private static final Map<String, GroundTruth> TRUTHS = new HashMap<>();

    private Archives() {}

    /** A fresh symbolizer over a sample's archive: reuse, events, builtin-6.12. */
    static synchronized TimeAwareSymbolizer symbolizer(String sample) throws IOException {
        SymbolArchive a = ARCHIVES.get(sample);
        if (a == null) {
            a = sample.equals("builtin-6.12")
                    ? SymbolArchive.open(SampleData.path(sample, "snapshots"), SampleData.path(sample, "modules"))
                    : SymbolArchive.open(SampleData.path(sample, "snapshots"), SampleData.path("modules-6.1.0-56-amd64"));
            ARCHIVES.put(sample, a);
        }
        return TimeAwareSymbolizer.over(a);
    }

    static synchronized GroundTruth truth(String sample) {
        return TRUTHS.computeIfAbsent(sample, s -> {
            try {
                return GroundTruth.load(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
