package dev.tracesym.app.cli;

import dev.tracesym.input.ScratchFile;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.Set;

/**
 * Where a command writes: standard output, or a file written through a {@link ScratchFile} next to
 * it and renamed into place on {@link #commit()}, so an interrupted run never leaves a
 * half-written file under the final name. Before anything is read:
 * <ul>
 * <li>a target that is one of the inputs (by path, through a link, or as the same inode: a hard
 * link, or the file standard input reads), or lies inside an input folder (a symbol archive, a
 * module folder), is refused;</li>
 * <li>a target whose folder does not exist is refused (no folders are made);</li>
 * <li>a target that is a device or a named pipe ({@code /dev/null}, a FIFO) is written to as it is,
 * never replaced; a symbolic link is followed, the file it names is replaced and the link kept.</li>
 * </ul>
 * The file written keeps the permissions (and, where this user may set them, the owner and group)
 * of the file it replaces; a new file gets the system's default (0666 less the umask).
 */
public final class AtomicOutput implements AutoCloseable {
    private static final Path STDIN = Path.of("/dev/stdin");
    private static final Path STDOUT = Path.of("/dev/stdout");

    private final Path target;
    private final ScratchFile scratch;
    private final OutputStream stream;
    private final PosixFileAttributes replaced;
    private boolean committed;
    /** A device or named pipe opened by name: closed at the end (standard output never is). */
    private boolean device;

    private AtomicOutput(Path target, ScratchFile scratch, OutputStream stream, PosixFileAttributes replaced) {
        this.target = target;
        this.scratch = scratch;
        this.stream = stream;
        this.replaced = replaced;
    }

    /** A refused output: the message says why; nothing was read or written. */
    public static final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Standard output, buffered in large blocks. */
    public static AtomicOutput stdout() {
        return new AtomicOutput(null, null, new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), null);
    }

    /**
     * Standard output, refused when it is redirected to one of {@code inputs} (as {@code cat} refuses
     * {@code cat f >> f}: the output would feed the input).
     */
    public static AtomicOutput stdout(Collection<Path> inputs) throws IOException {
        if (Files.isRegularFile(STDOUT)) {
            for (Path in : inputs) {
                if (isStdin(in) ? Files.isRegularFile(STDIN) && sameFile(STDIN, STDOUT)
                        : Files.isRegularFile(in) && sameFile(in, STDOUT)) {
                    throw new RefusedException("refusing to write the output to " + (isStdin(in) ? "standard input's file" : in)
                            + ": standard output is that input file");
                }
            }
        }
        return stdout();
    }

    /**
     * A file output; {@code target == null} or {@code "-"} means standard output.
     *
     * @param inputs every file and folder the run reads; {@code "-"} stands for standard input
     * @throws RefusedException when the target is, or lies in, one of {@code inputs}, is a folder,
     *                          or its folder is missing
     */
    public static AtomicOutput open(Path target, Collection<Path> inputs) throws IOException {
        if (target == null || target.toString().equals("-")) {
            return stdout(inputs);
        }
        Path file = followLinks(target.toAbsolutePath().normalize());
        Path dir = file.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new RefusedException("cannot write " + target + ": the folder " + (dir == null ? target : dir)
                    + " does not exist (it is not created)");
        }
        if (Files.isDirectory(file)) {
            throw new RefusedException("cannot write " + target + ": it is a folder (give a file name)");
        }
        refuseInputs(target, file, inputs);
        boolean exists = Files.exists(file);
        if (exists && !Files.isRegularFile(file)) {
            // a device or a named pipe: written to, never replaced by a file
            AtomicOutput o = new AtomicOutput(null, null, new BufferedOutputStream(new FileOutputStream(file.toFile()), 1 << 16), null);
            o.device = true;
            return o;
        }
        PosixFileAttributes old = exists ? posix(file) : null;
        ScratchFile s = ScratchFile.create(dir, file.getFileName().toString(), old == null ? null : old.permissions());
        return new AtomicOutput(file, s, s.stream(), old);
    }

    /** The path a link names, followed to its end (a dangling link: the path it names). */
    private static Path followLinks(Path p) throws IOException {
        for (int hops = 0; hops < 40 && Files.isSymbolicLink(p); hops++) {
            if (Files.exists(p)) {
                return p.toRealPath();
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        // the folders on the way may be links too: the real folder decides what it is inside of
        Path dir = p.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            p = dir.toRealPath().resolve(p.getFileName());
        }
        return p;
    }

    private static void refuseInputs(Path shown, Path file, Collection<Path> inputs) throws IOException {
        for (Path in : inputs) {
            if (in == null) {
                continue;
            }
            if (isStdin(in)) {
                if (Files.isRegularFile(STDIN) && Files.exists(file) && sameFile(STDIN, file)) {
                    throw new RefusedException("refusing to write " + shown + ": standard input is read from that file");
                }
                continue;
            }
            if (!Files.exists(in)) {
                continue; // the run reports it missing
            }
            Path real = in.toRealPath();
            if (Files.isDirectory(real)) {
                if (file.startsWith(real)) {
                    throw new RefusedException("refusing to write " + shown + ": it is inside " + in
                            + ", a folder the run reads");
                }
            } else if (file.equals(real) || (Files.exists(file) && sameFile(real, file))) {
                throw new RefusedException("refusing to write " + shown + ": it is " + (file.equals(real) ? "" : "the same file as ")
                        + in + ", which the run reads");
            }
        }
    }

    /**
     * Refuses an output folder (batch's OUTDIR, made if missing) that is, or lies inside, a folder
     * the run reads: the outputs would be written into the archive or the module folder.
     */
    static void refuseFolderInInputs(Path folder, Collection<Path> inputs) throws IOException {
        Path existing = folder.toAbsolutePath().normalize();
        Path missing = Path.of("");
        while (existing != null && !Files.exists(existing)) {
            missing = existing.getFileName().resolve(missing);
            existing = existing.getParent();
        }
        Path real = existing == null ? folder.toAbsolutePath().normalize() : existing.toRealPath().resolve(missing);
        for (Path in : inputs) {
            if (in != null && !isStdin(in) && Files.isDirectory(in) && real.startsWith(in.toRealPath())) {
                throw new RefusedException("refusing to write into " + folder + ": it is inside " + in + ", a folder the run reads");
            }
        }
    }

    private static boolean isStdin(Path p) {
        return p.toString().equals("-");
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static PosixFileAttributes posix(Path file) {
        try {
            return Files.readAttributes(file, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
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
    public OutputStream stream() {
        return stream;
    }

    /** Flushes and, for a file, renames the scratch file into place with the old file's permissions. */
    public void commit() throws IOException {
        stream.flush();
        if (device) {
            stream.close();
        }
        if (scratch != null) {
            Set<PosixFilePermission> perms = replaced == null ? null : replaced.permissions();
            keepOwner();
            scratch.moveTo(target, perms);
        }
        committed = true;
    }

    /** The replaced file's owner and group, where this user may give them (root, or a group of its own). */
    private void keepOwner() {
        if (replaced == null) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(scratch.path(), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            PosixFileAttributes now = view.readAttributes();
            if (!now.group().equals(replaced.group())) {
                view.setGroup(replaced.group());
            }
            if (!now.owner().equals(replaced.owner())) {
                view.setOwner(replaced.owner());
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not allowed: the file is this user's, with the old permissions
        }
    }

    /** Without a {@link #commit()}, drops a file's partial output (standard output is flushed). */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        if (device) {
            stream.close();
        } else if (scratch == null) {
            stream.flush();
        } else {
            scratch.close();
        }
    }
}
