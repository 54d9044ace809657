package dev.tracesym.app.cli;

import java.io.PrintStream;

/** trace-cmd's {@code -q}: the messages of a run without its warnings ({@code tracesym report: warning: ...}). */
final class WithoutWarnings extends PrintStream {
    private static final String WARNING = "tracesym report: warning: ";

    WithoutWarnings(PrintStream err) {
        super(err, true);
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(WARNING)) {
            super.println(line);
        }
    }
}
