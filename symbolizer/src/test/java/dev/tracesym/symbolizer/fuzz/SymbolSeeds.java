package dev.tracesym.symbolizer.fuzz;

import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The seed inputs of this module's fuzz targets, all cut from the real samples. Committed under
 * {@code src/test/resources/dev/tracesym/symbolizer/fuzz/<Target>Inputs/<method>/} (Jazzer's
 * layout) so that {@code mvn verify} replays them; {@link SeedFilesTest} checks they are what this
 * generator makes. Regenerate with {@code main} (argument: the module folder).
 */
final class SymbolSeeds {
    private SymbolSeeds() {}

    static Map<String, byte[]> all() throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        String root = "dev/tracesym/symbolizer/fuzz/";
        String ks = root + "KallsymsParserFuzzTestInputs/kallsyms/";
        out.put(ks + "seed-reuse.kallsyms", SymbolSamples.lines("reuse/snapshots/001-start.kallsyms.xz", 30, "\t[", 12));
        out.put(ks + "seed-reuse.modsyms", SymbolSamples.lines("reuse/snapshots/002-after-load-soundcore.modsyms.xz", 30, "", 0));
        out.put(ks + "seed-builtin.kallsyms", SymbolSamples.lines("builtin-6.12/snapshots/001-start.kallsyms.xz", 20, "[__builtin", 6));
        out.put(ks + "seed-System.map", SymbolSamples.lines("builtin-6.12/System.map.gz", 40, "", 0));
        String proc = root + "ProcFilesFuzzTestInputs/";
        out.put(proc + "procModules/seed-reuse.modules", SymbolSamples.bytes("reuse/snapshots/042-final.modules"));
        out.put(proc + "moduleSections/seed-reuse.sections",
                SymbolSamples.lines("reuse/snapshots/005-after-load-snd_seq_device.sections", 60, "", 0));
        out.put(proc + "builtinRanges/seed-builtin.ranges", SymbolSamples.lines("builtin-6.12/modules.builtin.ranges", 40, " = ", 8));
        out.put(root + "ElfModuleFuzzTestInputs/elfModule/seed-crc7.ko", SymbolSamples.bytes("modules-6.1.0-56-amd64/crc7.ko.xz"));
        String file = root + "SymbolFileFuzzTestInputs/symbolFile/";
        byte[] kallsyms = out.get(ks + "seed-reuse.kallsyms");
        out.put(file + "seed-reuse.kallsyms", kallsyms);
        out.put(file + "seed-reuse.kallsyms.xz", compressed(kallsyms, o -> new XZOutputStream(o, new LZMA2Options(6))));
        out.put(file + "seed-reuse.kallsyms.gz", compressed(kallsyms, GZIPOutputStream::new));
        out.put(file + "seed-reuse.kallsyms.zst", compressed(kallsyms, ZstdCompressorOutputStream::new));
        out.put(file + "seed-reuse.kallsyms.bz2", compressed(kallsyms, BZip2CompressorOutputStream::new));
        out.put(file + "seed-System.map", out.get(ks + "seed-System.map"));
        out.put(root + "SymbolArchiveFuzzTestInputs/archive/seed-reuse.bundle", smallArchive());
        out.put(root + "ArchiveIndexFuzzTestInputs/index/seed-reuse.payload", smallArchiveIndex());
        return out;
    }

    /**
     * A small real archive as an {@link ArchiveBundle}: the first two snapshots of the reuse sample
     * (start, after loading soundcore), the kallsyms cut to a few kernel lines and the module
     * lines, soundcore's module-only listing xz-compressed.
     */
    static byte[] smallArchive() throws IOException {
        String s = "reuse/snapshots/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("manifest.tsv", SymbolSamples.lines(s + "manifest.tsv", 2, "", 0));
        files.put("001-start.kallsyms", SymbolSamples.lines(s + "001-start.kallsyms.xz", 30, "\t[", 12));
        files.put("001-start.modules", SymbolSamples.bytes(s + "001-start.modules"));
        files.put("002-after-load-soundcore.modsyms.xz", compressed(
                SymbolSamples.lines(s + "002-after-load-soundcore.modsyms.xz", 0, "[soundcore]", 40),
                o -> new XZOutputStream(o, new LZMA2Options(6))));
        files.put("002-after-load-soundcore.modules", SymbolSamples.bytes(s + "002-after-load-soundcore.modules"));
        files.put("002-after-load-soundcore.sections", SymbolSamples.lines(s + "002-after-load-soundcore.sections", 0,
                "soundcore", 30));
        return ArchiveBundle.of(files);
    }

    /** The payload of the compiled index that opening {@link #smallArchive()} writes. */
    static byte[] smallArchiveIndex() throws IOException {
        Path d = Files.createTempDirectory("tracesym-seed-");
        try {
            Path archive = d.resolve("snapshots");
            Path cache = d.resolve("cache");
            ArchiveBundle.write(smallArchive(), archive);
            CacheFolder.with(cache, () -> TimeAwareSymbolizer.open(archive, null));
            try (var files = Files.list(cache.resolve("archives"))) {
                Path idx = files.filter(p -> p.toString().endsWith(".idx")).findFirst().orElseThrow();
                return IndexLayout.payload(Files.readAllBytes(idx));
            }
        } finally {
            try (var all = Files.walk(d)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A compressor over a stream. */
    private interface Compressor {
        OutputStream over(OutputStream out) throws IOException;
    }

    private static byte[] compressed(byte[] plain, Compressor c) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = c.over(b)) {
            o.write(plain);
        }
        return b.toByteArray();
    }

    /** Writes the seeds into {@code <module>/src/test/resources}. */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : ".").resolve("src/test/resources");
        for (Map.Entry<String, byte[]> e : all().entrySet()) {
            Path p = resources.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            System.out.println(p + " " + e.getValue().length);
        }
    }
}
