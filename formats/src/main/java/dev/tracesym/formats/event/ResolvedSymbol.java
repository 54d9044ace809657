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
    /**
     * For a name that several symbols share: the object suffix that tells this one apart
     * ({@code fat/cache.o}, printed {@code {fat/cache.o}}), else null.
     */
    public String objectSuffix;
    /** For a name that several symbols share and no object tells apart: this one's ordinal (printed {@code #n}); else 0. */
    public int duplicate;
    /** Short fixed reason when {@link #name} is null: {@code no-symbols}, {@code gap}, {@code module-not-loaded}, {@code unmapped}. */
    public String unknown;

    /**
     * The symbol's {@code %ps} text in kallmodsyms' form, {@code name [module] {object}}: {@code #n}
     * after a shared name no object tells apart, every {@code [module]} (built-in ones too), the
     * object suffix of a shared name. Null without a name.
     */
    public String displayName() {
        return name == null ? null : appendText(new StringBuilder(name.length() + 16), false).toString();
    }

    /**
     * Appends the symbol's text in kallmodsyms' form ({@link #displayName()}), with
     * {@code +0xoff/0xsize} after the name when {@code offsetAndSize}.
     */
    public StringBuilder appendText(StringBuilder b, boolean offsetAndSize) {
        b.append(name);
        if (objectSuffix == null && duplicate > 0) {
            b.append('#').append(duplicate);
        }
        if (offsetAndSize) {
            b.append("+0x").append(Long.toHexString(offset)).append("/0x").append(Long.toHexString(size));
        }
        if (modules != null) {
            for (String m : modules) {
                b.append(" [").append(m).append(']');
            }
        } else if (module != null) {
            b.append(" [").append(module).append(']');
        }
        if (objectSuffix != null) {
            b.append(" {").append(objectSuffix).append('}');
        }
        return b;
    }

    /** Resets every field to "nothing known". */
    public void clear() {
        name = null; offset = 0; size = 0; trueSize = -1; gap = false;
        module = null; modules = null; builtin = false; object = null; unknown = null;
        objectSuffix = null; duplicate = 0;
    }
}
