package dev.tracesym.app.capture;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capture on a kernel with /proc/kallmodsyms (the real table of the kallmodsyms-6.12 sample, with
 * md4 loaded): the command and its shell script both save /proc/kallmodsyms as the symbol file,
 * say so in kernel.tsv, store later snapshots as the lines after the kernel image (built-in
 * modules' lines, which carry a [module] too, stay in the image part), and the archive reads back
 * with the table's built-in modules, objects and sizes.
 */
class CaptureKallmodsymsTest {
    @Test
    void theCommandSavesKallmodsyms(@TempDir Path tmp) throws Exception {
        FakeKernel k = kernel(tmp);
        Path archive = tmp.resolve("a");
        StringWriter log = new StringWriter();
        PrintWriter pw = new PrintWriter(log, true);
        try (RandomAccessFile pipe = new RandomAccessFile(k.tracePipe.toFile(), "rw")) {   // a writer that never writes
            assertEquals(0, new CommandLine(new CaptureCommand()).setOut(pw).setErr(pw)
                    .execute(k.args(archive, "--duration", "0.3")), log.toString());
        }
        check(k, archive);
    }

    @Test
    void theScriptSavesKallmodsyms(@TempDir Path tmp) throws Exception {
        FakeKernel k = kernel(tmp);
        Path archive = tmp.resolve("a");
        try (RandomAccessFile pipe = new RandomAccessFile(k.tracePipe.toFile(), "rw")) {
            CaptureReplayTest.Running run = CaptureReplayTest.startScript(CaptureReplayTest.shell(), tmp, k.args(archive));
            CaptureReplayTest.waitRows(archive, 1, run);
            run.terminate();
            assertEquals(0, run.waitFor(), run.log());
        }
        check(k, archive);
    }

    private static FakeKernel kernel(Path tmp) throws Exception {
        FakeKernel k = new FakeKernel(tmp.resolve("kernel"), true);
        k.setKallmodsymsState("003-after-load-md4");
        return k;
    }

    private static void check(FakeKernel k, Path archive) throws Exception {
        byte[] table = Files.readAllBytes(k.proc.resolve("kallmodsyms"));
        assertArrayEquals(table, Files.readAllBytes(archive.resolve("001-start.kallsyms")), "the first snapshot is the whole table");
        byte[] md4 = FakeKernel.kallmodsymsData("003-after-load-md4.modsyms");
        assertArrayEquals(md4, Files.readAllBytes(archive.resolve("002-final.modsyms")),
                "the later snapshot is md4's lines only, built-in modules' lines stay in the image part");
        assertTrue(Files.readAllLines(archive.resolve("kernel.tsv")).contains("symbols\tkallmodsyms"));

        assertTrue(Files.exists(archive.resolve("modules.builtin.ranges")) && !Files.exists(archive.resolve("System.map")));
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(archive, archive.resolve("modules"));
        Resolution r = new Resolution();
        long fatInitOnce = address(table, "init_once\t[fat] {inode.o}");
        sym.resolve(0, fatInitOnce + 4, r);
        assertEquals("init_once", r.name);
        assertTrue(r.builtin);
        assertEquals("fat", r.module);
        assertEquals("inode.o", r.object);
        assertEquals(0x5b, r.size, "the size column");
        assertEquals(Resolution.Source.KALLMODSYMS, r.nameFrom);
        assertEquals(Resolution.Source.KALLMODSYMS, r.moduleFrom, "the table's own [module] before the ranges file's");
        sym.resolve(0, address(table, "md4_transform\t[md4]"), r);
        assertEquals("md4_transform", r.name);
        assertEquals("md4", r.module);
        assertFalse(r.builtin);
    }

    /** The address of the line of {@code table} that ends with " " + {@code nameAndGroups}. */
    private static long address(byte[] table, String nameAndGroups) {
        for (String line : new String(table, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.endsWith(" " + nameAndGroups)) return Long.parseUnsignedLong(line.substring(0, 16), 16);
        }
        throw new AssertionError("no line " + nameAndGroups);
    }
}
