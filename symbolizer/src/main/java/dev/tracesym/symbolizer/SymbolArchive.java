package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.elf.ModuleFiles;
import dev.tracesym.symbolizer.elf.ModuleLayout;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.ModuleSections;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.table.KallsymsSplit;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import dev.tracesym.symbolizer.table.PseudoModules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A symbol archive read whole: the snapshots of the kernel's symbol state (docs/ARCHIVE.md) and
 * the module files, turned into one {@link KernelSymbols} per snapshot plus, per snapshot and
 * module, the module's symbols as that snapshot saw them.
 */
final class SymbolArchive {
    static final class Snapshot {
        final ArchiveLayout.Snapshot id;
        final int number;
        final String label;
        ModuleList modules;
        KallsymsSplit split;
        ModuleSections sections;
        final Map<String, ModuleSymbols> symbols = new HashMap<>();
        final Map<String, ModMap> modMaps = new HashMap<>();
        KernelSymbols state;

        Snapshot(ArchiveLayout.Snapshot id) {
            this.id = id;
            this.number = id.number();
            this.label = id.label();
        }
    }

    final Path dir;
    final List<Snapshot> snapshots;
    final KernelTable kernel;
    final ModuleFiles ko;
    final long areaStart;
    final long areaEnd;
    final List<Path> buildFiles;
    /** True when the listings and module files came from the compiled index, not from parsing (for tests). */
    final boolean fromIndex;

    private SymbolArchive(Path dir, List<Snapshot> snapshots, KernelTable kernel, ModuleFiles ko, long areaStart, long areaEnd,
                          List<Path> buildFiles, boolean fromIndex) {
        this.buildFiles = List.copyOf(buildFiles);
        this.fromIndex = fromIndex;
        this.dir = dir;
        this.snapshots = snapshots;
        this.kernel = kernel;
        this.ko = ko;
        this.areaStart = areaStart;
        this.areaEnd = areaEnd;
    }

    static SymbolArchive open(Path dir, Path modulesDir) throws IOException {
        return open(dir, modulesDir, null);
    }

    /**
     * Reads the archive in {@code dir}; {@code buildFiles} (may be null) are kernel build files
     * given explicitly, each replacing the one of its kind found in {@code dir} or its parent.
     */
    static SymbolArchive open(Path dir, Path modulesDir, List<Path> buildFiles) throws IOException {
        return open(dir, modulesDir, buildFiles, ArchiveIndex.defaultCacheDir());
    }

