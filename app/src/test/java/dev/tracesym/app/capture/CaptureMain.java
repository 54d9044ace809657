package dev.tracesym.app.capture;

import picocli.CommandLine;

/** Runs the capture command in a JVM of its own, for the signal tests. */
public final class CaptureMain {
    private CaptureMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new CaptureCommand()).execute(args));
    }
}
