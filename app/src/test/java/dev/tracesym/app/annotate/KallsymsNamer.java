package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny test namer over one /proc/kallsyms snapshot: text symbols in sorted arrays, the last
 * start at or below an address wins, size is the distance to the next start (as the kernel's
 * %pS computes it). Time is ignored: one snapshot.
 */
final class KallsymsNamer implements SymbolNamer, NameIndex {
    final long[] start;
    final String[] name;
    final String[] module;
    private final Map<String, Integer> nameCount = new HashMap<>();
    private final Map<String, Integer> nameIndex = new HashMap<>();

    private KallsymsNamer(long[] start, String[] name, String[] module) {
        this.start = start;
        this.name = name;
        this.module = module;
        for (int i = 0; i < name.length; i++) {
            nameCount.merge(name[i], 1, Integer::sum);
            nameIndex.putIfAbsent(name[i], i);
        }
    }

    static KallsymsNamer of(String sample) throws IOException {
        record Sym(long addr, String name, String module) {}
        List<Sym> syms = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(Samples.bytes(sample)),
                StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null;) {
                String[] p = l.split("\\s+");
                if (p.length < 3 || !"tTwW".contains(p[1])) {
                    continue;
                }
                long a = Long.parseUnsignedLong(p[0], 16);
                if (a == 0) {
                    continue;
                }
                String mod = p.length > 3 ? p[3].substring(1, p[3].length() - 1) : null;
                syms.add(new Sym(a, p[2], mod));
            }
        }
        syms.sort((x, y) -> Long.compareUnsigned(x.addr, y.addr));
        long[] s = new long[syms.size()];
        String[] n = new String[syms.size()];
        String[] m = new String[syms.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = syms.get(i).addr;
            n[i] = syms.get(i).name;
            m[i] = syms.get(i).module;
        }
        return new KallsymsNamer(s, n, m);
    }

    /** Index of the symbol containing {@code addr}, or -1. */
    int find(long addr) {
        int lo = 0;
        int hi = start.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(start[mid], addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        while (found > 0 && start[found - 1] == start[found]) {
            found--;
        }
        if (found < 0) {
            return -1;
        }
        int next = found + 1;
        while (next < start.length && start[next] == start[found]) {
            next++;
        }
        // past the last symbol of the table or of a module: only close by (a module's last function)
        boolean last = next == start.length || module[found] != null && !module[found].equals(module[next]);
        return last && addr - start[found] > 0x10000 ? -1 : found;
    }

    long sizeOf(int i) {
        int next = i + 1;
        while (next < start.length && start[next] == start[i]) {
            next++;
        }
        return next < start.length ? start[next] - start[i] : 0;
    }

    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        int i = find(addr);
        if (i < 0) {
            return false;
        }
        out.append(name[i]);
        if (style == NAME_OFFSET) {
            out.append("+0x").append(Long.toHexString(addr - start[i])).append("/0x").append(Long.toHexString(sizeOf(i)));
        }
        if (module[i] != null) {
            out.append(" [").append(module[i]).append(']');
        }
        return true;
    }

    @Override
    public boolean resolve(long ts, long addr, ResolvedSymbol out) {
        out.clear();
        int i = find(addr);
        if (i < 0) {
            out.unknown = "unmapped";
            return false;
        }
        out.name = name[i];
        out.offset = addr - start[i];
        out.size = sizeOf(i);
        out.module = module[i];
        return true;
    }

    @Override
    public int lookup(long ts, String n, String mod, ResolvedSymbol out) {
        Integer count = nameCount.get(n);
        if (count == null) {
            return ABSENT;
        }
        if (count > 1) {
            return AMBIGUOUS;
        }
        int i = nameIndex.get(n);
        if (mod != null && !mod.equals(module[i])) {
            return ABSENT;
        }
        out.clear();
        out.name = n;
        out.size = sizeOf(i);
        out.module = module[i];
        return UNIQUE;
    }

    int size() {
        return start.length;
    }

    @Override
    public String toString() {
        return "KallsymsNamer" + Arrays.asList(start.length);
    }
}
