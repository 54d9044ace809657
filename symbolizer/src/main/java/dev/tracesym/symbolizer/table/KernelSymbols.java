package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.UnknownReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The kernel's symbol state at one moment: the kernel image, the loaded modules (each with its
 * init code still live or already freed) and the init functions ftrace saved for them. Resolving
 * follows {@code kallsyms_lookup}: kernel image, then the module whose memory holds the address,
 * then the saved init functions (newest module first). Immutable: each change makes a new state,
 * sharing the unchanged parts.
 */
public final class KernelSymbols {
    private static final long FLIP = Long.MIN_VALUE;

    private final KernelTable kernel;
    private final ModuleSymbols[] live;
    private final boolean[] initLive;
    private final ModMap[] modMaps;
    private final ModMapIndex modMapIndex;
    private final long[] rStart;
    private final long[] rEnd;
    private final int[] rOwner;
    private final long areaStart;
    private final long areaEnd;
    private PseudoModules pseudo = PseudoModules.NONE;

    private KernelSymbols(KernelTable kernel, ModuleSymbols[] live, boolean[] initLive, ModMap[] modMaps,
                          ModMapIndex modMapIndex, long areaStart, long areaEnd) {
        this.kernel = kernel;
        this.live = live;
        this.initLive = initLive;
        this.modMaps = modMaps;
        this.modMapIndex = modMapIndex;
        List<long[]> r = new ArrayList<>();
        for (int m = 0; m < live.length; m++) {
            for (int j = 0; j < live[m].rangeCount(); j++) {
                r.add(new long[] {live[m].rangeStart(j) ^ FLIP, live[m].rangeEnd(j) ^ FLIP, m});
            }
            if (initLive[m] && live[m].initBase() != 0) {
                r.add(new long[] {live[m].initBase() ^ FLIP, live[m].initEnd() ^ FLIP, m});
            }
        }
        r.sort((a, b) -> Long.compare(a[0], b[0]));
        rStart = new long[r.size()];
        rEnd = new long[r.size()];
        rOwner = new int[r.size()];
        for (int i = 0; i < rStart.length; i++) {
            rStart[i] = r.get(i)[0];
            rEnd[i] = r.get(i)[1];
            rOwner[i] = (int) r.get(i)[2];
        }
        this.areaStart = areaStart;
        this.areaEnd = areaEnd;
    }

    /**
     * A state.
     *
     * @param kernel the kernel image's table, or null
     * @param live loaded modules, any order
     * @param initLive per module of {@code live}: true while its init code exists
     * @param modMaps saved init functions in the kernel's search order (newest module first)
     * @param areaStart start of the module area (for telling "module not loaded" from "unmapped")
     * @param areaEnd its end, exclusive
     */
    public static KernelSymbols of(KernelTable kernel, List<ModuleSymbols> live, boolean[] initLive, List<ModMap> modMaps,
                                   long areaStart, long areaEnd) {
        if (initLive.length != live.size()) {
            throw new IllegalArgumentException("initLive has " + initLive.length + " entries for " + live.size() + " modules");
        }
        ModMap[] mm = modMaps.toArray(new ModMap[0]);
        return new KernelSymbols(kernel, live.toArray(new ModuleSymbols[0]), initLive.clone(), mm,
                ModMapIndex.of(modMaps), areaStart, areaEnd);
    }

    /** This state, saying why addresses in pseudo-module code (trampolines, kprobes, BPF) have no name. */
    public KernelSymbols withPseudoModules(PseudoModules p) {
        KernelSymbols k = new KernelSymbols(kernel, live, initLive, modMaps, modMapIndex, areaStart, areaEnd);
        k.pseudo = p;
        return k;
    }

    private KernelSymbols keepPseudo(KernelSymbols next) {
        next.pseudo = pseudo;
        return next;
    }

    /** This state plus {@code m} loaded (replacing a module of the same name) and its saved init functions in front. */
    public KernelSymbols withLoaded(ModuleSymbols m, boolean mInitLive, ModMap map) {
        List<ModuleSymbols> l = new ArrayList<>();
        List<Boolean> il = new ArrayList<>();
        for (int i = 0; i < live.length; i++) {
            if (live[i].module.equals(m.module)) {
                continue;
            }
            l.add(live[i]);
            // code loaded over another module's init code proves that init code freed
            il.add(initLive[i] && !overlapsInit(m, live[i]));
        }
        l.add(m);
        il.add(mInitLive);
        List<ModMap> maps = new ArrayList<>();
        if (map != null) {
            maps.add(map);
        }
        for (ModMap x : modMaps) {
            if (!x.module.equals(m.module)) {
                maps.add(x);
            }
        }
        return keepPseudo(new KernelSymbols(kernel, l.toArray(new ModuleSymbols[0]), unbox(il), maps.toArray(new ModMap[0]),
                ModMapIndex.of(maps), Math.min(areaStart ^ FLIP, m.rangeStart(0) ^ FLIP) ^ FLIP,
                Math.max(areaEnd ^ FLIP, m.rangeEnd(m.rangeCount() - 1) ^ FLIP) ^ FLIP));
    }

