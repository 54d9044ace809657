package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19's "a user's files overwritten": no command writes over a file it reads, by path, link
 * or inode, nor into a folder it reads; output keeps the permissions of the file it replaces; a
 * missing folder is an error, not made. Each case runs the real command in its own process (stdin
 * redirected from a file is one of the cases) on copies of the samples.
 */
@EnabledOnOs(OS.LINUX)
class OutputSafetyTest {
    @TempDir
    Path dir;
    private Path archive;
    private Path modules;
    private Path trace;

    @BeforeEach
    void copies() throws IOException {
        archive = copyTree(ReportCliTest.data("reuse/snapshots"), dir.resolve("snapshots"));
        modules = copyTree(ReportCliTest.data("modules-6.1.0-56-amd64"), dir.resolve("ko"));
        trace = dir.resolve("reuse.dat");
        Files.copy(ReportCliTest.data("reuse/reuse.v7-zstd.dat"), trace);
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.collect(Collectors.toList())) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
            }
        }
        return to;
    }

    private static TracesymProcess.Run tracesym(Path stdin, String... args) throws IOException, InterruptedException {
        return TracesymProcess.runFrom(stdin, args);
    }

    private static byte[] snapshot(Path folder) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted().collect(Collectors.toList())) {
                b.append(folder.relativize(p)).append(' ').append(Files.isRegularFile(p) ? Files.size(p) : -1)
                        .append(' ').append(Files.isRegularFile(p) ? java.util.Arrays.hashCode(Files.readAllBytes(p)) : 0).append('\n');
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void refused(TracesymProcess.Run r, String message) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(message), r.err());
        assertEquals("", r.out());
    }

    @Test
    void anOutputInsideTheArchiveOrModuleFolderIsRefusedAndTheArchiveKept() throws Exception {
        byte[] a = snapshot(archive);
        byte[] m = snapshot(modules);
        for (Path target : new Path[] {archive.resolve("manifest.tsv"), archive.resolve("001-start.kallsyms.xz"),
            archive.resolve("new-file.txt"), modules.resolve("snd.ko.xz")}) {
            refused(tracesym(null, "report", "--archive", archive.toString(), "--modules", modules.toString(),
                    "-o", target.toString(), trace.toString()), "refusing to write " + target + ": it is inside ");
        }
        // through a link to the folder too
        Path link = Files.createSymbolicLink(dir.resolve("link-to-archive"), archive);
        refused(tracesym(null, "annotate", "--archive", archive.toString(), "-o", link.resolve("manifest.tsv").toString(),
                ReportCliTest.data("text/reuse-042-final.trace.xz").toString()), "it is inside " + archive);
        refused(tracesym(null, "batch", "--archive", archive.toString(), "-o", archive.resolve("out").toString(), trace.toString()),
                "refusing to write into " + archive.resolve("out") + ": it is inside " + archive);
        assertArrayEquals(a, snapshot(archive), "the archive is as it was");
        assertArrayEquals(m, snapshot(modules), "the module folder is as it was");
    }

    @Test
    void theFileStandardInputReadsIsNotReplaced() throws Exception {
        byte[] before = Files.readAllBytes(trace);
        refused(tracesym(trace, "report", "-", "-o", trace.toString()), "standard input is read from that file");
        Path hard = Files.createLink(dir.resolve("hard.dat"), trace);
        refused(tracesym(trace, "report", "-", "-o", hard.toString()), "standard input is read from that file");
        refused(tracesym(null, "report", trace.toString(), "-o", hard.toString()), "the same file as " + trace);
        Path sym = Files.createSymbolicLink(dir.resolve("sym.dat"), trace);
        refused(tracesym(null, "report", sym.toString(), "-o", trace.toString()), "which the run reads");
        Path symbols = dir.resolve("kallsyms.xz");
        Files.copy(archive.resolve("042-final.kallsyms.xz"), symbols);
        refused(tracesym(null, "report", "--symbols", symbols.toString(), "-o", symbols.toString(), trace.toString()),
                "which the run reads");
        assertArrayEquals(before, Files.readAllBytes(trace));
    }

    /** {@code tracesym report t.dat >> t.dat} and {@code report - < t.dat >> t.dat}: the output would feed the input. */
    @Test
    void standardOutputAppendedOntoAnInputIsRefused() throws Exception {
        byte[] before = Files.readAllBytes(trace);
        for (boolean viaStdin : new boolean[] {false, true}) {
            ProcessBuilder pb = new ProcessBuilder(TracesymProcess.java(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "dev.tracesym.app.Main", "report", viaStdin ? "-" : trace.toString())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(trace.toFile()))
                    .redirectError(dir.resolve("err.txt").toFile());
            if (viaStdin) {
                pb.redirectInput(trace.toFile());
            }
            Process p = pb.start();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue());
            assertTrue(Files.readString(dir.resolve("err.txt")).contains("standard output is that input file"));
            assertArrayEquals(before, Files.readAllBytes(trace), "nothing appended");
        }
    }

    @Test
    void permissionsOfTheReplacedFileAreKept() throws Exception {
        Path out = dir.resolve("private.txt");
        Files.writeString(out, "old");
        for (String mode : new String[] {"rw-------", "rw-r-----", "r--------"}) {
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString(mode);
            Files.setPosixFilePermissions(out, perms);
            TracesymProcess.Run r = tracesym(null, "report", "-o", out.toString(), trace.toString());
            if (mode.equals("r--------") && r.code() != 0) {
                continue; // a user who may not write the folder's file: refusing is fine too
            }
            assertEquals(0, r.code(), r.err());
            assertEquals(mode, PosixFilePermissions.toString(Files.getPosixFilePermissions(out)), "permissions kept");
            assertTrue(Files.size(out) > 1_000_000);
        }
        // a new file: the system's default for this user (0666 less the umask), as any program's new file
        Path probe = Files.createFile(dir.resolve("probe"));
        Path fresh = dir.resolve("fresh.txt");
        assertEquals(0, tracesym(null, "report", "-o", fresh.toString(), trace.toString()).code());
        assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(fresh));
    }

    @Test
    void aMissingFolderIsAnErrorNotCreated() throws Exception {
        Path target = dir.resolve("missing/dir/x.txt");
        refused(tracesym(null, "report", "-o", target.toString(), trace.toString()),
                "cannot write " + target + ": the folder " + target.getParent() + " does not exist");
        assertFalse(Files.exists(dir.resolve("missing")));
        refused(tracesym(null, "annotate", "-o", target.toString(), ReportCliTest.data("text/reuse-042-final.trace.xz").toString()),
                "does not exist");
        assertFalse(Files.exists(dir.resolve("missing")));
    }

    @Test
    void aLinkIsFollowedAndKeptADeviceWrittenNotReplaced() throws Exception {
        Path real = dir.resolve("real.txt");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), real);
        assertEquals(0, tracesym(null, "report", "-o", link.toString(), trace.toString()).code());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.size(real) > 1_000_000, "the file it names is replaced");
        TracesymProcess.Run r = tracesym(null, "report", "-o", "/dev/null", trace.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
        // a named pipe is written to, as a shell's '>' would
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());
        java.util.concurrent.CompletableFuture<byte[]> got = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readAllBytes(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(0, tracesym(null, "report", "-o", fifo.toString(), trace.toString()).code());
        assertArrayEquals(Files.readAllBytes(real), got.get(60, TimeUnit.SECONDS));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".part")).collect(Collectors.toList()));
        }
    }
}
