package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.SymbolSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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

    /**
     * The symbol source the options name, or null when none is given.
     *
     * @throws ParameterException when the options contradict each other
     */
    public SymbolSource source(CommandSpec spec) {
        try {
            return source();
        } catch (UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** {@link #source(CommandSpec)} for a command line read without picocli. */
    SymbolSource source() throws UsageException {
        if (symbols != null && archive != null) {
            throw new UsageException("--symbols and --archive exclude each other: give one source of names");
        }
        if (modules != null && archive == null) {
            throw new UsageException("--modules needs --archive (the .ko files complete a symbol archive)");
        }
        if (archive != null) {
            return SymbolSource.archive(archive, modules);
        }
        return symbols != null ? SymbolSource.table(symbols) : null;
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
