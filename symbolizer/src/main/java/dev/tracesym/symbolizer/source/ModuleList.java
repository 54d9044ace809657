package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaded modules of {@code /proc/modules}, in the file's order (the kernel's module list,
 * newest first): {@code name size refcount deps state address [taints]}. The address is where the
 * module's code starts; {@code size} its loaded size in bytes.
 */
public final class ModuleList {
    private final String origin;
    private final String[] name;
    private final long[] size;
    private final long[] base;
    private final String[] state;

    private ModuleList(String origin, String[] name, long[] size, long[] base, String[] state) {
        this.origin = origin;
        this.name = name;
        this.size = size;
        this.base = base;
        this.state = state;
    }

    /**
     * Parses {@code /proc/modules} text.
     *
     * @throws SymbolSourceException on a malformed line, or when every address is zero (read without
     *     the right to see kernel addresses)
     */
    public static ModuleList parse(TextSource src, Names names) throws SymbolSourceException {
        Lines in = new Lines(src);
        List<String> n = new ArrayList<>();
        List<long[]> sb = new ArrayList<>();
        List<String> st = new ArrayList<>();
        boolean anyNonZero = false;
        while (in.nextLine()) {
            if (in.blank()) {
                continue;
            }
            String mod = names.intern(in.word("module name"));
            long size = in.decimal("module size");
            in.word("reference count");
            in.word("dependency list");
            String state = names.intern(in.word("module state (Live, Loading, Unloading)"));
            long base = in.hex("module address");
            anyNonZero |= base != 0;
            n.add(mod);
            sb.add(new long[] {size, base});
            st.add(state);
        }
        if (!n.isEmpty() && !anyNonZero) {
            throw SymbolSourceException.of(src.origin(), "all " + n.size() + " module addresses are zero: the file was "
                    + "read without the right to see kernel addresses (kptr_restrict)", null);
        }
        long[] size = new long[n.size()];
        long[] base = new long[n.size()];
        for (int i = 0; i < size.length; i++) {
            size[i] = sb.get(i)[0];
            base[i] = sb.get(i)[1];
        }
        return new ModuleList(src.origin(), n.toArray(new String[0]), size, base, st.toArray(new String[0]));
    }

    public String origin() { return origin; }

    public int count() { return name.length; }

    public String name(int i) { return name[i]; }

    /** Loaded size in bytes as {@code /proc/modules} prints it. */
    public long size(int i) { return size[i]; }

    /** Address of the module's code (its core text) as {@code /proc/modules} prints it. */
    public long base(int i) { return base[i]; }

    /** {@code Live}, {@code Loading} or {@code Unloading}. */
    public String state(int i) { return state[i]; }

    /** Index of the module called {@code module}, or -1. */
    public int indexOf(String module) {
        for (int i = 0; i < name.length; i++) {
            if (name[i].equals(module)) {
                return i;
            }
        }
        return -1;
    }

    /** Writes the list into a compiled symbol index (the origin is not kept: the reader gives it). */
    public void writeTo(IndexOutput out) {
        out.writeStrings(name, name.length);
        out.writeLongs(size, size.length);
        out.writeLongs(base, base.length);
        out.writeStrings(state, state.length);
    }

    /**
     * Reads a list {@link #writeTo} wrote; {@code origin} names it as the parser would have.
     *
     * @throws SymbolSourceException when the index is damaged
     */
    public static ModuleList readFrom(IndexInput in, String origin) throws SymbolSourceException {
        String[] name = in.readStrings();
        long[] size = in.readLongs();
        long[] base = in.readLongs();
        String[] state = in.readStrings();
        int n = name.length;
        if (size.length != n || base.length != n || state.length != n || java.util.Arrays.asList(name).contains(null)) {
            throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: module list columns");
        }
        return new ModuleList(origin, name, size, base, state);
    }
}
