package dev.tracesym.app.capture;

import dev.tracesym.app.cli.AtomicOutput;
import dev.tracesym.symbolizer.ArchiveLayout;
import dev.tracesym.symbolizer.ArchiveLayout.Listing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The archive folder being written, laid out as {@link ArchiveLayout} says: numbered snapshots
 * {@code NNN-label.{kallsyms|modsyms,modules,sections}} and {@code manifest.tsv}. Every file appears under its final name only when
 * complete, and a snapshot's manifest row is written after its files, so the manifest never names
 * a partial snapshot.
 */
final class SymbolArchive {
    static final String MANIFEST = ArchiveLayout.MANIFEST;
    /** The module events that caused snapshots: NNN TAB event TAB module TAB trace_pipe time. */
    static final String EVENTS = ArchiveLayout.EVENTS;
    private static final Pattern MANIFEST_ROW = Pattern.compile("(\\d+)\t([^\t]+)\t([^\t]*)");
    private static final Pattern NUMBERED = Pattern.compile("(\\d+)-.*");

    private final Path dir;
    private final ByteArrayOutputStream manifest = new ByteArrayOutputStream();
    private final ByteArrayOutputStream events = new ByteArrayOutputStream();
    private int lastNumber;
    /** The vmlinux part of the archive's first full symbol file: length and SHA-256. */
    private int coreLength = -1;
    private byte[] coreDigest;

