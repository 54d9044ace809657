package dev.tracesym.app.cli;

import static dev.tracesym.app.cli.TracesymProcess.arg;
import static dev.tracesym.app.cli.TracesymProcess.data;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.cli.TracesymProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * Symbols that do not belong to the trace are refused before any output, with exit 2, a message
 * saying what disagrees and the flag that uses them anyway; the real samples are the traces, and the
 * wrong symbols are real too: the events sample's archive is another boot of the reuse sample's
 * kernel, the builtin-6.12 archive another kernel.
 */
class SymbolMismatchTest {
    private static final String REUSE = "reuse/reuse.v7-zstd.dat";
    private static final String MODULES = "modules-6.1.0-56-amd64";

    @TempDir
    Path temp;

    @Test
    void reportRefusesAnArchiveOfAnotherBoot() {
        for (String format : List.of("text", "jsonl")) {
            Result r = TracesymProcess.run(null, "report", "--format", format, "--archive", arg("events/snapshots"),
                    "--modules", arg(MODULES), arg(REUSE));
            assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
            assertEquals(0, r.out().length, "nothing written before the refusal");
            assertTrue(r.err().contains("does not belong to reuse.v7-zstd.dat"), r.err());
            assertTrue(r.err().contains("another boot of the kernel (KASLR slide): _text is at ffffffff85e00000 in the trace, "
                    + "at ffffffffa7800000 in the archive"), r.err());
            assertTrue(r.err().contains("--force-symbols"), r.err());
        }
    }

    @Test
    void reportRefusesAnArchiveOfAnotherKernel() {
        Result r = TracesymProcess.run(null, "report", "--archive", arg("builtin-6.12/snapshots"), "--modules",
                arg("builtin-6.12/modules"), arg(REUSE));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals(0, r.out().length);
        assertTrue(r.err().contains("built for 6.12.117-tracesym-builtin (vermagic), the trace's kernel is 6.1.0-56-amd64"), r.err());
        assertTrue(r.err().contains("another kernel build: "), r.err());
        // and the other way round: a 6.12 trace with the 6.1 boot's kallsyms as a table
        r = TracesymProcess.run(null, "report", "--symbols", arg("reuse/snapshots/042-final.kallsyms.xz"),
                arg("builtin-6.12/builtin.v7-zstd.dat"));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertTrue(r.err().contains("--symbols ") && r.err().contains("another kernel build: "), r.err());
    }

    @Test
    void forceSymbolsNamesWithThemAnyway() {
        Result r = TracesymProcess.run(null, "report", "--force-symbols", "--archive", arg("events/snapshots"), arg(REUSE));
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        // the other boot's symbols place nothing of this one's kernel: its addresses print bare
        assertTrue(r.text().contains("function:             0xffffffff85f4bb50"), r.text().substring(0, 500));
    }

    @Test
    void theTracesOwnSymbolsPassWithoutAWord() {
        Result r = TracesymProcess.run(null, "report", "--archive", arg("events/snapshots"), "--modules", arg(MODULES),
                arg("events/events.v7-zstd.dat"));
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals("", r.err());
        r = TracesymProcess.run(null, "report", "--format", "jsonl", "--archive", arg("builtin-6.12/snapshots"), "--modules",
                arg("builtin-6.12/modules"), arg("builtin-6.12/builtin.v7-zstd.dat"));
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals("", r.err());
    }

