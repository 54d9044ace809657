package dev.tracesym.app.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command's options, refusals and ways to end, on the fake tree of the builtin-6.12 sample. */
class CaptureCommandTest {
    private final StringWriter log = new StringWriter();

    private int run(String... args) {
        PrintWriter pw = new PrintWriter(log, true);
        return new CommandLine(new CaptureCommand()).setOut(pw).setErr(pw).execute(args);
    }

    private static List<String> labels(Path archive) throws Exception {
        List<String> l = new ArrayList<>();
        for (String row : Files.readAllLines(archive.resolve(SymbolArchive.MANIFEST))) l.add(row.split("\t")[0] + "-" + row.split("\t")[1]);
        return l;
    }

    @Test
    void eventsOfARegularFileThenItsEndGiveOneSnapshotEach(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        // a load with taint flags (reuse sample), a lost-events note, an unload, and lines of other events
        Files.writeString(k.tracePipe, String.join("\n",
                "        modprobe-457     [000] .....    65.702265: module_load: corpus_printk OE ",
                "CPU:1 [LOST 12 EVENTS]",
                "           rmmod-474     [001] .....    67.964699: module_free: corpus_printk",
                "            init-105     [001] .....     5.126629: tracing_mark_write: epoch: 001 start",
                "        modprobe-158     [000] .....    31.204545: module_get: md4 call_site=do_init_module refcnt=2",
                ""));
        Path archive = tmp.resolve("a");
        assertEquals(0, run(k.args(archive)), log.toString());
        assertEquals(List.of("001-start", "002-after-load-corpus_printk", "003-after-lost-events",
                "004-after-unload-corpus_printk", "005-final"), labels(archive));
        assertTrue(log.toString().contains("no file for module corpus_printk in modules.dep"), log.toString());
        assertTrue(Files.exists(archive.resolve("005-final.modsyms")));
        assertEquals("002\tmodule_load\tcorpus_printk\t65.702265\n003\tlost\t-\t-\n004\tmodule_free\tcorpus_printk\t67.964699\n",
                Files.readString(archive.resolve(SymbolArchive.EVENTS)));
    }

    @Test
    void refusesANonEmptyFolderWithoutAppend(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        Path archive = tmp.resolve("a");
        Files.createDirectories(archive);
        Files.writeString(archive.resolve("notes.txt"), "mine\n");
        assertEquals(2, run(k.args(archive)));
        assertTrue(log.toString().contains("is not empty"), log.toString());
        assertTrue(log.toString().contains("--append"), log.toString());
        try (Stream<Path> s = Files.list(archive)) {
            assertEquals(1, s.count());
        }
        assertEquals("0\n", Files.readString(k.instance.resolve("events/module/module_load/enable")));
        assertEquals("", Files.readString(k.tracefs.resolve("trace_marker")));
    }

    @Test
    void appendContinuesTheNumberingAndStoresOnlyModuleLines(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        Path archive = tmp.resolve("a");
        assertEquals(0, run(k.args(archive)), log.toString());
        byte[] kernelTsv = Files.readAllBytes(archive.resolve("kernel.tsv"));

        k.setState("004-after-load-wp512");
        assertEquals(0, run(k.args(archive, "--append")), log.toString());
        assertEquals(List.of("001-start", "002-final", "003-start", "004-final"), labels(archive));
        assertArrayEquals(FakeKernel.data("snapshots/004-after-load-wp512.modsyms"), Files.readAllBytes(archive.resolve("003-start.modsyms")));
        assertFalse(Files.exists(archive.resolve("003-start.kallsyms")));
        assertArrayEquals(kernelTsv, Files.readAllBytes(archive.resolve("kernel.tsv")));
        assertTrue(Files.exists(archive.resolve("modules/md4.ko")));

        // another boot: the addresses would not fit the archive
        FakeKernel.write(k.proc.resolve("sys/kernel/random/boot_id"), "0c6a7a1e-0000-4000-8000-000000000001\n");
        assertEquals(2, run(k.args(archive, "--append")));
        assertTrue(log.toString().contains("another boot"), log.toString());
        assertEquals(4, labels(archive).size());
    }

    @Test
    void aSnapshotCutShortKeepsItsNumberOnAppend(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        Path archive = tmp.resolve("a");
        assertEquals(0, run(k.args(archive)), log.toString());
        Files.writeString(archive.resolve("003-after-load-md4.modules"), "md4 12288 0 - Live 0xffffffffc0002000\n");
        assertEquals(0, run(k.args(archive, "--append")), log.toString());
        assertEquals(List.of("001-start", "002-final", "004-start", "005-final"), labels(archive));
    }

