package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.UnknownReason;
import dev.tracesym.symbolizer.source.BuiltinRanges;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.ObjectRanges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * The symbol table of the kernel image (vmlinux, without loadable modules): an immutable
 * struct of arrays in the kernel's own order, looked up as {@code kernel/kallsyms.c} does. For an
 * address, the symbol is the first one (in table order) at the greatest address not above it, and
 * its size is the distance to the next greater address in the table, whatever that symbol's type.
 * Past the last symbol the size runs to {@code _einittext} or {@code _end}.
 *
 * <p>A kallmodsyms with a size column comes from a kernel whose table carries every symbol's
 * size ({@code kallsyms_sizes}, Oracle UEK and the kallmodsyms series); that kernel orders the
 * symbols of one address zero-size first, then larger before smaller, and looks an address up
 * differently: the <em>last</em> symbol of the table at the greatest address not above it, backed
 * up over the symbols before it at that address with the same size; its size is its own size
 * column. See {@link #sizeAware}.
 *
 * <p>Addresses are unsigned; internally they are stored with the sign bit flipped so that plain
 * signed comparisons order them.
 */
public final class KernelTable {
    private static final long FLIP = Long.MIN_VALUE;

    /** How the source ordered symbols at one address. */
    public enum Order {
        /** {@code /proc/kallsyms} or kallmodsyms: already in the kernel's table order. */
        KERNEL,
        /**
         * {@code System.map} ({@code nm -n}): filter and order as {@code scripts/kallsyms.c} does
         * (drop undefined, debugging and most absolute symbols; at one address put non-weak before
         * weak, non-linker-provided before {@code __start_}/{@code __stop_}/{@code _end}-style, fewer
         * leading underscores first, then input order).
         */
        LINK_MAP
    }

    // one entry per symbol, table order
    private final long[] key;
    private final String[] name;
    private final byte[] type;
    private final long[] trueSize;
    /** The size column as listed (0 included) when the lookup is size-aware, else null. */
    private final long[] sizeColumn;
    private final String[] object;
    private final String[] objectSuffix;
    private final String[][] builtin;
    private final int[] duplicate;
    // one entry per distinct address: its first symbol
    private final long[] uKey;
    private final int[] uFirst;
    private final long textStart;
    private final long end;
    private final long sinittext;
    private final long einittext;
    private final boolean hasEnd;
    private BuiltinRanges.Placed builtinRanges;
    /** Where the names (and unless size-aware, the sizes) come from. */
    private final Resolution.Source source;
    /** Where {@link #object} comes from; null when there are no objects. */
    private final Resolution.Source objectFrom;
    // symbol indexes sorted by name, built on first use (by-name queries only)
    private volatile int[] byName;

    private KernelTable(long[] key, String[] name, byte[] type, long[] trueSize, long[] sizeColumn, String[] object,
                        String[] objectSuffix, String[][] builtin, int[] duplicate, long[] uKey, int[] uFirst, long textStart,
                        long end, boolean hasEnd, long sinittext, long einittext, Resolution.Source source,
                        Resolution.Source objectFrom) {
        this.source = source;
        this.objectFrom = objectFrom;
        this.key = key;
        this.name = name;
        this.type = type;
        this.trueSize = trueSize;
        this.sizeColumn = sizeColumn;
        this.object = object;
        this.objectSuffix = objectSuffix;
        this.builtin = builtin;
        this.duplicate = duplicate;
        this.uKey = uKey;
        this.uFirst = uFirst;
        this.textStart = textStart;
        this.end = end;
        this.hasEnd = hasEnd;
        this.sinittext = sinittext;
        this.einittext = einittext;
    }

    /**
     * Builds the table from lines {@code lines} of {@code listing} (the kernel-image part of a
     * kallsyms; see {@link KallsymsSplit}).
     */
    public static KernelTable build(KallsymsListing listing, int[] lines, Order order) {
        int[] idx = lines;
        if (order == Order.LINK_MAP) {
            idx = Arrays.stream(lines).filter(i -> !ignoredByKallsyms(listing.name(i), listing.type(i))).toArray();
        }
        int n = idx.length;
        long[] k = new long[n];
        for (int j = 0; j < n; j++) {
            k[j] = listing.address(idx[j]) ^ FLIP;
        }
        boolean sorted = true;
        for (int j = 1; j < n && sorted; j++) {
            sorted = k[j - 1] <= k[j];
        }
        int[] perm = new int[n];
        for (int j = 0; j < n; j++) {
            perm[j] = j;
        }
        if (order == Order.LINK_MAP || !sorted) {
            final int[] fidx = idx;
            Integer[] boxed = new Integer[n];
            for (int j = 0; j < n; j++) {
                boxed[j] = j;
            }
            Arrays.sort(boxed, (a, b) -> {
                int c = Long.compare(k[a], k[b]);
                if (c != 0 || order == Order.KERNEL) {
                    return c != 0 ? c : Integer.compare(a, b);
                }
                return compareAliases(listing, fidx[a], fidx[b], a, b);
            });
            for (int j = 0; j < n; j++) {
                perm[j] = boxed[j];
            }
        }
        long[] key = new long[n];
        String[] name = new String[n];
        byte[] type = new byte[n];
        long[] trueSize = listing.hasSizes() ? new long[n] : null;
        long[] sizeColumn = listing.hasSizes() && order == Order.KERNEL ? new long[n] : null;
        String[] object = listing.hasObjects() ? new String[n] : null;
        String[][] builtin = null;
        long textStart = 0;
        long end = 0;
        boolean hasText = false;
        boolean hasEnd = false;
        long sinit = 0;
        long einit = 0;
        for (int j = 0; j < n; j++) {
            int i = idx[perm[j]];
            key[j] = k[perm[j]];
            name[j] = listing.name(i);
            type[j] = (byte) listing.type(i);
            if (trueSize != null) {
                long s = listing.size(i);
                trueSize[j] = s > 0 ? s : Resolution.NO_TRUE_SIZE;
                if (sizeColumn != null) {
                    sizeColumn[j] = s;
                }
            }
            if (object != null) {
                object[j] = listing.object(i);
            }
            if (listing.moduleCount(i) > 0) {
                if (builtin == null) {
                    builtin = new String[n][];
                }
                builtin[j] = listing.modules(i);
            }
            switch (name[j]) {
                case "_stext": textStart = key[j]; hasText = true; break;
                case "_text": if (!hasText) { textStart = key[j]; hasText = true; } break;
                case "_end": end = key[j]; hasEnd = true; break;
                case "_sinittext": sinit = key[j]; break;
                case "_einittext": einit = key[j]; break;
                default: break;
            }
        }
        if (!hasText && n > 0) {
            textStart = firstNonAbsolute(key, type);
        }
        if (!hasEnd && n > 0) {
            end = key[n - 1];
        }
        int u = 0;
        long[] uKey = new long[n];
        int[] uFirst = new int[n];
        for (int j = 0; j < n; j++) {
            if (j == 0 || key[j] != key[j - 1]) {
                uKey[u] = key[j];
                uFirst[u] = j;
                u++;
            }
        }
        // kallmodsyms prints {object} only where it is needed: print it as the kernel did
        return new KernelTable(key, name, type, trueSize, sizeColumn, object, object, builtin, duplicates(key, name),
                Arrays.copyOf(uKey, u), Arrays.copyOf(uFirst, u), textStart, end, hasEnd, sinit, einit,
                order == Order.LINK_MAP ? Resolution.Source.SYSTEM_MAP : listing.source(),
                object == null ? null : Resolution.Source.KALLMODSYMS);
    }

    private static long firstNonAbsolute(long[] key, byte[] type) {
        for (int j = 0; j < key.length; j++) {
            if (type[j] != 'A' && type[j] != 'a') {
                return key[j];
            }
        }
        return key[0];
    }

    /**
     * Ordinal of each symbol among the distinct addresses of its name; null when all names are unique.
     * Names are grouped in an open-addressing table of plain arrays: a kernel has ~100 k symbols, and
     * a map entry per name costs more than the rest of the table build at start-up.
     */
    static int[] duplicates(long[] key, String[] name) {
        int n = name.length;
        int cap = Integer.highestOneBit(Math.max(2, n) * 2 - 1) << 1;   // a power of two of at least 2n
        int mask = cap - 1;
        int[] table = new int[cap];        // 1 + group number; 0: free
        int[] firstOf = new int[n];        // per group: its first symbol
        long[] last = new long[n];         // per group: the key seen last
        int[] count = new int[n];          // per group: distinct keys
        int[] groupOf = new int[n];
        int groups = 0;
        boolean any = false;
        for (int j = 0; j < n; j++) {
            String s = name[j];
            int h = s == null ? 0 : s.hashCode();
            int i = (h ^ (h >>> 16)) & mask;
            int g;
            while (true) {
                int t = table[i];
                if (t == 0) {
                    g = groups++;
                    table[i] = g + 1;
                    firstOf[g] = j;
                    last[g] = key[j];
                    count[g] = 1;
                    break;
                }
                String o = name[firstOf[t - 1]];
                if (o == s || (o != null && o.equals(s))) {
                    g = t - 1;
                    if (last[g] != key[j]) {
                        last[g] = key[j];
                        count[g]++;
                        any = true;
                    }
                    break;
                }
                i = (i + 1) & mask;
            }
            groupOf[j] = g;
        }
        if (!any) {
            return null;
        }
        int[] dup = new int[n];
        int[] ordinal = new int[groups];
        for (int j = 0; j < n; j++) {
            int g = groupOf[j];
            if (count[g] < 2) {
                continue;
            }
            if (ordinal[g] == 0 || last[g] != key[j]) {
                last[g] = key[j];
                ordinal[g]++;
            }
            dup[j] = ordinal[g];
        }
        return dup;
    }

    private static int compareAliases(KallsymsListing l, int ia, int ib, int pa, int pb) {
        int wa = isWeak(l.type(ia)) ? 1 : 0;
        int wb = isWeak(l.type(ib)) ? 1 : 0;
        if (wa != wb) {
            return wa - wb;
        }
        wa = linkerProvided(l.name(ia)) ? 1 : 0;
        wb = linkerProvided(l.name(ib)) ? 1 : 0;
        if (wa != wb) {
            return wa - wb;
        }
        wa = leadingUnderscores(l.name(ia));
        wb = leadingUnderscores(l.name(ib));
        if (wa != wb) {
            return wa - wb;
        }
        return Integer.compare(pa, pb);
    }

    private static boolean isWeak(char t) {
        return t == 'w' || t == 'W';
    }

    /** The kernel's guess for symbols a linker script provides. */
    static boolean linkerProvided(String s) {
        if (s.length() < 8 || !s.startsWith("__")) {
            return false;
        }
        return s.startsWith("start_", 2) || s.startsWith("stop_", 2) || s.startsWith("end_", 2)
                || s.endsWith("_start") || s.endsWith("_end");
    }

    private static int leadingUnderscores(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == '_') {
            i++;
        }
        return i;
    }

    /** Symbols scripts/kallsyms.c leaves out of the kernel's table. */
    static boolean ignoredByKallsyms(String name, char type) {
        switch (name) {
            // scripts/kallsyms.c also drops the kallsyms_* tables of its own output, but the
            // kernels that list those in /proc/kallsyms (6.12 does, 6.1 does not) keep them
            case "_SDA_BASE_": case "_SDA2_BASE_":
                return true;
            default:
                break;
        }
        if (name.startsWith("__efistub_") || name.startsWith("__kvm_nvhe_$") || name.startsWith("__kvm_nvhe_.L")
                || name.startsWith("__AArch64ADRPThunk_") || name.startsWith("__ARMV5PILongThunk_")
                || name.startsWith("__ARMV7PILongThunk_") || name.startsWith("__ThumbV7PILongThunk_")
                || name.startsWith("__LA25Thunk_") || name.startsWith("__microLA25Thunk_")
                || name.startsWith("__kcfi_typeid_")) {
            return true;
        }
        if (name.endsWith("_from_arm") || name.endsWith("_from_thumb") || name.endsWith("_veneer")
                || name.contains(".long_branch.") || name.contains(".plt_branch.")) {
            return true;
        }
        char u = Character.toUpperCase(type);
        if (u == 'U' || u == 'N') {
            return true;
        }
        return u == 'A' && !name.equals("__kernel_syscall_via_break") && !name.equals("__kernel_syscall_via_epc")
                && !name.equals("__kernel_sigtramp") && !name.equals("__gp");
    }

    /** Attaches {@code modules.builtin.ranges} placed at runtime addresses (see {@link BuiltinRanges#place}). */
    public KernelTable withBuiltinRanges(BuiltinRanges.Placed ranges) {
        KernelTable t = new KernelTable(key, name, type, trueSize, sizeColumn, object, objectSuffix, builtin, duplicate,
                uKey, uFirst, textStart, end, hasEnd, sinittext, einittext, source, objectFrom);
        t.builtinRanges = ranges;
        return t;
    }

    /**
     * This table with every symbol's object file taken from {@code ranges} (the linker maps'
     * ranges at runtime addresses, {@link ObjectRanges#shifted}): a symbol gets the object whose
     * range holds its address, except symbols the linker script defines and absolute ones, which
     * belong to no object. These objects replace kallmodsyms' where a listing had both. Names that
     * occur at several addresses get their printed suffixes ({@link Resolution#objectSuffix}).
     */
    public KernelTable withObjects(ObjectRanges ranges) {
        int n = key.length;
        String[] obj = new String[n];
        for (int i = 0; i < n; i++) {
            char t = (char) type[i];
            if (t == 'a' || t == 'A' || ranges.linkerDefined(name[i])) {
                continue;
            }
            int r = ranges.find(key[i] ^ FLIP);
            obj[i] = r < 0 ? null : ranges.object(r);
        }
        KernelTable t = new KernelTable(key, name, type, trueSize, sizeColumn, obj, objectSuffixes(key, name, obj, duplicate),
                builtin, duplicate, uKey, uFirst, textStart, end, hasEnd, sinittext, einittext, source,
                Resolution.Source.LINKER_MAPS);
        t.builtinRanges = builtinRanges;
        return t;
    }

    /**
     * The printed object suffix of each symbol whose name occurs at several addresses (see
     * {@link Resolution#objectSuffix}): per name, the fewest trailing path components, the same
     * for every copy, that make the copies' texts differ. Copies without an object, or sharing
     * one with a copy at another address, get none (they print their ordinal). Null when no
     * symbol needs one.
     */
    static String[] objectSuffixes(long[] key, String[] name, String[] object, int[] duplicate) {
        if (duplicate == null) {
            return null;
        }
        HashMap<String, List<Integer>> groups = new HashMap<>();
        for (int i = 0; i < name.length; i++) {
            if (duplicate[i] > 0) {
                groups.computeIfAbsent(name[i], k -> new ArrayList<>(2)).add(i);
            }
        }
        String[] out = new String[name.length];
        boolean any = false;
        for (List<Integer> g : groups.values()) {
            List<Integer> usable = new ArrayList<>(g.size());
            for (int i : g) {
                boolean shared = false;
                for (int j : g) {
                    shared |= object[i] != null && key[j] != key[i] && object[i].equals(object[j]);
                }
                if (object[i] != null && !shared) {
                    usable.add(i);
                }
            }
            if (usable.isEmpty()) {
                continue;
            }
            for (int depth = 1; ; depth++) {
                HashMap<String, Long> seen = new HashMap<>();
                boolean distinct = true;
                boolean deepest = true;
                for (int i : usable) {
                    String s = pathSuffix(object[i], depth);
                    deepest &= s.length() == object[i].length();
                    Long other = seen.putIfAbsent(s, key[i]);
                    distinct &= other == null || other == key[i];
                }
                if (distinct || deepest) {
                    for (int i : usable) {
                        out[i] = pathSuffix(object[i], depth);
                    }
                    any = true;
                    break;
                }
            }
        }
        return any ? out : null;
    }

    /** The last {@code components} '/'-separated components of {@code path} (all of it when it has fewer). */
    static String pathSuffix(String path, int components) {
        int at = path.length();
        for (int c = 0; c < components; c++) {
            at = path.lastIndexOf('/', at - 1);
            if (at < 0) {
                return path;
            }
        }
        return path.substring(at + 1);
    }

    /** Number of symbols. */
    public int size() { return key.length; }

    public long address(int i) { return key[i] ^ FLIP; }

    public String name(int i) { return name[i]; }

    public char type(int i) { return (char) type[i]; }

    /** Address of the first symbol called {@code symbol}, or -1 (addresses of real symbols are never -1). */
    public long addressOf(String symbol) {
        for (int i = 0; i < name.length; i++) {
            if (name[i].equals(symbol)) {
                return key[i] ^ FLIP;
            }
        }
        return -1;
    }

    /** True when {@code addr} is in the kernel image's range ({@code _stext} up to {@code _end}). */
    public boolean contains(long addr) {
        long k = addr ^ FLIP;
        return k >= textStart && (hasEnd ? k < end : k <= end);
    }

    /** Start of the kernel image's range. */
    public long start() { return textStart ^ FLIP; }

    /** End of the kernel image's range ({@code _end}, exclusive). */
    public long end() { return end ^ FLIP; }

    /**
     * Resolves {@code addr} the way {@code %pS} does for the kernel image; false (and
     * {@code out.unknown}) when the address is outside {@link #contains} or before every symbol.
     * Does not reset {@code out}.
     */
    public boolean lookup(long addr, Resolution out) {
        if (!contains(addr)) {
            return out.notFound(UnknownReason.UNMAPPED);
        }
        long k = addr ^ FLIP;
        int u = ModuleSymbols.floor(uKey, k);
        if (u < 0) {
            return out.notFound(UnknownReason.GAP);
        }
        fill(u, sizeColumn == null ? uFirst[u] : sizedPick(u), k, out);
        return true;
    }

    /**
     * True when lookups follow the size-aware kernel (a kallmodsyms with a size column): the
     * symbol {@link #sizedPick} chooses, its size column as the kernel's size.
     */
    public boolean sizeAware() {
        return sizeColumn != null;
    }

    /**
     * The size-aware kernel's choice at distinct address {@code u} ({@code get_symbol_pos} with
     * {@code kallsyms_sizes}): the last symbol there in table order, backed up while the one
     * before it has the same size.
     */
    private int sizedPick(int u) {
        int i = (u + 1 < uFirst.length ? uFirst[u + 1] : key.length) - 1;
        while (i > uFirst[u] && sizeColumn[i - 1] == sizeColumn[i]) {
            i--;
        }
        return i;
    }

    /** Fills {@code out} with symbol {@code i}, at distinct address {@code u}, for address key {@code k}. */
    private void fill(int u, int i, long k, Resolution out) {
        long start = uKey[u];
        long next;
        if (u + 1 < uKey.length) {
            next = uKey[u + 1];
        } else if (einittext != 0 && k >= sinittext && k < einittext) {
            next = einittext;
        } else {
            next = end;
        }
        out.found = true;
        out.unknown = null;
        out.name = name[i];
        out.symbolAddress = start ^ FLIP;
        out.offset = k - start;
        out.size = sizeColumn != null ? sizeColumn[i] : next - start;
        out.type = (char) type[i];
        out.duplicate = duplicate == null ? 0 : duplicate[i];
        out.object = object == null ? null : object[i];
        out.objectSuffix = objectSuffix == null ? null : objectSuffix[i];
        out.nameFrom = source;
        out.sizeFrom = sizeColumn != null ? Resolution.Source.KALLMODSYMS : source;
        out.objectFrom = out.object == null ? null : objectFrom;
        out.moduleFrom = null;
        if (trueSize != null && trueSize[i] > 0) {
            out.trueSize = trueSize[i];
            out.gap = out.offset >= trueSize[i];
        }
        String[] mods = builtin == null ? null : builtin[i];
        Resolution.Source modsFrom = source;
        if (mods == null && builtinRanges != null) {
            int r = builtinRanges.find(k ^ FLIP);
            if (r >= 0) {
                mods = builtinRanges.modules(r);
                modsFrom = Resolution.Source.BUILTIN_RANGES;
            }
        }
        if (mods != null && mods.length > 0) {
            out.module = mods[0];
            out.builtin = true;
            out.modules = mods.length > 1 ? mods : null;
            out.moduleFrom = modsFrom;
        }
    }

    /**
     * Appends to {@code out} one resolution per symbol of this table called {@code symbol}, in
     * address order, each as {@link #lookup} names its own address (offset 0, the kernel's size,
     * module(s), object) but with that symbol's name also where it is an alias that another name
     * at its address hides. Returns the number appended. Allocates: meant for interactive queries.
     */
    public int copies(String symbol, List<Resolution> out) {
        int[] idx = nameIndex();
        int lo = 0;
        int hi = idx.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (name[idx[mid]].compareTo(symbol) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int c = 0;
        for (int j = lo; j < idx.length && name[idx[j]].equals(symbol); j++, c++) {
            int i = idx[j];
            Resolution r = new Resolution();
            r.reset(key[i] ^ FLIP);
            fill(ModuleSymbols.floor(uKey, key[i]), i, key[i], r);
            out.add(r);
        }
        return c;
    }

    private int[] nameIndex() {
        int[] idx = byName;
        if (idx == null) {
            Integer[] boxed = new Integer[name.length];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = i;
            }
            // table order within a name is address order
            Arrays.sort(boxed, (a, b) -> {
                int c = name[a].compareTo(name[b]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            idx = new int[boxed.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = boxed[i];
            }
            byName = idx;
        }
        return idx;
    }

    /** The object file of symbol {@code i} ({@link Resolution#object}), or null. */
    public String object(int i) { return object == null ? null : object[i]; }

    /** Where {@link #object(int)} comes from, or null when the table has no objects. */
    public Resolution.Source objectSource() { return objectFrom; }

    /**
     * The built-in module(s) of symbol {@code i} as the table says them: the listing's own
     * {@code [module]} groups (kallmodsyms), else the {@code modules.builtin.ranges} range holding
     * its address; null when neither has one. Shared, read-only.
     */
    public String[] builtinModules(int i) {
        String[] mods = builtin == null ? null : builtin[i];
        if (mods == null && builtinRanges != null) {
            int r = builtinRanges.find(key[i] ^ FLIP);
            if (r >= 0) {
                mods = builtinRanges.modules(r);
            }
        }
        return mods;
    }

    /** Where the names come from: kallsyms, kallmodsyms or System.map. */
    public Resolution.Source source() { return source; }

    /** True for a size-aware table (kallmodsyms with its size column): {@code %pS} sizes are the column's. */
    public boolean hasSizeColumn() { return sizeColumn != null; }

    /** The size column of symbol {@code i} in a size-aware table, else -1. */
    public long sizeColumn(int i) { return sizeColumn == null ? -1 : sizeColumn[i]; }
}
