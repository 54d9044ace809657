package dev.tracesym.app.capture;

import org.tukaani.xz.XZInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A procfs/sysfs/tracefs/lib-modules/boot tree made from the real snapshots of the
 * builtin-6.12 sample (samples/data/builtin-6.12/capture), whose state can be set to any of the
 * sample's snapshots.
 */
final class FakeKernel {
    static final String RELEASE = "6.12.117-tracesym-builtin";
    static final String VERSION = "#1 SMP 6.12.117-1~deb12u1 (Debian linux-source-6.12)";
    static final String BOOT_ID = "5e0b7c1e-2a54-4d7e-9d0c-6f1f6b1f3c2a";
    static final String INSTANCE = "tracesym-capture";

    final Path root;
    final Path proc;
    final Path sys;
    final Path tracefs;
    final Path libModules;
    final Path boot;
    final Path instance;
    final Path tracePipe;
    private final byte[] vmlinuxPart;

    /** @param fifo whether trace_pipe is a FIFO (fed while the capture runs) or a regular file */
    FakeKernel(Path root, boolean fifo) throws IOException, InterruptedException {
        this.root = root;
        proc = root.resolve("proc");
        sys = root.resolve("sys");
        tracefs = root.resolve("tracing");
        libModules = root.resolve("lib/modules/" + RELEASE);
        boot = root.resolve("boot");
        instance = tracefs.resolve("instances/" + INSTANCE);

        write(proc.resolve("sys/kernel/osrelease"), RELEASE + "\n");
        write(proc.resolve("sys/kernel/version"), VERSION + "\n");
        write(proc.resolve("sys/kernel/random/boot_id"), BOOT_ID + "\n");
        Files.createDirectories(sys.resolve("kernel"));
        Files.write(sys.resolve("kernel/notes"), data("sys-kernel-notes"));
        // built-in modules have a /sys/module entry without sections
        write(sys.resolve("module/snd/parameters/slots"), "snd-dummy,<NULL>,<NULL>,<NULL>,<NULL>,<NULL>,<NULL>,<NULL>\n");

        write(tracefs.resolve("trace_marker"), "");
        write(tracefs.resolve("trace_clock"), "local [global] counter uptime perf mono mono_raw boot x86-tsc\n");
        write(instance.resolve("trace_clock"), "[local] global counter uptime perf mono mono_raw boot x86-tsc\n");
        write(instance.resolve("tracing_on"), "0\n");
        write(instance.resolve("buffer_size_kb"), "1408\n");
        write(instance.resolve("events/module/module_load/enable"), "0\n");
        write(instance.resolve("events/module/module_free/enable"), "0\n");
        tracePipe = instance.resolve("trace_pipe");
        if (fifo) {
            Process p = new ProcessBuilder("mkfifo", tracePipe.toString()).inheritIO().start();
            if (p.waitFor() != 0) throw new IOException("mkfifo " + tracePipe + " failed");
        } else {
            write(tracePipe, "");
        }

        Files.createDirectories(libModules);
        Files.write(libModules.resolve("modules.dep"), data("modules.dep"));
        Files.write(libModules.resolve("modules.builtin"), data("modules.builtin"));
        Files.write(libModules.resolve("modules.builtin.ranges"), data("modules.builtin.ranges"));
        for (String line : new String(data("modules.dep"), StandardCharsets.UTF_8).split("\n")) {
            String rel = line.substring(0, line.indexOf(':'));
            Path to = libModules.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.write(to, data("modules/" + to.getFileName()));
        }
        Files.createDirectories(boot);
        Files.write(boot.resolve("System.map-" + RELEASE), systemMap());

        byte[] full = data("snapshots/001-start.kallsyms");
        int end = SymbolArchive.coreEnd(full, false, java.util.Set.of());
        vmlinuxPart = java.util.Arrays.copyOf(full, end);
        setState("001-start");
    }

    /** The sample's snapshot: /proc/kallsyms, /proc/modules, /sys/module/X/sections/Y and /proc/uptime. */
    void setState(String snapshot) throws IOException {
        Files.write(proc.resolve("kallsyms"), fullKallsyms(snapshot));
        Files.write(proc.resolve("modules"), data("snapshots/" + snapshot + ".modules"));
        Path modules = sys.resolve("module");
        try (Stream<Path> s = Files.list(modules)) {
            for (Path m : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(m.resolve("sections"))) deleteTree(m);
            }
        }
        for (String line : new String(data("snapshots/" + snapshot + ".sections"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty()) continue;
            String[] f = line.split(" ");
            write(modules.resolve(f[0]).resolve("sections").resolve(f[1]), f[2] + "\n");
        }
        write(proc.resolve("uptime"), uptimeOf(snapshot) + " 99.00\n");
    }

