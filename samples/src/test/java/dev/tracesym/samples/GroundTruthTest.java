package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tracesym.app.annotate.TextPipeline;
import dev.tracesym.app.pipeline.AnnotatePipeline;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>Every comparison matches: the checker counts 0 mismatches on every sample, with no row excused.
 */
class GroundTruthTest {
    private static final String MODULES = "modules-6.1.0-56-amd64";

    @TempDir
    static Path temp;

    @ParameterizedTest(name = "reuse.{0}")
    @ValueSource(strings = {"v7-zstd.dat", "v6.dat.xz"})
    void reuseMatchesTheKernelsNames(String variant) throws IOException {
        GroundTruthScore s = score("reuse", variant, MODULES);
        assertTrue(s.compared() > 24_000, s.summary());
        assertNoMismatch(s);
    }

    @ParameterizedTest(name = "events.{0}")
    @ValueSource(strings = {"v7-zstd.dat", "v7-zlib.dat", "v6.dat.xz"})
    void eventsMatchTheKernelsNames(String variant) throws IOException {
        GroundTruthScore s = score("events", variant, MODULES);
        assertTrue(s.compared() > 11_000, s.summary());
        assertNoMismatch(s);
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
        assertNoMismatch(s);
    }

    @Test
    void builtin612NamesMatchTheKernels() throws IOException {
        GroundTruthScore s = score("builtin-6.12", "v7-zstd.dat", "builtin-6.12/modules");
        assertTrue(s.compared() > 60_000, s.summary());
        assertNoMismatch(s);
    }

    /**
     * kallmodsyms-6.12 (a kernel with /proc/kallmodsyms, its archive made of the kallmodsyms
     * copies), scored as tools/check-groundtruth.py scores it with both ground truths: with the
     * build files beside the archive nothing differs.
     */
    @Test
    void kallmodsyms612WithTheBuildFilesMatchesBothGroundTruths() throws IOException {
        Path d = data().resolve("kallmodsyms-6.12");
        GroundTruthScore s = GroundTruthScore.of(d, jsonl(d.resolve("builtin.v7-zstd.dat"), d.resolve("kallmodsyms"),
                d.resolve("modules")), true);
        assertTrue(s.compared() > 89_000, s.summary());
        assertEquals(List.of(), s.misses.stream().limit(20).map(Object::toString).toList(), s.summary());
    }

    /**
     * The same archive alone (copied away from the build files): every name, offset, size and
     * module of groundtruth.tsv, and every built-in row's module(s), as the kernel printed them;
     * the only rows that differ are built-in rows without an object, and each is a function whose
     * /proc/kallmodsyms line has no {object}: kallmodsyms names objects only where a name needs
     * one (docs/ACCURACY.md), and nothing else in the archive says them.
     */
    @Test
    void kallmodsyms612AloneMissesOnlyObjectsTheTableDoesNotPrint() throws IOException {
        Path d = data().resolve("kallmodsyms-6.12");
        Path alone = temp.resolve("kallmodsyms-alone");
        Files.createDirectories(alone);
        try (var files = Files.list(d.resolve("kallmodsyms"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.copy(p, alone.resolve(p.getFileName()));
            }
        }
        GroundTruthScore s = GroundTruthScore.of(d, jsonl(d.resolve("builtin.v7-zstd.dat"), alone, d.resolve("modules")), true);
        KallsymsListing table = KallsymsParser.parse(TextSource.read(alone.resolve("001-start.kallsyms.xz")), new Names());
        Set<String> printed = new HashSet<>();
        for (int i = 0; i < table.count(); i++) {
            if (table.object(i) != null) {
                printed.add(table.address(i) + " " + table.name(i));
            }
        }
        List<String> unexplained = new ArrayList<>();
        for (GroundTruthScore.Miss m : s.misses) {
            JsonNode sym = m.symbol();
            boolean noObject = m.source.equals("builtin") && sym != null && sym.path("builtin").asBoolean(false)
                    && !sym.hasNonNull("object") && m.expectedName.startsWith(sym.path("name").asText() + " {")
                    && modulesOf(sym).equals(sorted(m.expectedModule))
                    && !printed.contains((Long.parseUnsignedLong(sym.get("addr").asText().substring(2), 16)
                            - sym.get("off").asLong()) + " " + sym.get("name").asText());
            if (!noObject) {
                unexplained.add(m.toString());
            }
        }
        assertEquals(List.of(), unexplained.stream().limit(20).toList(), s.summary());
        assertTrue(s.compared() > 89_000 && s.mismatches() > 0 && s.mismatches() < s.compared() / 4, s.summary());
    }

    private static List<String> modulesOf(JsonNode sym) {
        List<String> mods = new ArrayList<>();
        if (sym.has("modules")) {
            sym.get("modules").forEach(m -> mods.add(m.asText()));
        } else if (sym.hasNonNull("module")) {
            mods.add(sym.get("module").asText());
        }
        mods.sort(null);
        return mods;
    }

    private static List<String> sorted(String spaceSeparated) {
        List<String> l = new ArrayList<>(List.of(spaceSeparated.split(" ")));
        l.sort(null);
        return l;
    }

    private static byte[] jsonl(Path dat, Path archive, Path modules) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(dat.toString(), false, false, ReportPipeline.Format.JSONL,
                SymbolSource.archive(archive, modules), false), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
        assertEquals(Outcome.OK, r);
        return out.toByteArray();
    }

    /** The reuse sample's final kernel text, re-annotated: the text is stale for modules unloaded later, tracesym is not. */
    @Test
    void reuseTextReannotatedMatchesTheKernelsNames() throws IOException {
        Path archive = data().resolve("reuse/snapshots");
        byte[] jsonl = annotate(data().resolve("text/reuse-042-final.trace.xz"), archive, data().resolve(MODULES));
        GroundTruthScore s = GroundTruthScore.of(data().resolve("reuse"), jsonl, false);
        assertTrue(s.compared() > 24_000, s.summary());
        assertNoMismatch(s);
    }

    /** The checker's "mismatches: 0 of N", showing the first failing rows otherwise. */
    private static void assertNoMismatch(GroundTruthScore s) {
        assertEquals(List.of(), s.misses.stream().limit(20).map(Object::toString).toList(), s.summary());
        assertEquals(0, s.mismatches(), s.summary());
    }

    // ---------------------------------------------------------------- running tracesym

    private static GroundTruthScore score(String sample, String variant, String modules) throws IOException {
        Path dat = trace(sample, variant);
        return GroundTruthScore.of(data().resolve(sample), jsonl(dat, data().resolve(sample).resolve("snapshots"),
                data().resolve(modules)), false);
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
