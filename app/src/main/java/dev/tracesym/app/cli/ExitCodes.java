package dev.tracesym.app.cli;

/** The exit codes every tracesym subcommand keeps to. */
public final class ExitCodes {
    /** Everything went well. */
    public static final int OK = 0;
    /** A failure while processing (an output that could not be written, a bad trace in a batch, a truncated input without {@code --partial-ok}). */
    public static final int FAILURE = 1;
    /** Unusable input or wrong usage: nothing useful could be done. */
    public static final int UNUSABLE = 2;
    /**
     * The reader of standard output went away ({@code | head}): the run ends quietly with the status
     * a shell gives a program killed by SIGPIPE (128 + 13), as trace-cmd ends; a JVM cannot die of
     * the signal itself. {@code set -o pipefail} scripts see the same status from both.
     */
    public static final int CLOSED_PIPE = 141;

    /** True when {@code e} (or its cause) says the reader of the output closed the pipe. */
    public static boolean closedPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }

    private ExitCodes() {}
}
