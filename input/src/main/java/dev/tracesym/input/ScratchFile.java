package dev.tracesym.input;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file being written next to where it will be renamed to, under a name that says whose it is:
 * {@code NAME.tracesym-PID-N.part}. The writing process holds a lock on it until it is renamed or
 * deleted; a process killed before that (kill -9 runs no clean-up) leaves it unlocked, and the next
 * tracesym run that writes into the same folder removes it ({@link #sweep(Path)}): the lock, not the
 * PID, tells a live file from a leftover, so a PID reused by another program or a file of another
 * machine on a shared folder is never mistaken.
 */
public final class ScratchFile implements AutoCloseable {
    /** Names of scratch files: the final name, the writer's PID and a counter. */
    private static final Pattern NAME = Pattern.compile(".+\\.tracesym-(\\d+)-\\d+\\.part");
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();
    /** Folders this process has swept already. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();
    /** Not yet renamed or deleted; removed by a shutdown hook on SIGINT, SIGTERM or System.exit. */
    private static final Set<ScratchFile> OPEN = ConcurrentHashMap.newKeySet();

    static {
        ShutdownHooks.add(new Thread(() -> {
            for (ScratchFile f : OPEN) {
                f.close();
            }
        }, "tracesym-remove-scratch-files"));
    }

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final OutputStream stream;
    private boolean done;

    private ScratchFile(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    }

    /**
     * A new scratch file in {@code dir} for a file to be called {@code finalName}, after the
     * leftovers of killed runs in {@code dir} are removed.
     *
     * @param permissions the permissions to create it with (the umask still applies), or null for
     *                    the system's default for a new file (0666 less the umask)
     */
    public static ScratchFile create(Path dir, String finalName, Set<PosixFilePermission> permissions) throws IOException {
        if (SWEPT.add(dir.toAbsolutePath().normalize())) {
            sweep(dir); // once per folder and process: batch writes thousands of files into one
        }
        while (true) {
            Path p = dir.resolve(finalName + ".tracesym-" + PID + "-" + COUNTER.incrementAndGet() + ".part");
            FileChannel ch;
            try {
                Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ch = permissions == null ? FileChannel.open(p, options)
                        : FileChannel.open(p, options, attribute(permissions));
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            try {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    throw new IOException(p + ": cannot be locked");
                }
                ScratchFile f = new ScratchFile(p, ch, lock);
                OPEN.add(f);
                return f;
            } catch (IOException | RuntimeException e) {
                ch.close();
                Files.deleteIfExists(p);
                throw e;
            }
        }
    }

    private static FileAttribute<?>[] attribute(Set<PosixFilePermission> permissions) {
        try {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
        } catch (UnsupportedOperationException e) {
            return new FileAttribute<?>[0];
        }
    }

    /** Where it is. */
    public Path path() {
        return path;
    }

    /** Where to write (buffered; flushed by {@link #moveTo}). */
    public OutputStream stream() {
        return stream;
    }

    /**
     * Flushes, gives the file {@code permissions} (exactly, the umask does not apply; null: as
     * created), and renames it to {@code target}, atomically where the file system can.
     */
    public synchronized void moveTo(Path target, Set<PosixFilePermission> permissions) throws IOException {
        stream.flush();
        if (permissions != null) {
            try {
                Files.setPosixFilePermissions(path, permissions);
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep what it gave
            }
        }
        // renamed while still locked: a sweeping run must not take it for a leftover in between
        try {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
        done = true;
        release();
    }

    /** Without a {@link #moveTo}, deletes the file. */
    @Override
    public synchronized void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // left unlocked: the next run's sweep removes it
        }
        release();
    }

    private void release() {
        OPEN.remove(this);
        try {
            lock.release();
        } catch (IOException | RuntimeException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was left to write
        }
    }

    /**
     * Removes the scratch files of runs that ended without cleaning up (no process holds their
     * lock) from {@code dir}. Files of this process and locked ones are left alone; failures are
     * ignored (the folder may be read-only, another run may sweep at the same time).
     */
    public static void sweep(Path dir) {
        Set<Path> stale = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tracesym-*.part")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                // this process's own: its lock would be lost by opening and closing another channel on it
                if (m.matches() && !m.group(1).equals(Long.toString(PID)) && Files.isRegularFile(p)) {
                    stale.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (Path p : stale) {
            // shared: a leftover may be read-only (it had the permissions of the file it was to replace)
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                FileLock l = ch.tryLock(0, Long.MAX_VALUE, true);
                if (l != null) {
                    Files.deleteIfExists(p);
                    l.release();
                }
            } catch (NoSuchFileException | OverlappingFileLockException e) {
                // gone already, or being written
            } catch (IOException | RuntimeException e) {
                // not ours to remove after all
            }
        }
    }
}
