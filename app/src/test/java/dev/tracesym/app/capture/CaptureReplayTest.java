package dev.tracesym.app.capture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays the builtin-6.12 sample's module loads and unloads through a fake trace_pipe while the
 * fake procfs/sysfs follow the sample's snapshots, and checks that the capture (the Java command
 * and its shell script) writes the sample's snapshot series.
 */
class CaptureReplayTest {
    /** A capture running in a thread (the command) or a process (the script). */
    interface Running {
        boolean finished();
        int waitFor() throws Exception;
        String log();
        /** SIGTERM, for a process. */
        default void terminate() {}
    }

    static Running startCommand(String... args) {
        StringWriter log = new StringWriter();
        PrintWriter pw = new PrintWriter(log, true);
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(new CommandLine(new CaptureCommand()).setOut(pw).setErr(pw).execute(args));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "capture-under-test");
        t.setDaemon(true);
        t.start();
        return new Running() {
            public boolean finished() { return f.isDone(); }
            public int waitFor() throws Exception { return f.get(60, TimeUnit.SECONDS); }
            public String log() { return log.toString(); }
        };
    }

    static Running startScript(List<String> shell, Path dir, String... args) throws IOException {
        Path script = dir.resolve("tracesym-capture.sh");
        Files.writeString(script, CaptureCommand.script());
        Path log = dir.resolve("script.log");
        List<String> cmd = new ArrayList<>(shell);
        cmd.add(script.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Running() {
            public boolean finished() { return !p.isAlive(); }
            public int waitFor() throws Exception {
                if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); fail("script did not end: " + log()); }
                return p.exitValue();
            }
            public String log() {
                try { return Files.readString(log); } catch (IOException e) { return e.toString(); }
            }
            public void terminate() { p.destroy(); }
        };
    }

    /** The shell the script is for: busybox sh when installed, else /bin/sh. */
    static List<String> shell() {
        for (String b : new String[] {"/bin/busybox", "/usr/bin/busybox"}) {
            if (Files.isExecutable(Path.of(b))) return List.of(b, "sh");
        }
        return List.of("/bin/sh");
    }

    /** Feeds every event line after setting the state it leads to, each once the previous snapshot is in. */
    static void replay(FakeKernel k, Path archive, Running run) throws Exception {
        try (RandomAccessFile pipe = new RandomAccessFile(k.tracePipe.toFile(), "rw")) {
            int rows = 1;
            waitRows(archive, rows, run);
            // module events are timed on the clock of the buffer the markers go to
            assertEquals("global\n", Files.readString(k.instance.resolve("trace_clock")));
            for (String[] ev : FakeKernel.eventsWithSnapshots()) {
                k.setState(ev[1]);
                pipe.write((ev[0] + "\n").getBytes(StandardCharsets.UTF_8));
                waitRows(archive, ++rows, run);
            }
        }
    }

    static void waitRows(Path archive, int rows, Running run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Path m = archive.resolve(SymbolArchive.MANIFEST);
        while (System.nanoTime() < deadline) {
            if (Files.exists(m) && Files.readAllLines(m).size() >= rows) return;
            if (run.finished()) fail("capture ended before snapshot " + rows + ": " + run.log());
            Thread.sleep(10);
        }
        fail("no snapshot " + rows + " within 30 s: " + run.log());
    }

    @TempDir
    static Path shared;
    private static FakeKernel commandKernel;
    private static Path commandArchive;
    private static Running command;

    /** One run of the command, which the script's archives are compared with. */
    @BeforeAll
    static void runCommand() throws Exception {
        commandKernel = new FakeKernel(shared.resolve("kernel"), true);
        commandArchive = shared.resolve("archive");
        command = startCommand(commandKernel.args(commandArchive));
        replay(commandKernel, commandArchive, command);
        command.waitFor();
    }

    @Test
    void commandRecordsTheSamplesSnapshotSeries() throws Exception {
        assertEquals(0, command.waitFor(), command.log());
        assertMatchesSample(commandKernel, commandArchive);
        assertEquals("tracesym capture", KernelIdentity.valueIn(commandArchive.resolve("kernel.tsv"), "captured-by"));
        // the instance existed: the capture leaves it as it found it
        FakeKernel k = commandKernel;
        assertEquals("0\n", Files.readString(k.instance.resolve("events/module/module_load/enable")));
        assertEquals("0\n", Files.readString(k.instance.resolve("events/module/module_free/enable")));
        assertEquals("0\n", Files.readString(k.instance.resolve("tracing_on")));
        assertEquals("1408\n", Files.readString(k.instance.resolve("buffer_size_kb")));
        assertEquals("local\n", Files.readString(k.instance.resolve("trace_clock")));
        assertTrue(command.log().contains("020 after-load-wp512"), command.log());
    }

    @Test
    void scriptWritesTheSameArchiveAsTheCommand(@TempDir Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), true);
        Path archive = tmp.resolve("archive");
        Running run = startScript(shell(), tmp, k.args(archive));
        replay(k, archive, run);
        assertEquals(0, run.waitFor(), run.log());
        assertMatchesSample(k, archive);
        assertEquals("tracesym capture --script", KernelIdentity.valueIn(archive.resolve("kernel.tsv"), "captured-by"));
        assertEquals("0\n", Files.readString(k.instance.resolve("events/module/module_free/enable")));
        assertEquals("0\n", Files.readString(k.instance.resolve("tracing_on")));

        TreeMap<String, byte[]> a = files(archive);
        TreeMap<String, byte[]> b = files(commandArchive);
        assertEquals(b.keySet(), a.keySet());
        for (String name : a.keySet()) {
            if (name.equals("kernel.tsv")) {
                assertEquals(withoutCapturedBy(b.get(name)), withoutCapturedBy(a.get(name)));
            } else {
                assertArrayEquals(b.get(name), a.get(name), name);
            }
        }
        assertEquals(Files.readString(commandKernel.tracefs.resolve("trace_marker")), Files.readString(k.tracefs.resolve("trace_marker")));
    }

    private static String withoutCapturedBy(byte[] tsv) {
        return new String(tsv, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("captured-by\t"))
                .collect(Collectors.joining("\n"));
    }

    static TreeMap<String, byte[]> files(Path dir) throws IOException {
        TreeMap<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                m.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    /**
     * The archive holds, in order: the sample's first snapshot in full, one snapshot per event equal
     * to the sample's snapshot after that event, and a last one; each announced by its marker.
     */
    static void assertMatchesSample(FakeKernel k, Path archive) throws IOException {
        List<String[]> events = FakeKernel.eventsWithSnapshots();
        List<String> expectedSnapshots = new ArrayList<>();
        expectedSnapshots.add("001-start");
        for (String[] ev : events) expectedSnapshots.add(ev[1]);
        String last = expectedSnapshots.get(expectedSnapshots.size() - 1);
        expectedSnapshots.add(last);                             // "final": the state did not change

        List<String> manifest = Files.readAllLines(archive.resolve(SymbolArchive.MANIFEST));
        assertEquals(expectedSnapshots.size(), manifest.size(), String.join("\n", manifest));
        StringBuilder markers = new StringBuilder();
        for (int i = 0; i < manifest.size(); i++) {
            String sample = expectedSnapshots.get(i);
            String label = i == manifest.size() - 1 ? "final" : sample.substring(4);
            String number = String.format("%03d", i + 1);
            assertEquals(number + "\t" + label + "\t" + FakeKernel.uptimeOf(sample), manifest.get(i));
            markers.append("epoch: ").append(number).append(' ').append(label).append('\n');
            String base = number + "-" + label;
            if (i == 0) {
                assertArrayEquals(FakeKernel.data("snapshots/001-start.kallsyms"), Files.readAllBytes(archive.resolve(base + ".kallsyms")));
                assertFalse(Files.exists(archive.resolve(base + ".modsyms")));
            } else {
                assertArrayEquals(FakeKernel.data("snapshots/" + sample + ".modsyms"), Files.readAllBytes(archive.resolve(base + ".modsyms")), base);
                assertFalse(Files.exists(archive.resolve(base + ".kallsyms")), base);
            }
            assertArrayEquals(FakeKernel.data("snapshots/" + sample + ".modules"), Files.readAllBytes(archive.resolve(base + ".modules")), base);
            assertArrayEquals(FakeKernel.data("snapshots/" + sample + ".sections"), Files.readAllBytes(archive.resolve(base + ".sections")), base);
        }
        assertEquals(markers.toString(), Files.readString(k.tracefs.resolve("trace_marker")));

        // events.tsv: the event behind each snapshot, with its time as trace_pipe printed it
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            String line = events.get(i)[0];
            String[] f = line.trim().split("\\s+");
            String ts = f[3].substring(0, f[3].length() - 1);                 // "31.204545:"
            rows.append(String.format("%03d", i + 2)).append('\t').append(f[4], 0, f[4].length() - 1)
                .append('\t').append(f[5]).append('\t').append(ts).append('\n');
        }
        assertEquals(rows.toString(), Files.readString(archive.resolve(SymbolArchive.EVENTS)));

        // every module loaded during the capture has its .ko copied, byte for byte
        List<String> loaded = new ArrayList<>();
        for (String[] ev : events) {
            ModuleEvent e = ModuleEvent.parse(ev[0]);
            if (e.kind == ModuleEvent.Kind.LOAD && !loaded.contains(e.module)) loaded.add(e.module);
        }
        try (Stream<Path> s = Files.list(archive.resolve("modules"))) {
            List<String> copied = s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
            List<String> expected = loaded.stream().map(m -> m.equals("crc_itu_t") ? "crc-itu-t.ko" : m + ".ko")
                    .sorted().collect(Collectors.toList());
            assertEquals(expected, copied);
        }
        for (String[] ev : events) {
            ModuleEvent e = ModuleEvent.parse(ev[0]);
            if (e.kind != ModuleEvent.Kind.LOAD) continue;
            String file = e.module.equals("crc_itu_t") ? "crc-itu-t.ko" : e.module + ".ko";
            assertArrayEquals(FakeKernel.data("modules/" + file), Files.readAllBytes(archive.resolve("modules/" + file)), file);
        }

        assertArrayEquals(FakeKernel.systemMap(), Files.readAllBytes(archive.resolve("System.map")));
        assertArrayEquals(FakeKernel.data("modules.builtin.ranges"), Files.readAllBytes(archive.resolve("modules.builtin.ranges")));
        assertArrayEquals(FakeKernel.data("modules.builtin"), Files.readAllBytes(archive.resolve("modules.builtin")));
        Path tsv = archive.resolve("kernel.tsv");
        assertEquals(FakeKernel.RELEASE, KernelIdentity.valueIn(tsv, "release"));
        assertEquals(FakeKernel.VERSION, KernelIdentity.valueIn(tsv, "version"));
        assertEquals(FakeKernel.BOOT_ID, KernelIdentity.valueIn(tsv, "boot-id"));
        assertEquals("85c7e4e2ed76f4417e8aaad7c6b040d2bb897a26", KernelIdentity.valueIn(tsv, "build-id"));
        assertEquals("kallsyms", KernelIdentity.valueIn(tsv, "symbols"));
        try (Stream<Path> s = Files.list(archive)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "temporary files left");
        }
    }
}
