package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.source.BuiltinRanges;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.LinkerMap;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.ObjectRanges;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KernelTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files of the kernel's build that describe vmlinux beyond kallsyms (docs/ARCHIVE.md):
 * {@code modules.builtin.ranges} (built-in module of each range), the linker maps
 * {@code vmlinux.map} and {@code vmlinux.o.map} (object file of each range) and
 * {@code System.map} (link-time addresses). Their addresses are link-time ones, or offsets from an
 * anchor symbol; {@link #attach} places them on the running kernel with the anchor's runtime
 * address in kallsyms and checks that they describe that kernel.
 */
final class BuildFiles {
    static final String RANGES = ArchiveLayout.BUILTIN_RANGES;
    static final String SYSTEM_MAP = ArchiveLayout.SYSTEM_MAP;
    /** Anchors tried in order: the start of the image as kallsyms and the maps both name it. */
    private static final String[] ANCHORS = {"_text", "_stext"};

    Path ranges;
    Path systemMap;
    final List<Path> linkerMaps = new ArrayList<>();
    /** Files found beside an archive rather than given: errors about them say so. */
    private final Set<Path> found = new HashSet<>();

    /** The build files of {@code archive}: each kind in its folder first, then in the parent (plain or compressed). */
    static BuildFiles discover(ArchiveLayout archive) {
        BuildFiles b = new BuildFiles();
        b.ranges = archive.buildFile(ArchiveLayout.BUILTIN_RANGES);
        b.systemMap = archive.buildFile(ArchiveLayout.SYSTEM_MAP);
        for (Path d : archive.buildFileFolders()) {
            // both maps from one folder: they must come from the same link
            Path m = TextSource.findVariant(d.resolve(ArchiveLayout.VMLINUX_MAP));
            if (m != null) {
                b.linkerMaps.add(m);
                Path o = TextSource.findVariant(d.resolve(ArchiveLayout.VMLINUX_O_MAP));
                if (o != null) {
                    b.linkerMaps.add(o);
                }
                break;
            }
        }
        b.found.addAll(b.files());
        return b;
    }

    /**
     * Sorts files given by the user by name: {@code *System.map*}, {@code *builtin.ranges},
     * other {@code *.map} (linker maps); compression suffixes do not count.
     *
     * @throws SymbolSourceException for a file of none of these kinds, or two of one kind
     */
    static BuildFiles of(List<Path> files) throws SymbolSourceException {
        BuildFiles b = new BuildFiles();
        for (Path p : files) {
            if (!b.add(p)) {
                throw SymbolSourceException.of(p.toString(), "is not a kernel build file (expected System.map, "
                        + "modules.builtin.ranges or a linker map such as vmlinux.map or vmlinux.o.map)", null);
            }
        }
        return b;
    }

    /** Takes {@code p} if its name says it is a build file; false otherwise. */
    boolean add(Path p) throws SymbolSourceException {
        String n = TextSource.plainName(p.getFileName().toString());
        if (n.contains(SYSTEM_MAP)) {
            systemMap = only(systemMap, p, SYSTEM_MAP);
        } else if (n.endsWith("builtin.ranges")) {
            ranges = only(ranges, p, RANGES);
        } else if (n.endsWith(".map")) {
            linkerMaps.add(p);
        } else {
            return false;
        }
        return true;
    }

    private static Path only(Path had, Path p, String kind) throws SymbolSourceException {
        if (had != null) {
            throw SymbolSourceException.of(p.toString(), "is a second " + kind + " (the first is " + had + ")", null);
        }
        return p;
    }

    /** These files, with each kind {@code explicit} gives replacing the one found here. */
    BuildFiles overriddenBy(BuildFiles explicit) {
        BuildFiles b = new BuildFiles();
        b.ranges = explicit.ranges != null ? explicit.ranges : ranges;
        b.systemMap = explicit.systemMap != null ? explicit.systemMap : systemMap;
        b.linkerMaps.addAll(explicit.linkerMaps.isEmpty() ? linkerMaps : explicit.linkerMaps);
        b.found.addAll(found);
        b.found.retainAll(b.files());
        return b;
    }

    /** The files in use, for telling the user. */
    List<Path> files() {
        List<Path> l = new ArrayList<>();
        if (ranges != null) {
            l.add(ranges);
        }
        if (systemMap != null) {
            l.add(systemMap);
        }
        l.addAll(linkerMaps);
        return l;
    }

    /**
     * {@code kernel} (the kernel image's table from kallsyms, or from System.map) with the built-in
     * module ranges and the object files of these files attached at runtime addresses.
     *
     * @throws SymbolSourceException when a file is malformed, cannot be placed (no anchor), or
     *     does not describe the kernel of {@code kernel}
     */
    KernelTable attach(KernelTable kernel, Names names) throws IOException {
        KernelTable k = kernel;
        if (ranges != null) {
            BuiltinRanges br = BuiltinRanges.parse(TextSource.read(ranges), names);
            BuiltinRanges.Section text = br.section(".text");
            if (text != null) {
                long anchor = k.addressOf(text.anchorSymbol);
                if (anchor == -1) {
                    throw SymbolSourceException.of(ranges.toString(), "anchor symbol " + text.anchorSymbol
                            + " of .text is not in the kernel's symbol table", null);
                }
                k = k.withBuiltinRanges(br.place(".text", anchor));
            }
        }
        KallsymsListing sysmap = null;
        if (systemMap != null) {
            sysmap = KallsymsParser.parse(TextSource.read(systemMap), names);
            checkSlide(k, systemMap.toString(), linkAddresses(sysmap), slide(k, null, sysmap, systemMap.toString()),
                    found.contains(systemMap));
        }
        if (linkerMaps.isEmpty()) {
            return k;
        }
        List<LinkerMap> maps = new ArrayList<>();
        for (Path p : linkerMaps) {
            maps.add(LinkerMap.parse(TextSource.read(p), names));
        }
        LinkerMap fin = finalMap(maps);
        if (!placesSections(fin)) {
            throw SymbolSourceException.of(fin.origin(), "is the map of a relocatable link (ld -r, every section at 0): "
                    + "give the final link's map (vmlinux.map) with it", null);
        }
        List<LinkerMap> intermediate = new ArrayList<>(maps);
        intermediate.remove(fin);
        ObjectRanges objects = ObjectRanges.of(fin, intermediate);
        long slide = slide(k, fin, sysmap, fin.origin());
        checkSlide(k, fin.origin(), linkAddresses(fin), slide, !found.isEmpty() && found.containsAll(linkerMaps));
        return k.withObjects(objects.shifted(slide));
    }

    /** The map of the final link: the one whose output no other map loads. */
    private static LinkerMap finalMap(List<LinkerMap> maps) throws SymbolSourceException {
        LinkerMap fin = null;
        for (LinkerMap m : maps) {
            boolean loaded = false;
            for (LinkerMap other : maps) {
                loaded |= other != m && loads(other, m.output());
            }
            if (!loaded) {
                if (fin != null) {
                    throw SymbolSourceException.of(m.origin(), "and " + fin.origin() + " are both final links (neither "
                            + "loads the other's output): give one kernel's vmlinux.map and the vmlinux.o.map it loads", null);
                }
                fin = m;
            }
        }
        if (fin == null) {
            throw SymbolSourceException.of(maps.get(0).origin(), "the linker maps load each other's output", null);
        }
        return fin;
    }

    private static boolean placesSections(LinkerMap m) {
        for (int s = 0; s < m.sectionCount(); s++) {
            if (m.sectionPlaced(s) && m.sectionAddress(s) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean loads(LinkerMap m, String output) {
        String base = output.substring(output.lastIndexOf('/') + 1);
        for (int r = 0; r < m.recordCount(); r++) {
            String o = m.recordObject(r);
            if (o.equals(output) || o.equals(base) || o.endsWith("/" + base)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runtime minus link-time address: of the first anchor that both the kernel's table and
     * {@code map} (else System.map) name.
     */
    private static long slide(KernelTable kernel, LinkerMap map, KallsymsListing sysmap, String origin)
            throws SymbolSourceException {
        for (String a : ANCHORS) {
            long runtime = kernel.addressOf(a);
            if (runtime == -1) {
                continue;
            }
            long link = map == null ? -1 : map.addressOf(a);
            if (link == -1 && sysmap != null) {
                link = addressOf(sysmap, a);
            }
            if (link != -1) {
                return runtime - link;
            }
        }
        throw SymbolSourceException.of(origin, "cannot be placed on the running kernel: neither it"
                + (sysmap == null ? "" : " nor System.map") + " nor the kernel's symbol table give the address of _text or _stext", null);
    }

    private static long addressOf(KallsymsListing l, String name) {
        for (int i = 0; i < l.count(); i++) {
            if (l.name(i).equals(name)) {
                return l.address(i);
            }
        }
        return -1;
    }

    /** Link-time addresses of System.map's code symbols. */
    private static Named linkAddresses(KallsymsListing l) {
        Named n = new Named();
        for (int i = 0; i < l.count(); i++) {
            char t = l.type(i);
            // code moves with KASLR; per-CPU data (link address 0 and up) does not
            if (t == 't' || t == 'T' || t == 'w' || t == 'W') {
                n.add(l.name(i), l.address(i));
            }
        }
        return n;
    }

    /** The global symbols the final map lists in its placed sections. */
    private static Named linkAddresses(LinkerMap m) {
        Named n = new Named();
        for (int i = 0; i < m.symbolCount(); i++) {
            int s = m.symbolSection(i);
            if (!m.symbolAssigned(i) && s >= 0 && m.sectionPlaced(s) && m.sectionAddress(s) != 0) {
                n.add(m.symbolName(i), m.symbolAddress(i));
            }
        }
        return n;
    }

    private static final class Named {
        final List<String> names = new ArrayList<>();
        final List<Long> addresses = new ArrayList<>();

        void add(String name, long address) {
            names.add(name);
            addresses.add(address);
        }
    }

    /**
     * Checks that {@code link} (link-time addresses) plus {@code slide} gives the kernel's address
     * for every name that is unique in both: files of another build would attribute code wrongly.
     */
    private static void checkSlide(KernelTable kernel, String origin, Named link, long slide, boolean found)
            throws SymbolSourceException {
        HashMap<String, Integer> unique = new HashMap<>(kernel.size() * 2);
        for (int i = 0; i < kernel.size(); i++) {
            Integer old = unique.putIfAbsent(kernel.name(i), i);
            if (old != null && old >= 0 && kernel.address(old) != kernel.address(i)) {
                unique.put(kernel.name(i), -1);
            }
        }
        HashMap<String, Integer> seen = new HashMap<>();
        for (String n : link.names) {
            seen.merge(n, 1, Integer::sum);
        }
        int checked = 0;
        int wrong = 0;
        String example = null;
        for (int j = 0; j < link.names.size(); j++) {
            String n = link.names.get(j);
            Integer i = unique.get(n);
            if (i == null || i < 0 || seen.get(n) != 1) {
                continue;
            }
            checked++;
            long want = link.addresses.get(j) + slide;
            if (kernel.address(i) != want) {
                wrong++;
                if (example == null) {
                    example = n + " is at " + Long.toHexString(kernel.address(i)) + " in the kernel, here at "
                            + Long.toHexString(link.addresses.get(j)) + " + slide " + Long.toHexString(slide);
                }
            }
        }
        if (wrong > 0) {
            throw SymbolSourceException.of(origin, "does not describe the kernel of the symbol table: " + wrong + " of "
                    + checked + " symbols are elsewhere (" + example + "); give the build files of that kernel"
                    + (found ? " (this one was found beside the archive: remove it, or give the right files explicitly)" : ""), null);
        }
    }
}
