package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KallsymsSplit;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import dev.tracesym.symbolizer.table.PseudoModules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol table without time: a {@code /proc/kallsyms}, {@code /proc/kallmodsyms},
 * {@code System.map} or the kallsyms text a trace file embeds. Every address is resolved against
 * it whatever its time, as {@code trace-cmd report} does. State events are ignored.
 */
public final class StaticSymbolizer implements Symbolizer {
    private final KernelSymbols state;
    private List<Path> buildFiles = List.of();

    private StaticSymbolizer(KernelSymbols state) {
        this.state = state;
    }

    /**
     * Reads a symbol file (plain or xz/gzip/zstd-compressed). A file whose name contains
     * {@code System.map} is ordered as scripts/kallsyms.c orders the kernel's table; any other is
     * taken as kallsyms or kallmodsyms text, already in the kernel's order.
     */
    public static StaticSymbolizer open(Path file) throws IOException {
        TextSource src = TextSource.read(file);
        boolean map = file.getFileName().toString().contains("System.map");
        return of(nonEmpty(KallsymsParser.parse(src, new Names())), null, map ? KernelTable.Order.LINK_MAP : KernelTable.Order.KERNEL);
    }

    /**
     * Reads a symbol table plus kernel build files, told apart by name (plain or compressed):
     * {@code System.map}, {@code modules.builtin.ranges}, linker maps ({@code vmlinux.map},
     * {@code vmlinux.o.map}); any other file is the symbol table (kallsyms or kallmodsyms text).
     * With no such file, System.map is the table. Build files are placed on the table's kernel
     * with its {@code _text} (KASLR-safe) and must describe that kernel: built-in modules from
     * the ranges, object files from the maps (docs/ARCHIVE.md).
     *
     * @throws SymbolSourceException when there is no symbol table or two of them, or a file is
     *     malformed or describes another kernel
     */
    public static StaticSymbolizer open(List<Path> files) throws IOException {
        List<Path> tables = new ArrayList<>();
        Path systemMap = null;
        BuildFiles build = new BuildFiles();
        for (Path p : files) {
            if (isSystemMap(p)) {
                if (systemMap != null) {
                    throw SymbolSourceException.of(p.toString(), "is a second System.map (the first is " + systemMap + ")", null);
                }
                systemMap = p;
            } else if (!build.add(p)) {
                tables.add(p);
            }
        }
        if (tables.size() > 1) {
            throw SymbolSourceException.of(tables.get(1).toString(), "is a second symbol table (the first is " + tables.get(0)
                    + "): give one kallsyms, plus build files", null);
        }
        Path table = tables.isEmpty() ? systemMap : tables.get(0);
        if (table == null) {
            throw SymbolSourceException.of(files.isEmpty() ? "(no files)" : files.get(0).toString(),
                    "no symbol table among the files: give a kallsyms, kallmodsyms or System.map", null);
        }
        if (table != systemMap && systemMap != null) {
            build.add(systemMap);
        }
        Names names = new Names();
        KallsymsListing listing = nonEmpty(KallsymsParser.parse(TextSource.read(table), names));
        return of(listing, null, isSystemMap(table) ? KernelTable.Order.LINK_MAP : KernelTable.Order.KERNEL, build, names);
    }

    /** A symbol table the user named must name something: an empty file is a mistake, not "no symbols". */
    static KallsymsListing nonEmpty(KallsymsListing listing) throws SymbolSourceException {
        if (listing.count() == 0) {
            throw SymbolSourceException.of(listing.origin(), "holds no symbols: expected kallsyms, kallmodsyms or System.map "
                    + "lines ('address type name')", null);
        }
        return listing;
    }

    private static boolean isSystemMap(Path p) {
        return TextSource.plainName(p.getFileName().toString()).contains(BuildFiles.SYSTEM_MAP);
    }

    /** Parses kallsyms text held in memory, e.g. the kallsyms section of a trace-cmd file. */
    public static StaticSymbolizer fromKallsyms(String text, String origin) throws SymbolSourceException {
        return fromKallsyms(text, null, origin);
    }

