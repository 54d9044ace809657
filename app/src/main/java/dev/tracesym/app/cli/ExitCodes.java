package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.Outcome;
import java.io.IOException;
import java.io.PrintStream;

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

    /**
     * The exit code of a run that ended with {@code o}, its output committed when it holds anything
     * worth keeping: all of it ({@code OK}), or everything before the input's damage ({@code DAMAGED}:
     * exit 1 unless {@code partialOk}, with a message saying so).
     *
     * @param command the command's message prefix, e.g. {@code tracesym report}
     * @param damaged what was damaged, e.g. {@code the trace}
     */
    static int of(Outcome o, AtomicOutput out, boolean partialOk, PrintStream err, String command, String damaged)
            throws IOException {
        switch (o) {
            case OK:
                out.commit();
                return OK;
            case DAMAGED: // every record before the damage is there: keep it
                out.commit();
                if (partialOk) {
                    return OK;
                }
                err.println(command + ": " + damaged + " is damaged: the output stops at the damage (--partial-ok accepts that)");
                return FAILURE;
            case FAILED:
                return FAILURE;
            case CLOSED:            // the reader went away: quietly, as trace-cmd dies of SIGPIPE
                return CLOSED_PIPE;
            default:
                return UNUSABLE;
        }
    }
}
