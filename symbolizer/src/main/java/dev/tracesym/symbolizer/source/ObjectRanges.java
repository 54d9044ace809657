package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which object file each address range of the kernel image came from, read from the link maps:
 * the final link's map ({@code vmlinux.map}) and the maps of intermediate {@code ld -r} links it
 * loads ({@code vmlinux.o.map}; with {@code CONFIG_X86_KERNEL_IBT} and other options that post-process
 * {@code vmlinux.o}, the final map names only {@code vmlinux.o} for nearly all code). An input
 * section of an intermediate object is placed at the final address of that object's section of
 * the same name plus its offset there. Ranges are at link-time addresses; {@link #shifted} moves
 * them to where KASLR put the running kernel.
 *
 * <p>Sections the final map puts at address 0 (per-CPU data) and empty input sections are left
 * out. An intermediate object whose own map is not given names no object: its code stays without
 * one rather than being attributed to {@code vmlinux.o}.
 */
public final class ObjectRanges {
    private final long[] start;
    private final long[] end;
    private final String[] object;
    private final Set<String> assigned;

    private ObjectRanges(long[] start, long[] end, String[] object, Set<String> assigned) {
        this.start = start;
        this.end = end;
        this.object = object;
        this.assigned = assigned;
    }

    /**
     * Combines the final link's map with the maps of the intermediate objects it loads (may be
     * empty).
     *
     * @throws SymbolSourceException when an intermediate map's output is not loaded by the final link
     */
    public static ObjectRanges of(LinkerMap finalMap, List<LinkerMap> intermediate) throws SymbolSourceException {
        Map<String, Integer> byOutput = new HashMap<>();
        for (int p = 0; p < intermediate.size(); p++) {
            byOutput.put(outputName(intermediate.get(p)), p);
        }
        @SuppressWarnings("unchecked")
        Map<String, Long>[] base = new Map[intermediate.size()];
        for (int p = 0; p < base.length; p++) {
            base[p] = new HashMap<>();
        }
        int cap = finalMap.recordCount();
        for (LinkerMap m : intermediate) {
            cap += m.recordCount();
        }
        long[] st = new long[cap];
        long[] en = new long[cap];
        String[] ob = new String[cap];
        int n = 0;
        for (int r = 0; r < finalMap.recordCount(); r++) {
            int s = finalMap.recordSection(r);
            if (!finalMap.sectionPlaced(s) || finalMap.sectionAddress(s) == 0 || finalMap.recordSize(r) == 0) {
                continue;
            }
            String obj = finalMap.recordObject(r);
            Integer p = byOutput.get(baseName(obj));
            if (p != null) {
                // the first placement of a section name wins, as for the kernel's generator
                base[p].putIfAbsent(finalMap.recordInput(r), finalMap.recordAddress(r));
                continue;
            }
            if (baseName(obj).equals("vmlinux.o")) {
                continue;        // its own map is missing: "vmlinux.o" would name nothing useful
            }
            st[n] = finalMap.recordAddress(r);
            en[n] = st[n] + finalMap.recordSize(r);
            ob[n] = obj;
            n++;
        }
        for (int p = 0; p < base.length; p++) {
            LinkerMap m = intermediate.get(p);
            if (base[p].isEmpty()) {
                throw SymbolSourceException.of(m.origin(), "describes " + outputName(m) + ", which the final link ("
                        + finalMap.origin() + ") does not load", null);
            }
            for (int r = 0; r < m.recordCount(); r++) {
                int s = m.recordSection(r);
                Long b = base[p].get(m.sectionName(s));
                if (b == null || m.recordSize(r) == 0) {
                    continue;
                }
                st[n] = b + (m.recordAddress(r) - m.sectionAddress(s));
                en[n] = st[n] + m.recordSize(r);
                ob[n] = m.recordObject(r);
                n++;
            }
        }
        Set<String> assigned = new HashSet<>(finalMap.assignedSymbols());
        return sorted(Arrays.copyOf(st, n), Arrays.copyOf(en, n), Arrays.copyOf(ob, n), assigned);
    }

    private static ObjectRanges sorted(long[] st, long[] en, String[] ob, Set<String> assigned) {
        Integer[] order = new Integer[st.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compareUnsigned(st[a], st[b]));
        long[] s = new long[st.length];
        long[] e = new long[st.length];
        String[] o = new String[st.length];
        for (int i = 0; i < order.length; i++) {
            s[i] = st[order[i]];
            e[i] = en[order[i]];
            o[i] = ob[order[i]];
        }
        return new ObjectRanges(s, e, o, assigned);
    }

    /** The file name an intermediate map describes. */
    static String outputName(LinkerMap m) {
        return baseName(m.output());
    }

    private static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** These ranges moved by {@code delta} (runtime minus link-time address). */
    public ObjectRanges shifted(long delta) {
        long[] s = new long[start.length];
        long[] e = new long[start.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = start[i] + delta;
            e[i] = end[i] + delta;
        }
        return new ObjectRanges(s, e, object, assigned);
    }

    /** Index of the range holding {@code addr}, or -1. */
    public int find(long addr) {
        return AddressRanges.find(start, end, addr);
    }

    /** Number of ranges. */
    public int count() { return start.length; }

    public long start(int i) { return start[i]; }

    /** End of range {@code i}, exclusive. */
    public long end(int i) { return end[i]; }

    /** The object file of range {@code i} (a path as the build named it, e.g. {@code fs/fat/cache.o}). */
    public String object(int i) { return object[i]; }

    /** True when the final link's script defines {@code symbol} ({@code _etext = .}): it belongs to no object. */
    public boolean linkerDefined(String symbol) { return assigned.contains(symbol); }
}