    @Test
    void modulesAtOtherAddressesThanTheTraceSaw() throws IOException {
        // the reuse archive, but its last snapshot has lz4 one megabyte higher than the trace's kallsyms
        Path archive = copy(data("reuse/snapshots"), temp.resolve("snapshots"));
        Path kallsyms = archive.resolve("042-final.kallsyms.xz");
        List<String> lines = new ArrayList<>();
        for (String l : unxz(kallsyms).split("\n")) {
            lines.add(l.endsWith("\t[lz4]") ? Long.toHexString(Long.parseUnsignedLong(l.substring(0, 16), 16) + 0x100000)
                    + l.substring(16) : l);
        }
        Files.delete(kallsyms);
        Files.write(archive.resolve("042-final.kallsyms"), lines);
        Path modules = archive.resolve("042-final.modules");
        List<String> mods = new ArrayList<>();
        for (String l : Files.readAllLines(modules)) {
            if (l.startsWith("lz4 ")) {
                int at = l.lastIndexOf("0x");
                l = l.substring(0, at) + "0x" + Long.toHexString(Long.parseUnsignedLong(l.substring(at + 2), 16) + 0x100000);
            }
            mods.add(l);
        }
        Files.write(modules, mods);
        Result r = TracesymProcess.run(null, "report", "--archive", archive.toString(), arg(REUSE));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals(0, r.out().length);
        assertTrue(r.err().contains("modules at other addresses: lz4 (lz4's "), r.err());
        assertTrue(r.err().contains("in the archive's last snapshot (042 final)"), r.err());
    }

    @Test
    void anArchiveThatSaysItIsOfAnotherRelease() throws IOException {
        // tracesym capture writes the kernel's identity beside the snapshots (kernel.tsv)
        Path archive = copy(data("reuse/snapshots"), temp.resolve("snapshots"));
        Files.writeString(archive.resolve("kernel.tsv"), "release\t6.12.117-tracesym-builtin\nmachine\tx86_64\n");
        Result r = TracesymProcess.run(null, "report", "--archive", archive.toString(), arg(REUSE));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertTrue(r.err().contains("kernel release: 6.1.0-56-amd64 in the trace, 6.12.117-tracesym-builtin in the archive "
                + "(kernel.tsv)"), r.err());
        Files.writeString(archive.resolve("kernel.tsv"), "release\t6.1.0-56-amd64\nmachine\tx86_64\n");
        r = TracesymProcess.run(null, "report", "--archive", archive.toString(), "--modules", arg(MODULES), arg(REUSE));
        assertEquals(ExitCodes.OK, r.code(), r.toString());
    }

    @Test
    void aModuleFileOfAnotherBuild() throws IOException {
        // wp512.ko with one function moved 0x40 bytes on, as another build of the module would place it
        Path ko = copy(data(MODULES), temp.resolve("ko"));
        byte[] elf;
        try (InputStream in = new XZInputStream(Files.newInputStream(ko.resolve("wp512.ko.xz")))) {
            elf = in.readAllBytes();
        }
        String moved = moveFirstFunction(elf, 0x40);
        Files.delete(ko.resolve("wp512.ko.xz"));
        Files.write(ko.resolve("wp512.ko"), elf);
        Result r = TracesymProcess.run(null, "report", "--archive", arg("reuse/snapshots"), "--modules", ko.toString(), arg(REUSE));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals(0, r.out().length);
        assertTrue(r.err().contains("wp512.ko is not the module that was loaded: ") && r.err().contains(" in the loaded module, ")
                && r.err().contains(moved), r.err());
    }

