package dev.tracesym.formats.fuzz;

import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed inputs of this module's fuzz targets, all made from the real samples. They are
 * committed under {@code src/test/resources/dev/tracesym/formats/fuzz/<Target>Inputs/<method>/}
 * (Jazzer's layout) so that {@code mvn verify} replays them; {@link SeedFilesTest} checks they are
 * what this generator makes. Regenerate with {@code main} (argument: the module folder).
 */
final class FormatSeeds {
    private FormatSeeds() {}

    /** Seed file path (relative to the resources folder) to content. */
    static Map<String, byte[]> all(Path tmp) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String dat = "dev/tracesym/formats/fuzz/DatFileFuzzTestInputs/datFile/";
        DatSeeds.Parts events = DatSeeds.parts(SampleFiles.plain("events/events.v6.dat.xz", tmp), 300);
        DatSeeds.Parts reuse = DatSeeds.parts(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp), 700);
        out.put(dat + "seed-events.v6.dat", DatSeeds.v6(events));
        out.put(dat + "seed-reuse.v6.dat", DatSeeds.v6(reuse));
        out.put(dat + "seed-events.v7.dat", DatSeeds.v7(events, "none"));
        out.put(dat + "seed-reuse.v7-zstd.dat", DatSeeds.v7(reuse, "zstd"));
        out.put(dat + "seed-events.v7-zlib.dat", DatSeeds.v7(events, "zlib"));
        // found by hand, kept for the fuzzer to start from: print widths of two billion columns
        out.put(dat + "regress-print-widths.v6.dat",
                DatSeeds.v6(DatSeeds.withPrintFmt(DatSeeds.parts(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp), 300),
                        DatSeeds.HUGE_WIDTHS)));
        String text = "dev/tracesym/formats/fuzz/TextTraceReaderFuzzTestInputs/";
        out.put(text + "ftraceText/seed-events.trace", head("text/events-009-final.trace.xz", 40));
        out.put(text + "ftraceText/seed-funcgraph.trace", head("text/funcgraph-004-final.trace.xz", 40));
        out.put(text + "traceCmdText/seed-events.report", head("events/events.report.txt.xz", 40));
        out.put(text + "traceCmdText/seed-events.report-l", head("text/events.report-l.txt.xz", 30));
        out.put(text + "traceCmdText/seed-funcgraph.report", head("funcgraph/funcgraph.report.txt.xz", 40));
        out.put(text + "perfScriptText/seed-perf-script.txt", head("text/perf-script.txt.xz", 40));
        out.put(text + "perfScriptText/seed-perf-script-ipsym.txt", head("text/perf-script-ipsym.txt.xz", 30));
        return out;
    }

    private static byte[] head(String sample, int lines) throws IOException {
        return FuzzSamples.head(sample, lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Writes the seeds into {@code <module>/src/test/resources}. */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : ".").resolve("src/test/resources");
        Path tmp = Files.createTempDirectory("tracesym-seeds-");
        for (Map.Entry<String, byte[]> e : all(tmp).entrySet()) {
            Path p = resources.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            System.out.println(p + " " + e.getValue().length);
        }
    }
}
