package dev.tracesym.input;

import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Opens a file a user gave: refuses what is not a file (a folder, a device such as
 * {@code /dev/zero}, a socket) before reading a byte, recognises gzip, xz, zstd and bzip2 by their
 * magic and decompresses them as a stream, held to one budget for every input:
 *
 * <blockquote>a compressed input may decompress to at most {@link #BUDGET_FLOOR} (64 MiB) plus
 * {@link #BUDGET_RATIO} (256) times the compressed bytes read so far</blockquote>
 *
 * <p>Real traces and symbol files compress 5 to 70 times; a bomb (a few KB of xz that unpack to
 * gigabytes of zeros) is refused with a message once it passes the budget, before it has filled a
 * disk or the heap. A named pipe is read as a stream (it is how {@code <(command)} hands over data);
 * files found in a folder are checked by their scanners, which take regular files only.
 */
public final class InputFile {
    /** Bytes any compressed input may always decompress to. */
    public static final long BUDGET_FLOOR = 64L << 20;
    /** How many times its compressed size an input may decompress to, beyond {@link #BUDGET_FLOOR}. */
    public static final long BUDGET_RATIO = 256;
    /** The most an input read whole into memory may have (further limited by the heap, see {@link #memoryLimit()}). */
    public static final long MEMORY_CAP = 256L << 20;
    private static final int BUFFER = 1 << 16;

    private InputFile() {
    }

    /**
     * The bytes of {@code file} (a regular file or a named pipe), decompressed when compressed.
     *
     * @throws InputException when the path is a folder, a device or a socket, or its compressed
     *                        data is broken or passes the budget (while reading)
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    public static InputStream open(Path file) throws IOException {
        return open(file, file.toString());
    }

    /** {@link #open(Path)}, the file called {@code source} in messages (a reader's short name for it). */
    public static InputStream open(Path file, String source) throws IOException {
        requireReadable(file);
        // a pipe through FileInputStream: the channel stream's available() seeks, which a pipe refuses
        InputStream raw = Files.isRegularFile(file) ? Files.newInputStream(file) : new FileInputStream(file.toFile());
        try {
            return decompressed(raw, source);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * {@code raw} (e.g. standard input) decompressed when its first bytes are a known compression's
     * magic, held to the budget; read as it is otherwise. The stream returned is buffered.
     *
     * @param source what to call the input in messages: a file name or {@code <stdin>}
     */
    public static InputStream decompressed(InputStream raw, String source) throws IOException {
        BufferedInputStream head = new BufferedInputStream(raw, BUFFER);
        Compression c = compression(head);
        if (c == Compression.NONE) {
            return head;
        }
        Decompressed.Counted counted = new Decompressed.Counted(head);
        InputStream decoder;
        try {
            decoder = c.decoder(counted);
        } catch (IOException | RuntimeException e) {
            // the decoders read the stream header when they are made
            throw new Decompressed(c, counted, InputStream.nullInputStream(), source).failure(e);
        }
        return new BufferedInputStream(new Decompressed(c, counted, decoder, source), BUFFER);
    }

    /** The compression of the stream {@code in} starts with (read without consuming, by mark and reset). */
    public static Compression compression(BufferedInputStream in) throws IOException {
        byte[] m = new byte[Compression.MAGIC_BYTES];
        in.mark(m.length);
        int n = in.readNBytes(m, 0, m.length);
        in.reset();
        return Compression.of(m, n);
    }

    /**
     * The whole content of {@code file}, decompressed, for a reader that needs it in memory: a
     * plain file larger than {@link #memoryLimit()} is refused before anything is allocated, a
     * compressed file or a pipe as soon as it passes the limit.
     *
     * @param what what the file is, for the message ("a symbol file")
     */
    public static Content readAll(Path file, String what) throws IOException {
        requireReadable(file);
        long limit = memoryLimit();
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.isRegularFile() && a.size() > limit) {
            throw tooLarge(file.toString(), a.size() + " bytes", limit, what);
        }
        try (InputStream in = open(file)) {
            byte[] b = new byte[(int) Math.min(limit, Math.max(a.size() + 1, BUFFER))];
            int n = 0;
            while (true) {
                if (n == b.length) {
                    if (n >= limit) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw tooLarge(file.toString(), "more than " + limit + " bytes decompressed", limit, what);
                    }
                    b = Arrays.copyOf(b, (int) Math.min(limit, 2L * b.length));
                }
                int r = in.read(b, n, b.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new Content(b, n);
        }
    }

    /** Bytes read whole: the first {@code length} bytes of {@code bytes}. */
    public record Content(byte[] bytes, int length) {
    }

    /**
     * The most one input read whole may have: {@link #MEMORY_CAP}, or an eighth of the Java heap
     * when that is less (parsing needs several times the text's size).
     */
    public static long memoryLimit() {
        return Math.min(MEMORY_CAP, Runtime.getRuntime().maxMemory() / 8);
    }

    private static InputException tooLarge(String source, String size, long limit, String what) {
        return InputException.of(source, size + ", more than the " + mib(limit) + " " + what + " may have"
                + (limit < MEMORY_CAP ? " with a Java heap of " + mib(Runtime.getRuntime().maxMemory())
                        + " (TRACESYM_JAVA_OPTS=-Xmx... raises it)" : ""), null);
    }

    /**
     * The message for an {@link OutOfMemoryError} met while reading {@code source}: what the heap was
     * and how to raise it, never the error's own text.
     */
    public static String outOfMemory(String source) {
        return source + ": out of memory: the Java heap of " + mib(Runtime.getRuntime().maxMemory())
                + " is too small for it (TRACESYM_JAVA_OPTS=-Xmx... raises it)";
    }

    /** {@code N MiB}, for messages about memory. */
    public static String mib(long bytes) {
        if (bytes >= (10L << 20)) {
            return (bytes >> 20) + " MiB";
        }
        long tenths = bytes * 10 / (1 << 20);
        return tenths / 10 + "." + tenths % 10 + " MiB";
    }

    /**
     * Refuses a path that is not something to read from: a folder, a device (reading
     * {@code /dev/zero} never ends), a socket. Regular files and named pipes pass.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    public static void requireReadable(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.isRegularFile()) {
            return;
        }
        if (a.isDirectory()) {
            throw InputException.of(file.toString(), "is a folder, not a file", null);
        }
        String kind = kindOf(file);
        if (!"a named pipe".equals(kind)) {
            throw InputException.of(file.toString(), "is " + kind + ", not a file", null);
        }
    }

    /**
     * Refuses anything but a regular file (links followed): what a reader that finds its files in a
     * folder (module files, archive snapshots) may open. A named pipe there would block forever.
     */
    public static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            throw InputException.of(file.toString(), "is " + (a.isDirectory() ? "a folder" : kindOf(file))
                    + ", not a regular file", null);
        }
    }

    /** What kind of thing that is not a file or folder {@code file} is: "a device", "a named pipe", ... */
    static String kindOf(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            switch (mode & 0170000) {
                case 0010000:
                    return "a named pipe";
                case 0020000:
                    return "a character device";
                case 0060000:
                    return "a block device";
                case 0140000:
                    return "a socket";
                default:
                    return "not a regular file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "not a regular file";
        }
    }
}
