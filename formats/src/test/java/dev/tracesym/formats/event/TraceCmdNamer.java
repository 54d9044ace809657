package dev.tracesym.formats.event;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only SymbolNamer that names addresses as libtraceevent does from a trace's embedded
 * kallsyms: lines of type A/a and names starting with '$' are skipped; entries are sorted by
 * address keeping equal addresses in reverse file order (libtraceevent prepends to a list, then
 * sorts stably); an address matches an entry when equal to it or strictly between it and the next
 * entry, found with glibc's bsearch probe order; past the last entry nothing matches. %pS prints
 * "name+0xoff" (no module).
 */
final class TraceCmdNamer implements SymbolNamer {
    private final long[] addrs;
    private final String[] names;

    TraceCmdNamer(String kallsyms) {
        List<long[]> order = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Long> addrs = new ArrayList<>();
        for (String line : kallsyms.split("\n")) {
            if (line.isEmpty()) continue;
            String[] parts = line.split("[ \t]+");
            if (parts.length < 3) break; // sscanf fails: libtraceevent stops reading kallsyms
            char type = parts[1].charAt(0);
            String name = parts[2];
            if (name.startsWith("$") || type == 'A' || type == 'a') continue;
            addrs.add(Long.parseUnsignedLong(parts[0].length() > 16 ? parts[0].substring(0, 16) : parts[0], 16));
            names.add(name);
        }
        int n = addrs.size();
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = n - 1 - i; // reverse file order, then stable sort
        Arrays.sort(idx, (a, b) -> Long.compareUnsigned(addrs.get(a), addrs.get(b)));
        this.addrs = new long[n + 1];
        this.names = new String[n];
        for (int i = 0; i < n; i++) {
            this.addrs[i] = addrs.get(idx[i]);
            this.names[i] = names.get(idx[i]);
        }
        this.addrs[n] = 0; // libtraceevent's end marker
    }

    /** glibc bsearch with libtraceevent's func_bcmp; -1 when no entry matches. */
    int find(long addr) {
        int l = 0, u = names.length;
        while (l < u) {
            int i = (l + u) >>> 1;
            long a = addrs[i];
            int c;
            if (addr == a || (Long.compareUnsigned(addr, a) > 0 && Long.compareUnsigned(addr, addrs[i + 1]) < 0)) {
                return i;
            }
            c = Long.compareUnsigned(addr, a) < 0 ? -1 : 1;
            if (c < 0) u = i;
            else l = i + 1;
        }
        return -1;
    }

    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        int i = find(addr);
        if (i < 0) return false;
        out.append(names[i]);
        if (style == NAME_OFFSET) out.append("+0x").append(Long.toHexString(addr - addrs[i]));
        return true;
    }
}
