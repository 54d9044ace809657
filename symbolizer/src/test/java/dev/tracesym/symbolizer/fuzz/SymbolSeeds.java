package dev.tracesym.symbolizer.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
        return out;
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
