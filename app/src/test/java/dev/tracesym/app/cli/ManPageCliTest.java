package dev.tracesym.app.cli;

import dev.tracesym.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ManPageCliTest {
    private static String run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(args));
        return out.toString();
    }

    @Test
    void manPageDocumentsEveryCommandAndOption() {
        String man = run("man");
        assertTrue(man.startsWith(".TH TRACESYM 1"), man.substring(0, Math.min(80, man.length())));
        assertTrue(man.contains("[module] for %ps") && !man.contains("%%"), "picocli's %% is one % in the man page, as in --help");
        for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || e.getValue().getCommandSpec().usageMessage().hidden()) continue;
            assertTrue(man.contains(".SS \"tracesym " + e.getKey() + "\""), "no section for " + e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden()) continue;
                assertTrue(man.contains(ManPageCli.esc(o.longestName())), e.getKey() + " lacks " + o.longestName());
            }
        }
    }

    @Test
    void bashCompletionKnowsTheSubcommands() {
        String script = run("generate-completion");
        for (String sub : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(script.contains(sub), "completion lacks " + sub);
        }
    }

    @Test
    void everySubcommandsHelpHasExamples() {
        for (Map.Entry<String, CommandLine> e : Main.commandLine().getSubcommands().entrySet()) {
            String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            int at = help.indexOf("Examples:");
            assertTrue(at >= 0, e.getKey() + " --help has no examples:\n" + help);
            assertTrue(help.substring(at).contains("tracesym " + e.getKey()), e.getKey() + "'s examples do not use it:\n" + help);
        }
    }

    /**
     * picocli reflows any line wider than the help's 80 columns, in the middle of a command or a word
     * ({@code trace.} / {@code txt.xz}): every line of every command's help fits as written.
     */
    @Test
    void helpLinesFitEightyColumnsAsWritten() {
        java.util.List<String> wide = new java.util.ArrayList<>();
        java.util.Map<String, CommandLine> all = new java.util.LinkedHashMap<>(Main.commandLine().getSubcommands());
        all.put("", Main.commandLine());
        for (Map.Entry<String, CommandLine> e : all.entrySet()) {
            picocli.CommandLine.Model.UsageMessageSpec u = e.getValue().getCommandSpec().usageMessage();
            for (String line : u.footer()) {
                if (line.replace("%n", "").replace("%%", "%").length() > 80) wide.add(e.getKey() + ": " + line);
            }
        }
        assertEquals(java.util.List.of(), wide);
    }

    /** The man page is roff, not picocli's format text: {@code %ps}, never {@code %%ps} or {@code %n}. */
    @Test
    void manPageShowsPercentSignsOnce() {
        String man = run("man");
        assertTrue(man.contains("%ps") && man.contains("%pS"), "the report section names the kernel's forms");
        assertTrue(!man.contains("%%") && !man.contains("%n"), "picocli format text leaked into the man page");
    }
}
