package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.input.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * Issue 19's findings, each run as the user met it, in a process of its own ({@link TracesymProcess}):
 * events lost are exit 1 in every command and in batch's tally; the good bytes before a failure
 * reach the output; JSON Lines tolerates what the text report tolerates; no reader is quadratic,
 * blocks on a named pipe or device, or unpacks a bomb; memory limits give a message, never an
 * OutOfMemoryError; messages name the file and quote little of the bad input.
 */
@EnabledOnOs(OS.LINUX)
class HostileInputTest {
    @TempDir
    Path dir;

    private static Path data(String relative) {
        return ReportCliTest.data(relative);
    }

    private static TracesymProcess.Run tracesym(String... args) throws IOException, InterruptedException {
        return TracesymProcess.runFrom(null, args);
    }

    /** No stack trace, no exception class name: a user-facing message only. */
    private static void clean(TracesymProcess.Run r) {
        for (String s : new String[] {"Exception", "\tat ", "OutOfMemoryError", "null"}) {
            assertFalse(r.err().contains(s), "'" + s + "' in\n" + r.err());
        }
    }

    // ---------------------------------------------------------------- events lost: exit 1

    /** events.v7-zstd cut at 964,160 bytes, in the padding between one CPU's data and the next: 0 of 18,155 events. */
    @Test
    void aV7TraceCutBetweenTwoCpusIsExitOneInEveryCommand() throws Exception {
        byte[] intact = Files.readAllBytes(data("events/events.v7-zstd.dat"));
        Path cut = dir.resolve("traces/cut.dat");
        Files.createDirectories(cut.getParent());
        Files.write(cut, Arrays.copyOf(intact, 964_160));
        for (String format : new String[] {"text", "jsonl", "perfetto"}) {
            TracesymProcess.Run r = tracesym("report", "--format", format, cut.toString());
            assertEquals(1, r.code(), format + ": " + r.err());
            assertTrue(r.err().contains("walked chunk by chunk: 0 of 2 CPUs found") && r.err().contains("--partial-ok"), r.err());
            assertEquals(0, tracesym("report", "--partial-ok", "--format", format, cut.toString()).code(), format);
        }
        TracesymProcess.Run info = tracesym("info", cut.toString());
        assertEquals(1, info.code(), info.err());
        assertEquals(0, tracesym("info", "--partial-ok", cut.toString()).code());
        TracesymProcess.Run resolve = tracesym("resolve", "--trace", cut.toString(), "--archive", data("events/snapshots").toString(),
                "ffffffff81000000");
        assertEquals(1, resolve.code(), resolve.err());
        assertEquals(1, resolve.out().lines().count(), "the address is resolved all the same");
        assertEquals(0, tracesym("resolve", "--partial-ok", "--trace", cut.toString(), "--archive",
                data("events/snapshots").toString(), "ffffffff81000000").code());
        // batch counts it as failed, not as written
        Files.copy(data("reuse/reuse.v7-zstd.dat"), dir.resolve("traces/good.dat"));
        TracesymProcess.Run batch = tracesym("batch", "--no-progress", "-o", dir.resolve("out").toString(), dir.resolve("traces").toString());
        assertEquals(1, batch.code(), batch.err());
        assertTrue(batch.err().contains("1 of 2 traces written") && batch.err().contains("failed: " + cut), batch.err());
    }

    /** A .dat.gz cut short is read as a trace cut there: the events before the break, a warning, exit 1. */
    @Test
    void aCompressedTraceCutShortKeepsItsEventsBeforeTheCut() throws Exception {
        byte[] intact = Files.readAllBytes(data("reuse/reuse.v7-zstd.dat"));
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new java.util.zip.GZIPOutputStream(gz)) {
            o.write(intact);
        }
        Path cut = dir.resolve("cut.dat.gz");
        Files.write(cut, Arrays.copyOf(gz.toByteArray(), 1_000_000));
        TracesymProcess.Run r = tracesym("report", cut.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cut.dat.gz @1000000: gzip data ends early: the file is cut short"), r.err());
        List<String> whole = tracesym("report", data("reuse/reuse.v7-zstd.dat").toString()).out().lines().collect(Collectors.toList());
        List<String> kept = r.out().lines().collect(Collectors.toList());
        assertTrue(kept.size() > 1000 && new java.util.HashSet<>(whole).containsAll(kept), kept.size() + " lines");
        clean(r);
    }

