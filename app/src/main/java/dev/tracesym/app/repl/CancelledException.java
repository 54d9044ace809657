package dev.tracesym.app.repl;

/** A command stopped by Ctrl-C before it finished; the REPL reports it and goes on. */
final class CancelledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CancelledException() {
        super("cancelled", null, false, false);
    }
}
