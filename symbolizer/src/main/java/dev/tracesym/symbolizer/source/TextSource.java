package dev.tracesym.symbolizer.source;

import dev.tracesym.input.InputException;
import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.SymbolSourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The bytes of one symbol input, decompressed, with the name errors should report. Files may be
 * stored as-is or compressed with xz, gzip, zstd or bzip2: the format is recognised by its magic bytes,
 * so {@code kallsyms}, {@code kallsyms.xz} and a misnamed file all read the same.
 */
public final class TextSource {
    /** Compressed variants tried, in this order, after the plain name. */
    static final String[] SUFFIXES = {"", ".xz", ".gz", ".zst"};

    private final String origin;
    private final byte[] data;
    private final int length;

    private TextSource(String origin, byte[] data, int length) {
        this.origin = origin;
        this.data = data;
        this.length = length;
    }

    /** Wraps text already in memory (e.g. the kallsyms section of a trace file). */
    public static TextSource of(String text, String origin) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return new TextSource(origin, b, b.length);
    }

    /** Wraps bytes already in memory; the array is used as is, not copied. */
    public static TextSource of(byte[] bytes, String origin) {
        return new TextSource(origin, bytes, bytes.length);
    }

    /**
     * Reads a file whole, decompressing xz, gzip, zstd or bzip2 content transparently, within the
     * limits of {@link InputFile#readAll}: a device, a folder, a file larger than the memory limit
     * or compressed data past the decompression budget is refused naming the file.
     */
    public static TextSource read(Path file) throws IOException {
        String origin = file.toString();
        try {
            InputFile.Content c = InputFile.readAll(file, "a symbol file");
            return new TextSource(origin, c.bytes(), c.length());
        } catch (InputException e) {
            throw SymbolSourceException.of(e);
        } catch (NoSuchFileException e) {
            throw SymbolSourceException.of(origin, "no such file", e);
        } catch (IOException e) {
            throw SymbolSourceException.of(origin, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * The file to read for {@code base}: {@code base} itself or, if absent, the first existing of
     * {@code base.xz}, {@code base.gz}, {@code base.zst}; null when none exists.
     */
    public static Path findVariant(Path base) {
        for (String s : SUFFIXES) {
            Path p = s.isEmpty() ? base : base.resolveSibling(base.getFileName() + s);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The file name without a compression suffix ({@code a.kallsyms.xz} gives {@code a.kallsyms}). */
    public static String plainName(String fileName) {
        for (int i = 1; i < SUFFIXES.length; i++) {
            if (fileName.endsWith(SUFFIXES[i])) {
                return fileName.substring(0, fileName.length() - SUFFIXES[i].length());
            }
        }
        return fileName;
    }

    /** The name errors report (usually the file path). */
    public String origin() { return origin; }

    /** Number of bytes. */
    public int length() { return length; }

    /** The backing array (the first {@link #length()} bytes are valid); callers must not modify it. */
    public byte[] bytes() { return data; }

    /** The whole content as text (ISO-8859-1, byte for byte). */
    public String text() { return new String(data, 0, length, StandardCharsets.ISO_8859_1); }
}
