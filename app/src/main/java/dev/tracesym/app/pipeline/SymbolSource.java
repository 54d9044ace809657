package dev.tracesym.app.pipeline;

import dev.tracesym.symbolizer.ArchiveLayout;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the names come from: a symbol archive (snapshots placed on the trace clock, plus a folder of
 * {@code .ko} files), or one symbol table without time (kallsyms, kallmodsyms, System.map). Opening
 * reads and checks everything, so that naming never fails later.
 */
public interface SymbolSource {
    /** Reads the symbols; a missing or malformed file is an IOException naming it. */
    Symbolizer open() throws IOException;

    /** The files this source reads (an output must not be one of them). */
    List<Path> inputs();

    /** The source as the command line named it, for messages: {@code --archive DIR}. */
    String describe();

    /** The folder of module files as users name it, or null when the source has none. */
    default String moduleFolder() {
        return null;
    }

    /**
     * True when the names are to be used even where the source disagrees with the trace
     * ({@code --force-symbols}); otherwise {@link SymbolMismatchException#check} refuses it.
     */
    default boolean forced() {
        return false;
    }

    /** This source, used even where it disagrees with the trace. */
    default SymbolSource forcing() {
        SymbolSource s = this;
        return new SymbolSource() {
            @Override
            public Symbolizer open() throws IOException {
                return s.open();
            }

            @Override
            public List<Path> inputs() {
                return s.inputs();
            }

            @Override
            public String describe() {
                return s.describe();
            }

            @Override
            public String moduleFolder() {
                return s.moduleFolder();
            }

            @Override
            public boolean forced() {
                return true;
            }
        };
    }

    /** A symbol archive folder (docs/ARCHIVE.md) and, optionally (null), a folder of module files. */
    static SymbolSource archive(Path archive, Path modules) {
        return archive(archive, modules, "--archive " + archive + (modules == null ? "" : " --modules " + modules));
    }

    /**
     * The archive a trace brings beside it (docs/ARCHIVE.md, "An archive per trace"), or null when
     * it has none.
     */
    static SymbolSource besideTrace(Path trace) {
        ArchiveLayout own = ArchiveLayout.besideTrace(trace);
        return own == null ? null : archive(own.archive(), own.modules(), "the archive beside the trace ("
                + own.archive() + (own.modules() == null ? "" : " with modules " + own.modules()) + ")");
    }

    private static SymbolSource archive(Path archive, Path modules, String description) {
        return new SymbolSource() {
            @Override
            public Symbolizer open() throws IOException {
                requireFolder(archive, "symbol archive");
                if (modules != null) {
                    requireFolder(modules, "module folder");
                }
                return TimeAwareSymbolizer.open(archive, modules);
            }

            @Override
            public List<Path> inputs() {
                return modules == null ? List.of(archive) : List.of(archive, modules);
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public String moduleFolder() {
                return modules == null ? null : modules.toString();
            }
        };
    }

    /** One symbol table file, used for every event whatever its time. */
    static SymbolSource table(Path file) {
        return new SymbolSource() {
            @Override
            public Symbolizer open() throws IOException {
                if (!Files.exists(file)) {
                    throw new NoSuchFileException(file.toString());
                }
                return StaticSymbolizer.open(file);
            }

            @Override
            public List<Path> inputs() {
                return List.of(file);
            }

            @Override
            public String describe() {
                return "--symbols " + file;
            }
        };
    }

    private static void requireFolder(Path p, String what) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p.toString());
        }
        if (!Files.isDirectory(p)) {
            throw new IOException(p + ": the " + what + " must be a folder");
        }
    }
}
