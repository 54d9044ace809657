package dev.tracesym.app.capture;

import dev.tracesym.symbolizer.ArchiveLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code tracesym capture}: a first snapshot, one per module load and unload seen in
 * the capture's tracefs instance, and a last one when it stops; each announced by an
 * {@code epoch: NNN label} marker in the traced buffer just before it is read.
 */
final class CaptureSession {
    private final KernelRoots roots;
    private final Path output;
    private final boolean append;
    private final long durationNanos;
    private final boolean copyModules;
    private final String instanceName;
    private final String markerInstance;
    private final PrintWriter err;
    private final BlockingQueue<ModuleEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean stopRequested;

    private Path symbolFile;
    private boolean kallmodsyms;
    private SymbolArchive archive;
    private TraceInstance instance;
    private ModuleBinaries binaries;
    private int snapshots;
    private ArchiveLayout.Snapshot lastSnapshot;

    /** @param durationNanos how long to capture; 0 or less: until {@link #requestStop()} */
    CaptureSession(KernelRoots roots, Path output, boolean append, long durationNanos, boolean copyModules,
                   String instanceName, String markerInstance, PrintWriter err) {
        this.roots = roots;
        this.output = output;
        this.append = append;
        this.durationNanos = durationNanos;
        this.copyModules = copyModules;
        this.instanceName = instanceName;
        this.markerInstance = markerInstance;
        this.err = err;
    }

    /** Ends the capture after the snapshot in progress (safe from any thread, e.g. a signal handler). */
    void requestStop() {
        stopRequested = true;
        queue.add(ModuleEvent.STOP);
    }

    /** Runs the capture to its end; the archive's manifest is complete whenever this returns or throws. */
    void run() throws IOException, CaptureRefusedException, InterruptedException {
        Path kallsyms = roots.proc.resolve(ArchiveLayout.SymbolTable.KALLSYMS.procName());
        Path kallmod = roots.proc.resolve(ArchiveLayout.SymbolTable.KALLMODSYMS.procName());
        kallmodsyms = Files.isReadable(kallmod);
        symbolFile = kallmodsyms ? kallmod : kallsyms;
        if (!Files.isReadable(symbolFile)) {
            throw new CaptureRefusedException("no " + kallsyms + ": not a Linux procfs, or the kernel has no CONFIG_KALLSYMS");
        }
        if (addressesHidden(Files.readAllBytes(symbolFile))) {
            throw new CaptureRefusedException(symbolFile + " shows no addresses: run as root, with"
                    + " kernel.kptr_restrict below 2 (sysctl kernel.kptr_restrict=1)");
        }
        KernelIdentity identity = KernelIdentity.read(roots, kallmodsyms);
        archive = SymbolArchive.open(output, append);
        checkSameBoot(identity);
        Path libModules = roots.libModules(identity.release());
        binaries = copyModules ? ModuleBinaries.index(libModules) : null;
        if (binaries != null && !binaries.hasIndex()) {
            err.println("tracesym capture: no " + libModules.resolve("modules.dep") + ": no module files are copied");
        }

        instance = TraceInstance.open(roots.tracefs, instanceName, markerInstance, err);
        ModuleEventReader reader = new ModuleEventReader(instance.pipe(), queue);
        Thread readerThread = new Thread(reader, "tracesym-capture-trace-pipe");
        readerThread.setDaemon(true);
        try {
            readerThread.start();
            if (append && !archive.hasCore()) adoptCore();
            KernelState first = snapshot("start");
            writeKernelFiles(identity, libModules);
            copyModules(first.moduleNames);
            err.println("tracesym capture: following module loads and unloads in " + roots.tracefs.resolve("instances/" + instanceName)
                    + (durationNanos > 0 ? " for " + durationNanos / 1_000_000_000.0 + " s" : "; Ctrl-C ends the capture"));
            follow();
            snapshot("final");
        } finally {
            instance.close();                     // wakes the reader
            readerThread.join(2000);
        }
        if (reader.failure() != null) throw new IOException("reading " + roots.tracefs.resolve("instances/" + instanceName + "/trace_pipe")
                + " failed: " + reader.failure().getMessage(), reader.failure());
        err.println("tracesym capture: " + snapshots + " snapshots in " + output);
    }