    /** {@link #open(Path, Path, List)} with its compiled index kept in {@code cacheDir} (null: none). */
    static SymbolArchive open(Path dir, Path modulesDir, List<Path> buildFiles, Path cacheDir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw SymbolSourceException.of(dir.toString(), "is not a symbol archive folder", null);
        }
        ArchiveLayout layout = ArchiveLayout.of(dir, modulesDir);
        ArchiveIndex index = ArchiveIndex.open(layout, cacheDir);
        try {
            return build(layout, buildFiles, index);
        } catch (IOException | RuntimeException e) {
            if (!index.servedAny()) {
                throw e;
            }
            // the index passed its CRC but holds what no parse of these files gives (a disk error, a
            // hand-made file): the files decide; a new index replaces it
            return build(layout, buildFiles, index.rebuilt());
        }
    }

    private static SymbolArchive build(ArchiveLayout layout, List<Path> buildFiles, ArchiveIndex index) throws IOException {
        Path dir = layout.archive();
        Path modulesDir = layout.modules();
        Names names = new Names();
        ModuleFiles ko = modulesDir == null ? ModuleFiles.none(names) : ModuleFiles.scan(modulesDir, names, index::module);
        List<Snapshot> snaps = new ArrayList<>();
        for (ArchiveLayout.Snapshot s : layout.snapshots()) {
            snaps.add(new Snapshot(s));
        }
        if (snaps.isEmpty()) {
            throw SymbolSourceException.of(dir.toString(), "holds no snapshots (expected manifest.tsv and NNN-label.kallsyms files)", null);
        }
        Snapshot first = snaps.get(0);
        Path full = layout.listing(first.id, ArchiveLayout.Listing.KALLSYMS);
        if (full == null) {
            throw SymbolSourceException.of(dir.toString(), "the first snapshot " + first.id.fileName(ArchiveLayout.Listing.KALLSYMS)
                    + " is missing: it must hold the full kallsyms", null);
        }
        KallsymsListing firstListing = StaticSymbolizer.nonEmpty(index.listing(full, false, names));
        long areaStart = -1;
        long areaEnd = 0;
        for (Snapshot s : snaps) {
            Path m = layout.listing(s.id, ArchiveLayout.Listing.MODULES);
            s.modules = m == null ? null : index.moduleList(m, names);
            Path sec = layout.listing(s.id, ArchiveLayout.Listing.SECTIONS);
            s.sections = sec == null ? null : index.sections(sec, names);
            if (s.modules != null) {
                for (int i = 0; i < s.modules.count(); i++) {
                    long b = s.modules.base(i);
                    if (Long.compareUnsigned(b, areaStart) < 0) areaStart = b;
                    long e = b + s.modules.size(i);
                    if (Long.compareUnsigned(e, areaEnd) > 0) areaEnd = e;
                }
            }
        }
        first.split = KallsymsSplit.of(firstListing, first.modules);
        KernelTable kernel = KernelTable.build(firstListing, first.split.kernel, KernelTable.Order.KERNEL);
        BuildFiles build = BuildFiles.discover(layout);
        if (buildFiles != null) {
            build = build.overriddenBy(BuildFiles.of(buildFiles));
        }
        kernel = build.attach(kernel, names);
        Map<String, ModuleSymbols> cache = new HashMap<>();
        for (int i = 0; i < snaps.size(); i++) {
            Snapshot s = snaps.get(i);
            if (s.split == null) {
                Path p = layout.listing(s.id, ArchiveLayout.Listing.MODSYMS);
                if (p == null) {
                    p = layout.listing(s.id, ArchiveLayout.Listing.KALLSYMS);
                }
                if (p == null) {
                    throw SymbolSourceException.of(dir.toString(), "snapshot " + ArchiveLayout.threeDigits(s.number) + " has neither "
                            + s.id.fileName(ArchiveLayout.Listing.MODSYMS) + " nor " + s.id.fileName(ArchiveLayout.Listing.KALLSYMS), null);
                }
                s.split = KallsymsSplit.of(index.listing(p, true, names), s.modules);
            }
            load(s, ko, cache);
            List<ModuleSymbols> live = new ArrayList<>();
            List<ModMap> maps = new ArrayList<>();
            for (KallsymsSplit.Block b : s.split.modules) {
                live.add(s.symbols.get(b.module));
            }
            for (KallsymsSplit.Block b : s.split.modMaps) {
                maps.add(s.modMaps.get(b.module));
            }
            s.state = KernelSymbols.of(kernel, live, new boolean[live.size()], maps, areaStart, areaEnd)
                    .withPseudoModules(PseudoModules.of(s.split.listing, s.split.pseudo));
        }
        index.save();
        return new SymbolArchive(dir, snaps, kernel, ko, areaStart, areaEnd, build.files(), index.servedAll());
    }

    /** Builds the modules and mod maps of a snapshot, sharing modules identical to an earlier snapshot's. */
    private static void load(Snapshot s, ModuleFiles ko, Map<String, ModuleSymbols> cache) throws IOException {
        KallsymsListing l = s.split.listing;
        for (KallsymsSplit.Block b : s.split.modules) {
            int mi = s.modules == null ? -1 : s.modules.indexOf(b.module);
            long base = mi < 0 ? 0 : s.modules.base(mi);
            long size = mi < 0 ? 0 : s.modules.size(mi);
            KallsymsSplit.Block mm = s.split.modMap(b.module);
            long initText = s.sections == null ? 0 : s.sections.address(b.module, ".init.text");
            String key = b.module + '@' + Long.toHexString(base) + '/' + b.lines.length + '/'
                    + (mm == null ? 0 : Long.toHexString(l.address(mm.lines[0])) + '/' + mm.lines.length)
                    + '/' + Long.toHexString(initText);
            ModuleSymbols m = cache.get(key);
            if (m == null) {
                ModuleLayout layout = ko.layout(b.module);
                m = ModuleSymbols.build(b.module, l, b.lines, base, size, layout);
                long initBase = 0;
                if (layout != null && initText != 0) {
                    int sec = layout.elf().section(".init.text");
                    initBase = sec < 0 ? 0 : initText - layout.offset(sec);
                }
                if (initBase == 0 && mm != null) {
                    String[] nm = new String[mm.lines.length];
                    long[] ad = new long[mm.lines.length];
                    for (int j = 0; j < nm.length; j++) {
                        nm[j] = l.name(mm.lines[j]);
                        ad[j] = l.address(mm.lines[j]);
                    }
                    initBase = m.initBaseFrom(nm, ad);
                }
                m = m.withInit(initBase);
                cache.put(key, m);
            }
            s.symbols.put(b.module, m);
        }
        for (KallsymsSplit.Block b : s.split.modMaps) {
            s.modMaps.put(b.module, ModMap.build(b.module, l, b.lines, s.symbols.get(b.module)));
        }
    }

    /** Index of the snapshot numbered {@code number}, or -1. */
    int indexOf(int number) {
        for (int i = 0; i < snapshots.size(); i++) {
            if (snapshots.get(i).number == number) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first snapshot after {@code after} that has {@code module} loaded, or -1. */
    int nextWith(int after, String module) {
        for (int i = Math.max(0, after + 1); i < snapshots.size(); i++) {
            if (snapshots.get(i).symbols.containsKey(module)) {
                return i;
            }
        }
        return -1;
    }
}