    // ---------------------------------------------------------------- every good byte reaches the output

    /** 12,000 good lines, then one over 16 MiB: all 12,000 are written (they were cut at a 64 KB block). */
    @Test
    void theLinesBeforeAnOverlongLineAllReachTheOutput() throws Exception {
        Path in = dir.resolve("long.trace");
        try (OutputStream o = Files.newOutputStream(in)) {
            o.write("# tracer: function\n#\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 12_000; i++) {
                o.write(String.format("              dd-461     [000] .....    65.%06d: __x64_sys_read <-do_syscall_64%n", i)
                        .getBytes(StandardCharsets.US_ASCII));
            }
            byte[] x = new byte[17 << 20];
            Arrays.fill(x, (byte) 'x');
            o.write(x);
            o.write('\n');
        }
        TracesymProcess.Run r = tracesym("annotate", in.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("long.trace:12003: line longer than 16777216 bytes"), r.err());
        assertEquals(12_002, r.out().lines().count());
        assertTrue(r.out().endsWith("65.011999: __x64_sys_read <-do_syscall_64\n"), "ends with the last good line, whole");
        Path out = dir.resolve("out.txt");
        assertEquals(1, tracesym("annotate", "-o", out.toString(), in.toString()).code());
        assertEquals(r.out(), Files.readString(out), "a file output keeps them too");
        assertEquals(0, tracesym("annotate", "--partial-ok", "-o", out.toString(), in.toString()).code());
        TracesymProcess.Run json = tracesym("annotate", "--format", "jsonl", in.toString());
        assertEquals(12_000, json.out().lines().count(), "every event before the damage");
    }

    // ---------------------------------------------------------------- tolerance, linear time

    /** One kallsyms type letter replaced by '[': the text report prints every event (as trace-cmd); so do JSON Lines and Perfetto. */
    @Test
    void structuredOutputsTolerateABadKallsymsLineAsTheTextReportDoes() throws Exception {
        String trace = data("reliability/bad-kallsyms-line.v6.dat").toString();
        TracesymProcess.Run text = tracesym("report", trace);
        assertEquals(0, text.code(), text.err());
        assertEquals(40, text.out().lines().count());
        TracesymProcess.Run jsonl = tracesym("report", "--format", "jsonl", trace);
        assertEquals(0, jsonl.code(), jsonl.err());
        assertEquals(39, jsonl.out().lines().count(), "one object per event, as the text report's 39 event lines");
        assertTrue(jsonl.err().contains("bad-kallsyms-line.v6.dat (kallsyms):3: ") && jsonl.err().contains("line skipped"), jsonl.err());
        TracesymProcess.Run perfetto = tracesym("report", "--format", "perfetto", trace);
        assertEquals(0, perfetto.code(), perfetto.err());
        assertTrue(perfetto.out().startsWith("{\"displayTimeUnit\"") && perfetto.out().endsWith("]}"));
    }

