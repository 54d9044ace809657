package dev.tracesym.symbolizer.elf;

import dev.tracesym.input.InputException;
import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.source.Names;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A folder of module files ({@code NAME.ko}, {@code NAME.ko.xz}, {@code NAME.ko.gz},
 * {@code NAME.ko.zst}; other files are ignored), indexed by module name: the file name with
 * {@code -} read as {@code _}, as the kernel names modules ({@code snd-seq.ko} is {@code snd_seq}).
 * Files are read and laid out on first use and kept.
 */
public final class ModuleFiles {
    private static final String[] SUFFIXES = {".ko", ".ko.xz", ".ko.gz", ".ko.zst"};

    private final Path dir;
    private final Map<String, Path> files;
    private final Map<String, ModuleLayout> layouts = new HashMap<>();
    private final Names names;
    private final Reader reader;

    /** How a module file becomes an {@link ElfModule}: {@link ElfModule#read}, or from a compiled index. */
    @FunctionalInterface
    public interface Reader {
        ElfModule read(Path file, Names names) throws IOException;
    }

    private ModuleFiles(Path dir, Map<String, Path> files, Names names, Reader reader) {
        this.dir = dir;
        this.files = files;
        this.names = names;
        this.reader = reader;
    }

    /** No module files. */
    public static ModuleFiles none(Names names) {
        return new ModuleFiles(null, Map.of(), names, ElfModule::read);
    }

    /** Indexes the module files directly in {@code dir}. */
    public static ModuleFiles scan(Path dir, Names names) throws IOException {
        return scan(dir, names, ElfModule::read);
    }

    /** {@link #scan(Path, Names)}, the files read by {@code reader}. */
    public static ModuleFiles scan(Path dir, Names names, Reader reader) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw SymbolSourceException.of(dir.toString(), "is not a folder of module files", null);
        }
        Map<String, Path> m = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                for (String s : SUFFIXES) {
                    if (f.endsWith(s) && f.length() > s.length()) {
                        m.putIfAbsent(moduleName(f.substring(0, f.length() - s.length())), p);
                        break;
                    }
                }
            }
        }
        return new ModuleFiles(dir, m, names, reader);
    }

    /** The kernel's name for a module file's base name. */
    public static String moduleName(String fileBase) {
        return fileBase.replace('-', '_');
    }

    /** The folder, or null. */
    public Path dir() { return dir; }

    /** True when a file for {@code module} exists. */
    public boolean has(String module) { return files.containsKey(module); }

    /**
     * The layout of {@code module}'s file, or null when there is none.
     *
     * @throws IOException when the file exists but is not a usable module
     */
    public ModuleLayout layout(String module) throws IOException {
        if (layouts.containsKey(module)) {
            return layouts.get(module);
        }
        Path p = files.get(module);
        ModuleLayout l = null;
        if (p != null) {
            try {
                InputFile.requireRegularFile(p); // a named pipe called snd.ko.xz must not block the run
            } catch (InputException e) {
                throw SymbolSourceException.of(e);
            }
            ElfModule elf = reader.read(p, names);
            String declared = elf.modinfo("name");
            if (declared != null && !declared.equals(module)) {
                throw SymbolSourceException.of(p.toString(), "declares module name '" + declared
                        + "' in .modinfo, expected '" + module + "' from its file name", null);
            }
            l = ModuleLayout.of(elf);
        }
        layouts.put(module, l);
        return l;
    }
}
