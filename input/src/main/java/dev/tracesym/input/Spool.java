package dev.tracesym.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A stream copied to a file a reader can seek in (standard input, a pipe, a decompressed
 * {@code .dat}). The file is removed from its folder the moment it is created: it is reachable only
 * through the channel returned, and the system frees it when the process ends, however it ends
 * (a kill -9 included). Nothing is left to clean up.
 */
public final class Spool {
    /** Called with the first bytes of the stream before anything is written. */
    @FunctionalInterface
    public interface HeadCheck {
        /** Throws when {@code head[0..n)} is not the start of what the reader can use. */
        void check(byte[] head, int n) throws IOException;
    }

    private Spool() {
    }

    /**
     * What was spooled: the file, positioned at its start, and, when the stream broke after its
     * head (compressed data cut short or damaged), why; the file then holds what came before.
     */
    public record Spooled(FileChannel channel, InputException cut) {
    }

    /**
     * Copies {@code in} to an unnamed file in the temporary folder ({@code java.io.tmpdir});
     * {@code check} sees the first {@code headBytes} bytes before anything is written, so a stream
     * that is not what the reader wants fills no disk. A stream that breaks after the head (an
     * {@link InputException} from its decompressor) is kept up to the break, the reason returned
     * with it; one over the decompression budget ({@link OverBudgetException}) is refused whole.
     *
     * @param source what to call the stream in messages
     */
    public static Spooled of(InputStream in, String source, int headBytes, HeadCheck check) throws IOException {
        byte[] buf = new byte[1 << 16];
        int n = in.readNBytes(buf, 0, Math.min(headBytes, buf.length));
        check.check(buf, n);
        FileChannel ch = create();
        try {
            ByteBuffer b = ByteBuffer.wrap(buf);
            int r = n;
            InputException cut = null;
            while (r > 0) {
                b.clear().limit(r);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                try {
                    r = in.read(buf);
                } catch (OverBudgetException e) {
                    throw e;
                } catch (InputException e) {
                    cut = e;
                    break;
                }
            }
            ch.position(0);
            return new Spooled(ch, cut);
        } catch (IOException e) {
            ch.close();
            if (e instanceof InputException) {
                throw e;
            }
            throw InputException.of(source, "cannot be copied to the temporary folder " + tempDir()
                    + " (a stream must be, to be read by position): " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /** A new empty file, already unlinked (DELETE_ON_CLOSE unlinks at once on POSIX systems), owner-only. */
    private static FileChannel create() throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = tempDir().resolve("tracesym-spool-" + ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return FileChannel.open(p, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 8) {
                    throw e;
                }
            } catch (UnsupportedOperationException e) {
                return FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            }
        }
    }

    private static Path tempDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