    /**
     * The state of snapshot NNN-label of the kallmodsyms-6.12 sample (a kernel with
     * /proc/kallmodsyms): /proc/kallmodsyms (its first snapshot's kernel image part, then the
     * snapshot's module lines) and /proc/modules; no module sections; that kernel's
     * modules.builtin.ranges and no System.map. /proc/kallsyms is left as it was: a capture reads
     * /proc/kallmodsyms where it exists.
     */
    void setKallmodsymsState(String snapshot) throws IOException {
        Files.write(proc.resolve("kallmodsyms"), fullKallmodsyms(snapshot));
        Files.write(proc.resolve("modules"), kallmodsymsData(snapshot + ".modules"));
        try (Stream<Path> s = Files.list(sys.resolve("module"))) {
            for (Path m : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(m.resolve("sections"))) deleteTree(m);
            }
        }
        write(proc.resolve("uptime"), "1573.50 99.00\n");
        // that kernel's build files: its modules.builtin.ranges (the repository keeps no System.map of it)
        Files.deleteIfExists(boot.resolve("System.map-" + RELEASE));
        Files.copy(dataDir().getParent().getParent().resolve("kallmodsyms-6.12").resolve("modules.builtin.ranges"),
                libModules.resolve("modules.builtin.ranges"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The full /proc/kallmodsyms of a kallmodsyms-6.12 snapshot: its first snapshot's image lines + its module lines. */
    static byte[] fullKallmodsyms(String snapshot) throws IOException {
        byte[] first = kallmodsymsData("001-start.kallsyms");
        if (snapshot.startsWith("001-")) return first;
        // the image part: every line before the first line of a module that /proc/modules lists
        int end = SymbolArchive.coreEnd(first, true, KernelState.moduleNames(kallmodsymsData("001-start.modules")));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(first, 0, end);
        b.writeBytes(kallmodsymsData(snapshot + ".modsyms"));
        return b.toByteArray();
    }

    /** A file of samples/data/kallmodsyms-6.12/kallmodsyms, decompressed when stored as .xz. */
    static byte[] kallmodsymsData(String name) throws IOException {
        Path dir = dataDir().getParent().getParent().resolve("kallmodsyms-6.12").resolve("kallmodsyms");
        Path p = dir.resolve(name);
        if (Files.exists(p)) return Files.readAllBytes(p);
        try (InputStream in = new XZInputStream(Files.newInputStream(dir.resolve(name + ".xz")))) {
            return in.readAllBytes();
        }
    }

    /** The full /proc/kallsyms of a sample snapshot (harness/kallsyms-full.sh). */
    byte[] fullKallsyms(String snapshot) throws IOException {
        if (snapshot.startsWith("001-")) return data("snapshots/001-start.kallsyms");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(vmlinuxPart);
        b.writeBytes(data("snapshots/" + snapshot + ".modsyms"));
        return b.toByteArray();
    }

    /** The sample's manifest rows: number, label, uptime. */
    static List<String[]> sampleManifest() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(data("snapshots/manifest.tsv"), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) rows.add(line.split("\t"));
        }
        return rows;
    }

    static String uptimeOf(String snapshot) throws IOException {
        for (String[] r : sampleManifest()) if (snapshot.equals(r[0] + "-" + r[1])) return r[2];
        throw new IllegalArgumentException("no snapshot " + snapshot + " in the sample");
    }

    /** The module_load/module_free lines of the sample's trace, with the sample snapshot each leads to. */
    static List<String[]> eventsWithSnapshots() throws IOException {
        List<String[]> after = new ArrayList<>();
        for (String[] r : sampleManifest()) if (r[1].startsWith("after-")) after.add(r);
        String[] lines = new String(data("module-events.txt"), StandardCharsets.UTF_8).split("\n");
        if (lines.length != after.size()) throw new IllegalStateException("events and after-* snapshots differ in number");
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) out.add(new String[] {lines[i], after.get(i)[0] + "-" + after.get(i)[1]});
        return out;
    }

    String[] args(Path archive, String... more) {
        return args(archive, tracefs, more);
    }

    String[] args(Path archive, Path tracefs, String... more) {
        List<String> a = new ArrayList<>(List.of("-o", archive.toString(), "--proc", proc.toString(), "--sys", sys.toString(),
                "--tracefs", tracefs.toString(), "--lib-modules", libModules.toString(), "--boot", boot.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    static byte[] systemMap() throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dataDir().resolve("System.map.gz")))) {
            return in.readAllBytes();
        }
    }

    /** A file of samples/data/builtin-6.12/capture, decompressed when stored as .xz. */
    static byte[] data(String name) throws IOException {
        Path p = dataDir().resolve(name);
        if (Files.exists(p)) return Files.readAllBytes(p);
        try (InputStream in = new XZInputStream(Files.newInputStream(dataDir().resolve(name + ".xz")))) {
            return in.readAllBytes();
        }
    }

    static Path dataDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/data"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
        return p.resolve("samples/data/builtin-6.12/capture");
    }

    static void write(Path p, String s) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, s);
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }
}
