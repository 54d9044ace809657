package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracesym.app.annotate.TextPipeline;
import dev.tracesym.app.pipeline.AnnotatePipeline;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.XZInputStream;

/**
 * {@code tracesym report --format jsonl --archive SAMPLE/snapshots --modules MODULES FILE.dat}, scored
 * against the kernel's own names exactly as {@code tools/check-groundtruth.py} scores it
 * ({@link GroundTruthScore}), for every kept file variant of the reuse and events samples (x86-64,
 * arm64, and events of a big-endian s390x), the names of builtin-6.12, and the reuse sample's text re-annotated with {@code tracesym annotate}.
 *
 * <p>Every comparison matches except rows that are not the kernel's answer at the event's time (see
 * docs/ACCURACY.md); each one is recognised by what it is, not listed, and their number is asserted:
 * <ul>
 * <li>{@link Why#HARNESS_ALIAS}: inside an rmmod window the harness named addresses from a kallsyms
 * snapshot, picking the alphabetically last of two names at one address ({@code cleanup_module});
 * the kernel picks the first of the module's symbol table ({@code alsa_seq_exit}), as tracesym does.</li>
 * <li>{@link Why#PRINTED_AFTER_UNLOAD}: the kernel printed the line after the module was unloaded and so
 * could give only the bare address, or the name of the module loaded there since; tracesym names the
 * module's function that was there at the event's time.</li>
 * </ul>
 */
class GroundTruthTest {
    /** Why a ground-truth row cannot match. */
    enum Why { HARNESS_ALIAS, PRINTED_AFTER_UNLOAD }

    private static final String MODULES = "modules-6.1.0-56-amd64";

    @TempDir
    static Path temp;

    @ParameterizedTest(name = "reuse.{0}")
    @ValueSource(strings = {"v7-zstd.dat", "v6.dat.xz"})
    void reuseMatchesTheKernelsNames(String variant) throws IOException {
        GroundTruthScore s = score("reuse", variant, MODULES);
        Map<Why, Integer> why = explain(s, "reuse", MODULES);
        assertTrue(s.compared() > 24_000, s.summary());
        assertEquals(Map.of(Why.HARNESS_ALIAS, 10, Why.PRINTED_AFTER_UNLOAD, 1), why, s.summary());
        assertEquals(11, s.mismatches(), "the checker's count, all of them explained: " + s.summary());
    }

    @ParameterizedTest(name = "events.{0}")
    @ValueSource(strings = {"v7-zstd.dat", "v7-zlib.dat", "v6.dat.xz"})
    void eventsMatchTheKernelsNames(String variant) throws IOException {
        GroundTruthScore s = score("events", variant, MODULES);
        Map<Why, Integer> why = explain(s, "events", MODULES);
        assertTrue(s.compared() > 11_000, s.summary());
        assertEquals(Map.of(Why.PRINTED_AFTER_UNLOAD, 1), why, s.summary());
        assertEquals(1, s.mismatches(), "the checker's count, all of them explained: " + s.summary());
    }

    /**
     * Other architectures, every name the kernel's: arm64 (Debian 6.1, KASLR; modules below the kernel
     * image, ARM mapping symbols in kallsyms, module PLTs at the end of the modules' code) and s390x (a
     * big-endian trace, modules above the image).
     */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({
        "reuse-arm64, v7-zstd.dat, modules-6.1.0-56-arm64, 24000",
        "reuse-arm64, v6.dat.xz, modules-6.1.0-56-arm64, 24000",
        "events-arm64, v7-zstd.dat, modules-6.1.0-56-arm64, 30000",
        "events-arm64, v6.dat.xz, modules-6.1.0-56-arm64, 30000",
        "events-s390x, v7-zstd.dat, modules-6.1.0-50-s390x, 12000",
    })
    void otherArchitecturesMatchTheKernelsNames(String sample, String variant, String modules, int atLeast) throws IOException {
        GroundTruthScore s = score(sample, variant, modules);
        assertTrue(s.compared() > atLeast, s.summary());
        assertEquals(List.of(), s.misses.stream().limit(20).map(Object::toString).toList(), s.summary());
        assertEquals(0, s.mismatches(), s.summary());
    }

    @Test
    void builtin612NamesMatchTheKernels() throws IOException {
        GroundTruthScore s = score("builtin-6.12", "v7-zstd.dat", "builtin-6.12/modules");
        assertTrue(s.compared() > 60_000, s.summary());
        assertEquals(List.of(), s.misses.stream().limit(20).map(Object::toString).toList(), s.summary());
    }

    /** The reuse sample's final kernel text, re-annotated: the text is stale for modules unloaded later, tracesym is not. */
    @Test
    void reuseTextReannotatedMatchesTheKernelsNames() throws IOException {
        Path archive = data().resolve("reuse/snapshots");
        byte[] jsonl = annotate(data().resolve("text/reuse-042-final.trace.xz"), archive, data().resolve(MODULES));
        GroundTruthScore s = GroundTruthScore.of(data().resolve("reuse"), jsonl, false);
        Map<Why, Integer> why = explain(s, "reuse", MODULES);
        // the text cannot say bprint or bputs, so its printk lines are "print", as the ground truth calls them
        assertEquals(Map.of(Why.HARNESS_ALIAS, 10, Why.PRINTED_AFTER_UNLOAD, 1), why, s.summary());
        assertEquals(11, s.mismatches(), s.summary());
    }

