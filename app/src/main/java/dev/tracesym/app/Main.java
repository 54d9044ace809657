package dev.tracesym.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tracesym} command. */
@Command(name = "tracesym", mixinStandardHelpOptions = true, version = "tracesym 0.1.0",
        description = "Names every kernel address in a trace as it was at the event's time.")
public final class Main implements Runnable {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