    private SymbolArchive(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens {@code dir} for writing, creating it if needed.
     *
     * @throws CaptureRefusedException when dir is a file, or a non-empty folder without append,
     *         or an archive whose manifest cannot be read
     */
    static SymbolArchive open(Path dir, boolean append) throws IOException, CaptureRefusedException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CaptureRefusedException(dir + " exists and is not a folder");
        }
        SymbolArchive a = new SymbolArchive(dir);
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            if (!append) {
                throw new CaptureRefusedException(dir + " is not empty: choose a new folder, or add to"
                        + " this archive with --append");
            }
            a.readExisting();
        }
        Files.createDirectories(dir);
        return a;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            return !ds.iterator().hasNext();
        }
    }

    /** On append: the manifest so far, the highest number in use, and no core (set by the caller). */
    private void readExisting() throws IOException, CaptureRefusedException {
        Path m = dir.resolve(MANIFEST);
        if (Files.exists(m)) {
            byte[] bytes = Files.readAllBytes(m);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].isEmpty() && i == lines.length - 1) break;
                Matcher row = MANIFEST_ROW.matcher(lines[i]);
                if (!row.matches()) {
                    throw new CaptureRefusedException(m + " line " + (i + 1)
                            + ": expected NNN<TAB>label<TAB>uptime, found \"" + lines[i] + "\"");
                }
                lastNumber = Math.max(lastNumber, Integer.parseInt(row.group(1)));
            }
            manifest.writeBytes(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') manifest.write('\n');
        }
        Path ev = dir.resolve(EVENTS);
        if (Files.exists(ev)) {
            byte[] bytes = Files.readAllBytes(ev);
            events.writeBytes(bytes);
            if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') events.write('\n');
        }
        // Files of a snapshot interrupted before its manifest row keep their number too.
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Matcher nm = NUMBERED.matcher(p.getFileName().toString());
                if (nm.matches() && nm.group(1).length() < 9) {
                    lastNumber = Math.max(lastNumber, Integer.parseInt(nm.group(1)));
                }
            }
        }
    }

    /**
     * The first snapshot with a full symbol file of an archive being appended to, in manifest
     * order; null when it has none.
     */
    ArchiveLayout.Snapshot firstFullSnapshot() {
        for (String line : manifest.toString(StandardCharsets.UTF_8).split("\n")) {
            Matcher row = MANIFEST_ROW.matcher(line);
            if (!row.matches()) continue;
            ArchiveLayout.Snapshot s = new ArchiveLayout.Snapshot(Integer.parseInt(row.group(1)), row.group(2));
            if (Files.isRegularFile(file(s, Listing.KALLSYMS))) return s;
        }
        return null;
    }

    /** Where listing {@code kind} of snapshot {@code s} is written. */
    Path file(ArchiveLayout.Snapshot s, Listing kind) {
        return dir.resolve(s.fileName(kind));
    }

    /** Sets the vmlinux part later snapshots are compared with (the archive's first full file). */
    void setCore(byte[] symbols, boolean kallmodsyms, Set<String> loadedModules) {
        coreLength = coreEnd(symbols, kallmodsyms, loadedModules);
        coreDigest = digest(symbols, coreLength);
    }

    boolean hasCore() {
        return coreLength >= 0;
    }

    /** The number the next snapshot gets. */
    int nextNumber() {
        return lastNumber + 1;
    }

    /**
     * Writes snapshot {@link #nextNumber()}: the full symbol file when it is the first or its
     * vmlinux part differs from the first one's, else only the module part as {@code .modsyms}.
     *
     * @return the snapshot written
     */
    ArchiveLayout.Snapshot writeSnapshot(String label, String uptime, KernelState s, boolean kallmodsyms) throws IOException {
        ArchiveLayout.Snapshot snap = new ArchiveLayout.Snapshot(nextNumber(), label);
        int end = coreEnd(s.symbols, kallmodsyms, s.moduleNames);
        if (coreLength >= 0 && end == coreLength && Arrays.equals(digest(s.symbols, end), coreDigest)) {
            write(snap.fileName(Listing.MODSYMS), s.symbols, end, s.symbols.length - end);
        } else {
            write(snap.fileName(Listing.KALLSYMS), s.symbols, 0, s.symbols.length);
            if (coreLength < 0) {
                coreLength = end;
                coreDigest = digest(s.symbols, end);
            }
        }
        write(snap.fileName(Listing.MODULES), s.modules, 0, s.modules.length);
        write(snap.fileName(Listing.SECTIONS), s.sections, 0, s.sections.length);
        manifest.writeBytes(snap.manifestRow(uptime).getBytes(StandardCharsets.UTF_8));
        byte[] m = manifest.toByteArray();
        write(MANIFEST, m, 0, m.length);
        lastNumber++;
        return snap;
    }

    /** Records which event made snapshot {@code snap} be taken. */
    void writeEvent(ArchiveLayout.Snapshot snap, ModuleEvent e) throws IOException {
        events.writeBytes((snap.numberText() + '\t' + e.eventName() + '\t' + (e.module == null ? "-" : e.module) + '\t'
                + e.timestamp + '\n').getBytes(StandardCharsets.UTF_8));
        byte[] b = events.toByteArray();
        write(EVENTS, b, 0, b.length);
    }

    /** Writes a file of the archive through a temporary file. */
    void write(String name, byte[] data, int off, int len) throws IOException {
        try (AtomicOutput out = AtomicOutput.open(dir.resolve(name), List.of())) {
            out.stream().write(data, off, len);
            out.commit();
        }
    }

    /** Copies a file into the archive through a temporary file. */
    void copy(Path from, String name) throws IOException {
        Path target = dir.resolve(name);
        Files.createDirectories(target.getParent());
        try (AtomicOutput out = AtomicOutput.open(target, List.of());
             InputStream in = Files.newInputStream(from)) {
            OutputStream o = out.stream();
            in.transferTo(o);
            out.commit();
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Where the vmlinux part of a symbol file ends: the start of the first line of a loaded
     * module, BPF program or ftrace/kprobe trampoline. The kernel lists those after every vmlinux
     * symbol. In /proc/kallsyms they are the first lines with a {@code [module]} column; in
     * /proc/kallmodsyms built-in modules have one too, so there the module must be loaded (or be
     * {@code bpf} or {@code __builtin__*}).
     */
    static int coreEnd(byte[] s, boolean kallmodsyms, Set<String> loadedModules) {
        int lineStart = 0;
        int n = s.length;
        while (lineStart < n) {
            int lineEnd = lineStart;
            while (lineEnd < n && s[lineEnd] != '\n') lineEnd++;
            for (int i = lineStart; i + 1 < lineEnd; i++) {
                if (s[i] == '\t' && s[i + 1] == '[') {
                    if (!kallmodsyms) return lineStart;
                    int close = i + 2;
                    while (close < lineEnd && s[close] != ']') close++;
                    String module = new String(s, i + 2, close - i - 2, StandardCharsets.ISO_8859_1);
                    if (loadedModules.contains(module) || module.equals("bpf") || module.startsWith("__builtin__")) {
                        return lineStart;
                    }
                    break;
                }
            }
            lineStart = lineEnd + 1;
        }
        return n;
    }

    private static byte[] digest(byte[] s, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(s, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
