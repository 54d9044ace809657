package dev.tracesym.app.repl;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The read-eval-print loop on a jline terminal: one {@link ReplSession} command per line, tab
 * completion from the session, persistent history. Ctrl-C drops the line being typed (or stops a
 * running command), Ctrl-D on an empty line ends the loop, and a failing command prints its
 * message while the loop goes on.
 */
final class ReplLoop {
    static final String PROMPT = "tracesym> ";

    private final Terminal terminal;
    private final ReplSession session;
    private final Path historyFile;

    /** @param historyFile where history persists, or null to keep it in memory only */
    ReplLoop(Terminal terminal, ReplSession session, Path historyFile) {
        this.terminal = terminal;
        this.session = session;
        this.historyFile = historyFile;
    }

    void run() throws IOException {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .appName("tracesym")
                .terminal(terminal)
                .completer(new ReplCompleter(session))
                // '!' and '^' are ordinary characters in our commands, not history expansion
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.BRACKETED_PASTE, false);
        if (historyFile != null) builder.variable(LineReader.HISTORY_FILE, historyFile);
        LineReader reader = builder.build();
        PrintWriter out = terminal.writer();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: the line is dropped, a fresh prompt follows
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                if (!runOne(line, out)) break;
            }
        } finally {
            out.flush();
            if (historyFile != null) reader.getHistory().save();
        }
    }

    private static String running(String line) {
        return "running '" + line.strip() + "'";
    }

    /** Runs one line with Ctrl-C bound to cancelling it; false when the line asked to quit. */
    private boolean runOne(String line, PrintWriter out) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, s -> session.cancel());
        try {
            return session.execute(line, out);
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            out.println("error: " + ReplSession.messageOf(e, running(line)));
            return true;
        } catch (CancelledException e) {
            out.println("cancelled");
            return true;
        } catch (RuntimeException e) {
            // a bug in one command must not end the session
            out.println("error: " + ReplSession.messageOf(e, running(line)));
            return true;
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            out.flush();
        }
    }
}
