package dev.tracesym.app.pipeline;

import dev.tracesym.app.annotate.NameIndex;
import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Looks symbols up by name among those live at a time, for text that names a function without its
 * address: the kernel image's table, every module loaded at that time, and the init functions ftrace
 * kept for them. The symbolizer has no such lookup, so the tables are indexed here, once per table
 * (the kernel image's once, each module's once however many states share it).
 */
final class SymbolNameIndex implements NameIndex {
    /** No address: a name that is not in a table. */
    private static final long[] NONE = new long[0];

    private final SymbolizerNamer namer;
    private final LongFunction<KernelSymbols> states;
    private Map<String, long[]> kernel;
    private KernelTable kernelOf;
    private final Map<ModuleSymbols, Map<String, long[]>> modules = new IdentityHashMap<>();
    private final Map<ModMap, Map<String, long[]>> modMaps = new IdentityHashMap<>();
    private final Map<KernelSymbols, State> byState = new IdentityHashMap<>();

    private SymbolNameIndex(SymbolizerNamer namer, LongFunction<KernelSymbols> states) {
        this.namer = namer;
        this.states = states;
    }

    /** An index over the namer's symbolizer; null when that symbolizer does not expose its tables. */
    static SymbolNameIndex of(SymbolizerNamer namer) {
        Symbolizer s = namer.symbolizer();
        if (s instanceof TimeAwareSymbolizer t) {
            return new SymbolNameIndex(namer, t::stateAt);
        }
        if (s instanceof StaticSymbolizer st) {
            KernelSymbols state = st.state();
            return new SymbolNameIndex(namer, ts -> state);
        }
        return null;
    }

    /** The tables of one state with their names. */
    private record State(Map<String, long[]>[] tables, String[] tableModule) {
    }

    @Override
    public int lookup(long ts, String name, String module, ResolvedSymbol out) {
        State st = state(states.apply(ts));
        long found = 0;
        String foundModule = null;
        int distinct = 0;
        for (int t = 0; t < st.tables.length; t++) {
            String m = st.tableModule[t];
            if (module != null && !module.equals(m)) {
                continue;
            }
            for (long a : st.tables[t].getOrDefault(name, NONE)) {
                if (distinct == 0) {
                    found = a;
                    foundModule = m;
                    distinct = 1;
                } else if (a != found || !Objects.equals(m, foundModule)) {
                    return AMBIGUOUS;
                }
            }
        }
        if (distinct == 0) {
            return ABSENT;
        }
        out.clear();
        if (!namer.resolve(ts, found, out)) {
            out.clear();
        }
        out.name = name;
        out.offset = 0;
        if (out.module == null && foundModule != null) {
            out.module = foundModule;
        }
        return UNIQUE;
    }

    @SuppressWarnings("unchecked")
    private State state(KernelSymbols s) {
        State st = byState.get(s);
        if (st != null) {
            return st;
        }
        List<String> names = s.modules();
        List<ModMap> maps = s.modMaps();
        int n = (s.kernel() != null ? 1 : 0) + names.size() + maps.size();
        Map<String, long[]>[] tables = new Map[n];
        String[] owner = new String[n];
        int t = 0;
        if (s.kernel() != null) {
            tables[t] = kernel(s.kernel());
            owner[t++] = null;
        }
        for (String m : names) {
            ModuleSymbols ms = s.module(m);
            tables[t] = modules.computeIfAbsent(ms, SymbolNameIndex::index);
            owner[t++] = m;
        }
        for (ModMap mm : maps) {
            tables[t] = modMaps.computeIfAbsent(mm, SymbolNameIndex::index);
            owner[t++] = mm.module;
        }
        st = new State(tables, owner);
        byState.put(s, st);
        return st;
    }

    private Map<String, long[]> kernel(KernelTable k) {
        if (kernelOf != k) {
            Map<String, long[]> m = new HashMap<>();
            for (int i = 0; i < k.size(); i++) {
                char type = k.type(i);
                if (type != 'A' && type != 'a') {
                    add(m, k.name(i), k.address(i));
                }
            }
            kernel = m;
            kernelOf = k;
        }
        return kernel;
    }

    private static Map<String, long[]> index(ModuleSymbols ms) {
        Map<String, long[]> m = new HashMap<>();
        for (int i = 0; i < ms.symbolCount(); i++) {
            add(m, ms.symbolName(i), ms.symbolAddress(i));
        }
        return m;
    }

    private static Map<String, long[]> index(ModMap mm) {
        Map<String, long[]> m = new HashMap<>();
        for (int i = 0; i < mm.count(); i++) {
            add(m, mm.name(i), mm.address(i));
        }
        return m;
    }

    /** Adds an address for a name, once. */
    private static void add(Map<String, long[]> m, String name, long addr) {
        long[] a = m.get(name);
        if (a == null) {
            m.put(name, new long[] {addr});
            return;
        }
        for (long x : a) {
            if (x == addr) {
                return;
            }
        }
        long[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = addr;
        m.put(name, b);
    }
}