    @Test
    void missingModuleFilesAreNamedInOneWarning() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        Result r = TracesymProcess.run(null, "report", "--archive", arg("reuse/snapshots"), "--modules", empty.toString(), arg(REUSE));
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals("tracesym report: warning: no module file in " + empty + " for soundcore, snd, snd_timer, snd_seq_device, "
                + "snd_seq and 14 more, loaded while tracing: their __init code prints as bare addresses while it runs\n", r.err());
        r = TracesymProcess.run(null, "report", "--archive", arg("reuse/snapshots"), arg(REUSE));
        assertTrue(r.err().startsWith("tracesym report: warning: no --modules for soundcore, snd,"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void annotateRefusesSymbolsTheTextContradicts() throws IOException {
        byte[] ftrace = unxzBytes(data("text/reuse-042-final.trace.xz"));
        Result r = TracesymProcess.run(ftrace, "annotate", "--archive", arg("events/snapshots"), "-");
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals(0, r.out().length);
        assertTrue(r.err().contains("does not belong to <stdin>") && r.err().contains("ffffffff85fc36bd is tracing_mark_write+0xdd"
                + " in the text, nothing (unmapped) in the symbols"), r.err());
        // perf script text, with the kallsyms of another boot as the table; the same as JSON Lines
        for (String format : List.of("text", "jsonl")) {
            r = TracesymProcess.run(null, "annotate", "--format", format, "--symbols", arg("reuse/snapshots/001-start.kallsyms.xz"),
                    arg("text/perf-script.txt.xz"));
            assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
            assertEquals(0, r.out().length);
        }
        // trace-cmd report -R: bare addresses, no names; the other boot's symbols place none of them
        r = TracesymProcess.run(null, "annotate", "--archive", arg("reuse/snapshots"), arg("text/events.report-R.txt.xz"));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertTrue(r.err().contains("is code in the text, outside the kernel and its modules in the symbols"), r.err());
        // their own symbols: accepted, every line written
        r = TracesymProcess.run(ftrace, "annotate", "--archive", arg("reuse/snapshots"), "--modules", arg(MODULES), "-");
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertEquals(new String(ftrace, StandardCharsets.ISO_8859_1).lines().count(), r.text().lines().count());
        r = TracesymProcess.run(null, "annotate", "--symbols", arg("text/perf-kallsyms-after.txt.xz"), arg("text/perf-script.txt.xz"));
        assertEquals(ExitCodes.OK, r.code(), r.toString());
    }

    @Test
    void resolveReplAndBatchRefuseThatTraceToo() throws IOException {
        Result r = TracesymProcess.run(null, "resolve", "--trace", arg(REUSE), "--archive", arg("events/snapshots"), "ffffffff85e024b9");
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals(0, r.out().length);
        assertTrue(r.err().contains("another boot of the kernel (KASLR slide)"), r.err());
        r = TracesymProcess.run(null, "resolve", "--trace", arg(REUSE), "--archive", arg("reuse/snapshots"), "--modules", arg(MODULES),
                "--at", "6.4994", "ffffffffc02d4000");
        assertTrue(r.text().startsWith("0xffffffffc02d4000 init_soundcore+0x0/0x1000 [soundcore]"), r.toString());

        r = TracesymProcess.run("quit\n".getBytes(StandardCharsets.UTF_8), "repl", "--no-history", "--trace", arg(REUSE),
                "--symbols", arg("events/snapshots/001-start.kallsyms.xz"));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertTrue(r.err().contains("at ffffffffa7800000 in the symbol table"), r.err());

        Path in = Files.createDirectories(temp.resolve("in"));
        Files.copy(data(REUSE), in.resolve("reuse.dat"));
        Files.copy(data("events/events.v7-zstd.dat"), in.resolve("events.dat"));
        Path out = temp.resolve("out");
        r = TracesymProcess.run(null, "batch", "--no-progress", "--archive", arg("reuse/snapshots"), "--modules", arg(MODULES),
                "-o", out.toString(), in.toString());
        assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("1 of 2 traces written"), r.err());
        assertTrue(r.err().contains("events.dat: --archive") && r.err().contains("KASLR slide"), r.err());
        assertTrue(Files.size(out.resolve("reuse.report.txt")) > 0);
        assertFalse(Files.exists(out.resolve("events.report.txt")));
    }

    /**
     * Input damaged before annotate has judged the symbols (a line over 16 MiB after a few good
     * ones): the good lines still reach the output, judged on the names seen so far, then exit 1.
     */
    @Test
    void annotateWritesTheLinesBeforeDamageWhileTheSymbolsAreStillBeingJudged() throws IOException {
        String ftrace = unxz(data("text/reuse-042-final.trace.xz"));
        List<String> good = ftrace.lines().limit(16).toList();
        java.io.ByteArrayOutputStream in = new java.io.ByteArrayOutputStream();
        in.write(String.join("\n", good).concat("\n").getBytes(StandardCharsets.ISO_8859_1));
        in.write("x".repeat(17 << 20).getBytes(StandardCharsets.US_ASCII));
        in.write('\n');
        Result r = TracesymProcess.run(in.toByteArray(), "annotate", "--archive", arg("reuse/snapshots"), "--modules",
                arg(MODULES), "-");
        assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("line longer than"), r.err());
        assertEquals(good.size(), r.text().lines().count(), r.text());
    }

