package dev.tracesym.formats.event;

/**
 * What a symbolizer says about one address at one time, for writers that need the parts (JSON
 * Lines, Perfetto) rather than text. Mutable and reused by the caller: no allocation per lookup.
 * Field meanings follow the JSON Lines contract ({@code docs/JSONL.md}).
 */
public final class ResolvedSymbol {
    /** Symbol name, or null when the address has no symbol (then {@link #unknown} says why). */
    public String name;
    /** Address minus symbol start. */
    public long offset;
    /** Distance to the next symbol in the kernel's table, as the kernel's {@code %pS} prints it. */
    public long size;
    /** Real extent where a source knows it (ELF st_size, kallmodsyms size column), else -1. */
    public long trueSize = -1;
    /** True when the address lies past {@link #trueSize}: in a gap after the symbol. */
    public boolean gap;
    /** Owning module (first one where several share a range), or null for core kernel code. */
    public String module;
    /** All modules where a built-in range belongs to several, else null. */
    public String[] modules;
    /** True for code of a module built into vmlinux. */
    public boolean builtin;
    /** Object file as the source names it, or null. */
    public String object;
    /** Short fixed reason when {@link #name} is null: {@code no-symbols}, {@code gap}, {@code module-not-loaded}, {@code unmapped}. */
    public String unknown;

    /** Resets every field to "nothing known". */
    public void clear() {
        name = null; offset = 0; size = 0; trueSize = -1; gap = false;
        module = null; modules = null; builtin = false; object = null; unknown = null;
    }
}
