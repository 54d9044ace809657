package dev.tracesym.symbolizer;

import dev.tracesym.input.ScratchFile;
import dev.tracesym.symbolizer.elf.ElfModule;
import dev.tracesym.symbolizer.source.IndexInput;
import dev.tracesym.symbolizer.source.IndexOutput;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.ModuleSections;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * The parsed symbol listings and module files of one archive, kept between runs in the user's cache
 * ({@code ${XDG_CACHE_HOME:-~/.cache}/tracesym/archives/}) so that a later run reads one binary
 * file instead of decompressing and parsing megabytes of kallsyms text.
 *
 * <p>It holds, by file name, the parsed kallsyms and module-only listings, {@code /proc/modules}
 * copies, module section listings and module files' sections and symbols.
 *
 * <p>An index belongs to one archive folder and module folder (by their real paths) and records
 * every file in them by name, size, modification time (ns) and inode: when any of these
 * differ, or the index is damaged (its CRC-32 does not match, a count does not fit), it is not
 * used, and a new one replaces it once the archive has been read from its files again. Writing goes
 * through a temporary file renamed into place, so readers never see half an index; a cache folder
 * that cannot be written only means every run parses.
 */
final class ArchiveIndex {
    private static final byte[] MAGIC = "TSYMIDX\0".getBytes(StandardCharsets.ISO_8859_1);
    /** Bump when the layout of the index, or of what it stores, changes. */
    private static final int VERSION = 3;
    /** Kinds of entries, the first character of their key (then the file's name). */
    private static final char FULL = 'f';
    private static final char MODULE_LINES = 'm';
    private static final char ELF = 'e';
    private static final char MODULE_LIST = 'l';
    private static final char SECTIONS = 's';

    /** The cache holds what a user's archives contain: theirs alone to read. */
    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    private final Path file;
    private final byte[] fingerprint;
    /** What the index on disk holds, by key. */
    private final Map<String, Object> cached;
    /** What this run read, in order: the content of the next index. */
    private final Map<String, Object> used = new LinkedHashMap<>();
    private boolean changed;