    private void follow() throws IOException, InterruptedException {
        long deadline = durationNanos > 0 ? System.nanoTime() + durationNanos : Long.MAX_VALUE;
        while (!stopRequested) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            ModuleEvent e = queue.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (e == null) continue;
            if (e.kind == ModuleEvent.Kind.END || e.kind == ModuleEvent.Kind.STOP) return;
            KernelState s = snapshot(e.label());
            archive.writeEvent(lastSnapshot, e);
            if (e.kind == ModuleEvent.Kind.LOAD) copyModules(Set.of(e.module));
            else if (e.kind == ModuleEvent.Kind.LOST) copyModules(s.moduleNames);
        }
    }

    private KernelState snapshot(String label) throws IOException {
        ArchiveLayout.Snapshot next = new ArchiveLayout.Snapshot(archive.nextNumber(), label);
        instance.mark("epoch: " + next);
        String uptime = uptime();
        KernelState s = KernelState.read(roots, symbolFile);
        lastSnapshot = archive.writeSnapshot(label, uptime, s, kallmodsyms);
        snapshots++;
        err.println("tracesym capture: " + lastSnapshot + " (uptime " + uptime + ")");
        err.flush();
        return s;
    }

    private void copyModules(Set<String> modules) throws IOException {
        if (binaries == null) return;
        for (String m : binaries.copy(modules, archive)) {
            err.println("tracesym capture: no file for module " + m + " in modules.dep");
        }
    }

    /** On --append: later snapshots are stored relative to the archive's first full symbol file. */
    private void adoptCore() throws IOException {
        ArchiveLayout.Snapshot first = archive.firstFullSnapshot();
        if (first == null) return;
        Path modules = archive.file(first, ArchiveLayout.Listing.MODULES);
        Set<String> loaded = Files.exists(modules) ? KernelState.moduleNames(Files.readAllBytes(modules)) : Set.of();
        archive.setCore(Files.readAllBytes(archive.file(first, ArchiveLayout.Listing.KALLSYMS)), kallmodsyms, loaded);
    }

    private void checkSameBoot(KernelIdentity identity) throws IOException, CaptureRefusedException {
        Path tsv = output.resolve(KernelIdentity.FILE);
        if (!append || !Files.exists(tsv)) return;
        String before = KernelIdentity.valueIn(tsv, "boot-id");
        if (before != null && identity.bootId() != null && !before.equals(identity.bootId())) {
            throw new CaptureRefusedException(output + " was captured in another boot (boot-id " + before
                    + ", now " + identity.bootId() + "): module addresses differ, use a new folder");
        }
    }

    /** kernel.tsv, System.map and the built-in module lists, once per archive. */
    private void writeKernelFiles(KernelIdentity identity, Path libModules) throws IOException {
        Path dir = archive.dir();
        if (!Files.exists(dir.resolve(KernelIdentity.FILE))) {
            byte[] tsv = identity.toTsv();
            archive.write(KernelIdentity.FILE, tsv, 0, tsv.length);
        }
        Path map = roots.boot.resolve("System.map-" + identity.release());
        if (!Files.isRegularFile(map)) map = libModules.resolve("System.map");
        copyIfPresent(map, "System.map");
        copyIfPresent(libModules.resolve("modules.builtin"), "modules.builtin");
        copyIfPresent(libModules.resolve("modules.builtin.ranges"), "modules.builtin.ranges");
    }

    private void copyIfPresent(Path from, String name) throws IOException {
        if (Files.isRegularFile(from) && Files.isReadable(from) && !Files.exists(archive.dir().resolve(name))) {
            archive.copy(from, name);
        }
    }

    private String uptime() throws IOException {
        String s = new String(Files.readAllBytes(roots.proc.resolve("uptime")), StandardCharsets.US_ASCII).strip();
        int sp = s.indexOf(' ');
        return sp < 0 ? s : s.substring(0, sp);
    }

    /** True when every address on the first lines is zero (kptr_restrict, or not root). */
    static boolean addressesHidden(byte[] symbols) {
        int lines = 0;
        int i = 0;
        while (i < symbols.length && lines < 1000) {
            boolean zero = true;
            int start = i;
            while (i < symbols.length && symbols[i] != ' ' && symbols[i] != '\n') {
                if (symbols[i] != '0') zero = false;
                i++;
            }
            if (i > start && !zero) return false;
            while (i < symbols.length && symbols[i] != '\n') i++;
            i++;
            lines++;
        }
        return true;
    }
}
