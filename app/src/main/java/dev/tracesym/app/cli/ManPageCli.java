package dev.tracesym.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tracesym man}: writes the man page (roff, section 1) generated from the commands'
 * annotations, so it can never drift from {@code --help}. {@code tracesym man | man -l -}.
 */
@Command(name = "man", mixinStandardHelpOptions = true,
        description = "Prints the tracesym(1) man page, generated from the commands' own help.",
        footerHeading = "%nExamples:%n",
        footer = {"  tracesym man | man -l -", "  tracesym man > /usr/local/share/man/man1/tracesym.1"})
public final class ManPageCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(root));
        out.flush();
        return ExitCodes.OK;
    }

    /** The roff text of the man page for {@code root} and its subcommands. */
    public static String render(CommandSpec root) {
        StringBuilder b = new StringBuilder();
        String name = root.name();
        b.append(".TH ").append(name.toUpperCase()).append(" 1 \"\" \"")
                .append(esc(root.version().length > 0 ? root.version()[0] : name)).append("\" \"User Commands\"\n");
        b.append(".SH NAME\n").append(name).append(" \\- ").append(text(first(root.usageMessage().description()))).append('\n');
        b.append(".SH SYNOPSIS\n.B ").append(name).append("\n[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
        b.append(".SH DESCRIPTION\n");
        for (String line : root.usageMessage().description()) b.append(text(line)).append('\n');
        section(b, root, true);
        b.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || e.getKey().equals("help")) continue;
            b.append(".SS \"").append(name).append(' ').append(e.getKey()).append("\"\n");
            String synopsis = e.getValue().getHelp().synopsis(0).trim();
            b.append(".nf\n").append(esc(synopsis.replaceFirst("^Usage: ", ""))).append("\n.fi\n");
            for (String line : sub.usageMessage().description()) b.append(text(line)).append('\n');
            section(b, sub, false);
        }
        b.append(".SH EXIT STATUS\n0 ok, 1 failure while processing, 2 unusable input or usage (also symbols that do not\n"
                + "belong to the trace, unless \\-\\-force\\-symbols); report \\-\\-check\\-events exits 22 (EINVAL, as\n"
                + "trace\\-cmd) when an event format cannot be read. 141 when the reader of the standard output went away\n"
                + "(a closed pipe), as a program killed by SIGPIPE. What trace\\-cmd report 3.1.6 refuses too, tracesym\n"
                + "report refuses with trace\\-cmd's exit status: 255 for an option it cannot read (usage), a bad\n"
                + "\\-\\-cpu list or a second \\-v; for a trace it cannot open, a filter it refuses or a \\-H field the\n"
                + "event lacks, the errno trace\\-cmd dies with (2 no such file, 21 a folder, 22 where libtraceevent\n"
                + "rejected part of an event format before, else 255). A trace cut short in its metadata is refused\n"
                + "(2) where trace\\-cmd prints nothing and exits 0.\n");
        b.append(".SH SEE ALSO\ntrace\\-cmd\\-report(1), perf\\-script(1)\n");
        return b.toString();
    }

    private static void section(StringBuilder b, CommandSpec spec, boolean top) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) continue;
            b.append(".TP\n\\fI").append(esc(p.paramLabel())).append("\\fR\n")
                    .append(text(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            b.append(".TP\n\\fB").append(esc(String.join(", ", o.names()))).append("\\fR");
            if (o.arity().max() > 0) b.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
            String d = String.join(" ", o.description());
            if (o.defaultValue() != null) d = d.replace("${DEFAULT-VALUE}", o.defaultValue());
            b.append('\n').append(text(d)).append('\n');
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            b.append(top ? ".SH EXAMPLES\n" : ".PP\nExamples:\n").append(".nf\n");
            for (String line : footer) b.append(text(line)).append('\n');
            b.append(".fi\n");
        }
    }

    private static String first(String[] lines) {
        return lines.length == 0 ? "" : lines[0];
    }

    /**
     * A picocli help text as roff: its format specifiers resolved ({@code %%} is a percent sign, {@code %n}
     * a line break; {@code ${DEFAULT-VALUE}} and the like are left to picocli's own help), then escaped.
     */
    static String text(String picocli) {
        StringBuilder b = new StringBuilder();
        for (String line : picocli.replace("%%", "\u0000").split("%n", -1)) {
            if (b.length() > 0) b.append('\n');
            b.append(esc(line.replace('\u0000', '%')));
        }
        return b.toString();
    }

    /** roff escapes: backslashes, leading dots and quotes, and hyphens in option names. */
    static String esc(String s) {
        String t = s.replace("%%", "%").replace("\\", "\\e").replace("-", "\\-");
        if (t.startsWith(".") || t.startsWith("'")) t = "\\&" + t;
        return t;
    }
}
