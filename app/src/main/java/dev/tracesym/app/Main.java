package dev.tracesym.app;

import dev.tracesym.app.capture.CaptureCommand;
import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.cli.AnnotateCli;
import dev.tracesym.app.cli.BatchCli;
import dev.tracesym.app.cli.InfoCli;
import dev.tracesym.app.cli.ReportHelp;
import dev.tracesym.app.cli.ManPageCli;
import dev.tracesym.app.repl.ReplCommand;
import dev.tracesym.app.repl.ResolveCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Arrays;

/** The {@code tracesym} command as picocli reads it (every command but report: {@link Tracesym}). */
@Command(name = "tracesym", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Names every kernel address in a trace as it was at the event's time.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  tracesym report trace.dat                exactly what trace-cmd report prints",
            "  tracesym report --archive snaps/ --modules ko/ trace.dat",
            "                                              names as of each event's time",
            "  trace-cmd report | tracesym annotate --archive snaps/ | less",
            "",
            "Exit codes: 0 ok, 1 failure while processing, 2 unusable input or usage (also",
            "symbols that do not belong to the trace), 141 when the reader of the output",
            "went away (a closed pipe, as a program killed by SIGPIPE); tracesym report",
            "exits as trace-cmd report where both refuse (see tracesym report --help)."})
public final class Main implements Runnable {
    /** As {@link Tracesym#main}, the jar's entry point. */
    public static void main(String[] args) {
        Tracesym.main(args);
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        if (Tracesym.isReport(args)) {
            return Tracesym.runReport(args);
        }
        int annotated = Tracesym.runAnnotate(args);
        if (annotated >= 0) {
            return annotated;
        }
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** The configured command tree, with tracesym's exit codes and error messages. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // report is declared for help, man page and completion only: its command lines never go through picocli
        cl.addSubcommand("report", new CommandLine(ReportHelp.spec()));
        for (Class<?> c : new Class<?>[] {AnnotateCli.class, BatchCli.class, InfoCli.class, ResolveCommand.class,
            ReplCommand.class, CaptureCommand.class, ManPageCli.class, AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class}) {
            cl.addSubcommand(c);
        }
        cl.setExitCodeExceptionMapper(Tracesym::exitCodeOf);
        // picocli's own subcommands get examples like ours.
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage()
                .footerHeading("%nExamples:%n")
                .footer("  source <(tracesym generate-completion)",
                        "  tracesym generate-completion > /etc/bash_completion.d/tracesym");
        cl.getSubcommands().get("help").getCommandSpec().usageMessage()
                .footerHeading("%nExamples:%n")
                .footer("  tracesym help report", "  tracesym help repl");
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ExitCodes.closedPipe(ex)) return ExitCodes.CLOSED_PIPE;
            boolean verbose = Arrays.asList(parseResult.originalArgs()).contains("--verbose");
            PrintWriter err = cmd.getErr();
            err.println("tracesym: " + FailureText.of(ex, "running " + cmd.getCommandSpec().qualifiedName()));
            if (verbose) ex.printStackTrace(err);
            err.flush();
            return Tracesym.exitCodeOf(ex);
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + ex.getMessage());
            err.println("Try '" + command + " --help' for more information.");
            err.flush();
            return ExitCodes.UNUSABLE;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
