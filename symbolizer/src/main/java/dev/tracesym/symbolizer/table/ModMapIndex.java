package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.Resolution;
import java.util.Arrays;
import java.util.List;

/**
 * All mod maps of one moment flattened into disjoint address segments, each naming the entry the
 * kernel finds first there (mod maps newest first, entries in list order), so that a lookup is one
 * binary search however much freed init code overlaps.
 */
final class ModMapIndex {
    private static final long FLIP = Long.MIN_VALUE;
    static final ModMapIndex EMPTY = new ModMapIndex(new long[0], new long[0], new ModMap[0], new int[0]);

    private final long[] start;
    private final long[] end;
    private final ModMap[] map;
    private final int[] entry;

    private ModMapIndex(long[] start, long[] end, ModMap[] map, int[] entry) {
        this.start = start;
        this.end = end;
        this.map = map;
        this.entry = entry;
    }

    /** Indexes {@code maps}, given in the kernel's search order (newest module first). */
    static ModMapIndex of(List<ModMap> maps) {
        int total = 0;
        for (ModMap m : maps) {
            total += m.count();
        }
        if (total == 0) {
            return EMPTY;
        }
        long[] points = new long[2 * total];
        int p = 0;
        for (ModMap m : maps) {
            for (int i = 0; i < m.count(); i++) {
                long s = m.ip[i] ^ FLIP;
                points[p++] = s;
                points[p++] = s + m.size[i];
            }
        }
        Arrays.sort(points);
        int u = 0;
        for (int i = 0; i < points.length; i++) {
            if (u == 0 || points[u - 1] != points[i]) {
                points[u++] = points[i];
            }
        }
        long[] st = new long[u];
        long[] en = new long[u];
        ModMap[] mm = new ModMap[u];
        int[] ent = new int[u];
        int s = 0;
        for (int i = 0; i + 1 < u; i++) {
            long a = points[i];
            ModMap win = null;
            int wi = -1;
            for (ModMap m : maps) {
                int e = m.find(a ^ FLIP);
                if (e >= 0) {
                    win = m;
                    wi = e;
                    break;
                }
            }
            if (win == null) {
                continue;
            }
            if (s > 0 && mm[s - 1] == win && ent[s - 1] == wi && en[s - 1] == a) {
                en[s - 1] = points[i + 1];
            } else {
                st[s] = a;
                en[s] = points[i + 1];
                mm[s] = win;
                ent[s] = wi;
                s++;
            }
        }
        return new ModMapIndex(Arrays.copyOf(st, s), Arrays.copyOf(en, s), Arrays.copyOf(mm, s), Arrays.copyOf(ent, s));
    }

    /** Resolves {@code addr} among saved init functions; false when none covers it. Does not reset {@code out}. */
    boolean lookup(long addr, Resolution out) {
        long k = addr ^ FLIP;
        int i = ModuleSymbols.floor(start, k);
        if (i < 0 || k >= end[i]) {
            return false;
        }
        map[i].fill(entry[i], addr, out);
        return true;
    }
}
