package dev.tracesym.app.repl;

import dev.tracesym.app.cli.ExitCodes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tracesym repl}: an interactive prompt over the symbol state of a trace and/or archive. */
@Command(name = "repl", mixinStandardHelpOptions = true,
        description = {"Interactive prompt over the kernel's symbol state as it was over time.",
            "Commands: at TS, resolve ADDR..., lookup NAME, modules [at TS], timeline MODULE, diff TS1 TS2,",
            "events ADDR, info, help, quit. Tab completes commands, symbol and module names; history persists",
            "in ~/.tracesym_history (or --history / $TRACESYM_HISTORY). Ctrl-C cancels the line or a running",
            "command, Ctrl-D leaves."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  tracesym repl --trace reuse.dat --archive snaps/ --modules ko/",
            "    tracesym> at 16",
            "    tracesym> resolve ffffffffc02c9000",
            "    0xffffffffc02c9000 create_port+0x0/0x186 [snd_seq_dummy]  from .ko",
            "    tracesym> timeline snd_seq_dummy",
            "    tracesym> events ffffffffc02c9000",
            "  tracesym repl --symbols /proc/kallsyms",
            "",
            "Exit codes: 0 ok, 1 failure while processing, 2 unusable input or usage."})
public final class ReplCommand implements Callable<Integer> {
    /** Environment variable that moves the history file (tests, shared accounts). */
    static final String HISTORY_ENV = "TRACESYM_HISTORY";

    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions sources = new SourceOptions();

    @Option(names = "--history", paramLabel = "FILE",
            description = "history file (default: $" + HISTORY_ENV + ", else ~/.tracesym_history)")
    Path history;

    @Option(names = "--no-history", description = "keep no history file")
    boolean noHistory;

    @Option(names = "--at", paramLabel = "SECONDS", description = "the time to start at (default: end)")
    String at;

    private final Terminal injected;
    private final SymbolQueries preloaded;

    public ReplCommand() {
        this(null, null);
    }

    /**
     * For tests: runs on {@code terminal} instead of the system terminal and, when {@code queries}
     * is not null, on those instead of loading the sources the options name.
     */
    ReplCommand(Terminal terminal, SymbolQueries queries) {
        this.injected = terminal;
        this.preloaded = queries;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ReplSession session;
        try {
            SymbolQueries q = preloaded != null ? preloaded : sources.load(w -> err.println("tracesym repl: " + w));
            for (String w : q.warnings()) {
                err.println("tracesym repl: warning: " + w);
            }
            err.flush();
            session = new ReplSession(q);
            if (at != null) session.execute("at " + at, new PrintWriter(java.io.Writer.nullWriter()));
        } catch (IllegalArgumentException | IOException e) { // loading: the input is unusable
            err.println("tracesym repl: " + ReplSession.messageOf(e, sources.loading()));
            err.flush();
            return ExitCodes.UNUSABLE;
        }
        try {
            Terminal terminal = injected != null ? injected
                    : TerminalBuilder.builder().name("tracesym").system(true).dumb(true).build();
            try {
                PrintWriter out = terminal.writer();
                session.execute("info", out);
                session.execute("at", out);
                out.println("Type 'help' for the commands; Tab completes; Ctrl-D leaves.");
                out.flush();
                new ReplLoop(terminal, session, historyFile()).run();
            } finally {
                if (injected == null) terminal.close();
            }
        } catch (IOException e) {
            err.println("tracesym repl: " + ReplSession.messageOf(e, "running the interactive session"));
            err.flush();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private Path historyFile() {
        return historyFile(noHistory, history, System.getenv(HISTORY_ENV), System.getProperty("user.home"));
    }

    /** The option first, then the environment, then the home folder; null for no history at all. */
    static Path historyFile(boolean none, Path option, String env, String home) {
        if (none) return null;
        if (option != null) return option;
        if (env != null && !env.isEmpty()) return Path.of(env);
        return Path.of(home, ".tracesym_history");
    }
}
