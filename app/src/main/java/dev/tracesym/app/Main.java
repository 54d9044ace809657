package dev.tracesym.app;

import dev.tracesym.app.capture.CaptureCommand;
import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.cli.AnnotateCli;
import dev.tracesym.app.cli.BatchCli;
import dev.tracesym.app.cli.InfoCli;
import dev.tracesym.app.cli.ReportCli;
import dev.tracesym.app.cli.ManPageCli;
import dev.tracesym.app.repl.ReplCommand;
import dev.tracesym.app.repl.ResolveCommand;
import dev.tracesym.app.pipeline.SymbolCheck;
import dev.tracesym.input.InputException;
import dev.tracesym.input.InputFile;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;

/** Entry point of the {@code tracesym} command. */
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
            "went away (a closed pipe, as a program killed by SIGPIPE)."})
public final class Main implements Runnable {
    public static void main(String[] args) {
        int code;
        try {
            code = isReport(args) ? runReport(args) : run(args);
        } catch (OutOfMemoryError e) {
            // the commands name the file they were reading; this is the net under them
            System.err.println("tracesym: out of memory: the Java heap of " + InputFile.mib(Runtime.getRuntime().maxMemory())
                    + " is too small for this input (TRACESYM_JAVA_OPTS=-Xmx... raises it)");
            code = ExitCodes.UNUSABLE;
        }
        System.exit(code);
    }

    private static boolean isReport(String[] args) {
        return args.length > 0 && "report".equals(args[0]);
    }

    /**
     * {@code tracesym report ...}, read as trace-cmd reads its options and without building the picocli
     * command tree (a fifth of a small report's time): the same exit codes and messages as the others.
     */
    static int runReport(String[] args) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return ReportCli.run(rest, System.out, System.err);
        } catch (RuntimeException ex) {
            // as the execution exception handler below
            if (ExitCodes.closedPipe(ex)) return ExitCodes.CLOSED_PIPE;
            System.err.println("tracesym: " + FailureText.of(ex, "running tracesym report"));
            if (Arrays.stream(rest).anyMatch(a -> a.startsWith("--verb") || a.startsWith("-V"))) {
                ex.printStackTrace();
            }
            System.err.flush();
            return exitCodeOf(ex);
        }
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int run(String... args) {
        if (isReport(args)) {
            return runReport(args);
        }
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    /** The configured command tree, with tracesym's exit codes and error messages. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        // report is declared for help, man page and completion only: its command lines never go through picocli
        cl.addSubcommand("report", new CommandLine(ReportCli.spec()));
        for (Class<?> c : new Class<?>[] {AnnotateCli.class, BatchCli.class, InfoCli.class, ResolveCommand.class,
            ReplCommand.class, CaptureCommand.class, ManPageCli.class, AutoComplete.GenerateCompletion.class,
            CommandLine.HelpCommand.class}) {
            cl.addSubcommand(c);
        }
        cl.setExitCodeExceptionMapper(Main::exitCodeOf);
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
            return exitCodeOf(ex);
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

    static int exitCodeOf(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof InputException || t instanceof FileSystemException
                || t instanceof IllegalArgumentException || t instanceof SymbolCheck.Mismatch) return ExitCodes.UNUSABLE;
        return ExitCodes.FAILURE;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
