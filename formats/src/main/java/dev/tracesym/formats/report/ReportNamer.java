package dev.tracesym.formats.report;

import dev.tracesym.formats.event.ByteText;
import dev.tracesym.formats.event.SymbolNamer;

/**
 * Names kernel addresses for the report writer, which knows nothing of symbol tables. Every place where
 * {@code trace-cmd report} prints a function name asks {@link #find} once and then {@link #append}s the
 * text, so one implementation reproduces trace-cmd (the {@code .dat}'s own kallsyms, name only) while a
 * time-aware one can print {@code name+0xoff/0xsize [module]} in exactly the same places.
 *
 * <p>As a {@link SymbolNamer} the same object serves the generic print-format renderer (-N and events
 * without a plugin).
 */
public interface ReportNamer extends SymbolNamer {
    /** Returned by {@link #find} when no symbol covers the address. */
    int NONE = -1;

    /**
     * The symbol that names {@code addr} at time {@code ts} (ns, trace clock), as a handle for the other
     * methods, or {@link #NONE}. Called once per address per event, so implementations should be fast.
     * A handle is a small non-negative number that names the same symbol for the whole report (the
     * writer keeps per-handle copies of the plain name).
     */
    int find(long ts, long addr);

    /**
     * What the answers of {@link #find} depend on at time {@code ts}: at two times with the same
     * (identical) state object, {@code find} gives the same answer for an address, so the writer may
     * remember answers per address and state. Null (the default): no such promise.
     */
    default Object stateAt(long ts) {
        return null;
    }

    /**
     * A namer that gives the same answers as this one and can be used on another thread at the same
     * time, for print fmts rendered on the report's assembling threads; null (the default) when the
     * answers depend on the order in which records are seen (then everything is named on the render
     * thread).
     */
    default ReportNamer forAnotherThread() {
        return null;
    }

    /**
     * A key that is equal for two symbols exactly when their plain names are equal (the function plugin
     * indents by comparing names).
     */
    int nameKey(int symbol);

    /** Start address of {@code symbol}, for the {@code name/0x<start-addr>} form of the hrtimer plugin. */
    long start(int symbol);

    /**
     * Appends the text for {@code addr} inside {@code symbol}: {@link SymbolNamer#NAME} is what
     * trace-cmd prints for a plain function name, {@link SymbolNamer#NAME_OFFSET} adds the offset
     * ({@code name+0x1c}). The {@code NAME} text is the same for every address in the symbol.
     */
    void append(ByteText out, int symbol, long addr, int style);

    /** {@link #find}, then {@link #append(ByteText, int, long, int)}: the same text as the string form. */
    @Override
    default boolean append(ByteText out, long ts, long addr, int style) {
        int symbol = find(ts, addr);
        if (symbol == NONE) {
            return false;
        }
        append(out, symbol, addr, style);
        return true;
    }

    /** The kernel's name of {@code symbol} alone (no offset, module or object), as filters compare it. */
    String functionName(int symbol);

    /** The module that holds {@code symbol} as filters compare it ({@code .module}), null for the core kernel. */
    String moduleName(int symbol);
}
