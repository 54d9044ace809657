package dev.tracesym.app.capture;

/** The capture cannot start with this input or on this machine (exit code 2). */
final class CaptureRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    CaptureRefusedException(String message) {
        super(message);
    }
}
