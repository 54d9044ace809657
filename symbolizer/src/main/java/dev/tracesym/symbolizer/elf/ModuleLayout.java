package dev.tracesym.symbolizer.elf;

/**
 * Where the kernel's module loader puts each section of a module, and so each symbol, relative
 * to the start of the module's core or init memory (kernel/module/main.c {@code layout_sections},
 * x86-64, {@code CONFIG_STRICT_MODULE_RWX}, {@code CONFIG_MODULE_UNLOAD}). Sections are taken in
 * five passes by flags (code; read-only data; read-only-after-init data; writable data; the rest),
 * each in ELF order, each aligned to its {@code sh_addralign}; the code pass and the read-only
 * passes end on a page boundary. Sections whose name starts with {@code .init} go to init
 * memory, the others to core memory.
 *
 * <p>Offsets of code are the same for every kernel since 2.6; up to 6.3 the other kinds follow
 * the code in the same allocation ({@link #offset}), from 6.4 each kind is its own allocation
 * ({@link #kindOffset}). The end of the code ({@link #coreTextSize}, {@link #initTextSize}) is
 * where the kernel's {@code %pS} stops the last function of a module.
 */
public final class ModuleLayout {
    public static final int NONE = 0;
    public static final int CORE = 1;
    public static final int INIT = 2;
    /** Kinds, in the loader's pass order. */
    public static final int TEXT = 0;
    public static final int RODATA = 1;
    public static final int RO_AFTER_INIT = 2;
    public static final int DATA = 3;

    static final long PAGE = 4096;
    /** arm64 {@code struct plt_entry}: adrp, add, br. */
    private static final long ARM64_PLT_ENTRY = 12;
    /** arm64 NR_FTRACE_PLTS with DYNAMIC_FTRACE_WITH_REGS (6.1; later kernels reserve one). */
    private static final long ARM64_FTRACE_PLTS = 2;
    private static final long SHF_RO_AFTER_INIT = 0x00200000;

    private final ElfModule elf;
    private final int[] region;
    private final int[] kind;
    private final long[] offset;
    private final long[] kindOffset;
    private final long coreTextSize;
    private final long initTextSize;
    private final long coreSize;
    private final long initSize;

    private ModuleLayout(ElfModule elf, int[] region, int[] kind, long[] offset, long[] kindOffset,
                         long coreTextSize, long initTextSize, long coreSize, long initSize) {
        this.elf = elf;
        this.region = region;
        this.kind = kind;
        this.offset = offset;
        this.kindOffset = kindOffset;
        this.coreTextSize = coreTextSize;
        this.initTextSize = initTextSize;
        this.coreSize = coreSize;
        this.initSize = initSize;
    }

    /** Lays out {@code elf} as the loader would. */
    public static ModuleLayout of(ElfModule elf) {
        int n = elf.sectionCount();
        long[] flags = new long[n];
        for (int i = 0; i < n; i++) {
            String s = elf.sectionName(i);
            flags[i] = elf.sectionFlags(i);
            // the loader keeps these out of module memory: modinfo and versions are read from
            // the file image, per-cpu data goes to the per-cpu area
            if (s.equals(".modinfo") || s.equals("__versions") || s.equals(".data..percpu")) {
                flags[i] &= ~ElfModule.SHF_ALLOC;
            }
            if (s.equals(".data..ro_after_init") || s.equals("__jump_table")) {
                flags[i] |= SHF_RO_AFTER_INIT;
            }
        }
        long[][] masks = {
            {ElfModule.SHF_EXECINSTR | ElfModule.SHF_ALLOC, 0},
            {ElfModule.SHF_ALLOC, ElfModule.SHF_WRITE},
            {SHF_RO_AFTER_INIT | ElfModule.SHF_ALLOC, 0},
            {ElfModule.SHF_WRITE | ElfModule.SHF_ALLOC, 0},
            {ElfModule.SHF_ALLOC, 0},
        };
        // arm64: the loader gives .plt, .init.plt and .text.ftrace_trampoline (one byte each in the file)
        // their real size and makes them code, after the module's own code (module_frob_arch_sections)
        long[] size = new long[n];
        long[] align = new long[n];
        for (int i = 0; i < n; i++) {
            size[i] = elf.sectionSize(i);
            align[i] = Math.max(1, elf.sectionAlign(i));
            String s = elf.sectionName(i);
            if (elf.branchPlts(false) >= 0 && (s.equals(".plt") || s.equals(".init.plt"))) {
                flags[i] = ElfModule.SHF_EXECINSTR | ElfModule.SHF_ALLOC;
                size[i] = (elf.branchPlts(s.equals(".init.plt")) + 1L) * ARM64_PLT_ENTRY;
                align[i] = 64; // L1_CACHE_BYTES
            } else if (elf.branchPlts(false) >= 0 && s.equals(".text.ftrace_trampoline")) {
                flags[i] = ElfModule.SHF_EXECINSTR | ElfModule.SHF_ALLOC;
                size[i] = ARM64_FTRACE_PLTS * ARM64_PLT_ENTRY;
                align[i] = 4;
            }
        }
        int[] region = new int[n];
        int[] kind = new int[n];
        long[] offset = new long[n];
        long[] kindOffset = new long[n];
        long[] sizes = new long[3];       // contiguous size per region
        long[][] kindSizes = new long[3][4];
        long[] textSizes = new long[3];
        for (int r = CORE; r <= INIT; r++) {
            for (int m = 0; m < masks.length; m++) {
                int k = Math.min(m, DATA);
                for (int i = 0; i < n; i++) {
                    if (region[i] != NONE || (flags[i] & masks[m][0]) != masks[m][0] || (flags[i] & masks[m][1]) != 0) {
                        continue;
                    }
                    boolean init = elf.sectionName(i).startsWith(".init");
                    if (init != (r == INIT)) {
                        continue;
                    }
                    region[i] = r;
                    kind[i] = k;
                    offset[i] = alignUp(sizes[r], align[i]);
                    sizes[r] = offset[i] + size[i];
                    kindOffset[i] = alignUp(kindSizes[r][k], align[i]);
                    kindSizes[r][k] = kindOffset[i] + size[i];
                }
                if (m == 0) {
                    sizes[r] = alignUp(sizes[r], PAGE);
                    textSizes[r] = sizes[r];
                } else if (m == 1 || m == 4 || (m == 2 && r == CORE)) {
                    sizes[r] = alignUp(sizes[r], PAGE);
                }
            }
        }
        return new ModuleLayout(elf, region, kind, offset, kindOffset, textSizes[CORE], textSizes[INIT], sizes[CORE], sizes[INIT]);
    }