    /** Sorts every failing comparison into a {@link Why}; fails on one that is none of them. */
    private static Map<Why, Integer> explain(GroundTruthScore s, String sample, String modules) throws IOException {
        Map<Why, Integer> count = new EnumMap<>(Why.class);
        List<String> unexplained = new ArrayList<>();
        TimeAwareSymbolizer archive = null;
        for (GroundTruthScore.Miss m : s.misses) {
            Why w;
            if (m.field == null) {
                w = null;
            } else if (m.source.startsWith("kallsyms:")) {
                if (archive == null) {
                    archive = TimeAwareSymbolizer.open(data().resolve(sample).resolve("snapshots"), data().resolve(modules));
                }
                w = harnessAlias(m, archive) ? Why.HARNESS_ALIAS : null;
            } else {
                if (archive == null) {
                    archive = TimeAwareSymbolizer.open(data().resolve(sample).resolve("snapshots"), data().resolve(modules));
                }
                w = printedAfterUnload(m, archive) ? Why.PRINTED_AFTER_UNLOAD : null;
            }
            if (w == null) {
                unexplained.add(m.toString());
            } else {
                count.merge(w, 1, Integer::sum);
            }
        }
        assertEquals(List.of(), unexplained.stream().limit(30).toList(), sample + ": unexplained mismatches, " + s.summary());
        return count;
    }

    /**
     * The harness's name and tracesym's are two names of one address of the same module in the snapshot
     * the harness read, and tracesym's is the first of them in the module's symbol table (the kernel's
     * choice); offset and module agree.
     */
    private static boolean harnessAlias(GroundTruthScore.Miss m, TimeAwareSymbolizer archive) {
        JsonNode sym = m.symbol();
        if (sym == null || !sym.has("name") || !sym.path("module").asText("").equals(m.expectedModule)) {
            return false;
        }
        int snapshot = archive.snapshotIndex(Integer.parseInt(m.source.substring("kallsyms:".length())));
        ModuleSymbols table = snapshot < 0 ? null : archive.snapshotState(snapshot).module(m.expectedModule);
        if (table == null) {
            return false;
        }
        long start = Long.parseUnsignedLong(sym.get("addr").asText().substring(2), 16) - sym.get("off").asLong();
        int ours = -1;
        int theirs = -1;
        for (int i = 0; i < table.symbolCount(); i++) {
            if (table.symbolAddress(i) != start) {
                continue;
            }
            if (ours < 0 && table.symbolName(i).equals(sym.get("name").asText())) {
                ours = i;
            }
            if (theirs < 0 && table.symbolName(i).equals(m.expectedName)) {
                theirs = i;
            }
        }
        return ours >= 0 && theirs > ours;
    }

    /**
     * The kernel printed the line from a text copy read when the module tracesym names was no longer loaded
     * (absent from the snapshot of that copy): as a bare address, or by the name of the module loaded there
     * since (in that snapshot the kernel's name's module holds the address).
     */
    private static boolean printedAfterUnload(GroundTruthScore.Miss m, TimeAwareSymbolizer archive) {
        JsonNode sym = m.symbol();
        if (sym == null || !sym.has("name") || !m.source.startsWith("kernel-text:") || sym.path("module").asText("").isEmpty()) {
            return false;
        }
        int snapshot = archive.snapshotIndex(Integer.parseInt(m.source.substring("kernel-text:".length())));
        if (snapshot < 0 || archive.snapshotState(snapshot).module(sym.get("module").asText()) != null) {
            return false;
        }
        if (m.expectedName.startsWith("0x")) {
            return m.expectedName.equals(sym.path("addr").asText());
        }
        ModuleSymbols later = archive.snapshotState(snapshot).module(m.expectedModule);
        return later != null && later.contains(Long.parseUnsignedLong(sym.get("addr").asText().substring(2), 16));
    }

    // ---------------------------------------------------------------- running tracesym

    private static GroundTruthScore score(String sample, String variant, String modules) throws IOException {
        Path dat = trace(sample, variant);
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(dat.toString(), false, false, ReportPipeline.Format.JSONL,
                SymbolSource.archive(data().resolve(sample).resolve("snapshots"), data().resolve(modules)), false), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
        assertEquals(Outcome.OK, r);
        return GroundTruthScore.of(data().resolve(sample), out.toByteArray(), false);
    }

    private static byte[] annotate(Path text, Path archive, Path modules) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome code = AnnotatePipeline.run(new AnnotatePipeline.Request(text.toString(), TextPipeline.Output.JSONL,
                SymbolSource.archive(archive, modules), false), InputStream.nullInputStream(), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
        assertEquals(Outcome.OK, code);
        return out.toByteArray();
    }

    private static Path trace(String sample, String variant) throws IOException {
        String base = IdenticalReportTest.baseName(sample);
        Path p = data().resolve(sample).resolve(base + "." + variant);
        if (!variant.endsWith(".xz")) {
            return p;
        }
        Path plain = temp.resolve(sample + "." + variant.substring(0, variant.length() - 3));
        if (!Files.exists(plain)) {
            try (InputStream in = new XZInputStream(Files.newInputStream(p))) {
                Files.copy(in, plain);
            }
        }
        return plain;
    }

    static Path data() {
        return IdenticalReportTest.dataDir();
    }
}
