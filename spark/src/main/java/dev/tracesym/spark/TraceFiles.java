package dev.tracesym.spark;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.Timing;
import dev.tracesym.input.Compression;
import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.ArchiveLayout;
import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Traces on Hadoop file systems (local, HDFS, S3A): which there are, where their archives are, their bytes. */
final class TraceFiles {
    private TraceFiles() {
    }

    /**
     * The traces the given paths name, as {@code tracesym batch} takes them: a file as it is, a
     * folder searched recursively for trace names ({@code *.dat}, also compressed), a glob
     * expanded. Hidden files ({@code .x}, {@code _x}, as Spark's file sources skip them) are
     * skipped inside folders. In the order given, each folder's traces sorted by path, each trace once.
     *
     * @throws FileNotFoundException when a path matches nothing
     */
    static List<FileStatus> list(List<String> paths, Configuration conf) throws IOException {
        Map<Path, FileStatus> out = new LinkedHashMap<>();
        for (String p : paths) {
            Path path = new Path(p);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matched = fs.globStatus(path);
            if (matched == null || matched.length == 0) {
                throw new FileNotFoundException(p + ": no such file or folder");
            }
            for (FileStatus s : matched) {
                if (s.isDirectory()) {
                    List<FileStatus> found = new ArrayList<>();
                    walk(fs, s.getPath(), found);
                    found.sort(Comparator.comparing(f -> f.getPath().toString()));
                    for (FileStatus f : found) {
                        out.putIfAbsent(f.getPath(), f);
                    }
                } else {
                    out.putIfAbsent(s.getPath(), s);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void walk(FileSystem fs, Path dir, List<FileStatus> found) throws IOException {
        for (FileStatus s : fs.listStatus(dir)) {
            String n = s.getPath().getName();
            if (n.startsWith(".") || n.startsWith("_")) {
                continue;
            }
            if (s.isDirectory()) {
                walk(fs, s.getPath(), found);
            } else if (ArchiveLayout.isTraceName(n)) {
                found.add(s);
            }
        }
    }

    /** The archive beside {@code trace} by the rule of docs/ARCHIVE.md, asked through its file system; null: none. */
    static ArchiveLocation archiveBeside(Path trace, Configuration conf) throws IOException {
        FileSystem fs = trace.getFileSystem(conf);
        Path dir = trace.getParent();
        IOException[] failure = new IOException[1];
        ArchiveLayout.Beside b = ArchiveLayout.beside(trace.getName(), rel -> {
            try {
                return fs.getFileStatus(new Path(dir, rel)).isDirectory();
            } catch (FileNotFoundException e) {
                return false;
            } catch (IOException e) {
                failure[0] = e;
                return false;
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (b == null) {
            return null;
        }
        return new ArchiveLocation(new Path(dir, b.archive()).toString(),
                b.modules() == null ? null : new Path(dir, b.modules()).toString(), b.rule());
    }

    /**
     * Opens {@code trace}: an uncompressed {@code .dat} is read in place with positional reads; a
     * compressed one (xz, gzip, zstd, bzip2, told by its magic bytes) is unpacked, within the
     * decompression budget of {@link InputFile}, into an unnamed temporary file of this machine that
     * vanishes with the trace or the process (a {@code .dat} must be read out of order).
     */
    static DatFile open(Path trace, Configuration conf, Timing timing) throws IOException {
        FileSystem fs = trace.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(trace);
        FSDataInputStream raw = fs.open(trace);
        try {
            BufferedInputStream head = new BufferedInputStream(raw, 1 << 16);
            if (InputFile.compression(head) == Compression.NONE) {
                raw.seek(0);
                return DatFile.open(new HadoopTraceBytes(raw, status.getLen()), trace.getName(), timing);
            }
            try (raw) {
                return DatFile.open(head, trace.getName(), timing);
            }
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }
}
