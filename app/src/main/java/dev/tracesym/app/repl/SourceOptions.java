package dev.tracesym.app.repl;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.function.Consumer;
import java.nio.file.Path;

/** The symbol sources {@code repl} and {@code resolve} share: a trace, an archive, its modules, or one table. */
final class SourceOptions {
    @Option(names = "--trace", paramLabel = "FILE",
            description = "trace-cmd .dat file: its markers and module events place the archive's snapshots in time; alone, its stored kallsyms is the table")
    Path trace;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "symbol archive: NNN-label.kallsyms/.modsyms/.modules/.sections snapshots and manifest.tsv")
    Path archive;

    @Option(names = "--modules", paramLabel = "DIR",
            description = "the modules' .ko files (plain or .xz), for init code and exact symbol sizes")
    Path modules;

    @Option(names = "--symbols", paramLabel = "FILE",
            description = "one symbol table without time: /proc/kallsyms, /proc/kallmodsyms or System.map (plain or compressed)")
    Path symbols;

    @Option(names = "--force-symbols",
            description = "use --archive/--symbols even where they disagree with --trace (another kernel, another boot's "
                    + "KASLR slide, modules at other addresses, module files of another build); without it they are refused, exit 2")
    boolean force;

    /** What {@link #load} does, for a message: {@code loading t.dat, archive/}. */
    String loading() {
        StringBuilder named = new StringBuilder();
        for (Path p : new Path[] {trace, archive, modules, symbols}) {
            if (p != null) {
                named.append(named.length() == 0 ? "" : ", ").append(p);
            }
        }
        return named.length() == 0 ? "loading the symbols" : "loading " + named;
    }

    /** Loads the sources; {@code warnings} gets the warning about modules whose init code has no names. */
    SymbolQueries load(Consumer<String> warnings) throws IOException {
        return SymbolQueries.load(trace, archive, modules, symbols, force, warnings);
    }
}
