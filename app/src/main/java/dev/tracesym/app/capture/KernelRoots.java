package dev.tracesym.app.capture;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the capture reads the kernel's state: procfs, sysfs, tracefs, the module tree and
 * /boot. Real paths by default; tests point them at a fake tree.
 */
final class KernelRoots {
    final Path proc;
    final Path sys;
    final Path tracefs;
    /** The folder of modules.dep; {@code null} means /lib/modules/RELEASE. */
    private final Path libModules;
    final Path boot;

    KernelRoots(Path proc, Path sys, Path tracefs, Path libModules, Path boot) {
        this.proc = proc;
        this.sys = sys;
        this.tracefs = tracefs != null ? tracefs : defaultTracefs(sys);
        this.libModules = libModules;
        this.boot = boot;
    }

    /** tracefs is mounted at /sys/kernel/tracing since 4.1, and under debugfs before. */
    private static Path defaultTracefs(Path sys) {
        Path modern = sys.resolve("kernel/tracing");
        if (Files.isDirectory(modern.resolve("instances"))) return modern;
        Path legacy = sys.resolve("kernel/debug/tracing");
        return Files.isDirectory(legacy.resolve("instances")) ? legacy : modern;
    }

    Path libModules(String release) {
        return libModules != null ? libModules : Path.of("/lib/modules", release);
    }
}
