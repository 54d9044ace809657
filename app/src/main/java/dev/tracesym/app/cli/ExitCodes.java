package dev.tracesym.app.cli;

/** The exit codes every tracesym subcommand keeps to. */
public final class ExitCodes {
    /** Everything went well. */
    public static final int OK = 0;
    /** A failure while processing (an output that could not be written, a bad trace in a batch, a truncated input without {@code --partial-ok}). */
    public static final int FAILURE = 1;
    /** Unusable input or wrong usage: nothing useful could be done. */
    public static final int UNUSABLE = 2;

    private ExitCodes() {}
}
