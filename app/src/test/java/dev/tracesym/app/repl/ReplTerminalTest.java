package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tracesym repl} end to end through a terminal: jline's dumb terminal over byte streams,
 * set up like a real tty (Ctrl-C raises SIGINT, Ctrl-D is end-of-file), typing keys as a user would.
 */
class ReplTerminalTest {
    private static final String CTRL_C = "\u0003", CTRL_D = "\u0004", CTRL_P = "\u0010", TAB = "\t";

    @TempDir
    Path tmp;

    /** The output of a REPL session that reads {@code keys}, and its exit code. */
    record Session(int code, String screen, String err) {}

    /** Types {@code keys} into a REPL on the reuse sample, loaded once for all tests. */
    static Session typeOnReuse(String keys, String... args) throws IOException {
        return type(SampleData.reuse(), keys, args);
    }

    /** Types {@code keys} into {@code tracesym repl ARGS}; with {@code queries}, the sources are not loaded again. */
    static Session type(SymbolQueries queries, String keys, String... args) throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        DumbTerminal t = new DumbTerminal("test", "ansi", new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)),
                screen, StandardCharsets.UTF_8);
        Attributes a = t.getAttributes();
        a.setLocalFlag(Attributes.LocalFlag.ISIG, true);
        a.setControlChar(Attributes.ControlChar.VINTR, 3);
        a.setControlChar(Attributes.ControlChar.VEOF, 4);
        a.setControlChar(Attributes.ControlChar.VQUIT, 28);
        a.setControlChar(Attributes.ControlChar.VSUSP, 26);
        a.setControlChar(Attributes.ControlChar.VSTATUS, 20);
        t.setAttributes(a);
        t.setSize(new Size(160, 50));
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new ReplCommand(t, queries));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        t.flush();
        // what a user sees: carriage returns and escape sequences left out
        String text = screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        return new Session(code, text, err.toString());
    }

    private static String[] reuse(Path history) {
        return new String[] {"--trace", SampleData.reuseTrace().toString(), "--archive", SampleData.reuseArchive().toString(),
            "--modules", SampleData.modules().toString(), "--history", history.toString()};
    }

    @Test
    void aUserSessionWithCompletionCancelErrorsAndEndOfFile() throws IOException {
        Path history = tmp.resolve("history");
        Session s = type(null, "at 16\r"
                + "reso" + TAB + "ffffffffc02c9000\r"                  // command name completed
                + "resolve ffffffffc02c9000 at 17.8\r"
                + "resolve ffffffffc0326000" + CTRL_C                   // the line is dropped
                + "lookup sha3_generic_mod_i" + TAB + "\r"              // symbol name completed
                + "timeline snd_seq_dumm" + TAB + "\r"                  // module name completed
                + "resolve nothex\r"                                    // fails, the prompt goes on
                + "modules at 16\r"
                + CTRL_D, reuse(history));
        String out = s.screen();
        assertEquals(0, s.code(), s.err());
        assertTrue(out.contains("tracesym> resolve ffffffffc02c9000\n0xffffffffc02c9000 create_port+0x0/0x186 [snd_seq_dummy]  from kallsyms (name, module), .ko (size)\n"), out);
        assertTrue(out.contains("\n0xffffffffc02c9000 sha3_generic_mod_init+0x0/"), out);
        assertTrue(out.contains("tracesym> lookup sha3_generic_mod_init \nsha3_generic_mod_init "), out);
        assertTrue(out.contains("tracesym> timeline snd_seq_dummy \n  snd_seq_dummy "), out);
        assertTrue(out.contains("error: 'nothex' is not an address"), out);
        assertTrue(out.contains("modules loaded at 16.000000"), "the session went on after the error:\n" + out);
        assertFalse(out.contains("dummy_free"), "the cancelled line must not run:\n" + out);

        String saved = Files.readString(history);
        assertTrue(saved.contains("timeline snd_seq_dummy"), saved);
        assertTrue(saved.contains("resolve nothex"), "failed commands stay in history too: " + saved);
        assertFalse(saved.contains("ffffffffc0326000"), "a cancelled line is not history: " + saved);
    }

    @Test
    void historyPersistsAcrossSessions() throws IOException {
        Path history = tmp.resolve("h2");
        typeOnReuse("at 16\rresolve ffffffffc0326000\r" + CTRL_D, "--history", history.toString());
        // Ctrl-P recalls the last line of the previous session
        Session second = typeOnReuse(CTRL_P + "\r" + CTRL_D, "--history", history.toString());
        assertTrue(second.screen().contains("tracesym> resolve ffffffffc0326000\n0xffffffffc0326000 "), second.screen());
    }

    @Test
    void quitEndsTheSessionAndTheHistoryFileCanMove() throws IOException {
        Path history = tmp.resolve("sub").resolve("hist");
        Files.createDirectories(history.getParent());
        Session s = typeOnReuse("help timeline\rquit\rresolve ffffffffc02c9000\r", "--history", history.toString());
        assertEquals(0, s.code());
        assertTrue(s.screen().contains("timeline MODULE\n  every load of MODULE"), s.screen());
        assertFalse(s.screen().contains("0xffffffffc02c9000 "), "nothing runs after quit:\n" + s.screen());
        assertTrue(Files.readString(history).contains("help timeline"));
    }

    @Test
    void theHistoryFileComesFromTheOptionTheEnvironmentOrHome() {
        assertEquals(Path.of("/o"), ReplCommand.historyFile(false, Path.of("/o"), "/e", "/h"));
        assertEquals(Path.of("/e"), ReplCommand.historyFile(false, null, "/e", "/h"));
        assertEquals(Path.of("/h/.tracesym_history"), ReplCommand.historyFile(false, null, "", "/h"));
        assertEquals(null, ReplCommand.historyFile(true, Path.of("/o"), "/e", "/h"));
    }

    @Test
    void helpHasExamples() throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new ReplCommand());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("--help"));
        assertTrue(out.toString().contains("Examples:") && out.toString().contains("tracesym repl --trace"), out.toString());
    }

    @Test
    void unusableInputIsRefusedBeforeThePrompt() throws IOException {
        Session none = type(null, "", "--no-history");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("give --trace, --archive or --symbols"), none.err());
        assertFalse(none.screen().contains("tracesym>"));
        Session missing = type(null, "", "--archive", tmp.resolve("nope").toString(), "--no-history");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope"), missing.err());
    }
}
