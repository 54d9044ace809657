package dev.tracesym.formats.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata of the real samples, checked against what {@code trace-cmd dump} says about them (the
 * samples' summary files) and against each other: the v6, v7-zstd and v7-zlib files are conversions
 * of one trace and must carry the same metadata.
 */
class DatFileMetadataTest {
    @TempDir
    static Path tmp;

    private static final String UNAME = "Linux (none) 6.1.0-56-amd64 x86_64";

    @Test
    void eventsV7Zstd() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("events/events.v7-zstd.dat", tmp))) {
            assertEquals(7, f.fileVersion());
            assertEquals("zstd", f.compression());
            assertEquals("1.5.4", f.compressionVersion());
            assertCommonEvents(f);
        }
    }

    @Test
    void eventsV7Zlib() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("events/events.v7-zlib.dat", tmp))) {
            assertEquals(7, f.fileVersion());
            assertEquals("zlib", f.compression());
            assertCommonEvents(f);
        }
    }

    @Test
    void eventsV6() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("events/events.v6.dat.xz", tmp))) {
            assertEquals(6, f.fileVersion());
            assertEquals("none", f.compression());
            assertCommonEvents(f);
        }
    }

    private static void assertCommonEvents(DatFile f) {
        assertFalse(f.bigEndian());
        assertEquals(8, f.userLongSize());
        assertEquals(8, f.longSize());
        assertEquals(4096, f.pageSize());
        assertEquals(2, f.cpuCount());
        assertEquals(List.of(new BufferInfo("", "mono", 4096, 2), new BufferInfo("foo", "mono", 4096, 2)), f.buffers());
        assertEquals("mono", f.traceClock());
        assertTrue(f.timestampsInNs());
        assertEquals(0, f.tsOffsetNs());
        assertEquals(UNAME, f.uname());
        assertEquals("3.1.6 not-a-git-repo", f.traceCmdVersion());
        // summary: 18 ftrace formats, 97 systems, kallsyms 3952955 bytes, printk 5984, cmdlines 1082
        assertEquals(18, f.ftraceFormats().size());
        assertTrue(f.ftraceFormats().stream().allMatch(s -> s.startsWith("name: ")));
        assertEquals(97, f.eventSystems().size());
        assertTrue(f.eventSystems().stream().anyMatch(s -> s.name().equals("sched") && !s.formats().isEmpty()));
        assertEquals(3952955, f.kallsyms().length());
        assertTrue(f.kallsyms().lines().findFirst().orElseThrow().matches("[0-9a-f]{16} [A-Za-z] \\S+.*"));
        assertEquals(5984, f.printkFormats().length());
        assertEquals(1082, f.cmdlines().length());
        assertTrue(f.headerPage().contains("commit;"));
        assertTrue(f.headerEvent().contains("type_len"));
        // two CPUs of the top-level buffer, a "Buffer: foo" marker and two CPUs of foo
        assertEquals(5, f.cpuStats().size());
        assertTrue(f.cpuStats().get(0).startsWith("CPU: 0\n"), f.cpuStats().get(0));
        assertEquals(List.of(), f.warnings());
        assertEquals(0, f.skippedOptions());
    }

    @Test
    void allVariantsCarryTheSameMetadata() throws IOException {
        try (DatFile v6 = DatFile.open(SampleFiles.plain("events/events.v6.dat.xz", tmp));
             DatFile zstd = DatFile.open(SampleFiles.plain("events/events.v7-zstd.dat", tmp));
             DatFile zlib = DatFile.open(SampleFiles.plain("events/events.v7-zlib.dat", tmp))) {
            for (DatFile f : List.of(zstd, zlib)) {
                assertEquals(v6.kallsyms(), f.kallsyms());
                assertEquals(v6.printkFormats(), f.printkFormats());
                assertEquals(v6.cmdlines(), f.cmdlines());
                assertEquals(v6.ftraceFormats(), f.ftraceFormats());
                assertEquals(v6.eventSystems(), f.eventSystems());
                assertEquals(v6.headerPage(), f.headerPage());
                assertEquals(v6.headerEvent(), f.headerEvent());
                assertEquals(v6.buffers(), f.buffers());
                assertEquals(v6.cpuStats(), f.cpuStats());
            }
        }
    }

    @Test
    void singleBufferTraces() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("reuse/reuse.v7-zstd.dat", tmp))) {
            assertEquals(List.of(new BufferInfo("", "global", 4096, 2)), f.buffers());
            assertEquals("global", f.traceClock());
            assertEquals(4007660, f.kallsyms().length());
            assertEquals(96, f.eventSystems().size());
        }
        try (DatFile f = DatFile.open(SampleFiles.plain("funcgraph/funcgraph.v6.dat.xz", tmp))) {
            assertEquals(List.of(new BufferInfo("", "local", 4096, 2)), f.buffers());
            assertEquals("local", f.traceClock());
            assertEquals(107, f.cmdlines().length());
            assertEquals(UNAME, f.uname());
        }
    }

    @Test
    void parsesOptionNumbersLikeStrtoll() {
        assertEquals(0x5f3e2a1b, DatMetadata.parseCLong("0x5f3e2a1b"));
        assertEquals(-42, DatMetadata.parseCLong("  -42xyz"));
        assertEquals(8, DatMetadata.parseCLong("010"));
        assertEquals(3, DatMetadata.parseCLong("3.1.6"));
        assertEquals(0, DatMetadata.parseCLong("zz"));
        assertEquals(Long.MAX_VALUE, DatMetadata.parseCLong("99999999999999999999999"));
    }

    @Test
    void dateAndOffsetOptionsShiftTimestampsLikeTraceCmdReport() throws IOException {
        // the VERSION option "3.1.6 not-a-git-repo" re-tagged as DATE reads as 3 µs (strtoll stops at '.'),
        // as OFFSET as 3 ns; trace-cmd report prints 5.126632024 and 5.126629027 for the first event
        // instead of 5.126629024 (checked by hand)
        byte[] b = java.nio.file.Files.readAllBytes(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp));
        int at = DatDamage.indexOf(b, "3.1.6 not-a-git-repo".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
        assertEquals(OptionId.VERSION, b[at - 6]);
        List<String> plain = DatSamples.reference("reuse/reuse.report-N-t.txt.xz");
        for (int id : new int[] {OptionId.DATE, OptionId.OFFSET}) {
            long shift = id == OptionId.DATE ? 3000 : 3;
            b[at - 6] = (byte) id;
            Path p = tmp.resolve("reuse.option" + id + ".dat");
            java.nio.file.Files.write(p, b);
            try (DatFile f = DatFile.open(p)) {
                assertEquals(shift, f.tsOffsetNs());
                assertNull(f.traceCmdVersion());
                List<String> shifted = new java.util.ArrayList<>();
                for (String k : plain) {
                    int sp = k.lastIndexOf(' ');
                    shifted.add(k.substring(0, sp + 1) + (Long.parseLong(k.substring(sp + 1)) + shift));
                }
                DatSamples.assertSameEvents(shifted, DatSamples.keys(f), OptionId.name(id));
            }
        }
    }

    @Test
    void absentOptionsAreNull() throws IOException {
        // an options-free header: UNAME renamed to an unknown id is skipped, counted and reported
        byte[] b = java.nio.file.Files.readAllBytes(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp));
        int at = DatDamage.indexOf(b, UNAME.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0);
        b[at - 6] = (byte) 200;
        b[at - 5] = 0;
        Path p = tmp.resolve("reuse.unknown-option.dat");
        java.nio.file.Files.write(p, b);
        try (DatFile f = DatFile.open(p)) {
            assertNull(f.uname());
            assertEquals(1, f.skippedOptions());
            assertEquals(1, f.warnings().size());
            assertTrue(f.warnings().get(0).contains("#200"), f.warnings().get(0));
            assertEquals(DatSamples.reference("reuse/reuse.report-N-t.txt.xz").size(), DatSamples.keys(f).size());
        }
    }
}
