package dev.tracesym.app.cli;

import dev.tracesym.app.report.TraceCmdExit;

/** A command line that cannot be used as given; the message says why, naming the argument. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The exit status: tracesym's 2, or for a report's option trace-cmd refuses too, trace-cmd's. */
    final int status;

    UsageException(String message) {
        this(message, ExitCodes.UNUSABLE);
    }

    private UsageException(String message, int status) {
        super(message);
        this.status = status;
    }

    /**
     * A {@code report} command line trace-cmd report 3.1.6 refuses too, while it reads its options: through
     * usage() or die() with errno still 0, both status 255 ({@link TraceCmdExit}).
     */
    static UsageException ofTraceCmd(String message) {
        return new UsageException(message, TraceCmdExit.USAGE);
    }
}
