package dev.tracesym.app;

import dev.tracesym.app.cli.AnnotateCli;
import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.cli.ReportCli;
import dev.tracesym.app.pipeline.SymbolCheck;
import dev.tracesym.input.InputException;
import dev.tracesym.input.InputFile;
import dev.tracesym.input.ShutdownHooks;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Arrays;

/**
 * Entry point of the {@code tracesym} command. {@code tracesym report ...} is read as trace-cmd reads
 * its options ({@link ReportCli}), without loading a class of picocli: building its command tree by
 * reflection cost a fifth of a small report's time, and merely loading its classes (Java 5 class files,
 * verified the slow way at every start) ~8 ms. Every other command goes through picocli ({@link Main}).
 */
public final class Tracesym {
    private Tracesym() {
    }

    public static void main(String[] args) {
        int code;
        boolean direct = false;
        try {
            // report, and annotate where its command line allows, without picocli; the rest through Main
            code = isReport(args) ? runReport(args) : runAnnotate(args);
            direct = code >= 0;
            if (code < 0) {
                code = Main.run(args);
            }
        } catch (OutOfMemoryError e) {
            // the commands name the file they were reading; this is the net under them
            System.err.println("tracesym: out of memory: the Java heap of " + InputFile.mib(Runtime.getRuntime().maxMemory())
                    + " is too small for this input (TRACESYM_JAVA_OPTS=-Xmx... raises it)");
            code = ExitCodes.UNUSABLE;
        }
        if (direct && !ShutdownHooks.any()) {
            // nothing of ours to run at exit: skip the JVM's shutdown sequence (see ShutdownHooks)
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    static boolean isReport(String[] args) {
        return args.length > 0 && "report".equals(args[0]);
    }

    /** {@code tracesym report ...}: the same exit codes and messages as the other commands. */
    static int runReport(String[] args) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return ReportCli.run(rest, System.out, System.err);
        } catch (RuntimeException ex) {
            return failed(ex, "tracesym report", Arrays.stream(rest).anyMatch(a -> a.startsWith("--verb") || a.startsWith("-V")));
        }
    }

    /**
     * {@code tracesym annotate ...} without picocli where its command line allows
     * ({@link AnnotateCli#withoutPicocli}); -1 where it takes picocli.
     */
    static int runAnnotate(String[] args) {
        if (args.length == 0 || !"annotate".equals(args[0])) {
            return -1;
        }
        AnnotateCli.Direct annotate = AnnotateCli.withoutPicocli(Arrays.copyOfRange(args, 1, args.length));
        if (annotate == null) {
            return -1;
        }
        try {
            return annotate.run(System.err);
        } catch (RuntimeException ex) {
            return failed(ex, "tracesym annotate", annotate.verbose());
        }
    }

    /** A command that failed with {@code ex}: as Main's execution exception handler, its message and exit code. */
    private static int failed(RuntimeException ex, String command, boolean verbose) {
        if (ExitCodes.closedPipe(ex)) return ExitCodes.CLOSED_PIPE;
        System.err.println("tracesym: " + FailureText.of(ex, "running " + command));
        if (verbose) {
            ex.printStackTrace();
        }
        System.err.flush();
        return exitCodeOf(ex);
    }

    /** The exit code of a command that failed with {@code ex}. */
    static int exitCodeOf(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        if (t instanceof InputException || t instanceof FileSystemException
                || t instanceof IllegalArgumentException || t instanceof SymbolCheck.Mismatch) return ExitCodes.UNUSABLE;
        return ExitCodes.FAILURE;
    }
}
