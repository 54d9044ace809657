package dev.tracesym.symbolizer;

import dev.tracesym.input.Excerpt;
import dev.tracesym.symbolizer.elf.ModuleFiles;
import dev.tracesym.symbolizer.elf.ModuleLayout;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.ModuleSections;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KallsymsSplit;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import dev.tracesym.symbolizer.table.PseudoModules;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A symbol archive read whole: the snapshots of the kernel's symbol state (docs/ARCHIVE.md) and
 * the module files, turned into one {@link KernelSymbols} per snapshot plus, per snapshot and
 * module, the module's symbols as that snapshot saw them.
 */
final class SymbolArchive {
    private static final Pattern FILE = Pattern.compile("(\\d+)-(.+)\\.(kallsyms|modsyms|modules|sections)");

    static final class Snapshot {
        final int number;
        final String label;
        ModuleList modules;
        KallsymsSplit split;
        ModuleSections sections;
        final Map<String, ModuleSymbols> symbols = new HashMap<>();
        final Map<String, ModMap> modMaps = new HashMap<>();
        KernelSymbols state;

        Snapshot(int number, String label) {
            this.number = number;
            this.label = label;
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
        ArchiveIndex index = ArchiveIndex.open(dir, modulesDir, cacheDir);
        try {
            return build(dir, modulesDir, buildFiles, index);
        } catch (IOException | RuntimeException e) {
            if (!index.servedAny()) {
                throw e;
            }
            // the index passed its CRC but holds what no parse of these files gives (a disk error, a
            // hand-made file): the files decide; a new index replaces it
            return build(dir, modulesDir, buildFiles, index.rebuilt());
        }
    }

    private static SymbolArchive build(Path dir, Path modulesDir, List<Path> buildFiles, ArchiveIndex index) throws IOException {
        Names names = new Names();
        ModuleFiles ko = modulesDir == null ? ModuleFiles.none(names) : ModuleFiles.scan(modulesDir, names, index::module);
        List<Snapshot> snaps = list(dir);
        if (snaps.isEmpty()) {
            throw SymbolSourceException.of(dir.toString(), "holds no snapshots (expected manifest.tsv and NNN-label.kallsyms files)", null);
        }
        Snapshot first = snaps.get(0);
        Path full = file(dir, first, "kallsyms");
        if (full == null) {
            throw SymbolSourceException.of(dir.toString(), "the first snapshot " + name(first, "kallsyms")
                    + " is missing: it must hold the full kallsyms", null);
        }
        KallsymsListing firstListing = StaticSymbolizer.nonEmpty(index.listing(full, false, names));
        long areaStart = -1;
        long areaEnd = 0;
        for (Snapshot s : snaps) {
            Path m = file(dir, s, "modules");
            s.modules = m == null ? null : index.moduleList(m, names);
            Path sec = file(dir, s, "sections");
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
        BuildFiles build = BuildFiles.discover(dir);
        if (buildFiles != null) {
            build = build.overriddenBy(BuildFiles.of(buildFiles));
        }
        kernel = build.attach(kernel, names);
        Map<String, ModuleSymbols> cache = new HashMap<>();
        for (int i = 0; i < snaps.size(); i++) {
            Snapshot s = snaps.get(i);
            if (s.split == null) {
                Path p = file(dir, s, "modsyms");
                if (p == null) {
                    p = file(dir, s, "kallsyms");
                }
                if (p == null) {
                    throw SymbolSourceException.of(dir.toString(), "snapshot " + threeDigits(s.number) + " has neither "
                            + name(s, "modsyms") + " nor " + name(s, "kallsyms"), null);
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

    /** Snapshots from manifest.tsv ({@code NNN<TAB>label[<TAB>...]}), else from the file names. */
    private static List<Snapshot> list(Path dir) throws IOException {
        Path manifest = TextSource.findVariant(dir.resolve("manifest.tsv"));
        List<Snapshot> out = new ArrayList<>();
        if (manifest != null) {
            String[] lines = TextSource.read(manifest).text().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length < 2 || !f[0].matches("\\d{1,9}")) {
                    throw SymbolSourceException.atLine(manifest.toString(), i + 1,
                            "expected 'NNN<TAB>label[<TAB>uptime]', found " + Excerpt.quote(line));
                }
                if (!f[1].chars().allMatch(c -> c > ' ' && c != '/' && c != 0x7f)) {
                    // the label is part of file names: it must not leave the folder or break a path
                    throw SymbolSourceException.atLine(manifest.toString(), i + 1, "expected a label of printable characters "
                            + "without '/' or spaces, found " + Excerpt.quote(f[1]));
                }
                int n = Integer.parseInt(f[0]);
                if (!out.isEmpty() && out.get(out.size() - 1).number >= n) {
                    throw SymbolSourceException.atLine(manifest.toString(), i + 1, "expected snapshot numbers in ascending order, found "
                            + f[0] + " after " + out.get(out.size() - 1).number);
                }
                out.add(new Snapshot(n, f[1]));
            }
            return out;
        }
        TreeMap<Integer, String> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher m = FILE.matcher(TextSource.plainName(p.getFileName().toString()));
                if (m.matches() && m.group(1).length() <= 9) {
                    String old = found.putIfAbsent(Integer.parseInt(m.group(1)), m.group(2));
                    if (old != null && !old.equals(m.group(2))) {
                        throw SymbolSourceException.of(dir.toString(), "snapshot " + m.group(1) + " has two labels: "
                                + old + " and " + m.group(2), null);
                    }
                }
            }
        }
        found.forEach((n, label) -> out.add(new Snapshot(n, label)));
        return out;
    }

    private static String name(Snapshot s, String ext) {
        return threeDigits(s.number) + "-" + s.label + "." + ext;
    }

    /** {@code %03d} without a Formatter (which costs a locale lookup on every start). */
    static String threeDigits(int n) {
        String d = Integer.toString(n);
        return n >= 0 && d.length() < 3 ? "000".substring(d.length()) + d : d;
    }

    private static Path file(Path dir, Snapshot s, String ext) {
        Path p = TextSource.findVariant(dir.resolve(name(s, ext)));
        if (p == null) {      // numbers written without leading zeros
            p = TextSource.findVariant(dir.resolve(s.number + "-" + s.label + "." + ext));
        }
        return p;
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