    /**
     * One line of 15 MB with 470 k symbols: {@code annotate --format jsonl} took over 120 s (quadratic
     * in the symbols of a line; text 0.6 s for 4 MB). Linear, it takes seconds; the limit only says
     * it must not hang.
     */
    @Test
    void aLineWithHundredsOfThousandsOfSymbolsIsNotQuadratic() throws Exception {
        byte[] four;
        try (InputStream in = new XZInputStream(Files.newInputStream(data("reliability/4MB-line-127k-symbols.trace.xz")))) {
            four = in.readAllBytes();
        }
        String text = new String(four, StandardCharsets.ISO_8859_1);
        int lineStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        String header = text.substring(0, lineStart);
        String line = text.substring(lineStart).stripTrailing();
        int firstRef = line.indexOf(" foo+");
        Path in = dir.resolve("wide.trace");
        try (OutputStream o = Files.newOutputStream(in)) {
            o.write(header.getBytes(StandardCharsets.ISO_8859_1));
            o.write(line.getBytes(StandardCharsets.ISO_8859_1));
            byte[] refs = line.substring(firstRef).getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < 3; i++) {
                o.write(refs);
            }
            o.write('\n');
        }
        assertTrue(Files.size(in) > 15_000_000);
        Path symbols = dir.resolve("kallsyms");
        try (InputStream z = new XZInputStream(Files.newInputStream(data("reuse/snapshots/001-start.kallsyms.xz")))) {
            Files.copy(z, symbols);
        }
        for (String format : new String[] {"jsonl", "perfetto"}) {
            // the text's names are made up (foo+0x0 at real addresses): the symbols are forced past the check
            TracesymProcess.Run r = assertTimeoutPreemptively(Duration.ofSeconds(240),
                    () -> TracesymProcess.withHeap(null, "-Xmx1g", "annotate", "--format", format, "--symbols", symbols.toString(),
                            "--force-symbols", in.toString()));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().length() > 15_000_000, format);
        }
    }

    // ---------------------------------------------------------------- no blocking, no spooling of junk

    @Test
    void standardInputIsCheckedBeforeItIsSpooled() throws Exception {
        // cat /dev/zero | tracesym report -: it wrote 2.6 GB to the temporary folder and left it there
        TracesymProcess.Run r = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> TracesymProcess.runFrom(Path.of("/dev/zero"), "report", "-"));
        assertEquals(2, r.code());
        assertEquals("tracesym report: <stdin> @0: not a trace-cmd .dat file: expected magic 17 08 44 \"tracing\", found "
                + "'\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0'\n", r.err());
    }

    @Test
    void devicesAndNamedPipesWhereAFileIsExpectedAreRefused() throws Exception {
        TracesymProcess.Run r = tracesym("report", "--symbols", "/dev/zero", data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("/dev/zero: is a character device, not a file"), r.err());
        // --kallsyms read /dev/zero until the heap (5.8 GB) ran out
        r = tracesym("report", "--kallsyms", "/dev/zero", data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("/dev/zero: is a character device, not a file"), r.err());
        r = tracesym("annotate", "/dev/zero");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("/dev/zero: is a character device, not a file"), r.err());
        // a named pipe called snd.ko.xz in --modules: blocked forever, nobody writes it
        Path modules = dir.resolve("ko");
        Files.createDirectories(modules);
        try (Stream<Path> s = Files.list(data("modules-6.1.0-56-amd64"))) {
            for (Path p : s.collect(Collectors.toList())) {
                if (!p.getFileName().toString().equals("snd.ko.xz")) {
                    Files.copy(p, modules.resolve(p.getFileName().toString()));
                }
            }
        }
        assertEquals(0, new ProcessBuilder("mkfifo", modules.resolve("snd.ko.xz").toString()).inheritIO().start().waitFor());
        r = assertTimeoutPreemptively(Duration.ofSeconds(240), () -> tracesym("report", "--archive",
                data("reuse/snapshots").toString(), "--modules", modules.toString(), data("reuse/reuse.v7-zstd.dat").toString()));
        assertEquals(2, r.code());
        assertTrue(r.err().contains(modules.resolve("snd.ko.xz") + ": is a named pipe, not a regular file"), r.err());
        clean(r);
    }

    // ---------------------------------------------------------------- bombs and memory

    @Test
    void aSymbolFileBombIsRefusedWithItsNameAndTheBudget() throws Exception {
        String bomb = data("reliability/zeros-100MB.xz").toString();
        String budget = "xz data that decompresses to more than 64 MiB plus 256 times its compressed size";
        for (String[] args : new String[][] {
            {"report", "--symbols", bomb, data("reuse/reuse.v7-zstd.dat").toString()},
            {"report", "--format", "jsonl", "--symbols", bomb, data("reuse/reuse.v7-zstd.dat").toString()},
            {"report", "--kallsyms", bomb, data("reuse/reuse.v7-zstd.dat").toString()},   // was read as text: exit 0
            {"report", "--profile", "--kallsyms", bomb, data("reuse/reuse.v7-zstd.dat").toString()},
            {"annotate", "--symbols", bomb, data("text/reuse-042-final.trace.xz").toString()}}) {
            // with a 1 GiB heap a symbol file may have 128 MiB: the decompression budget stops the bomb first
            TracesymProcess.Run r = TracesymProcess.withHeap(null, "-Xmx1g", args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains(bomb + ": " + budget), r.err());
            clean(r);
        }
        // info reads it as trace text: one 100 MB line, refused by the line limit
        TracesymProcess.Run info = TracesymProcess.withHeap(null, "-Xmx1g", "info", bomb);
        assertEquals(2, info.code(), info.err());
        assertTrue(info.err().contains(bomb), info.err());
        clean(info);
        // with 256 MiB, 32 MiB: the memory limit stops it first, naming the heap
        TracesymProcess.Run small = tracesym("report", "--symbols", bomb, data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, small.code());
        assertTrue(small.err().contains(bomb + ": more than 33554432 bytes decompressed, more than the 32 MiB a symbol file may have"
                + " with a Java heap of 256 MiB (TRACESYM_JAVA_OPTS=-Xmx... raises it)"), small.err());
        // the same as a module-only listing in an archive and as a module file
        Path archive = dir.resolve("snapshots");
        Path modules = dir.resolve("ko");
        copy(data("reuse/snapshots"), archive);
        copy(data("modules-6.1.0-56-amd64"), modules);
        Files.copy(Path.of(bomb), archive.resolve("020-before-unload-snd.modsyms.xz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TracesymProcess.Run r = TracesymProcess.withHeap(null, "-Xmx1g", "report", "--archive", archive.toString(),
                data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("020-before-unload-snd.modsyms.xz: " + budget), r.err());
        copy(data("reuse/snapshots"), archive);
        Files.copy(Path.of(bomb), modules.resolve("snd.ko.xz"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        r = TracesymProcess.withHeap(null, "-Xmx1g", "report", "--archive", archive.toString(), "--modules", modules.toString(),
                data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("snd.ko.xz: " + budget), r.err());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.collect(Collectors.toList())) {
                Files.copy(p, to.resolve(p.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void batchUnpacksNoBombIntoTheOutputFolderAndNamesItsInputs() throws Exception {
        Path traces = dir.resolve("traces");
        Files.createDirectories(traces);
        // a trace-cmd file's magic, then 200 MB of zeros: 200 KB of gzip; unpacked whole it filled the output folder
        try (OutputStream o = new java.util.zip.GZIPOutputStream(Files.newOutputStream(traces.resolve("bomb.dat.gz")), 1 << 16)) {
            o.write(new byte[] {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g', '6', 0});
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                o.write(zeros);
            }
        }
        // not even a trace-cmd file: refused by its first bytes, nothing unpacked
        Files.copy(data("reliability/zeros-100MB.xz"), traces.resolve("zeros.dat.xz"));
        byte[] v6 = Files.readAllBytes(data("reuse/reuse.v6.dat.xz"));
        Files.write(traces.resolve("cut.dat.xz"), Arrays.copyOf(v6, 300));   // cut inside the metadata: nothing readable
        Path out = dir.resolve("out");
        TracesymProcess.Run r = tracesym("batch", "--no-progress", "-o", out.toString(), traces.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("0 of 3 traces written"), r.err());
        assertTrue(r.err().contains("failed: " + traces.resolve("bomb.dat.gz") + ": bomb.dat.gz: gzip data that "
                + "decompresses to more than 64 MiB plus 256 times its compressed size"), r.err());
        assertTrue(r.err().contains("failed: " + traces.resolve("zeros.dat.xz") + ": zeros.dat.xz @0: not a trace-cmd"
                + " .dat file"), r.err());
        assertTrue(r.err().contains("failed: " + traces.resolve("cut.dat.xz") + ": cut.dat.xz @300: xz data ends early"),
                r.err());
        clean(r);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of(), s.collect(Collectors.toList()), "nothing unpacked or left in the output folder");
        }
    }

    /** A heap too small for the trace: a message naming the file and the heap, exit 2, never an OutOfMemoryError. */
    @Test
    void aHeapTooSmallGivesAMessageNotAnError() throws Exception {
        String trace = data("reuse/reuse.v7-zstd.dat").toString();
        for (String heap : new String[] {"-Xmx12m", "-Xmx16m"}) {
            TracesymProcess.Run r = TracesymProcess.withHeap(null, heap, "report", "--archive", data("reuse/snapshots").toString(),
                    trace);
            assertEquals(2, r.code(), heap + ": " + r.err());
            assertTrue(r.err().contains("reuse") && r.err().contains("Java heap of") && r.err().contains("TRACESYM_JAVA_OPTS=-Xmx"), r.err());
            clean(r);
        }
        // the trace's own kallsyms read on a thread of its own (JSON Lines, Perfetto), and --profile: they said
        // "java.lang.OutOfMemoryError: Java heap space" or named no file
        for (String[] args : new String[][] {{"report", "--format", "jsonl", trace}, {"report", "--format", "perfetto", trace},
            {"report", "--profile", trace}}) {
            // (12 MiB was too small for them before the kallsyms were read in place; 8 MiB still is)
            TracesymProcess.Run r = TracesymProcess.withHeap(null, "-Xmx8m", args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("reuse.v7-zstd.dat") && r.err().contains("Java heap of"), r.err());
            clean(r);
        }
    }

    // ---------------------------------------------------------------- silently wrong

    @Test
    void anEmptySymbolFileIsRefused() throws Exception {
        Path empty = Files.createFile(dir.resolve("kallsyms"));
        TracesymProcess.Run r = tracesym("report", "--symbols", empty.toString(), data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(empty + ": holds no symbols"), r.err());
    }

    @Test
    void aCompressedNameHoldingPlainTextReadsAsItsContent() throws Exception {
        Path archive = dir.resolve("snapshots");
        copy(data("reuse/snapshots"), archive);
        try (Stream<Path> s = Files.list(archive)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".modsyms.xz")).collect(Collectors.toList())) {
                byte[] plain;
                try (InputStream in = InputFile.open(p)) {
                    plain = in.readAllBytes();
                }
                Files.write(p, plain);   // still called .xz
            }
        }
        String trace = data("reuse/reuse.v7-zstd.dat").toString();
        String modules = data("modules-6.1.0-56-amd64").toString();
        TracesymProcess.Run plain = tracesym("report", "--archive", archive.toString(), "--modules", modules, trace);
        TracesymProcess.Run xz = tracesym("report", "--archive", data("reuse/snapshots").toString(), "--modules", modules, trace);
        assertEquals(0, plain.code(), plain.err());
        assertEquals(xz.out(), plain.out());
    }

    // ---------------------------------------------------------------- messages

    @Test
    void aHugeGarbageLineIsQuotedShortly() throws Exception {
        Path bad = dir.resolve("kallsyms");
        byte[] garbage = new byte[40 << 20];
        Arrays.fill(garbage, (byte) 'g');
        Files.write(bad, garbage);
        TracesymProcess.Run r = TracesymProcess.withHeap(null, "-Xmx1g", "report", "--symbols", bad.toString(),
                data("reuse/reuse.v7-zstd.dat").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad + ":1: "), r.err().substring(0, Math.min(300, r.err().length())));
        assertTrue(r.err().length() < 400, "the message quotes a short excerpt: " + r.err().length() + " characters");
    }
}
