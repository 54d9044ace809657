package dev.tracesym.symbolizer;

import dev.tracesym.input.Excerpt;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one description of a symbol archive's files (docs/ARCHIVE.md): the folders an archive is
 * made of, what its files are called, and where a trace's own archive lies beside the trace.
 * Readers ({@link TimeAwareSymbolizer}, the compiled index), writers ({@code tracesym capture}) and
 * the commands that find an archive per trace ({@code tracesym batch}, the Spark job) all ask it.
 *
 * <p>An instance is one archive: its folder of snapshot listings and, optionally, its folder of
 * module files.
 */
public final class ArchiveLayout {
    /** The list of snapshots in order: {@code NNN<TAB>label[<TAB>anything]} per line. */
    public static final String MANIFEST = "manifest.tsv";
    /** What {@code tracesym capture} adds: the module event that caused each snapshot. Readers ignore it. */
    public static final String EVENTS = "events.tsv";
    /** What {@code tracesym capture} adds: which kernel and boot the archive describes. Readers ignore it. */
    public static final String KERNEL = "kernel.tsv";
    /** The row of {@link #KERNEL} that says which kernel table the full symbol files copy ({@link SymbolTable}). */
    public static final String KERNEL_SYMBOLS = "symbols";
    /** The folder of module files inside an archive, or beside a trace's {@code snapshots/}. */
    public static final String MODULES = "modules";
    /** The folder of snapshot listings beside a trace, or inside its {@code NAME.archive/}. */
    public static final String SNAPSHOTS = "snapshots";
    /** A trace {@code NAME.dat} keeps its own archive in {@code NAME.archive/}. */
    public static final String ARCHIVE_SUFFIX = ".archive";
    /** Kernel build files, looked for in the archive folder, then in its parent (plain or compressed). */
    public static final String BUILTIN_RANGES = "modules.builtin.ranges";
    public static final String SYSTEM_MAP = "System.map";
    public static final String VMLINUX_MAP = "vmlinux.map";
    public static final String VMLINUX_O_MAP = "vmlinux.o.map";
    private static final List<String> BUILD_FILES = List.of(BUILTIN_RANGES, SYSTEM_MAP, VMLINUX_MAP, VMLINUX_O_MAP);
    /** Compression suffixes a trace's file name may carry. */
    private static final String[] TRACE_COMPRESSIONS = {".xz", ".gz", ".zst", ".bz2"};
    private static final String TRACE_SUFFIX = ".dat";

    private static final Pattern LISTING = Pattern.compile("(\\d+)-(.+)\\.(kallsyms|modsyms|modules|sections)");

    /** The kinds of a snapshot's listings, by file extension. */
    public enum Listing {
        /** A full copy of the kernel's symbol table: {@code /proc/kallsyms} or {@code /proc/kallmodsyms} ({@link SymbolTable}). */
        KALLSYMS("kallsyms"),
        /** Only the {@code [module]} lines of that moment's kallsyms. */
        MODSYMS("modsyms"),
        /** {@code /proc/modules}. */
        MODULES("modules"),
        /** {@code module section address} lines from {@code /sys/module/}. */
        SECTIONS("sections");

        private final String extension;

        Listing(String extension) {
            this.extension = extension;
        }

        /** The file extension, without its dot. */
        public String extension() { return extension; }
    }

    /**
     * Which kernel table an archive's symbol files ({@link Listing#KALLSYMS}, {@link Listing#MODSYMS})
     * are copies of. Both are named alike, since readers tell them apart by their lines; the
     * {@value #KERNEL_SYMBOLS} row of {@link #KERNEL} says which one {@code tracesym capture} read.
     */
    public enum SymbolTable {
        /** {@code /proc/kallsyms}. */
        KALLSYMS("kallsyms"),
        /**
         * {@code /proc/kallmodsyms}, where the kernel has it (CONFIG_KALLMODSYMS, Oracle's UEK):
         * kallsyms plus built-in modules, object files and, in UEK's format, each symbol's size.
         */
        KALLMODSYMS("kallmodsyms");

        private final String procName;

        SymbolTable(String procName) {
            this.procName = procName;
        }

