package dev.tracesym.formats.text;

/** Where readers report input they pass through without understanding it. The CLI prints to stderr. */
@FunctionalInterface
public interface WarningSink {
    /** @param line 1-based line number in {@code source} */
    void warn(String source, long line, String message);

    /** Drops every warning. */
    WarningSink IGNORE = (source, line, message) -> { };
}
