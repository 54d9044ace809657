package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.ModuleList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a kallsyms listing into the parts the kernel prints one after the other: the kernel
 * image (lines without {@code [module]}, and in kallmodsyms the built-in modules' lines, which lie
 * inside the image), then every loadable module's symbol table (contiguous, in module-list order),
 * then the init functions ftrace saved for still-loaded modules ("mod maps": {@code T} lines of a
 * module that already had its block, newest module first), then pseudo-modules
 * ({@code [bpf]}, {@code [__builtin__ftrace]}, {@code [__builtin__kprobes]}).
 */
public final class KallsymsSplit {
    /** A run of lines of one module, in listing order. */
    public static final class Block {
        public final String module;
        public final int[] lines;

        Block(String module, int[] lines) {
            this.module = module;
            this.lines = lines;
        }
    }

    public final KallsymsListing listing;
    /** Lines of the kernel image, in listing order. */
    public final int[] kernel;
    /** One block per loadable module: its symbol table in the kernel's order. */
    public final List<Block> modules;
    /** Saved init functions, one block per module, newest first (the kernel's lookup order). */
    public final List<Block> modMaps;
    /** bpf programs, ftrace trampolines, kprobe pages. */
    public final List<Block> pseudo;

    private KallsymsSplit(KallsymsListing listing, int[] kernel, List<Block> modules, List<Block> modMaps, List<Block> pseudo) {
        this.listing = listing;
        this.kernel = kernel;
        this.modules = modules;
        this.modMaps = modMaps;
        this.pseudo = pseudo;
    }

    /**
     * Splits {@code l}. {@code loaded} ({@code /proc/modules} of the same moment, may be null)
     * separates a module's symbol table from saved init functions that directly follow it: those
     * are {@code T} lines outside the module's {@code [address, address + size)}.
     */
    public static KallsymsSplit of(KallsymsListing l, ModuleList loaded) {
        int n = l.count();
        long endKey = Long.MIN_VALUE;
        long startKey = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (l.module(i) == null) {
                long k = l.address(i) ^ Long.MIN_VALUE;
                if (l.name(i).equals("_end")) {
                    endKey = k;
                    break;
                }
                endKey = Math.max(endKey, k);
                if (l.type(i) != 'A' && l.type(i) != 'a') {
                    startKey = Math.min(startKey, k);
                }
            }
        }
        int[] kernel = new int[n];
        int nk = 0;
        List<Block> modules = new ArrayList<>();
        List<Block> modMaps = new ArrayList<>();
        List<Block> pseudo = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        while (i < n) {
            String m = l.module(i);
            long k = l.address(i) ^ Long.MIN_VALUE;
            if (m == null || (k >= startKey && k <= endKey)) {
                kernel[nk++] = i++;
                continue;
            }
            int j = i;
            while (j < n && m.equals(l.module(j)) && !insideImage(l, j, startKey, endKey)) {
                j++;
            }
            if (m.equals("bpf") || m.startsWith("__builtin__")) {
                pseudo.add(block(m, i, j));
            } else if (seen.add(m)) {
                int split = j;
                int li = loaded == null ? -1 : loaded.indexOf(m);
                if (li >= 0) {
                    long base = loaded.base(li);
                    long size = loaded.size(li);
                    while (split > i && l.type(split - 1) == 'T' && !within(l.address(split - 1), base, size)) {
                        split--;
                    }
                    if (split == i) {
                        split = j;    // a module is never only saved init functions
                    }
                }
                modules.add(block(m, i, split));
                if (split < j) {
                    modMaps.add(block(m, split, j));
                }
            } else {
                modMaps.add(block(m, i, j));
            }
            i = j;
        }
        return new KallsymsSplit(l, java.util.Arrays.copyOf(kernel, nk), modules, modMaps, pseudo);
    }

    private static boolean insideImage(KallsymsListing l, int i, long startKey, long endKey) {
        long k = l.address(i) ^ Long.MIN_VALUE;
        return k >= startKey && k <= endKey;
    }

    private static boolean within(long a, long base, long size) {
        return Long.compareUnsigned(a, base) >= 0 && Long.compareUnsigned(a - base, size) < 0;
    }

    private static Block block(String m, int from, int to) {
        int[] lines = new int[to - from];
        for (int k = 0; k < lines.length; k++) {
            lines[k] = from + k;
        }
        return new Block(m, lines);
    }

    /** The symbol-table block of {@code module}, or null. */
    public Block module(String module) {
        for (Block b : modules) {
            if (b.module.equals(module)) {
                return b;
            }
        }
        return null;
    }

    /** The saved-init-functions block of {@code module}, or null. */
    public Block modMap(String module) {
        for (Block b : modMaps) {
            if (b.module.equals(module)) {
                return b;
            }
        }
        return null;
    }
}
