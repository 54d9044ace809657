package dev.tracesym.app.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output that is either standard output or a file written through a temporary file in the
 * target folder and renamed into place on {@link #commit()}: an interrupted run never leaves a
 * half-written file under the final name, and a path that is one of the inputs is refused before
 * anything is read.
 */
public final class AtomicOutput implements AutoCloseable {
    /** Outputs not yet committed; one shutdown hook removes their temporary files on SIGINT. */
    private static final Set<AtomicOutput> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AtomicOutput o : OPEN) o.discardIfOpen();
        }, "tracesym-discard-partial-output"));
    }

    private final Path target;
    private final Path temp;
    private final OutputStream stream;
    private boolean committed;

    private AtomicOutput(Path target, Path temp, OutputStream stream) {
        this.target = target;
        this.temp = temp;
        this.stream = stream;
    }

    /** Standard output, buffered in large blocks. */
    public static AtomicOutput stdout() {
        return new AtomicOutput(null, null, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    }

    /**
     * A file output; {@code target == null} or {@code "-"} means standard output.
     *
     * @throws IllegalArgumentException when {@code target} is one of {@code inputs}
     */
    public static AtomicOutput open(Path target, Collection<Path> inputs) throws IOException {
        if (target == null || target.toString().equals("-")) return stdout();
        Path abs = target.toAbsolutePath().normalize();
        for (Path in : inputs) {
            if (in == null || in.toString().equals("-")) continue;
            Path inAbs = in.toAbsolutePath().normalize();
            if (inAbs.equals(abs) || (Files.exists(abs) && Files.exists(inAbs) && Files.isSameFile(inAbs, abs))) {
                throw new IllegalArgumentException("refusing to write " + target + ": it is one of the inputs");
            }
        }
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {   // a mistyped path must not grow folders
            throw new IllegalArgumentException("cannot write " + target + ": " + (Files.exists(dir) ? dir + " is not a folder"
                    : "the folder " + dir + " does not exist"));
        }
        Path temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        AtomicOutput o = new AtomicOutput(abs, temp, out);
        // A killed JVM runs no hook, but the temp name is never the final name.
        OPEN.add(o);
        return o;
    }

    /**
     * The exit code of a run whose output {@code target} (null: standard output) failed with
     * {@code e}: quietly {@link ExitCodes#CLOSED_PIPE} when the reader went away, else a message
     * and {@link ExitCodes#FAILURE}.
     */
    static int failed(String command, Path target, IOException e, java.io.PrintStream err) {
        if (ExitCodes.closedPipe(e)) {
            return ExitCodes.CLOSED_PIPE;
        }
        err.println(command + ": cannot write " + (target == null ? "the standard output" : target.toString()) + ": " + e.getMessage());
        return ExitCodes.FAILURE;
    }

    /** Where to write. */
    public OutputStream stream() { return stream; }

    /** Flushes and, for a file, renames the temporary file into place. */
    public void commit() throws IOException {
        stream.flush();
        if (target == null) { committed = true; return; }
        stream.close();
        try {
            // createTempFile makes the file owner-only; an output is an ordinary file.
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep what it gave
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
        OPEN.remove(this);
    }

    private synchronized void discardIfOpen() {
        if (committed || temp == null) return;
        try { stream.close(); } catch (IOException ignored) { /* best effort on the way out */ }
        try { Files.deleteIfExists(temp); } catch (IOException ignored) { /* best effort */ }
        OPEN.remove(this);
    }

    /** Without a {@link #commit()}, drops the partial output. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            if (target == null) stream.flush();
            else discardIfOpen();
        }
    }
}
