package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.elf.ElfModule;
import dev.tracesym.symbolizer.elf.ModuleLayout;
import dev.tracesym.symbolizer.source.KallsymsListing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The symbols of one loaded module at one load address, looked up as the kernel's
 * {@code find_kallsyms_symbol} does: the symbol is the first one (in the module's symbol-table
 * order) at the greatest address not above the address, whatever its type, and its size runs to
 * the next greater symbol address or to the end of the module's code, whichever comes first. While
 * the module's init function runs, its {@code __init} symbols (known only from the {@code .ko})
 * take part too and the init code's own end caps them.
 *
 * <p>Immutable; {@link #withInit} derives the variant that knows where the init code was.
 */
public final class ModuleSymbols {
    private static final long FLIP = Long.MIN_VALUE;
    static final long PAGE = 4096;

    public final String module;
    private final long base;
    private final long size;
    private final ModuleLayout layout;
    private final boolean separateRegions;
    // symbol table order
    private final long[] key;
    private final String[] name;
    private final byte[] type;
    private final long[] trueSize;
    private final int[] duplicate;
    // distinct addresses, ascending, with the first symbol there
    private final long[] uKey;
    private final int[] uFirst;
    // the module's core memory: [rStart, rEnd) with the end of code that caps sizes there
    private final long[] rStart;
    private final long[] rEnd;
    private final long[] rCap;
    private final long textEndKey;
    // __init symbols (null when the init code's place is unknown)
    private final Init init;

    private static final class Init {
        final long start;
        final long end;
        final long cap;
        final long[] key;
        final String[] name;
        final byte[] type;
        final long[] trueSize;
        final long[] uKey;
        final int[] uFirst;
        final boolean[] traced;

        Init(long start, long end, long cap, long[] key, String[] name, byte[] type, long[] trueSize, boolean[] traced) {
            this.traced = traced;
            this.start = start;
            this.end = end;
            this.cap = cap;
            this.key = key;
            this.name = name;
            this.type = type;
            this.trueSize = trueSize;
            int[] perm = sortedPermutation(key);
            long[] uk = new long[key.length];
            int[] uf = new int[key.length];
            int u = 0;
            for (int j = 0; j < perm.length; j++) {
                long k = key[perm[j]];
                if (u == 0 || uk[u - 1] != k) {
                    uk[u] = k;
                    uf[u] = perm[j];
                    u++;
                }
            }
            this.uKey = Arrays.copyOf(uk, u);
            this.uFirst = Arrays.copyOf(uf, u);
        }
    }

    /** Where the names of the module's core symbols come from (its kallsyms block). */
    private final Resolution.Source source;

    /** Where the names of the module's core symbols come from: the listing of its kallsyms block. */
    public Resolution.Source source() {
        return source;
    }

    private ModuleSymbols(String module, long base, long size, ModuleLayout layout, boolean separateRegions, long[] key,
                          String[] name, byte[] type, long[] trueSize, int[] duplicate, long[] uKey, int[] uFirst,
                          long[] rStart, long[] rEnd, long[] rCap, long textEndKey, Init init, Resolution.Source source) {
        this.source = source;
        this.module = module;
        this.base = base;
        this.size = size;
        this.layout = layout;
        this.separateRegions = separateRegions;
        this.key = key;
        this.name = name;
        this.type = type;
        this.trueSize = trueSize;
        this.duplicate = duplicate;
        this.uKey = uKey;
        this.uFirst = uFirst;
        this.rStart = rStart;
        this.rEnd = rEnd;
        this.rCap = rCap;
        this.textEndKey = textEndKey;
        this.init = init;
    }

    /** The lines that are not ARM mapping symbols (kallsyms lists them; the kernel's lookup skips them). */
    private static int[] withoutMappingSymbols(KallsymsListing l, int[] lines) {
        int kept = 0;
        for (int line : lines) {
            if (!ModuleLayout.isMappingSymbol(l.name(line))) {
                kept++;
            }
        }
        if (kept == lines.length) {
            return lines;
        }
        int[] out = new int[kept];
        int k = 0;
        for (int line : lines) {
            if (!ModuleLayout.isMappingSymbol(l.name(line))) {
                out[k++] = line;
            }
        }
        return out;
    }

    /**
     * Builds a module's symbols from its kallsyms block.
     *
     * @param lines the module's symbol-table lines of {@code l} in listing order
     * @param base the module's address from {@code /proc/modules}, 0 when unknown
     * @param size its size from {@code /proc/modules}, 0 when unknown
     * @param layout the module's {@code .ko} laid out, or null: gives the exact end of the code and
     *     the symbols' real sizes
     */
    public static ModuleSymbols build(String module, KallsymsListing l, int[] lines, long base, long size, ModuleLayout layout) {
        lines = withoutMappingSymbols(l, lines);
        int n = lines.length;
        long[] key = new long[n];
        String[] name = new String[n];
        byte[] type = new byte[n];
        for (int j = 0; j < n; j++) {
            key[j] = l.address(lines[j]) ^ FLIP;
            name[j] = l.name(lines[j]);
            type[j] = (byte) l.type(lines[j]);
        }
        boolean known = base != 0 && size != 0;
        long baseKey = base ^ FLIP;
        boolean separate = false;
        if (known) {
            for (long k : key) {
                if (k < baseKey || k - baseKey >= size) {
                    separate = true;      // Linux 6.4+: code, rodata and data are separate allocations
                    break;
                }
            }
        }
        long textStart;
        long textEnd;
        if (known) {
            textStart = baseKey;
        } else {
            long min = Long.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                if (isText(type[j])) {
                    min = Math.min(min, key[j]);
                }
            }
            textStart = min == Long.MAX_VALUE ? (n > 0 ? pageDown(minKey(key)) : 0) : pageDown(min);
        }
        if (layout != null && known) {
            textEnd = baseKey + layout.coreTextSize();
        } else {
            long max = Long.MIN_VALUE;
            for (int j = 0; j < n; j++) {
                if (isText(type[j]) && key[j] >= textStart) {
                    max = Math.max(max, key[j]);
                }
            }
            textEnd = max == Long.MIN_VALUE ? textStart + PAGE : pageUp(max + 1);
        }
        long[][] ranges = ranges(key, known && !separate, baseKey, size, textStart, textEnd);
        int[] perm = sortedPermutation(key);
        long[] uk = new long[n];
        int[] uf = new int[n];
        int u = 0;
        long[] sk = new long[n];
        String[] sn = new String[n];
        for (int j = 0; j < n; j++) {
            int i = perm[j];
            sk[j] = key[i];
            sn[j] = name[i];
            if (u == 0 || uk[u - 1] != key[i]) {
                uk[u] = key[i];
                uf[u] = i;
                u++;
            }
        }
        int[] dupSorted = KernelTable.duplicates(sk, sn);
        int[] dup = null;
        if (dupSorted != null) {
            dup = new int[n];
            for (int j = 0; j < n; j++) {
                dup[perm[j]] = dupSorted[j];
            }
        }
        long[] trueSize = layout == null ? null : trueSizes(layout, key, name, baseKey, known && !separate);
        return new ModuleSymbols(module, base, size, layout, separate, key, name, type, trueSize, dup,
                Arrays.copyOf(uk, u), Arrays.copyOf(uf, u), ranges[0], ranges[1], ranges[2], textEnd, null, l.source());
    }

    private static boolean isText(byte t) {
        return t == 't' || t == 'T' || t == 'w' || t == 'W';
    }

    private static long minKey(long[] key) {
        long m = Long.MAX_VALUE;
        for (long k : key) {
            m = Math.min(m, k);
        }
        return m;
    }

    static long pageDown(long k) {
        return k & ~(PAGE - 1);
    }

    static long pageUp(long k) {
        return (k + PAGE - 1) & ~(PAGE - 1);
    }

    /** Core memory ranges: one allocation up to 6.3, else the code plus the pages data symbols are on. */
    private static long[][] ranges(long[] key, boolean contiguous, long baseKey, long size, long textStart, long textEnd) {
        if (contiguous) {
            return new long[][] {{baseKey}, {baseKey + size}, {textEnd}};
        }
        List<long[]> r = new ArrayList<>();
        r.add(new long[] {textStart, textEnd, textEnd});
        long[] other = Arrays.stream(key).filter(k -> k < textStart || k >= textEnd).sorted().toArray();
        for (long k : other) {
            long s = pageDown(k);
            long e = pageUp(k + 1);
            long[] last = r.get(r.size() - 1);
            if (last != r.get(0) && s <= last[1]) {
                last[1] = Math.max(last[1], e);
                last[2] = last[1];
            } else {
                r.add(new long[] {s, e, e});
            }
        }
        r.sort((a, b) -> Long.compare(a[0], b[0]));
        long[][] out = new long[3][r.size()];
        for (int i = 0; i < r.size(); i++) {
            out[0][i] = r.get(i)[0];
            out[1][i] = r.get(i)[1];
            out[2][i] = r.get(i)[2];
        }
        return out;
    }

    static int[] sortedPermutation(long[] key) {
        int n = key.length;
        long[] packed = new long[n];
        boolean sorted = true;
        for (int j = 1; j < n && sorted; j++) {
            sorted = key[j - 1] <= key[j];
        }
        int[] perm = new int[n];
        if (sorted) {
            for (int j = 0; j < n; j++) {
                perm[j] = j;
            }
            return perm;
        }
        // stable: sort (key, position) pairs; modules have at most tens of thousands of symbols
        Integer[] boxed = new Integer[n];
        for (int j = 0; j < n; j++) {
            boxed[j] = j;
        }
        Arrays.sort(boxed, (a, b) -> key[a] != key[b] ? Long.compare(key[a], key[b]) : Integer.compare(a, b));
        for (int j = 0; j < n; j++) {
            perm[j] = boxed[j];
        }
        return perm;
    }

    /** {@code st_size} of each symbol, matched by name and, among same-named ones, by placed address. */
    private static long[] trueSizes(ModuleLayout layout, long[] key, String[] name, long baseKey, boolean contiguous) {
        ElfModule elf = layout.elf();
        HashMap<String, List<Integer>> byName = new HashMap<>();
        for (int i = 0; i < elf.symbolCount(); i++) {
            if (layout.placed(i) && layout.symbolRegion(i) == ModuleLayout.CORE) {
                byName.computeIfAbsent(elf.symbolName(i), k -> new ArrayList<>(1)).add(i);
            }
        }
        long[] ts = new long[key.length];
        for (int j = 0; j < key.length; j++) {
            ts[j] = Resolution.NO_TRUE_SIZE;
            List<Integer> c = byName.get(name[j]);
            if (c == null) {
                continue;
            }
            for (int i : c) {
                boolean text = layout.symbolKind(i) == ModuleLayout.TEXT;
                boolean placedHere = (text || contiguous) && baseKey + layout.symbolOffset(i) == key[j];
                if (placedHere || (c.size() == 1 && !text && !contiguous)) {
                    long s = elf.symbolSize(i);
                    ts[j] = s > 0 ? s : Resolution.NO_TRUE_SIZE;
                    break;
                }
            }
        }
        return ts;
    }

    /**
     * This module with its {@code __init} symbols placed at {@code initBase} (the start of its init
     * code); needs the {@code .ko}. Returns this when there is no layout or no init symbol.
     */
    public ModuleSymbols withInit(long initBase) {
        if (layout == null || initBase == 0) {
            return this;
        }
        ElfModule elf = layout.elf();
        List<Integer> syms = new ArrayList<>();
        for (int i = 0; i < elf.symbolCount(); i++) {
            if (layout.placed(i) && layout.symbolRegion(i) == ModuleLayout.INIT
                    && (!separateRegions || layout.symbolKind(i) == ModuleLayout.TEXT)) {
                syms.add(i);
            }
        }
        if (syms.isEmpty()) {
            return this;
        }
        long initKey = initBase ^ FLIP;
        long[] k = new long[syms.size()];
        String[] nm = new String[k.length];
        byte[] ty = new byte[k.length];
        long[] ts = new long[k.length];
        boolean[] traced = new boolean[k.length];
        for (int j = 0; j < k.length; j++) {
            int i = syms.get(j);
            if (elf.symbolType(i) == ElfModule.STT_FUNC && layout.symbolKind(i) == ModuleLayout.TEXT) {
                long from = elf.symbolValue(i);
                long to = from + Math.max(1, elf.symbolSize(i));
                for (int c = 0; c < elf.mcountSiteCount() && !traced[j]; c++) {
                    traced[j] = elf.mcountSiteSection(c) == elf.symbolSection(i)
                            && elf.mcountSiteOffset(c) >= from && elf.mcountSiteOffset(c) < to;
                }
            }
            k[j] = initKey + layout.symbolOffset(i);
            nm[j] = elf.symbolName(i);
            ty[j] = (byte) layout.typeLetter(i);
            long s = elf.symbolSize(i);
            ts[j] = s > 0 ? s : Resolution.NO_TRUE_SIZE;
        }
        long cap = initKey + layout.initTextSize();
        long end = separateRegions ? cap : initKey + Math.max(layout.initSize(), layout.initTextSize());
        return new ModuleSymbols(module, base, size, layout, separateRegions, key, name, type, trueSize, duplicate,
                uKey, uFirst, rStart, rEnd, rCap, textEndKey, new Init(initKey, end, cap, k, nm, ty, ts, traced), source);
    }

    /**
     * The start of the init code implied by saved init functions at {@code addresses} named
     * {@code names} (the module's mod-map block): the address of each minus its offset in the
     * {@code .ko}'s init code. The value most entries agree on; 0 when none can be placed.
     */
    public long initBaseFrom(String[] names, long[] addresses) {
        if (layout == null) {
            return 0;
        }
        ElfModule elf = layout.elf();
        HashMap<Long, Integer> votes = new HashMap<>();
        for (int e = 0; e < names.length; e++) {
            for (int i = 0; i < elf.symbolCount(); i++) {
                if (layout.placed(i) && layout.symbolRegion(i) == ModuleLayout.INIT
                        && layout.symbolKind(i) == ModuleLayout.TEXT && elf.symbolName(i).equals(names[e])) {
                    votes.merge(addresses[e] - layout.symbolOffset(i), 1, Integer::sum);
                }
            }
        }
        long best = 0;
        int bestVotes = 0;
        for (var v : votes.entrySet()) {
            if (v.getValue() > bestVotes) {
                best = v.getKey();
                bestVotes = v.getValue();
            }
        }
        return best;
    }

    /**
     * The init functions ftrace can trace (they have a {@code __mcount_loc} call site), as
     * placed by {@link #withInit}: the functions ftrace saves when the init code is freed.
     * Addresses in {@code addresses}, names in {@code names}; returns the count (0 without init).
     */
    public int tracedInitFunctions(long[] addresses, String[] names) {
        if (init == null) {
            return 0;
        }
        int c = 0;
        for (int j = 0; j < init.key.length; j++) {
            if (init.traced[j]) {
                if (c < addresses.length) {
                    addresses[c] = init.key[j] ^ FLIP;
                    names[c] = init.name[j];
                }
                c++;
            }
        }
        return c;
    }

    /** The init code's start as placed by {@link #withInit}, or 0. */
    public long initBase() {
        return init == null ? 0 : init.start ^ FLIP;
    }

    /** True when {@code addr} lies in the init code as placed by {@link #withInit}. */
    public boolean inInit(long addr) {
        long k = addr ^ FLIP;
        return init != null && k >= init.start && k < init.end;
    }

    /** End of the init code placed by {@link #withInit} (exclusive), or 0. */
    public long initEnd() {
        return init == null ? 0 : init.end ^ FLIP;
    }

    /** The size the kernel gives an init function at {@code addr} (next init symbol or end of init code), or -1. */
    public long initSymbolSize(long addr) {
        if (init == null) {
            return -1;
        }
        long k = addr ^ FLIP;
        int a = ceilingAbove(init.uKey, k);
        long next = init.cap;
        if (a >= 0 && init.uKey[a] < next) {
            next = init.uKey[a];
        }
        return next - k;
    }

    /** {@code st_size} of the init symbol called {@code symbol} at {@code addr}, or {@link Resolution#NO_TRUE_SIZE}. */
    public long initTrueSize(String symbol, long addr) {
        if (init == null) {
            return Resolution.NO_TRUE_SIZE;
        }
        long k = addr ^ FLIP;
        for (int j = 0; j < init.key.length; j++) {
            if (init.key[j] == k && init.name[j].equals(symbol)) {
                return init.trueSize[j];
            }
        }
        return Resolution.NO_TRUE_SIZE;
    }

    public long base() { return base; }

    public long loadedSize() { return size; }

    /** End of the module's core code (where the last function's {@code %pS} size stops). */
    public long textEnd() { return textEndKey ^ FLIP; }

    /** Number of core memory ranges ({@link #rangeStart}, {@link #rangeEnd}). */
    public int rangeCount() { return rStart.length; }

    public long rangeStart(int r) { return rStart[r] ^ FLIP; }

    public long rangeEnd(int r) { return rEnd[r] ^ FLIP; }

    /** Number of symbols (core symbol table). */
    public int symbolCount() { return key.length; }

    public String symbolName(int i) { return name[i]; }

    public long symbolAddress(int i) { return key[i] ^ FLIP; }

    /** Type letter of symbol {@code i} as kallsyms printed it. */
    public char symbolType(int i) { return (char) type[i]; }

    /** The module file laid out, or null when none was given. */
    public ModuleLayout layout() { return layout; }

    /** True when {@code addr} lies in the module's core memory. */
    public boolean contains(long addr) {
        return range(addr ^ FLIP) >= 0;
    }

    private int range(long k) {
        for (int r = 0; r < rStart.length; r++) {
            if (k >= rStart[r] && k < rEnd[r]) {
                return r;
            }
        }
        return -1;
    }

    /**
     * Resolves {@code addr} in this module; {@code initLive} when the init code still exists (its
     * symbols then take part). False when the address is not the module's or no symbol precedes it
     * (the kernel then goes on to other lookups). Does not reset {@code out}.
     */
    public boolean lookup(long addr, boolean initLive, Resolution out) {
        long k = addr ^ FLIP;
        boolean withInit = initLive && init != null;
        long cap;
        if (withInit && k >= init.start && k < init.end) {
            cap = init.cap;
        } else {
            int r = range(k);
            if (r < 0) {
                return false;
            }
            cap = rCap[r];
        }
        int b = floor(uKey, k);
        int bi = withInit ? floor(init.uKey, k) : -1;
        boolean fromInit = bi >= 0 && (b < 0 || init.uKey[bi] > uKey[b]);
        if (b < 0 && !fromInit) {
            return false;
        }
        long next = cap;
        int a = ceilingAbove(uKey, k);
        if (a >= 0 && uKey[a] < next) {
            next = uKey[a];
        }
        if (withInit) {
            int ai = ceilingAbove(init.uKey, k);
            if (ai >= 0 && init.uKey[ai] < next) {
                next = init.uKey[ai];
            }
        }
        long start;
        long ts;
        if (fromInit) {
            int i = init.uFirst[bi];
            start = init.uKey[bi];
            out.name = init.name[i];
            out.type = (char) init.type[i];
            out.duplicate = 0;
            ts = init.trueSize[i];
        } else {
            int i = uFirst[b];
            start = uKey[b];
            out.name = name[i];
            out.type = (char) type[i];
            out.duplicate = duplicate == null ? 0 : duplicate[i];
            ts = trueSize == null ? Resolution.NO_TRUE_SIZE : trueSize[i];
        }
        out.found = true;
        out.unknown = null;
        out.symbolAddress = start ^ FLIP;
        out.offset = k - start;
        out.size = next - start;     // below the symbol (an address in data past the code): unsigned wrap, as the kernel
        out.module = module;
        out.builtin = false;
        out.modules = null;
        out.object = null;
        out.objectSuffix = null;
        out.nameFrom = fromInit ? Resolution.Source.MODULE_FILE : source;
        out.sizeFrom = out.nameFrom;
        out.moduleFrom = out.nameFrom;
        out.objectFrom = null;
        if (ts > 0) {
            out.trueSize = ts;
            out.gap = out.offset >= ts;
        }
        return true;
    }

    /**
     * Appends to {@code out} one resolution per symbol of this module called {@code symbol} (its
     * core symbols, and its {@code __init} symbols while {@code initLive}), in address order, each
     * as {@link #lookup} names its own address but with that symbol's name where it is an alias.
     * Returns the number appended. Allocates: meant for interactive queries.
     */
    public int copies(String symbol, boolean initLive, List<Resolution> out) {
        List<Resolution> found = new ArrayList<>();
        for (int i = 0; i < key.length; i++) {
            if (name[i].equals(symbol)) {
                Resolution r = at(key[i], initLive);
                if (r != null) {
                    r.name = name[i];
                    r.type = (char) type[i];
                    r.duplicate = duplicate == null ? 0 : duplicate[i];
                    r.trueSize = trueSize == null ? Resolution.NO_TRUE_SIZE : trueSize[i];
                    r.gap = false;
                    found.add(r);
                }
            }
        }
        if (initLive && init != null) {
            for (int j = 0; j < init.key.length; j++) {
                if (init.name[j].equals(symbol)) {
                    Resolution r = at(init.key[j], true);
                    if (r != null) {
                        r.name = init.name[j];
                        r.type = (char) init.type[j];
                        r.duplicate = 0;
                        r.trueSize = init.trueSize[j];
                        r.gap = false;
                        found.add(r);
                    }
                }
            }
        }
        found.sort((a, b) -> Long.compareUnsigned(a.symbolAddress, b.symbolAddress));
        out.addAll(found);
        return found.size();
    }

    private Resolution at(long k, boolean initLive) {
        Resolution r = new Resolution();
        r.reset(k ^ FLIP);
        return lookup(k ^ FLIP, initLive, r) ? r : null;
    }

    /** Index of the greatest key not above {@code k}, or -1. */
    static int floor(long[] keys, long k) {
        int lo = 0;
        int hi = keys.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= k) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Index of the smallest key above {@code k}, or -1. */
    static int ceilingAbove(long[] keys, long k) {
        int f = floor(keys, k) + 1;
        return f < keys.length ? f : -1;
    }
}