    /**
     * Parses kallsyms text held in memory with the {@code /proc/modules} text of the same moment
     * (trace-cmd 3.3+ stores one in a trace: MODULES_FILE), which gives each module's exact
     * memory range; {@code modules} may be null.
     */
    public static StaticSymbolizer fromKallsyms(String text, String modules, String origin) throws SymbolSourceException {
        return fromKallsyms(text, modules, origin, null);
    }

    /**
     * {@link #fromKallsyms(String, String, String)} that skips malformed kallsyms lines, as trace-cmd
     * does with the kallsyms a {@code .dat} embeds, adding the message of each to {@code skipped}
     * (null: a malformed line is refused).
     */
    public static StaticSymbolizer fromKallsyms(String text, String modules, String origin, List<String> skipped)
            throws SymbolSourceException {
        Names names = new Names();
        ModuleList list = modules == null ? null : ModuleList.parse(TextSource.of(modules, origin + " (modules)"), names);
        TextSource src = TextSource.of(text, origin);
        try {
            return of(skipped == null ? KallsymsParser.parse(src, names) : KallsymsParser.parseTolerant(src, names, skipped), list,
                    KernelTable.Order.KERNEL, new BuildFiles(), names);
        } catch (SymbolSourceException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("no build file was given, none could fail", e);
        }
    }

    /**
     * A symbolizer over a parsed listing; {@code modules} ({@code /proc/modules} of the same
     * moment, may be null) gives the modules' exact memory ranges.
     */
    public static StaticSymbolizer of(KallsymsListing listing, ModuleList modules, KernelTable.Order order) {
        try {
            return of(listing, modules, order, new BuildFiles(), new Names());
        } catch (IOException e) {
            throw new IllegalStateException("no build file was given, none could fail", e);
        }
    }

    private static StaticSymbolizer of(KallsymsListing listing, ModuleList modules, KernelTable.Order order,
                                       BuildFiles build, Names names) throws IOException {
        KallsymsSplit split = KallsymsSplit.of(listing, modules);
        KernelTable kernel = split.kernel.length == 0 ? null : KernelTable.build(listing, split.kernel, order);
        if (!build.files().isEmpty()) {
            if (kernel == null) {
                throw SymbolSourceException.of(listing.origin(), "has no kernel image symbols to place the build files on", null);
            }
            kernel = build.attach(kernel, names);
        }
        List<ModuleSymbols> live = new ArrayList<>();
        long areaStart = -1;
        long areaEnd = 0;
        for (KallsymsSplit.Block b : split.modules) {
            int mi = modules == null ? -1 : modules.indexOf(b.module);
            ModuleSymbols m = ModuleSymbols.build(b.module, listing, b.lines, mi < 0 ? 0 : modules.base(mi),
                    mi < 0 ? 0 : modules.size(mi), null);
            live.add(m);
            for (int r = 0; r < m.rangeCount(); r++) {
                if (Long.compareUnsigned(m.rangeStart(r), areaStart) < 0) areaStart = m.rangeStart(r);
                if (Long.compareUnsigned(m.rangeEnd(r), areaEnd) > 0) areaEnd = m.rangeEnd(r);
            }
        }
        List<ModMap> maps = new ArrayList<>();
        for (KallsymsSplit.Block b : split.modMaps) {
            maps.add(ModMap.build(b.module, listing, b.lines, null));
        }
        StaticSymbolizer s = new StaticSymbolizer(KernelSymbols.of(kernel, live, new boolean[live.size()], maps, areaStart, areaEnd)
                .withPseudoModules(PseudoModules.of(listing, split.pseudo)));
        s.buildFiles = build.files();
        return s;
    }

    @Override
    public void marker(long ts, CharSequence text) {}

    @Override
    public void moduleLoad(long ts, String module) {}

    @Override
    public void moduleFree(long ts, String module) {}

    @Override
    public void moduleInitDone(long ts, String module) {}

    @Override
    public boolean resolve(long ts, long address, Resolution out) {
        return state.resolve(address, out);
    }

    /** The kernel build files in use (given to {@link #open(List)}). */
    public List<Path> buildFiles() { return buildFiles; }

    /** The symbol state this symbolizer resolves against. */
    public KernelSymbols state() { return state; }
}
