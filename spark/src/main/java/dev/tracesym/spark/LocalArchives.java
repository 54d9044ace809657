package dev.tracesym.spark;

import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.symbolizer.ArchiveLayout;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Archives opened on this machine, shared by the tasks of one executor. An archive on the local
 * file system is read in place (and its compiled index kept as {@code tracesym} keeps it); one on
 * another file system (HDFS, S3A) is first copied into a temporary folder here: its listings,
 * module files and the kernel build files beside it, a few MB. The last few archives stay open
 * (an archive given for all traces is read once per executor); each trace gets a fresh symbolizer
 * over them, as archives never change once read.
 */
final class LocalArchives {
    /** Archives kept open: one given for all, or the few that traces next to each other share. */
    private static final int KEEP = 4;
    /** Copies of archives from other file systems: {@code tracesym-archive-PID-RANDOM} in the temporary folder. */
    static final String COPY_PREFIX = "tracesym-archive-";
    private static final Map<ArchiveLocation, CompletableFuture<TimeAwareSymbolizer>> OPEN =
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ArchiveLocation, CompletableFuture<TimeAwareSymbolizer>> e) {
                    return size() > KEEP;
                }
            };

    private LocalArchives() {
    }

    /** Where one trace's names come from, and what its status says about them. */
    record TraceNames(SymbolSource source, String description) {
    }

    /**
     * The names of {@code trace}: the archive {@code given} for all traces, else the one beside it
     * (docs/ARCHIVE.md), else (a null source) the kallsyms the trace carries. An archive that does
     * not belong to the trace is refused when it is opened for it, unless {@code forced}
     * ({@code --force-symbols}).
     */
    static TraceNames forTrace(org.apache.hadoop.fs.Path trace, ArchiveLocation given, boolean forced, Configuration conf)
            throws IOException {
        ArchiveLocation where = given != null ? given : TraceFiles.archiveBeside(trace, conf);
        if (where == null) {
            return new TraceNames(null, "the trace's own kallsyms (no archive beside it)");
        }
        SymbolSource source = source(where, conf);
        return new TraceNames(forced ? source.forcing() : source, where.describe());
    }

    /** The names of {@code where} as a symbol source for one trace. */
    static SymbolSource source(ArchiveLocation where, Configuration conf) {
        return new SymbolSource() {
            @Override
            public Symbolizer open() throws IOException {
                return symbolizer(where, conf).fresh();
            }

            @Override
            public List<java.nio.file.Path> inputs() {
                return List.of();
            }

            @Override
            public String describe() {
                return where.describe();
            }

            @Override
            public String moduleFolder() {
                return where.modules();
            }
        };
    }

    private static TimeAwareSymbolizer symbolizer(ArchiveLocation where, Configuration conf) throws IOException {
        CompletableFuture<TimeAwareSymbolizer> f;
        boolean mine = false;
        synchronized (OPEN) {
            f = OPEN.get(where);
            if (f == null) {
                f = new CompletableFuture<>();
                OPEN.put(where, f);
                mine = true;
            }
        }
        if (mine) {
            try {
                f.complete(read(where, conf));
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
                synchronized (OPEN) {
                    OPEN.remove(where, f);   // a later trace may find it readable (or say the same)
                }
            }
        }
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static TimeAwareSymbolizer read(ArchiveLocation where, Configuration conf) throws IOException {
        org.apache.hadoop.fs.Path archive = new org.apache.hadoop.fs.Path(where.archive());
        FileSystem fs = archive.getFileSystem(conf);
        archive = fs.makeQualified(archive);
        requireFolder(fs, archive, "symbol archive");
        org.apache.hadoop.fs.Path modules = null;
        if (where.modules() != null) {
            modules = new org.apache.hadoop.fs.Path(where.modules());
            modules = modules.getFileSystem(conf).makeQualified(modules);
            requireFolder(modules.getFileSystem(conf), modules, "module folder");
        }
        if ("file".equals(fs.getUri().getScheme())) {
            return TimeAwareSymbolizer.open(Path.of(archive.toUri()), modules == null ? null : Path.of(modules.toUri()));
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        sweepCopies(tmp);
        Path copy = Files.createTempDirectory(tmp, COPY_PREFIX + ProcessHandle.current().pid() + "-");
        try {
            // copy/, copy/archive/ and copy/modules/: build files beside the listings' folder stay beside it
            Path listings = Files.createDirectory(copy.resolve("archive"));
            copyFiles(fs, archive, listings, false);
            if (archive.getParent() != null) {
                copyFiles(fs, archive.getParent(), copy, true);
            }
            Path ko = null;
            if (modules != null) {
                ko = Files.createDirectory(copy.resolve("modules"));
                copyFiles(modules.getFileSystem(conf), modules, ko, false);
            }
            try {
                return TimeAwareSymbolizer.openUncached(listings, ko);
            } catch (SymbolSourceException e) {
                // name the archive's own files, not this machine's copies
                String m = e.getMessage().replace(listings.toString(), archive.toString());
                if (ko != null) {
                    m = m.replace(ko.toString(), modules.toString());
                }
                throw new IOException(m.replace(copy.toString(), archive.getParent().toString()), e);
            }
        } finally {
            deleteTree(copy);
        }
    }

    /**
     * Removes the archive copies in {@code tmp} that an executor killed while it read them left
     * behind ({@code tracesym-archive-PID-...}, once no process has that PID): a folder of its own
     * running process is never taken.
     */
    static void sweepCopies(Path tmp) {
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith(COPY_PREFIX) || !Files.isDirectory(p)) {
                    continue;
                }
                int dash = n.indexOf('-', COPY_PREFIX.length());
                long pid;
                try {
                    pid = Long.parseLong(n.substring(COPY_PREFIX.length(), dash < 0 ? n.length() : dash));
                } catch (NumberFormatException e) {
                    continue;   // not one of ours
                }
                if (ProcessHandle.of(pid).isEmpty()) {
                    deleteTree(p);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // an unreadable temporary folder: the copy made next fails with its own message
        }
    }

    private static void requireFolder(FileSystem fs, org.apache.hadoop.fs.Path p, String what) throws IOException {
        FileStatus s;
        try {
            s = fs.getFileStatus(p);
        } catch (FileNotFoundException e) {
            throw new IOException(p + ": no such " + what, e);
        }
        if (!s.isDirectory()) {
            throw new IOException(p + ": the " + what + " must be a folder");
        }
    }

    /** Copies the files of {@code from} (not its folders; with {@code buildOnly}, only kernel build files) to {@code to}. */
    private static void copyFiles(FileSystem fs, org.apache.hadoop.fs.Path from, Path to, boolean buildOnly) throws IOException {
        for (FileStatus s : fs.listStatus(from)) {
            String n = s.getPath().getName();
            if (!s.isFile() || (buildOnly && !ArchiveLayout.isBuildFile(n))) {
                continue;
            }
            try (var in = fs.open(s.getPath())) {
                Files.copy(in, to.resolve(n));
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind: the machine's temp cleaning takes it
        }
    }
}