    private static boolean overlapsInit(ModuleSymbols loaded, ModuleSymbols other) {
        if (other.initBase() == 0) {
            return false;
        }
        long s = other.initBase() ^ FLIP;
        long e = other.initEnd() ^ FLIP;
        for (int r = 0; r < loaded.rangeCount(); r++) {
            if ((loaded.rangeStart(r) ^ FLIP) < e && (loaded.rangeEnd(r) ^ FLIP) > s) {
                return true;
            }
        }
        return false;
    }

    /** This state without {@code module} and its saved init functions; this when it is not loaded. */
    public KernelSymbols withFreed(String module) {
        if (module(module) == null) {
            return this;
        }
        List<ModuleSymbols> l = new ArrayList<>();
        List<Boolean> il = new ArrayList<>();
        for (int i = 0; i < live.length; i++) {
            if (!live[i].module.equals(module)) {
                l.add(live[i]);
                il.add(initLive[i]);
            }
        }
        List<ModMap> maps = new ArrayList<>();
        for (ModMap x : modMaps) {
            if (!x.module.equals(module)) {
                maps.add(x);
            }
        }
        return keepPseudo(new KernelSymbols(kernel, l.toArray(new ModuleSymbols[0]), unbox(il), maps.toArray(new ModMap[0]),
                ModMapIndex.of(maps), areaStart, areaEnd));
    }

    /** This state with {@code module}'s init code gone (every module's when null); this when nothing changes. */
    public KernelSymbols withInitDone(String module) {
        boolean[] il = null;
        for (int i = 0; i < live.length; i++) {
            if (initLive[i] && (module == null || live[i].module.equals(module))) {
                if (il == null) {
                    il = initLive.clone();
                }
                il[i] = false;
            }
        }
        return il == null ? this : keepPseudo(new KernelSymbols(kernel, live, il, modMaps, modMapIndex, areaStart, areaEnd));
    }

    private static boolean[] unbox(List<Boolean> l) {
        boolean[] b = new boolean[l.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
        }
        return b;
    }

    /** The loaded module called {@code name}, or null. */
    public ModuleSymbols module(String name) {
        for (ModuleSymbols m : live) {
            if (m.module.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** True when {@code name} is loaded and its init code still exists. */
    public boolean initLive(String name) {
        for (int i = 0; i < live.length; i++) {
            if (live[i].module.equals(name)) {
                return initLive[i];
            }
        }
        return false;
    }

    /** Names of the loaded modules. */
    public List<String> modules() {
        List<String> l = new ArrayList<>();
        for (ModuleSymbols m : live) {
            l.add(m.module);
        }
        return l;
    }

    /** The kernel image's table, or null. */
    public KernelTable kernel() { return kernel; }

    /** Saved init functions in search order. */
    public List<ModMap> modMaps() { return Arrays.asList(modMaps.clone()); }

    /**
     * Every symbol called {@code symbol} in this state, as the REPL's {@code lookup NAME} lists
     * them: the kernel image's copies in address order, then each loaded module's (with its
     * {@code __init} symbols while its init code exists), then ftrace's saved init functions.
     * Each is filled as {@link #resolve} names the symbol's own address (offset 0, size, module,
     * {@code builtin}, modules, object), but keeps the asked name where it is an alias. Note that a
     * saved init function's address may meanwhile hold another module's code. Allocates.
     */
    public List<Resolution> symbolsNamed(String symbol) {
        List<Resolution> out = new ArrayList<>();
        if (kernel != null) {
            kernel.copies(symbol, out);
        }
        for (int m = 0; m < live.length; m++) {
            live[m].copies(symbol, initLive[m], out);
        }
        for (ModMap mm : modMaps) {
            mm.copies(symbol, out);
        }
        return out;
    }

    /** Resolves {@code addr} in this state into {@code out} (which it resets first). */
    public boolean resolve(long addr, Resolution out) {
        out.reset(addr);
        if (kernel == null && live.length == 0 && modMaps.length == 0) {
            return out.notFound(UnknownReason.NO_SYMBOLS);
        }
        if (kernel != null && kernel.contains(addr)) {
            return kernel.lookup(addr, out);
        }
        long k = addr ^ FLIP;
        int r = ModuleSymbols.floor(rStart, k);
        boolean inModule = false;
        // ranges may nest (init code inside another module's freed range is impossible, but be safe)
        for (int i = r; i >= 0 && i > r - 4; i--) {
            if (k < rEnd[i]) {
                inModule = true;
                int m = rOwner[i];
                if (live[m].lookup(addr, initLive[m], out)) {
                    return true;
                }
            }
        }
        if (modMapIndex.lookup(addr, out)) {
            return true;
        }
        if (inModule) {
            return out.notFound(UnknownReason.GAP);
        }
        UnknownReason why = pseudo.reason(addr);
        if (why != null) {
            return out.notFound(why);
        }
        boolean inArea = k >= (areaStart ^ FLIP) && k < (areaEnd ^ FLIP);
        return out.notFound(inArea ? UnknownReason.MODULE_NOT_LOADED : UnknownReason.UNMAPPED);
    }
}
