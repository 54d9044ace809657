package dev.tracesym.app.cli;

/** A command line that cannot be used as given; the message says why, naming the argument. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
