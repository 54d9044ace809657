package dev.tracesym.app.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code .ko} files of loaded modules, found through the kernel's modules.dep and copied
 * into {@code ARCHIVE/modules/} under their file names ({@code snd-timer.ko},
 * {@code snd-timer.ko.xz}, ...): their symbol tables name what kallsyms no longer lists, such as
 * the functions of freed init sections.
 */
final class ModuleBinaries {
    static final String FOLDER = dev.tracesym.symbolizer.ArchiveLayout.MODULES;
    private static final String[] SUFFIXES = {".ko", ".ko.xz", ".ko.zst", ".ko.gz"};

    private final Path libModules;
    /** Module name (dashes as underscores) to its path relative to libModules. */
    private final Map<String, String> paths;
    private final Set<String> done = new HashSet<>();
    private final Set<String> missing = new HashSet<>();

    private ModuleBinaries(Path libModules, Map<String, String> paths) {
        this.libModules = libModules;
        this.paths = paths;
    }

    /** Reads libModules/modules.dep; without one no module can be found. */
    static ModuleBinaries index(Path libModules) throws IOException {
        Map<String, String> paths = new HashMap<>();
        Path dep = libModules.resolve("modules.dep");
        if (Files.isRegularFile(dep)) {
            for (String line : Files.readAllLines(dep, StandardCharsets.ISO_8859_1)) {
                int colon = line.indexOf(':');
                if (colon <= 0) continue;
                String path = line.substring(0, colon);
                String name = moduleName(path);
                if (name != null) paths.putIfAbsent(name, path);
            }
        }
        return new ModuleBinaries(libModules, paths);
    }

    /** {@code kernel/sound/core/snd-timer.ko.xz} → {@code snd_timer}; null for other files. */
    static String moduleName(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        for (String suffix : SUFFIXES) {
            if (file.endsWith(suffix) && file.length() > suffix.length()) {
                return file.substring(0, file.length() - suffix.length()).replace('-', '_');
            }
        }
        return null;
    }

    boolean hasIndex() {
        return !paths.isEmpty();
    }

    /**
     * Copies the file of each module not copied yet.
     *
     * @return the modules that have no file in modules.dep (each reported once)
     */
    Set<String> copy(Iterable<String> modules, SymbolArchive archive) throws IOException {
        Set<String> notFound = new HashSet<>();
        for (String module : modules) {
            if (done.contains(module)) continue;
            String rel = paths.get(module);
            Path from = rel == null ? null : libModules.resolve(rel);
            if (from == null || !Files.isRegularFile(from)) {
                if (missing.add(module)) notFound.add(module);
                continue;
            }
            String name = from.getFileName().toString();
            Path target = archive.dir().resolve(FOLDER).resolve(name);
            // On --append, a file already there from this boot is the same file.
            if (!Files.isRegularFile(target) || Files.size(target) != Files.size(from)) {
                archive.copy(from, FOLDER + "/" + name);
            }
            done.add(module);
        }
        return notFound;
    }
}
