package dev.tracesym.symbolizer;

/**
 * The answer for one address, filled in place by a {@link Symbolizer} so that resolving makes no
 * garbage: callers keep one instance per thread and read its fields after each call.
 *
 * <p>When {@link #found} is true, {@link #name}, {@link #offset} and {@link #size} are what the
 * kernel's own {@code %pS} prints ({@code name+0xoffset/0xsize [module]}): {@code size} is the
 * distance to the next symbol of the kernel's table, not the symbol's real extent, which is in
 * {@link #trueSize} where a source knows it. When false, {@link #unknown} says why.
 */
public final class Resolution {
    /** Value of {@link #trueSize} when no source gives the symbol's real extent. */
    public static final long NO_TRUE_SIZE = -1;

    /** Where a part of a resolution came from (what the REPL and {@code resolve} show). */
    public enum Source {
        /** {@code /proc/kallsyms}: the kernel's table and the loaded modules' symbols. */
        KALLSYMS("kallsyms"),
        /** {@code /proc/kallmodsyms}: as kallsyms, plus built-in modules, {@code {object}} and sizes. */
        KALLMODSYMS("kallmodsyms"),
        /** {@code System.map} of the kernel build. */
        SYSTEM_MAP("System.map"),
        /** A module's {@code .ko} file (its {@code __init} symbols, sizes). */
        MODULE_FILE(".ko"),
        /** {@code modules.builtin.ranges} of the kernel build. */
        BUILTIN_RANGES("modules.builtin.ranges"),
        /** The kernel build's linker maps ({@code vmlinux.map}, {@code vmlinux.o.map}). */
        LINKER_MAPS("linker maps");

        private final String text;

        Source(String text) {
            this.text = text;
        }

        /** How the source is named to users. */
        public String text() {
            return text;
        }
    }

    /** The address asked for. */
    public long address;
    /** True when a symbol covers the address. */
    public boolean found;
    /** Why no symbol was found; null when {@link #found}. */
    public UnknownReason unknown;

    /** The symbol's name as the kernel prints it (never decorated). */
    public String name;
    /** The symbol's start address. */
    public long symbolAddress;
    /** {@code address - symbolAddress}. */
    public long offset;
    /**
     * The kernel's {@code %pS} size: distance from the symbol to the next one in its table.
     * Unsigned: for an address in a module's data, Linux up to 6.3 measures to the end of the
     * module's code, which lies before it, and the value wraps as it does in the kernel.
     */
    public long size;
    /** Where {@link #name} came from; null when not found. */
    public Source nameFrom;
    /**
     * Where {@link #size} came from: the table {@link #nameFrom} names (distance to the next symbol,
     * or the end of the module's code, from {@code /proc/modules} or the {@code .ko}), or
     * {@link Source#KALLMODSYMS} for a size-aware kernel's size column.
     */
    public Source sizeFrom;
    /** Where {@link #module} came from (for a built-in module: kallmodsyms or modules.builtin.ranges); null without a module. */
    public Source moduleFrom;
    /** Where {@link #object} came from (kallmodsyms' {@code {object}} or the linker maps); null without an object. */
    public Source objectFrom;
    /** The symbol's real extent (ELF {@code st_size}, a kallmodsyms size column), or {@link #NO_TRUE_SIZE}. */
    public long trueSize;
    /** True when {@link #trueSize} is known and the address lies past it (padding between symbols). */
    public boolean gap;
    /** kallsyms type letter ({@code t}, {@code T}, {@code d}, ...), or 0 when the source has none. */
    public char type;

    /**
     * The loadable module, or for code of a module built into vmlinux ({@link #builtin}) the first
     * built-in module; null for the core kernel.
     */
    public String module;
    /** True when {@link #module} names a module built into vmlinux: the kernel prints no module there. */
    public boolean builtin;
    /**
     * All built-in modules of the address's range when there are several (shared object files),
     * else null. Shared, read-only.
     */
    public String[] modules;
    /**
     * The object file the symbol came from, as its source names it: the path of the build
     * ({@code fs/fat/cache.o}) from the linker maps, for every kernel-image symbol inside an
     * object's range, whether or not its name is unique; kallmodsyms' {@code {suffix}} as the
     * kernel printed it; null where no source names one (loadable modules, or no source given).
     */
    public String object;
    /**
     * What {@link #appendTo} prints in braces after the name, so that two symbols of one name never
     * print the same text: for a name that occurs at more than one address of the kernel image's
     * table, the shortest suffix of {@link #object} (whole path components, the same number for
     * every copy of the name) that tells the copies apart, e.g. {@code fat/inode.o} vs
     * {@code fs/inode.o}; kallmodsyms' own {@code {suffix}} where that is the source; null for a
     * unique name or when the copies cannot be told apart by object (then {@link #duplicate}
     * applies). See docs/ARCHIVE.md.
     */
    public String objectSuffix;
    /**
     * 0 when {@link #name} is unique in its table; otherwise the symbol's ordinal (1, 2, ...) among
     * the distinct addresses carrying that name, in address order. See docs/ARCHIVE.md.
     */
    public int duplicate;

    /** Clears every field and sets {@link #address}. */
    public void reset(long address) {
        this.address = address;
        found = false;
        unknown = null;
        name = null;
        symbolAddress = 0;
        offset = 0;
        size = 0;
        trueSize = NO_TRUE_SIZE;
        gap = false;
        type = 0;
        module = null;
        builtin = false;
        modules = null;
        object = null;
        objectSuffix = null;
        duplicate = 0;
        nameFrom = null;
        sizeFrom = null;
        moduleFrom = null;
        objectFrom = null;
    }

    /** Marks the address as unresolved for {@code reason}; returns false for call chaining. */
    public boolean notFound(UnknownReason reason) {
        found = false;
        unknown = reason;
        return false;
    }

    /**
     * Appends the symbol as one unambiguous text in kallmodsyms' form, {@code symbol [module] {object}}:
     * {@code name} (for a duplicated name without an object, {@code name#n}), then
     * {@code +0xoff/0xsize}, then {@code [module]} (also for built-in modules: a name does not change
     * because a module was built in; every module of a shared range, {@code [a] [b]}), then
     * {@code {objectSuffix}} for a duplicated name. Unresolved addresses print as {@code 0x<address>}.
     */
    public StringBuilder appendTo(StringBuilder sb) {
        if (!found) {
            return sb.append("0x").append(Long.toHexString(address));
        }
        appendName(sb);
        sb.append("+0x").append(Long.toHexString(offset)).append("/0x").append(Long.toHexString(size));
        return appendModuleAndObject(sb);
    }

    /** {@code name}, or {@code name#n} for a duplicated name that no object tells apart. */
    public StringBuilder appendName(StringBuilder sb) {
        sb.append(name);
        if (objectSuffix == null && duplicate > 0) {
            sb.append('#').append(duplicate);
        }
        return sb;
    }

    /** {@code " [module]"} (every module of a shared range), then {@code " {objectSuffix}"}, each where there is one. */
    public StringBuilder appendModuleAndObject(StringBuilder sb) {
        if (modules != null) {
            for (String m : modules) {
                sb.append(" [").append(m).append(']');
            }
        } else if (module != null) {
            sb.append(" [").append(module).append(']');
        }
        if (objectSuffix != null) {
            sb.append(" {").append(objectSuffix).append('}');
        }
        return sb;
    }

    @Override
    public String toString() {
        return appendTo(new StringBuilder()).toString();
    }
}