    @Test
    void durationEndsACaptureThatSawNoEvent(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), true);
        Path archive = tmp.resolve("a");
        try (RandomAccessFile pipe = new RandomAccessFile(k.tracePipe.toFile(), "rw")) {   // a writer that never writes
            long t0 = System.nanoTime();
            assertEquals(0, run(k.args(archive, "--duration", "0.5")), log.toString());
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 500 && ms < 10_000, ms + " ms");
        }
        assertEquals(List.of("001-start", "002-final"), labels(archive));
    }

    @Test
    void sigtermEndsTheCaptureWithTheManifestComplete(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), true);
        Path archive = tmp.resolve("a");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CaptureMain.class.getName()));
        cmd.addAll(List.of(k.args(archive)));
        File out = tmp.resolve("out.txt").toFile();
        try (RandomAccessFile pipe = new RandomAccessFile(k.tracePipe.toFile(), "rw")) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
            CaptureReplayTest.Running running = new CaptureReplayTest.Running() {
                public boolean finished() { return !p.isAlive(); }
                public int waitFor() { return 0; }
                public String log() { try { return Files.readString(out.toPath()); } catch (Exception e) { return e.toString(); } }
            };
            CaptureReplayTest.waitRows(archive, 1, running);
            k.setState("003-after-load-md4");
            pipe.write("        modprobe-158     [000] .....    31.204545: module_load: md4 \n".getBytes(StandardCharsets.UTF_8));
            CaptureReplayTest.waitRows(archive, 2, running);
            p.destroy();                                             // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), running.log());
            assertEquals(0, p.exitValue(), running.log());
        }
        assertEquals(List.of("001-start", "002-after-load-md4", "003-final"), labels(archive));
        assertArrayEquals(FakeKernel.data("snapshots/003-after-load-md4.modsyms"), Files.readAllBytes(archive.resolve("003-final.modsyms")));
        try (Stream<Path> s = Files.list(archive)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "temporary files left");
        }
        assertEquals("0\n", Files.readString(k.instance.resolve("tracing_on")));
    }

    @Test
    void scriptEndsOnSigtermAndReadsSectionAddressesWhole(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), true);
        k.setState("003-after-load-md4");
        FakeKernel.write(k.sys.resolve("module/md4/sections/.text"), "0xffffffffc0002000\n");
        Path archive = tmp.resolve("a");
        try (RandomAccessFile pipe = new RandomAccessFile(k.tracePipe.toFile(), "rw")) {
            CaptureReplayTest.Running run = CaptureReplayTest.startScript(List.of("/bin/sh"), tmp, k.args(archive));
            CaptureReplayTest.waitRows(archive, 1, run);
            run.terminate();
            assertEquals(0, run.waitFor(), run.log());
        }
        assertEquals(List.of("001-start", "002-final"), labels(archive));
        assertTrue(Files.readString(archive.resolve("001-start.sections")).contains("md4 .text 0xffffffffc0002000\n"));
        assertTrue(Files.exists(archive.resolve("001-start.kallsyms")));
        assertTrue(Files.exists(archive.resolve("modules/md4.ko")));
    }

    @Test
    void refusesWhenAddressesAreHidden(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        // what a reader without CAP_SYSLOG sees: the same lines with zero addresses
        String hidden = new String(FakeKernel.data("snapshots/001-start.kallsyms"), StandardCharsets.ISO_8859_1)
                .replaceAll("(?m)^[0-9a-f]{16} ", "0000000000000000 ");
        Files.writeString(k.proc.resolve("kallsyms"), hidden, StandardCharsets.ISO_8859_1);
        Path archive = tmp.resolve("a");
        assertEquals(2, run(k.args(archive)));
        assertTrue(log.toString().contains("kptr_restrict"), log.toString());
        assertFalse(Files.exists(archive));
    }

    @Test
    void refusesWithoutTracefsOrModuleEvents(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        Path archive = tmp.resolve("a");
        Path empty = Files.createDirectories(tmp.resolve("no-tracefs"));
        assertEquals(2, run(k.args(archive, empty)));
        assertTrue(log.toString().contains("no tracefs at " + empty), log.toString());

        // a tracefs whose new instance has no module events: the capture removes what it created
        Files.createDirectories(empty.resolve("instances"));
        Files.writeString(empty.resolve("trace_marker"), "");
        assertEquals(2, run(k.args(tmp.resolve("b"), empty)));
        assertTrue(log.toString().contains("this kernel has no module events"), log.toString());
        assertFalse(Files.exists(empty.resolve("instances/tracesym-capture")));
    }

    @Test
    void noModulesCopyLeavesModuleFilesOut(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), false);
        k.setState("004-after-load-wp512");
        Path archive = tmp.resolve("a");
        assertEquals(0, run(k.args(archive, "--no-modules-copy")), log.toString());
        assertFalse(Files.exists(archive.resolve("modules")));
        assertTrue(Files.exists(archive.resolve("System.map")));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(2, run("--duration", "5"));
        assertTrue(log.toString().contains("missing -o ARCHIVE"), log.toString());
        assertEquals(2, run("-o", "x", "--duration", "-1"));
        assertEquals(2, run("-o", "x", "--instance", "../escape"));
    }

    @Test
    void scriptOptionPrintsAPosixScript(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new CaptureCommand()).setOut(new PrintWriter(out, true)).execute("--script");
        assertEquals(0, rc);
        assertTrue(out.toString().startsWith("#!/bin/sh\n"));
        assertEquals(CaptureCommand.script(), out.toString());
        Path script = tmp.resolve("capture.sh");
        Files.writeString(script, out.toString());
        List<List<String>> shells = new ArrayList<>(List.of(List.of("/bin/sh", "-n")));
        if (!CaptureReplayTest.shell().get(0).equals("/bin/sh")) shells.add(List.of(CaptureReplayTest.shell().get(0), "sh", "-n"));
        for (List<String> sh : shells) {
            List<String> cmd = new ArrayList<>(sh);
            cmd.add(script.toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String msg = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), sh + ": " + msg);
        }
    }

    @Test
    void helpShowsExamples() {
        StringWriter out = new StringWriter();
        new CommandLine(new CaptureCommand()).setOut(new PrintWriter(out, true)).execute("--help");
        assertTrue(out.toString().contains("tracesym capture -o snaps/"), out.toString());
        assertTrue(out.toString().contains("--duration"), out.toString());
        assertFalse(out.toString().contains("--lib-modules=DIR"), out.toString());
    }
}