    /**
     * batch without --archive names each trace with the archive beside it: one that belongs to
     * another boot fails that trace (its message names the archive and the override), the other
     * trace is written; --force-symbols alone forces the archives beside the traces.
     */
    @Test
    void batchRefusesAnArchiveBesideTheTraceThatIsNotItsOwn() throws IOException {
        Path in = Files.createDirectories(temp.resolve("fleet"));
        Files.copy(data(REUSE), in.resolve("reuse.dat"));
        copy(data("events/snapshots"), in.resolve("reuse.archive/snapshots"));     // another boot's archive
        Files.copy(data("events/events.v7-zstd.dat"), in.resolve("events.dat"));
        copy(data("events/snapshots"), in.resolve("events.archive/snapshots"));
        Path out = temp.resolve("out");
        Result r = TracesymProcess.run(null, "batch", "--no-progress", "-o", out.toString(), in.toString());
        assertEquals(ExitCodes.FAILURE, r.code(), r.toString());
        assertTrue(r.err().contains("1 of 2 traces written"), r.err());
        assertTrue(r.err().contains("reuse.dat: the archive beside the trace (" + in.resolve("reuse.archive/snapshots")
                + ") does not belong to reuse.dat"), r.err());
        assertTrue(r.err().contains("another boot of the kernel (KASLR slide)") && r.err().contains("--force-symbols"), r.err());
        assertFalse(Files.exists(out.resolve("reuse.report.txt")));
        assertTrue(Files.size(out.resolve("events.report.txt")) > 0);

        Path forced = temp.resolve("forced");
        r = TracesymProcess.run(null, "batch", "--no-progress", "--force-symbols", "-o", forced.toString(), in.toString());
        assertEquals(ExitCodes.OK, r.code(), r.toString());
        assertTrue(Files.size(forced.resolve("reuse.report.txt")) > 0);
    }

    // ---------------------------------------------------------------- helpers

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    private static byte[] unxzBytes(Path p) throws IOException {
        try (InputStream in = new XZInputStream(Files.newInputStream(p))) {
            return in.readAllBytes();
        }
    }

    private static String unxz(Path p) throws IOException {
        return new String(unxzBytes(p), StandardCharsets.ISO_8859_1);
    }

    /**
     * Adds {@code delta} to the value of the first function symbol of section .text in a little-endian
     * ELF64 relocatable file (in place); returns its name.
     */
    private static String moveFirstFunction(byte[] elf, int delta) {
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        long shstrOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        int text = -1;
        int symtab = -1;
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            if (cString(elf, (int) shstrOff + b.getInt(h)).equals(".text")) {
                text = i;
            }
            if (b.getInt(h + 4) == 2) {
                symtab = i;
            }
        }
        int h = (int) (shoff + (long) symtab * shentsize);
        int off = (int) b.getLong(h + 0x18);
        int size = (int) b.getLong(h + 0x20);
        int strtab = b.getInt(h + 0x28);
        long strOff = b.getLong((int) (shoff + (long) strtab * shentsize + 0x18));
        for (int s = off; s < off + size; s += 24) {
            if ((elf[s + 4] & 0xf) == 2 && (b.getShort(s + 6) & 0xffff) == text) {
                b.putLong(s + 8, b.getLong(s + 8) + delta);
                return cString(elf, (int) strOff + b.getInt(s));
            }
        }
        throw new AssertionError("no function in .text");
    }

    private static String cString(byte[] b, int at) {
        int end = at;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.ISO_8859_1);
    }
}
