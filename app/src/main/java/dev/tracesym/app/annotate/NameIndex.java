package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;

/**
 * Answers, for text that names a symbol without its address (the function tracer without
 * {@code sym-addr}, trace-cmd report, {@code %ps} fields such as {@code function=tick_sched_timer}),
 * whether that name is certain at that time. The annotator adds a module or disambiguator only on
 * {@link #UNIQUE}, marks the name on {@link #AMBIGUOUS} / {@link #ABSENT}, and leaves it alone on
 * {@link #UNKNOWN}: it never guesses.
 */
@FunctionalInterface
public interface NameIndex {
    /** Nothing known (no symbols for that time): the name stays as it is, unmarked. */
    int UNKNOWN = 0;
    /** Exactly one symbol live at that time has the name (in {@code module}, when given). */
    int UNIQUE = 1;
    /** Several live symbols have the name: the text cannot say which one ran. */
    int AMBIGUOUS = 2;
    /** No symbol live at that time has the name (stale text, e.g. a module loaded later). */
    int ABSENT = 3;

    /**
     * Looks {@code name} up among the symbols live at {@code ts}.
     *
     * @param module the module the text claims ({@code " [mod]"}), or null when it names none
     * @param out on {@link #UNIQUE}: filled with the symbol (name, size, module or null for the core
     *     kernel, builtin, object); offset is left 0 for the caller
     * @return {@link #UNKNOWN}, {@link #UNIQUE}, {@link #AMBIGUOUS} or {@link #ABSENT}
     */
    int lookup(long ts, String name, String module, ResolvedSymbol out);

    /** Knows nothing: every name stays as it is. */
    NameIndex NONE = (ts, name, module, out) -> UNKNOWN;
}
