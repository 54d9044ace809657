package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.source.KallsymsListing;
import java.util.List;

/**
 * The init functions ftrace saved for one module when its {@code __init} code was freed
 * (kernel/trace/ftrace.c "mod map"): name, start and the size the kernel's lookup gave the
 * function at that moment. kallsyms lists them without sizes; with the module's {@code .ko} they
 * are recomputed exactly, otherwise estimated as the distance to the next saved function (or the
 * end of its page).
 */
public final class ModMap {
    public final String module;
    final long[] ip;
    final long[] size;
    final long[] trueSize;
    final String[] name;
    /** True when the sizes come from the module's .ko, false when estimated. */
    public final boolean exactSizes;

    /** Where the names come from (the kallsyms block listing them). */
    private final Resolution.Source source;

    /** Where the names come from: the listing of the kallsyms block that lists them. */
    public Resolution.Source source() {
        return source;
    }

    private ModMap(String module, long[] ip, long[] size, long[] trueSize, String[] name, boolean exact,
                   Resolution.Source source) {
        this.source = source;
        this.module = module;
        this.ip = ip;
        this.size = size;
        this.trueSize = trueSize;
        this.name = name;
        this.exactSizes = exact;
    }

    /**
     * Builds the mod map of {@code module} from its block of {@code l}, in listing order (the
     * kernel's search order). {@code owner}, when it has its init code placed
     * ({@link ModuleSymbols#withInit}), gives the exact sizes.
     */
    public static ModMap build(String module, KallsymsListing l, int[] lines, ModuleSymbols owner) {
        // /proc/kallsyms lists a mod map of n >= 2 functions as its first function twice and
        // leaves out the last one (ftrace_mod_get_kallsym counts one too many): drop the repeat
        // and, from the .ko, put back the traceable init functions still missing
        long[] ip = new long[lines.length];
        String[] nm = new String[lines.length];
        int n = 0;
        boolean repeated = false;
        for (int line : lines) {
            long a = l.address(line);
            String s = l.name(line);
            boolean dup = false;
            for (int k = 0; k < n && !dup; k++) {
                dup = ip[k] == a && nm[k].equals(s);
            }
            if (dup) {
                repeated = true;
                continue;
            }
            ip[n] = a;
            nm[n] = s;
            n++;
        }
        if (repeated && owner != null) {
            long[] ta = new long[256];
            String[] tn = new String[256];
            int t = owner.tracedInitFunctions(ta, tn);
            if (t > ta.length) {
                ta = new long[t];
                tn = new String[t];
                owner.tracedInitFunctions(ta, tn);
            }
            for (int j = 0; j < t; j++) {
                boolean listed = false;
                for (int k = 0; k < n && !listed; k++) {
                    listed = ip[k] == ta[j] && nm[k].equals(tn[j]);
                }
                if (!listed) {
                    if (n == ip.length) {
                        ip = java.util.Arrays.copyOf(ip, n * 2 + 1);
                        nm = java.util.Arrays.copyOf(nm, n * 2 + 1);
                    }
                    ip[n] = ta[j];
                    nm[n] = tn[j];
                    n++;
                }
            }
        }
        ip = java.util.Arrays.copyOf(ip, n);
        nm = java.util.Arrays.copyOf(nm, n);
        long[] size = new long[n];
        long[] ts = new long[n];
        boolean exact = owner != null && owner.initBase() != 0;
        for (int j = 0; j < n; j++) {
            long s = exact && owner.inInit(ip[j]) ? owner.initSymbolSize(ip[j]) : -1;
            if (s <= 0) {
                exact = exact && s > 0;
                long next = ModuleSymbols.pageUp((ip[j] ^ Long.MIN_VALUE) + 1) ^ Long.MIN_VALUE;
                for (long other : ip) {
                    if (Long.compareUnsigned(other, ip[j]) > 0 && Long.compareUnsigned(other, next) < 0) {
                        next = other;
                    }
                }
                s = next - ip[j];
            }
            size[j] = s;
            ts[j] = owner == null ? Resolution.NO_TRUE_SIZE : owner.initTrueSize(nm[j], ip[j]);
        }
        return new ModMap(module, ip, size, ts, nm, exact, l.source());
    }

    public int count() { return ip.length; }

    public long address(int i) { return ip[i]; }

    public long size(int i) { return size[i]; }

    public String name(int i) { return name[i]; }

    /** Index of the first entry (in the kernel's order) whose {@code [ip, ip + size)} holds {@code addr}, or -1. */
    public int find(long addr) {
        for (int i = 0; i < ip.length; i++) {
            if (Long.compareUnsigned(addr, ip[i]) >= 0 && Long.compareUnsigned(addr - ip[i], size[i]) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Appends one resolution per entry called {@code symbol}, at its start; returns how many. */
    public int copies(String symbol, List<Resolution> out) {
        int c = 0;
        for (int i = 0; i < ip.length; i++) {
            if (name[i].equals(symbol)) {
                Resolution r = new Resolution();
                r.reset(ip[i]);
                fill(i, ip[i], r);
                out.add(r);
                c++;
            }
        }
        return c;
    }

    /** Fills {@code out} from entry {@code i} for {@code addr}. */
    void fill(int i, long addr, Resolution out) {
        out.found = true;
        out.unknown = null;
        out.name = name[i];
        out.symbolAddress = ip[i];
        out.offset = addr - ip[i];
        out.size = size[i];
        out.type = 'T';
        out.module = module;
        out.builtin = false;
        out.modules = null;
        out.object = null;
        out.objectSuffix = null;
        out.duplicate = 0;
        out.nameFrom = source;
        out.sizeFrom = exactSizes ? Resolution.Source.MODULE_FILE : source;
        out.moduleFrom = source;
        out.objectFrom = null;
        if (trueSize[i] > 0) {
            out.trueSize = trueSize[i];
            out.gap = out.offset >= trueSize[i];
        }
    }
}
