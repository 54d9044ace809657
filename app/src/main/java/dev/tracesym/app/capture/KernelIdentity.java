package dev.tracesym.app.capture;

import dev.tracesym.symbolizer.ArchiveLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which kernel, and which boot of it, an archive describes: written as {@code kernel.tsv}
 * ({@code key<TAB>value} lines) so that a trace from another boot or build can be refused.
 */
final class KernelIdentity {
    static final String FILE = ArchiveLayout.KERNEL;
    /** ELF note type of the GNU build id. */
    private static final int NT_GNU_BUILD_ID = 3;

    final Map<String, String> entries;

    private KernelIdentity(Map<String, String> entries) {
        this.entries = entries;
    }

    static KernelIdentity read(KernelRoots roots, boolean kallmodsyms) throws IOException {
        Map<String, String> e = new LinkedHashMap<>();
        Path kernel = roots.proc.resolve("sys/kernel");
        e.put("release", firstLine(kernel.resolve("osrelease")));
        putIfPresent(e, "version", kernel.resolve("version"));
        putIfPresent(e, "machine", kernel.resolve("arch"));
        Path notes = roots.sys.resolve("kernel/notes");
        if (Files.isReadable(notes)) {
            String id = buildId(Files.readAllBytes(notes));
            if (id != null) e.put("build-id", id);
        }
        putIfPresent(e, "boot-id", kernel.resolve("random/boot_id"));
        e.put(ArchiveLayout.KERNEL_SYMBOLS,
                (kallmodsyms ? ArchiveLayout.SymbolTable.KALLMODSYMS : ArchiveLayout.SymbolTable.KALLSYMS).procName());
        e.put("captured-by", "tracesym capture");
        return new KernelIdentity(e);
    }

    String release() {
        return entries.get("release");
    }

    String bootId() {
        return entries.get("boot-id");
    }

    byte[] toTsv() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> en : entries.entrySet()) {
            sb.append(en.getKey()).append('\t').append(en.getValue()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code key} in a kernel.tsv; null when absent. */
    static String valueIn(Path kernelTsv, String key) throws IOException {
        for (String line : Files.readAllLines(kernelTsv, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0 && line.substring(0, tab).equals(key)) return line.substring(tab + 1);
        }
        return null;
    }

    private static void putIfPresent(Map<String, String> e, String key, Path file) throws IOException {
        if (Files.isReadable(file)) e.put(key, firstLine(file));
    }

    private static String firstLine(Path file) throws IOException {
        String s = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /**
     * The GNU build id in the kernel's ELF notes (/sys/kernel/notes: 4-byte aligned records of
     * namesz, descsz, type, name, desc in the kernel's byte order); null when absent.
     */
    static String buildId(byte[] notes) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            ByteBuffer b = ByteBuffer.wrap(notes).order(order);
            while (b.remaining() >= 12) {
                long nameSize = Integer.toUnsignedLong(b.getInt());
                long descSize = Integer.toUnsignedLong(b.getInt());
                int type = b.getInt();
                long nameSpan = align4(nameSize);
                long descSpan = align4(descSize);
                if (nameSpan + descSpan > b.remaining()) break;   // not this byte order, or truncated
                int nameAt = b.position();
                int descAt = nameAt + (int) nameSpan;
                if (type == NT_GNU_BUILD_ID && nameSize == 4 && notes[nameAt] == 'G' && notes[nameAt + 1] == 'N'
                        && notes[nameAt + 2] == 'U' && notes[nameAt + 3] == 0 && descSize > 0) {
                    StringBuilder hex = new StringBuilder((int) descSize * 2);
                    for (int i = 0; i < descSize; i++) {
                        hex.append(Character.forDigit((notes[descAt + i] >> 4) & 0xf, 16))
                           .append(Character.forDigit(notes[descAt + i] & 0xf, 16));
                    }
                    return hex.toString();
                }
                b.position(descAt + (int) descSpan);
            }
        }
        return null;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}
