package dev.tracesym.app.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One reading of the kernel's symbol state: the symbol file, /proc/modules and the module sections. */
final class KernelState {
    /** /proc/kallmodsyms where the kernel has it, else /proc/kallsyms, as read. */
    final byte[] symbols;
    /** /proc/modules as read. */
    final byte[] modules;
    /** {@code module section address} lines from /sys/module/NAME/sections/. */
    final byte[] sections;
    /** The names of the loaded modules, in /proc/modules order. */
    final Set<String> moduleNames;

    private KernelState(byte[] symbols, byte[] modules, byte[] sections) {
        this.symbols = symbols;
        this.modules = modules;
        this.sections = sections;
        this.moduleNames = moduleNames(modules);
    }

    /** Reads symbols, modules and sections in that order (as the samples' harness did). */
    static KernelState read(KernelRoots roots, Path symbolFile) throws IOException {
        byte[] symbols = Files.readAllBytes(symbolFile);
        byte[] modules = Files.readAllBytes(roots.proc.resolve("modules"));
        byte[] sections = sections(roots.sys.resolve("module"));
        return new KernelState(symbols, modules, sections);
    }

    static Set<String> moduleNames(byte[] procModules) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : new String(procModules, StandardCharsets.ISO_8859_1).split("\n")) {
            int sp = line.indexOf(' ');
            String name = sp < 0 ? line.strip() : line.substring(0, sp);
            if (!name.isEmpty()) names.add(name);
        }
        return Collections.unmodifiableSet(names);
    }

    /**
     * Every loadable module's section addresses, modules and sections in byte order of their
     * names. Each attribute is read with one read(2) call: the kernel's handler refuses reads at a
     * non-zero position, so a reader that takes a byte at a time (a shell's {@code read}) gets "0".
     */
    static byte[] sections(Path sysModule) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 14);
        if (!Files.isDirectory(sysModule)) return out.toByteArray();
        for (Path module : sortedEntries(sysModule)) {
            Path dir = module.resolve("sections");
            if (!Files.isDirectory(dir)) continue;   // built-in modules have parameters only
            String name = module.getFileName().toString();
            for (Path section : sortedEntries(dir)) {
                if (!Files.isRegularFile(section)) continue;
                String value = readOnce(section);
                if (value == null) continue;
                out.writeBytes((name + ' ' + section.getFileName() + ' ' + value + '\n')
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) entries.add(p);
        } catch (IOException e) {
            return entries;                           // a module that went away while listing
        }
        entries.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return entries;
    }

    /** The first line of a sysfs attribute read with a single read call; null when unreadable. */
    private static String readOnce(Path file) {
        byte[] buf = new byte[64];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.read(buf);
        } catch (IOException e) {
            return null;                              // the module is being unloaded
        }
        if (n <= 0) return null;
        int end = 0;
        while (end < n && buf[end] != '\n') end++;
        return new String(buf, 0, end, StandardCharsets.ISO_8859_1).strip();
    }
}