    private ArchiveIndex(Path file, byte[] fingerprint, Map<String, Object> cached) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.cached = cached;
    }

    /** How one kind of file is read when the index does not hold it. */
    private interface Parser<T> {
        T parse(Path p) throws IOException;
    }

    /** No index: every file is parsed, nothing is written. */
    static ArchiveIndex none() {
        return new ArchiveIndex(null, null, Map.of());
    }

    /** The cache folder of this user: system property {@code tracesym.cache.dir} (empty: none), else the XDG one. */
    static Path defaultCacheDir() {
        String p = System.getProperty("tracesym.cache.dir");
        if (p != null) {
            return p.isEmpty() ? null : Path.of(p);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "tracesym");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isEmpty() ? null : Path.of(home, ".cache", "tracesym");
    }

    /** The index of {@code layout}'s archive under {@code cacheDir} (null: none); an index to fill when there is no usable one. */
    static ArchiveIndex open(ArchiveLayout layout, Path cacheDir) {
        Path archive = layout.archive();
        Path modulesDir = layout.modules();
        if (cacheDir == null) {
            return none();
        }
        byte[] fingerprint;
        Path file;
        try {
            String a = archive.toRealPath().toString();
            String m = modulesDir == null ? "" : modulesDir.toRealPath().toString();
            fingerprint = fingerprint(a, archive, m, modulesDir);
            file = cacheDir.resolve("archives").resolve("archive-" + hash(a + '\0' + m) + ".idx");
        } catch (IOException | RuntimeException e) {
            return none();   // the parse that follows reports what is wrong with the folders
        }
        if (Files.isDirectory(file.getParent())) {
            ScratchFile.sweep(file.getParent()); // an index half-written by a killed run
        }
        Map<String, Object> cached = new HashMap<>();
        try {
            read(file, fingerprint, archive, modulesDir, cached);
        } catch (IOException | RuntimeException | InternalError e) { // InternalError: the mapped file shrank
            // absent, stale or damaged: read the archive's files, then write a new one
            cached.clear();
        }
        return new ArchiveIndex(file, fingerprint, cached);
    }

    private <T> T entry(char kind, Path p, Class<T> type, Parser<T> parser) throws IOException {
        String key = kind + p.getFileName().toString();
        Object o = cached.get(key);
        T v;
        if (type.isInstance(o)) {
            v = type.cast(o);
        } else {
            v = parser.parse(p);
            changed = true;
        }
        used.put(key, v);
        return v;
    }

    /** The listing of {@code p}, whole or only its {@code [module]} lines, from the index or parsed. */
    KallsymsListing listing(Path p, boolean moduleLinesOnly, Names names) throws IOException {
        return entry(moduleLinesOnly ? MODULE_LINES : FULL, p, KallsymsListing.class, f -> moduleLinesOnly
                ? KallsymsParser.parseModuleLines(TextSource.read(f), names) : KallsymsParser.parse(TextSource.read(f), names));
    }

    /** The module file {@code p}, from the index or read. */
    ElfModule module(Path p, Names names) throws IOException {
        return entry(ELF, p, ElfModule.class, f -> ElfModule.read(f, names));
    }

    /** The {@code /proc/modules} copy {@code p}, from the index or parsed. */
    ModuleList moduleList(Path p, Names names) throws IOException {
        return entry(MODULE_LIST, p, ModuleList.class, f -> ModuleList.parse(TextSource.read(f), names));
    }

    /** The module sections listing {@code p}, from the index or parsed. */
    ModuleSections sections(Path p, Names names) throws IOException {
        return entry(SECTIONS, p, ModuleSections.class, f -> ModuleSections.parse(TextSource.read(f), names));
    }

    /** Writes the index when this run read anything from the files; failures only mean no index. */
    void save() {
        if (file == null || !changed) {
            return;
        }
        try {
            IndexOutput out = new IndexOutput();
            out.writeInt(used.size());
            for (Map.Entry<String, Object> e : used.entrySet()) {
                out.writeString(e.getKey());
                switch (e.getKey().charAt(0)) {
                    case FULL, MODULE_LINES -> ((KallsymsListing) e.getValue()).writeTo(out);
                    case ELF -> ((ElfModule) e.getValue()).writeTo(out);
                    case MODULE_LIST -> ((ModuleList) e.getValue()).writeTo(out);
                    default -> ((ModuleSections) e.getValue()).writeTo(out);
                }
            }
            byte[] payload = out.toBytes();
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + 4 + fingerprint.length + 4 + payload.length + 8)
                    .order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).putInt(VERSION).putInt(fingerprint.length).put(fingerprint).putInt(payload.length).put(payload);
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, b.position());
            b.putLong(crc.getValue());
            Path dir = file.getParent();
            Files.createDirectories(dir);
            // a run killed while writing leaves a file the next one removes (ScratchFile.sweep)
            try (ScratchFile tmp = ScratchFile.create(dir, file.getFileName().toString(), OWNER_ONLY)) {
                tmp.stream().write(b.array());
                tmp.moveTo(file, null);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | SecurityException | UnsupportedOperationException e) {
            // read-only or full cache: the next run parses again
        }
    }

    /** True when anything this run read so far came from the index on disk. */
    boolean servedAny() {
        for (String key : used.keySet()) {
            if (cached.containsKey(key) && cached.get(key) == used.get(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An empty index in place of this one, for when what this one served proved inconsistent:
     * every file is parsed again and the index is rewritten (even by a run that fails later).
     */
    ArchiveIndex rebuilt() {
        ArchiveIndex fresh = new ArchiveIndex(file, fingerprint, Map.of());
        fresh.changed = true;
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException | SecurityException e) {
                // the new one replaces it when saved
            }
        }
        return fresh;
    }

    /** Where the index lives (null: none). */
    Path file() { return file; }

    /** True when everything this run read came from the index (false also when nothing was read). */
    boolean servedAll() { return !changed && !used.isEmpty(); }

    private static void read(Path file, byte[] fingerprint, Path archive, Path modulesDir, Map<String, Object> cached)
            throws IOException {
        // mapped, not read: fresh heap pages cost more to touch than the file's cached ones
        ByteBuffer all;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw SymbolSourceException.of(file.toString(), "symbol index too large", null);
            }
            all = ch.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
        }
        String origin = file.toString();
        int length = all.limit();
        int head = MAGIC.length + 4 + 4;
        if (length < head + 4 + 8) {
            throw SymbolSourceException.of(origin, "not a symbol index", null);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (all.get(i) != MAGIC[i]) {
                throw SymbolSourceException.of(origin, "not a symbol index", null);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(all.duplicate().limit(length - 8));
        if (crc.getValue() != all.getLong(length - 8)) {
            throw SymbolSourceException.of(origin, "damaged symbol index (CRC-32)", null);
        }
        if (all.getInt(MAGIC.length) != VERSION) {
            throw SymbolSourceException.of(origin, "symbol index of another version", null);
        }
        int fpLength = all.getInt(MAGIC.length + 4);
        if (fpLength != fingerprint.length || fpLength > length - head - 12) {
            throw SymbolSourceException.of(origin, "stale symbol index", null);
        }
        for (int i = 0; i < fpLength; i++) {
            if (all.get(head + i) != fingerprint[i]) {
                throw SymbolSourceException.of(origin, "stale symbol index", null);
            }
        }
        int payload = all.getInt(head + fpLength);
        int payloadAt = head + fpLength + 4;
        if (payload != length - payloadAt - 8) {
            throw SymbolSourceException.of(origin, "damaged symbol index (length)", null);
        }
        IndexInput in = new IndexInput(all.duplicate().position(payloadAt).limit(payloadAt + payload), origin);
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String key = key(in, origin);
            String name = key.substring(1);
            Object v;
            switch (key.charAt(0)) {
                case FULL, MODULE_LINES -> v = KallsymsListing.readFrom(in, archive.resolve(name).toString());
                case MODULE_LIST -> v = ModuleList.readFrom(in, archive.resolve(name).toString());
                case SECTIONS -> v = ModuleSections.readFrom(in, archive.resolve(name).toString());
                case ELF -> {
                    if (modulesDir == null) {
                        throw SymbolSourceException.of(origin, "module files in the index of an archive without", null);
                    }
                    v = ElfModule.readFrom(in, modulesDir.resolve(name).toString());
                }
                default -> throw SymbolSourceException.of(origin, "damaged symbol index (entry kind)", null);
            }
            cached.put(key, v);
        }
        if (!in.atEnd()) {
            throw SymbolSourceException.of(origin, "damaged symbol index (trailing bytes)", null);
        }
    }

    private static String key(IndexInput in, String origin) throws SymbolSourceException {
        String key = in.readString();
        if (key == null || key.length() < 2 || key.indexOf('/') >= 0 || key.indexOf('\0') >= 0) {
            throw SymbolSourceException.of(origin, "damaged symbol index (file name)", null);
        }
        return key;
    }

    /** The folders' real paths and every file in them: name, size, modification time, inode. */
    private static byte[] fingerprint(String archiveReal, Path archive, String modulesReal, Path modulesDir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(archiveReal);
        describe(archive, out);
        out.writeUTF(modulesReal);
        if (modulesDir != null) {
            describe(modulesDir, out);
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static void describe(Path dir, DataOutputStream out) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                files.add(p);
            }
        }
        Collections.sort(files);
        out.writeInt(files.size());
        for (Path p : files) {
            out.writeUTF(p.getFileName().toString());
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            out.writeBoolean(a.isRegularFile());
            out.writeLong(a.size());
            out.writeLong(a.lastModifiedTime().to(TimeUnit.NANOSECONDS));
            out.writeInt(Objects.hashCode(a.fileKey()));   // device and inode where the platform has them
        }
    }

    /** 64-bit FNV-1a, in hex: names one archive's index among others (the fingerprint inside decides). */
    private static String hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        String hex = Long.toHexString(h);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
