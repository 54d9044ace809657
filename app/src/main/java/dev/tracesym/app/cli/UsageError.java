package dev.tracesym.app.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * picocli's usage error, made here and typed as a RuntimeException where it is thrown: a class that
 * names picocli's exception itself has it loaded (an old class file, verified the slow way) whenever
 * it is loaded, in a report or an annotation that never goes through picocli too.
 */
final class UsageError {
    private UsageError() {
    }

    /** A usage error of {@code spec}'s command line that says {@code message}. */
    static RuntimeException of(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