        /** Its file name under {@code /proc}, which is also what {@link #KERNEL} says. */
        public String procName() { return procName; }
    }

    /** One snapshot of an archive: its number (NNN) and label. */
    public record Snapshot(int number, String label) {
        /** The number as file names and the manifest write it: at least three digits ({@code 007}). */
        public String numberText() {
            return threeDigits(number);
        }

        /** {@code NNN-label.ext}. */
        public String fileName(Listing kind) {
            return numberText() + "-" + label + "." + kind.extension;
        }

        /** Its row in {@link #MANIFEST}: {@code NNN<TAB>label<TAB>extra} and a newline. */
        public String manifestRow(String extra) {
            return numberText() + '\t' + label + '\t' + extra + '\n';
        }

        /** {@code NNN label}. */
        @Override
        public String toString() {
            return numberText() + " " + label;
        }
    }

    private final Path archive;
    private final Path modules;

    private ArchiveLayout(Path archive, Path modules) {
        this.archive = archive;
        this.modules = modules;
    }

    /** The archive whose listings are in folder {@code archive}, with module files in {@code modules} (may be null). */
    public static ArchiveLayout of(Path archive, Path modules) {
        return new ArchiveLayout(archive, modules);
    }

    /** The folder of snapshot listings (and {@link #MANIFEST}). */
    public Path archive() { return archive; }

    /** The folder of module files, or null when the archive has none. */
    public Path modules() { return modules; }

    /** The folders whose files make up the archive: the listings' and, when there is one, the modules'. */
    public List<Path> folders() {
        return modules == null ? List.of(archive) : List.of(archive, modules);
    }

    // ---------------------------------------------------------------- a trace's own archive

    /**
     * Where a trace's own archive lies, as paths relative to the trace's folder: {@code archive}
     * holds the listings, {@code modules} the module files (null: none), {@code rule} says which
     * rule found them (for telling the user).
     */
    public record Beside(String archive, String modules, String rule) {
    }

    /**
     * Applies the discovery rule (docs/ARCHIVE.md, "An archive per trace") to the trace file
     * {@code traceFileName}, asking {@code isFolder} whether a path relative to the trace's folder
     * is a folder; works the same on any file system.
     * <ol>
     * <li>{@code NAME.archive/} beside {@code NAME.dat} (also {@code .dat.xz}, {@code .gz},
     * {@code .zst}, {@code .bz2}): its {@code snapshots/} if it has one, else the folder itself;
     * module files in its {@code modules/}.</li>
     * <li>else {@code snapshots/} beside the trace, module files in {@code modules/} beside it: the
     * archive of every trace in that folder (one recording, maybe kept in several formats).</li>
     * </ol>
     *
     * @return where the archive is, or null when the trace has none beside it
     */
    public static Beside beside(String traceFileName, Predicate<String> isFolder) {
        String own = traceName(traceFileName) + ARCHIVE_SUFFIX;
        if (isFolder.test(own)) {
            String snapshots = own + "/" + SNAPSHOTS;
            String listings = isFolder.test(snapshots) ? snapshots : own;
            String mods = own + "/" + MODULES;
            return new Beside(listings, isFolder.test(mods) ? mods : null, own + "/ beside the trace");
        }
        if (isFolder.test(SNAPSHOTS)) {
            return new Beside(SNAPSHOTS, isFolder.test(MODULES) ? MODULES : null, SNAPSHOTS + "/ beside the trace");
        }
        return null;
    }

    /** {@link #beside(String, Predicate)} on the default file system: the archive of {@code trace}, or null. */
    public static ArchiveLayout besideTrace(Path trace) {
        Path name = trace.getFileName();
        if (name == null) {
            return null;
        }
        Path abs = trace.toAbsolutePath();
        Path dir = abs.getParent();
        Beside b = beside(name.toString(), rel -> Files.isDirectory(dir.resolve(rel)));
        if (b == null) {
            return null;
        }
        Path folder = trace.getParent() == null ? Path.of("") : trace.getParent();
        return new ArchiveLayout(folder.resolve(b.archive()), b.modules() == null ? null : folder.resolve(b.modules()));
    }

