package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.SymbolSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The options that say where names come from, shared by the commands that name addresses. */
public final class SymbolOptions {
    @Option(names = "--archive", paramLabel = "DIR",
            description = "Symbol archive: kallsyms snapshots taken while tracing (docs/ARCHIVE.md); "
                    + "every address is named as of its event's time.")
    Path archive;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "Folder of the modules' .ko files (also .ko.xz/.gz/.zst), with --archive: "
                    + "exact module code ends, symbol sizes and __init functions.")
    Path modules;

    @Option(names = "--symbols", paramLabel = "FILE",
            description = "One symbol table without time (kallsyms, kallmodsyms or System.map; "
                    + "may be compressed), used for every event.")
    Path symbols;

    @Option(names = "--force-symbols",
            description = "Name with --archive/--symbols (batch: also each trace's own archive) even where they "
                    + "disagree with the trace (another kernel, "
                    + "another boot's KASLR slide, modules at other addresses, module files of another build); "
                    + "without it such symbols are refused before any output, exit 2.")
    boolean force;

    /**
     * The symbol source the options name, or null when none is given.
     *
     * @throws picocli.CommandLine.ParameterException when the options contradict each other
     */
    public SymbolSource source(CommandSpec spec) {
        return source(spec, false);
    }

    /**
     * {@link #source(CommandSpec)} for a command whose traces may bring their own archives
     * ({@code batch}): with {@code ownArchives}, {@code --force-symbols} alone forces those.
     */
    public SymbolSource source(CommandSpec spec, boolean ownArchives) {
        try {
            return source(ownArchives);
        } catch (UsageException e) {
            throw UsageError.of(spec, e.getMessage());
        }
    }

    /** True with {@code --force-symbols}: names are used even where they disagree with the trace. */
    public boolean forced() {
        return force;
    }

    /** {@link #source(CommandSpec)} for a command line read without picocli. */
    SymbolSource source() throws UsageException {
        return source(false);
    }

    private SymbolSource source(boolean ownArchives) throws UsageException {
        if (symbols != null && archive != null) {
            throw new UsageException("--symbols and --archive exclude each other: give one source of names");
        }
        if (modules != null && archive == null) {
            throw new UsageException("--modules needs --archive (the .ko files complete a symbol archive)");
        }
        if (force && archive == null && symbols == null && !ownArchives) {
            throw new UsageException("--force-symbols needs --archive or --symbols");
        }
        SymbolSource source = archive != null ? SymbolSource.archive(archive, modules)
                : symbols != null ? SymbolSource.table(symbols) : null;
        return source != null && force ? source.forcing() : source;
    }

    /**
     * The files and folders a run reads, none of which its output may replace or lie in: the trace
     * ({@code -} for standard input, whose file, when it is one, is refused too) and the files and
     * folders of the symbol source (null for none).
     */
    static List<Path> filesRead(String trace, SymbolSource source) {
        List<Path> inputs = new ArrayList<>();
        inputs.add(Path.of(trace));
        if (source != null) {
            inputs.addAll(source.inputs());
        }
        return inputs;
    }
}
