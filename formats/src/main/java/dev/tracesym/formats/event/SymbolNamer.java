package dev.tracesym.formats.event;

/**
 * Turns a kernel address into text for a rendered event. The renderer knows nothing of symbol
 * tables: the caller plugs in either trace-cmd's own lookup (embedded kallsyms, for the identical
 * report) or tracesym's time-aware symbolizer.
 */
public interface SymbolNamer {
    /** {@code %ps}: the symbol name alone (plus whatever the implementation adds, e.g. {@code [module]}). */
    int NAME = 0;
    /** {@code %pS}: name and offset ({@code name+0xoff}, or {@code name+0xoff/0xsize [module]}). */
    int NAME_OFFSET = 1;

    /**
     * Appends the text for {@code addr} as of time {@code ts} (ns, trace clock) in the given style.
     *
     * @return false, appending nothing, when the address has no symbol
     */
    boolean append(StringBuilder out, long ts, long addr, int style);

    /**
     * {@link #append(StringBuilder, long, long, int)} into bytes: what the renderer calls. Namers on a
     * hot path write their bytes directly; this default goes through a string.
     */
    default boolean append(ByteText out, long ts, long addr, int style) {
        StringBuilder text = new StringBuilder();
        if (!append(text, ts, addr, style)) {
            return false;
        }
        out.append(text);
        return true;
    }

    /**
     * Fills {@code out} with the parts of the symbol for {@code addr} at {@code ts}, for structured
     * writers. Returns false when the address has no symbol ({@code out.unknown} then says why).
     */
    default boolean resolve(long ts, long addr, ResolvedSymbol out) {
        out.clear();
        out.unknown = "no-symbols";
        return false;
    }

    /**
     * The address of a symbol by name, 0 when unknown. libtraceevent evaluates identifiers left in a
     * print fmt (e.g. {@code vmemmap_base} in the mm_page_* events) as the kallsyms address of that
     * name: the lowest address among entries of that name, A/a symbols excluded.
     */
    default long addressOf(String name) {
        return 0;
    }

    /**
     * A namer that knows no symbols. (An instance of a class, not a lambda: every namer class
     * initializes this interface, for its default methods, and a lambda here was spun at run time in
     * every report, three classes that JDK 25's ahead-of-time cache does not keep.)
     */
    SymbolNamer NONE = new NoSymbols();
}

/** {@link SymbolNamer#NONE}. */
final class NoSymbols implements SymbolNamer {
    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        return false;
    }
}
