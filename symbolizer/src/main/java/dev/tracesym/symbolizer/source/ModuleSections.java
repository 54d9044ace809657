package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Section addresses of loaded modules, one {@code module section address} line each, as a symbol
 * archive stores the files of {@code /sys/module/<module>/sections/}. A zero address means the
 * reader was not allowed to see it; {@link #address} reports such sections as unknown.
 */
public final class ModuleSections {
    /** Returned by {@link #address} for a section that is not listed or whose address was hidden. */
    public static final long UNKNOWN = 0;

    private final String origin;
    private final Map<String, Map<String, Long>> byModule;

    private ModuleSections(String origin, Map<String, Map<String, Long>> byModule) {
        this.origin = origin;
        this.byModule = byModule;
    }

    /** Parses {@code module section address} lines (address hexadecimal, with or without 0x). */
    public static ModuleSections parse(TextSource src, Names names) throws SymbolSourceException {
        Lines in = new Lines(src);
        Map<String, Map<String, Long>> m = new HashMap<>();
        while (in.nextLine()) {
            if (in.blank()) {
                continue;
            }
            String mod = names.intern(in.word("module name"));
            String sec = names.intern(in.word("section name"));
            long a = in.hex("section address");
            if (in.hasField()) {
                throw in.error("expected 'module section address', found more fields in " + in.quotedLine());
            }
            m.computeIfAbsent(mod, k -> new HashMap<>()).put(sec, a);
        }
        return new ModuleSections(src.origin(), m);
    }

    public String origin() { return origin; }

    /** The address of {@code section} of {@code module}, or {@link #UNKNOWN}. */
    public long address(String module, String section) {
        Map<String, Long> s = byModule.get(module);
        Long a = s == null ? null : s.get(section);
        return a == null ? UNKNOWN : a;
    }

    /** Modules listed. */
    public List<String> modules() { return new ArrayList<>(byModule.keySet()); }

    /** True when at least one address is visible (not zero). */
    public boolean hasAddresses() {
        for (Map<String, Long> s : byModule.values()) {
            for (long a : s.values()) {
                if (a != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes the listing into a compiled symbol index, in this map's order (the origin is not kept). */
    public void writeTo(IndexOutput out) {
        out.writeInt(byModule.size());
        for (Map.Entry<String, Map<String, Long>> m : byModule.entrySet()) {
            out.writeString(m.getKey());
            out.writeInt(m.getValue().size());
            for (Map.Entry<String, Long> s : m.getValue().entrySet()) {
                out.writeString(s.getKey());
                out.writeLong(s.getValue());
            }
        }
    }

    /**
     * Reads a listing {@link #writeTo} wrote; {@code origin} names it as the parser would have.
     * Inserted in the written order, the maps iterate as the parsed ones did.
     *
     * @throws SymbolSourceException when the index is damaged
     */
    public static ModuleSections readFrom(IndexInput in, String origin) throws SymbolSourceException {
        int n = in.readInt();
        Map<String, Map<String, Long>> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            String mod = in.readString();
            int k = in.readInt();
            if (mod == null || k < 0 || n < 0) {
                throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: module sections");
            }
            Map<String, Long> secs = new HashMap<>();
            for (int j = 0; j < k; j++) {
                String sec = in.readString();
                if (sec == null) {
                    throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: a section without a name");
                }
                secs.put(sec, in.readLong());
            }
            m.put(mod, secs);
        }
        return new ModuleSections(origin, m);
    }
}
