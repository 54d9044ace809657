package dev.tracesym.symbolizer.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A symbol archive folder as one byte string, for the fuzzer: each file is a line
 * {@code @@ NAME} followed by its bytes (any bytes, compressed ones too) up to the next
 * {@code \n@@ } or the end. Names that could leave the folder are dropped.
 */
final class ArchiveBundle {
    private static final byte[] MARK = "@@ ".getBytes(StandardCharsets.ISO_8859_1);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,79}");

    private ArchiveBundle() {}

    /** The files of {@code bundle}, by name, in order (a repeated name keeps its last content). */
    static Map<String, byte[]> files(byte[] bundle) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        int first = next(bundle, 0);
        int at = startsWithMark(bundle, 0) ? 0 : first < 0 ? -1 : first + 1;
        while (at >= 0 && at < bundle.length) {
            int nameStart = at + MARK.length;
            int nl = nameStart;
            while (nl < bundle.length && bundle[nl] != '\n') {
                nl++;
            }
            String name = new String(bundle, nameStart, nl - nameStart, StandardCharsets.ISO_8859_1);
            int contentStart = Math.min(nl + 1, bundle.length);
            int end = next(bundle, contentStart);
            int contentEnd = end < 0 ? bundle.length : end;   // the '\n' before the next mark ends the content
            byte[] content = java.util.Arrays.copyOfRange(bundle, contentStart, Math.max(contentStart, contentEnd));
            if (NAME.matcher(name).matches()) {
                out.put(name, content);
            }
            at = end < 0 ? -1 : end + 1;
        }
        return out;
    }

    /** The bundle of {@code files}. */
    static byte[] of(Map<String, byte[]> files) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean first = true;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (!first) {
                b.write('\n');
            }
            first = false;
            b.writeBytes(MARK);
            b.writeBytes(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
            b.write('\n');
            b.writeBytes(e.getValue());
        }
        return b.toByteArray();
    }

    /** Empties {@code dir} and writes the files of {@code bundle} into it. */
    static void write(byte[] bundle, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, byte[]> e : files(bundle).entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }

    private static boolean startsWithMark(byte[] b, int at) {
        if (at + MARK.length > b.length) {
            return false;
        }
        for (int i = 0; i < MARK.length; i++) {
            if (b[at + i] != MARK[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the '\n' that precedes the next mark at or after {@code from}, or -1. */
    private static int next(byte[] b, int from) {
        for (int i = Math.max(from, 0); i < b.length; i++) {
            if (b[i] == '\n' && startsWithMark(b, i + 1)) {
                return i;
            }
        }
        return -1;
    }
}
