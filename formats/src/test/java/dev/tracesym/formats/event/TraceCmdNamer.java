package dev.tracesym.formats.event;

import java.util.Arrays;

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
        int cap = 1024;
        long[] a = new long[cap];
        String[] nm = new String[cap];
        int n = 0;
        int pos = 0, len = kallsyms.length();
        while (pos < len) {
            int eol = kallsyms.indexOf('\n', pos);
            if (eol < 0) eol = len;
            if (eol > pos) {
                // "%16llx %c %s[\t[module]]"
                int p = pos;
                long addr = 0;
                int digits = 0;
                while (p < eol && digits < 16 && Character.digit(kallsyms.charAt(p), 16) >= 0) {
                    addr = (addr << 4) | Character.digit(kallsyms.charAt(p++), 16);
                    digits++;
                }
                while (p < eol && kallsyms.charAt(p) == ' ') p++;
                if (digits == 0 || p >= eol) break; // sscanf fails: libtraceevent stops reading kallsyms
                char type = kallsyms.charAt(p++);
                while (p < eol && (kallsyms.charAt(p) == ' ' || kallsyms.charAt(p) == '\t')) p++;
                int ns = p;
                while (p < eol && kallsyms.charAt(p) != ' ' && kallsyms.charAt(p) != '\t') p++;
                if (p == ns) break;
                if (kallsyms.charAt(ns) != '$' && type != 'A' && type != 'a') {
                    if (n == cap) {
                        cap *= 2;
                        a = Arrays.copyOf(a, cap);
                        nm = Arrays.copyOf(nm, cap);
                    }
                    a[n] = addr;
                    nm[n] = kallsyms.substring(ns, p);
                    n++;
                }
            }
            pos = eol + 1;
        }
        // libtraceevent prepends to a list (reverse file order), then sorts stably by address
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = i;
        final long[] fa = a;
        Long[] boxed = new Long[n];
        for (int i = 0; i < n; i++) boxed[i] = (long) (n - 1 - i);
        Arrays.sort(boxed, (x, y) -> Long.compareUnsigned(fa[(int) (long) x], fa[(int) (long) y]));
        this.addrs = new long[n + 1];
        this.names = new String[n];
        for (int i = 0; i < n; i++) {
            int k = (int) (long) boxed[i];
            this.addrs[i] = a[k];
            this.names[i] = nm[k];
        }
        this.addrs[n] = 0; // libtraceevent's end marker
    }

    /** The symbol addresses, sorted. */
    long[] addresses() {
        return java.util.Arrays.copyOf(addrs, names.length);
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
    public long addressOf(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) return addrs[i];
        }
        return 0;
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