    static long alignUp(long v, long a) {
        return (v + a - 1) / a * a;
    }

    public ElfModule elf() { return elf; }

    /** {@link #CORE}, {@link #INIT} or {@link #NONE} (not loaded into module memory). */
    public int region(int section) { return region[section]; }

    /** {@link #TEXT}, {@link #RODATA}, {@link #RO_AFTER_INIT} or {@link #DATA}. */
    public int kind(int section) { return kind[section]; }

    /** Offset of a section from the start of its region's single allocation (kernels up to 6.3). */
    public long offset(int section) { return offset[section]; }

    /** Offset of a section from the start of its kind's own allocation (kernels from 6.4). */
    public long kindOffset(int section) { return kindOffset[section]; }

    /** Page-aligned size of the core code: the core text ends at base + this. */
    public long coreTextSize() { return coreTextSize; }

    /** Page-aligned size of the init code. */
    public long initTextSize() { return initTextSize; }

    /** Size of the core allocation up to 6.3, before the loader adds its symbol tables. */
    public long coreSize() { return coreSize; }

    /** Size of the init allocation up to 6.3, before the loader adds its symbol tables. */
    public long initSize() { return initSize; }

    /**
     * True when symbol {@code i} is a named symbol the kernel's lookup considers: defined in a
     * section that is loaded, not a section or file symbol.
     */
    public boolean placed(int i) {
        int s = elf.symbolSection(i);
        if (s == ElfModule.SHN_UNDEF || s >= ElfModule.SHN_LORESERVE || s >= region.length || region[s] == NONE) {
            return false;
        }
        int t = elf.symbolType(i);
        String name = elf.symbolName(i);
        return t != ElfModule.STT_SECTION && t != ElfModule.STT_FILE && !name.isEmpty() && !isMappingSymbol(name);
    }

    /** Region of symbol {@code i}'s section (call only when {@link #placed}). */
    public int symbolRegion(int i) { return region[elf.symbolSection(i)]; }

    /** Kind of symbol {@code i}'s section (call only when {@link #placed}). */
    public int symbolKind(int i) { return kind[elf.symbolSection(i)]; }

    /** Offset of symbol {@code i} from its region's start, kernels up to 6.3 (call only when {@link #placed}). */
    public long symbolOffset(int i) { return offset[elf.symbolSection(i)] + elf.symbolValue(i); }

    /** Offset of symbol {@code i} from its kind's allocation, kernels from 6.4 (call only when {@link #placed}). */
    public long symbolKindOffset(int i) { return kindOffset[elf.symbolSection(i)] + elf.symbolValue(i); }

    /**
     * ARM mapping symbols ({@code $a}, {@code $d}, {@code $t}, {@code $x}, optionally {@code .suffix}),
     * which module lookup skips. (From 6.3 the kernel also skips {@code .L*} and {@code L0*} local
     * labels; 6.1 does not, and lists them in kallsyms. They name read-only data, not code.)
     * {@code /proc/kallsyms} lists a module's mapping symbols ({@code $x [snd]} on arm64), but the
     * kernel never names an address with one.
     */
    public static boolean isMappingSymbol(String s) {
        return s.length() >= 2 && s.charAt(0) == '$' && "adtx".indexOf(s.charAt(1)) >= 0
                && (s.length() == 2 || s.charAt(2) == '.');
    }

    /** A kallsyms-style type letter for symbol {@code i} (call only when {@link #placed}). */
    public char typeLetter(int i) {
        int s = elf.symbolSection(i);
        char c;
        if (kind[s] == TEXT) {
            c = 't';
        } else if (elf.sectionType(s) == 8) {
            c = 'b';
        } else if (kind[s] == RODATA) {
            c = 'r';
        } else {
            c = 'd';
        }
        int bind = elf.symbolBinding(i);
        if (bind == ElfModule.STB_WEAK) {
            return kind[s] == TEXT ? 'W' : 'V';
        }
        return bind == ElfModule.STB_LOCAL ? c : Character.toUpperCase(c);
    }
}