    /**
     * The trace's name without {@code .dat} and compression suffix: {@code reuse.v6} for
     * {@code reuse.v6.dat.xz}. Outputs and archives of a trace are named after it.
     */
    public static String traceName(String fileName) {
        String n = withoutCompression(fileName);
        return n.endsWith(TRACE_SUFFIX) ? n.substring(0, n.length() - TRACE_SUFFIX.length()) : n;
    }

    /** True for a file name that names a trace-cmd trace: {@code *.dat}, also compressed. */
    public static boolean isTraceName(String fileName) {
        return withoutCompression(fileName).endsWith(TRACE_SUFFIX);
    }

    private static String withoutCompression(String fileName) {
        for (String c : TRACE_COMPRESSIONS) {
            if (fileName.endsWith(c)) {
                return fileName.substring(0, fileName.length() - c.length());
            }
        }
        return fileName;
    }

    /** True for a kernel build file an archive may carry ({@code System.map}, ..., plain or compressed). */
    public static boolean isBuildFile(String fileName) {
        return BUILD_FILES.contains(TextSource.plainName(fileName));
    }

    // ---------------------------------------------------------------- the listings

    /**
     * True when {@code dir} looks like an archive's listings folder: it holds a {@link #MANIFEST} or
     * a file named like a snapshot's listing ({@code NNN-label.kallsyms}, ..., also compressed).
     */
    public static boolean holdsListings(Path dir) throws IOException {
        if (TextSource.findVariant(dir.resolve(MANIFEST)) != null) {
            return true;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (LISTING.matcher(TextSource.plainName(p.getFileName().toString())).matches()) {
                    return true;
                }
            }
        }
        return false;
    }


    /** The snapshots, from {@link #MANIFEST} when there is one, else from the listings' file names. */
    List<Snapshot> snapshots() throws IOException {
        Path manifest = TextSource.findVariant(archive.resolve(MANIFEST));
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
                if (!out.isEmpty() && out.get(out.size() - 1).number() >= n) {
                    throw SymbolSourceException.atLine(manifest.toString(), i + 1, "expected snapshot numbers in ascending order, found "
                            + f[0] + " after " + out.get(out.size() - 1).number());
                }
                out.add(new Snapshot(n, f[1]));
            }
            return out;
        }
        TreeMap<Integer, String> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(archive)) {
            for (Path p : ds) {
                Matcher m = LISTING.matcher(TextSource.plainName(p.getFileName().toString()));
                if (m.matches() && m.group(1).length() <= 9) {
                    String old = found.putIfAbsent(Integer.parseInt(m.group(1)), m.group(2));
                    if (old != null && !old.equals(m.group(2))) {
                        throw SymbolSourceException.of(archive.toString(), "snapshot " + m.group(1) + " has two labels: "
                                + old + " and " + m.group(2), null);
                    }
                }
            }
        }
        found.forEach((n, label) -> out.add(new Snapshot(n, label)));
        return out;
    }

    /** The file of snapshot {@code s}'s listing {@code kind} (plain or compressed), or null when it has none. */
    Path listing(Snapshot s, Listing kind) {
        Path p = TextSource.findVariant(archive.resolve(s.fileName(kind)));
        if (p == null) {      // numbers written without leading zeros
            p = TextSource.findVariant(archive.resolve(s.number() + "-" + s.label() + "." + kind.extension));
        }
        return p;
    }

    /** The kernel build file {@code name} in the archive folder, else in its parent (plain or compressed); null if neither. */
    Path buildFile(String name) {
        for (Path d : buildFileFolders()) {
            Path p = TextSource.findVariant(d.resolve(name));
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** Where build files are looked for, in order: the archive folder, then its parent. */
    List<Path> buildFileFolders() {
        Path abs = archive.toAbsolutePath();
        return abs.getParent() == null ? List.of(abs) : List.of(abs, abs.getParent());
    }

    /** {@code %03d} without a Formatter (which costs a locale lookup on every start). */
    static String threeDigits(int n) {
        String d = Integer.toString(n);
        return n >= 0 && d.length() < 3 ? "000".substring(d.length()) + d : d;
    }
}
