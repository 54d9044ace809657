package dev.tracesym.formats.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.text.SampleFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Damaged variants of the real samples: rejected with a located message, or read up to the damage. */
class DatFileDamageTest {
    @TempDir
    static Path tmp;

    private static byte[] bytes(String sample) throws IOException {
        return Files.readAllBytes(SampleFiles.plain(sample, tmp));
    }

    private static Path write(String name, byte[] b) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static TraceFormatException rejected(String name, byte[] b) throws IOException {
        return DatDamage.refusedOnOpen(write(name, b), name);
    }

    // ------------------------------------------------------------ not a trace / unknown version

    @Test
    void wrongMagic() throws IOException {
        byte[] b = bytes("events/events.v7-zstd.dat");
        b[1] = 0x09;
        TraceFormatException e = rejected("magic.dat", b);
        assertEquals(0, e.position());
        assertTrue(e.getMessage().contains("not a trace-cmd .dat file"), e.getMessage());
    }

    @Test
    void textIsNotATrace() throws IOException {
        TraceFormatException e = rejected("text.dat", "# tracer: nop\n#\n".repeat(10).getBytes(StandardCharsets.US_ASCII));
        assertTrue(e.getMessage().contains("expected magic"), e.getMessage());
        rejected("empty.dat", new byte[0]);
    }

    @Test
    void unknownVersion() throws IOException {
        byte[] b = bytes("events/events.v7-zstd.dat");
        b[10] = '8';
        TraceFormatException e = rejected("v8.dat", b);
        assertEquals(10, e.position());
        assertTrue(e.getMessage().contains("version '8'"), e.getMessage());
    }

    @Test
    void unknownCompression() throws IOException {
        byte[] b = bytes("events/events.v7-zstd.dat");
        int name = DatDamage.pageSizeField(b) + 4;
        b[name] = 'x'; // "xstd"
        TraceFormatException e = rejected("xstd.dat", b);
        assertTrue(e.getMessage().contains("unsupported compression 'xstd'"), e.getMessage());
    }

    /** Issue 19: a NUL inside an event format text was reported as "format file 1 of event system kmem @N", naming no file. */
    @Test
    void nulInsideAnEventFormatNamesTheFileAndItsOffset() throws IOException {
        byte[] b = bytes("events/events.v6.dat.xz");
        byte[] name = "name: kmalloc\n".getBytes(StandardCharsets.US_ASCII);
        int at = -1;
        for (int i = 0; at < 0 && i + name.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + name.length, name, 0, name.length)) {
                at = i;
            }
        }
        assertTrue(at > 0);
        b[at + 8] = 0;
        TraceFormatException e = rejected("nul.dat", b);
        assertEquals(at + 8, e.position());
        assertTrue(e.getMessage().matches("nul\\.dat @" + (at + 8) + ": NUL character inside format file \\d+ of event system kmem: .*"),
                e.getMessage());
    }

    // ------------------------------------------------------------ sizes that point past the end / hostile sizes

    @Test
    void optionsOffsetPastTheEnd() throws IOException {
        byte[] b = bytes("reuse/reuse.v7-zstd.dat");
        int field = DatDamage.optionsOffsetField(b);
        DatDamage.put64(b, field, b.length + 100L);
        TraceFormatException e = rejected("options.dat", b);
        assertEquals(field, e.position());
        assertTrue(e.getMessage().contains("past the end of the file"), e.getMessage());
    }

    @Test
    void sectionSizePastTheEnd() throws IOException {
        byte[] b = bytes("reuse/reuse.v7-zstd.dat");
        int section = DatDamage.optionsOffsetField(b) + 8; // the first section follows the header
        assertEquals(OptionId.HEADER_INFO, DatDamage.u32(b, section) & 0xffff);
        DatDamage.put64(b, section + 8, 1L << 40);
        TraceFormatException e = rejected("section.dat", b);
        assertEquals(section, e.position());
        assertTrue(e.getMessage().contains("HEADER_INFO section") && e.getMessage().contains("claims 1099511627776 bytes"),
                e.getMessage());
    }

    @Test
    void hostileUncompressedSize() throws IOException {
        byte[] b = bytes("reuse/reuse.v7-zstd.dat");
        int section = DatDamage.optionsOffsetField(b) + 8;
        DatDamage.put32(b, section + 16 + 4, 0xF0000000L); // uncompressed size of the HEADER_INFO block
        TraceFormatException e = rejected("usize.dat", b);
        assertTrue(e.getMessage().contains("claims 4026531840 uncompressed bytes"), e.getMessage());
    }

    @Test
    void v6BlockSizePastTheEnd() throws IOException {
        byte[] b = bytes("reuse/reuse.v6.dat.xz");
        int tag = DatDamage.indexOf(b, "header_page\0".getBytes(StandardCharsets.US_ASCII), 0);
        DatDamage.put64(b, tag + 12, 1L << 33);
        TraceFormatException e = rejected("v6size.dat", b);
        assertEquals(tag + 20, e.position());
        assertTrue(e.getMessage().contains("expected header_page text (8589934592 bytes)"), e.getMessage());
    }

    @Test
    void hostilePageSize() throws IOException {
        byte[] b = bytes("events/events.v6.dat.xz");
        DatDamage.put32(b, DatDamage.pageSizeField(b), 0x80000000L);
        TraceFormatException e = rejected("page.dat", b);
        assertTrue(e.getMessage().contains("page size 2147483648"), e.getMessage());
    }

    @Test
    void hostileCpuCount() throws IOException {
        byte[] b = bytes("events/events.v6.dat.xz");
        int tag = DatDamage.indexOf(b, "options  \0".getBytes(StandardCharsets.US_ASCII), 0);
        DatDamage.put32(b, tag - 4, 1_000_000_000L);
        TraceFormatException e = rejected("cpus.dat", b);
        assertEquals(tag - 4, e.position());
        assertTrue(e.getMessage().contains("CPU count 1000000000"), e.getMessage());
    }

    @Test
    void hostileBufferCpuCount() throws IOException {
        byte[] b = bytes("events/events.v7-zstd.dat");
        // BUFFER option of the top-level buffer: offset, "" name, "mono" clock, page size 4096, CPU count 2
        int at = DatDamage.indexOf(b, new byte[] {0, 'm', 'o', 'n', 'o', 0, 0, 0x10, 0, 0, 2, 0, 0, 0}, 0);
        DatDamage.put32(b, at + 10, 1_000_000_000L);
        TraceFormatException e = rejected("buffercpus.dat", b);
        assertTrue(e.getMessage().contains("claims 1000000000 CPUs"), e.getMessage());
    }

    // ------------------------------------------------------------ damaged event data

    @Test
    void brokenZstdChunk() throws IOException {
        byte[] b = bytes("events/events.v7-zstd.dat");
        // a chunk header of 10 pages (40960 bytes) followed by a zstd frame: the first one is top-level CPU 0's
        int frame = DatDamage.indexOf(b, new byte[] {0, (byte) 0xa0, 0, 0, 0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, 0) + 4;
        int chunk = frame - 8;
        b[frame] = 0;
        b[frame + 1] = 0;
        Path p = write("chunk.dat", b);
        try (DatFile f = DatFile.open(p)) {
            RawEvent e = new RawEvent();
            TraceFormatException ex = assertThrows(TraceFormatException.class, () -> {
                while (f.next(e)) {
                    // read up to the broken chunk
                }
            });
            assertEquals(chunk, ex.position());
            assertTrue(ex.getMessage().contains("CPU 0: broken compressed chunk 1 of"), ex.getMessage());
            assertTrue(ex.getMessage().contains("zstd"), ex.getMessage());
            assertThrows(TraceFormatException.class, () -> f.next(e)); // stays failed
        }
    }

    /** The events of the intact file whose whole record lies before {@code cut}. */
    private static List<String> eventsBefore(Path intact, long cut) throws IOException {
        List<String> out = new ArrayList<>();
        try (DatFile f = DatFile.open(intact)) {
            RawEvent e = new RawEvent();
            while (f.next(e)) {
                // x86 ring buffers use the 8-byte header (type_len 0) only for payloads over 112 bytes
                long end = e.filePosition + (e.length > 112 ? 8 : 4) + e.length;
                if (end <= cut) {
                    out.add(DatSamples.key(f.buffers().get(e.buffer).name(), e.cpu, e.ts));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu0-page", "cpu1-mid-page", "cpu1-page-header", "last-byte"})
    void truncatedDataKeepsTheEventsBeforeTheCut(String where) throws IOException {
        Path intact = SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp);
        byte[] b = Files.readAllBytes(intact);
        long cpu0 = DatDamage.u64(b, DatDamage.v6CpuEntry(b, 0));
        long cpu1 = DatDamage.u64(b, DatDamage.v6CpuEntry(b, 1));
        assertEquals(b.length, cpu1 + DatDamage.u64(b, DatDamage.v6CpuEntry(b, 1) + 8), "CPU 1's data ends the file");
        long cut;
        int warnings;
        switch (where) {
            case "cpu0-page": cut = cpu0 + 5 * 4096; warnings = 2; break;
            case "cpu1-mid-page": cut = cpu1 + 3 * 4096 + 1000; warnings = 1; break;
            case "cpu1-page-header": cut = cpu1 + 10; warnings = 1; break;
            default: cut = b.length - 1; warnings = 1; break;
        }
        List<String> expected = eventsBefore(intact, cut);
        Path p = write("cut-" + where + ".dat", Arrays.copyOf(b, (int) cut));
        try (DatFile f = DatFile.open(p)) {
            List<String> got = DatSamples.keys(f);
            DatSamples.assertSameEvents(expected, got, where);
            assertEquals(warnings, f.warnings().size(), f.warnings().toString());
            for (String w : f.warnings()) {
                assertTrue(w.startsWith("cut-" + where + ".dat: CPU ") && w.contains("truncated at"), w);
            }
            assertTrue(f.warnings().stream().anyMatch(w -> w.contains(String.valueOf(cut))), f.warnings().toString());
        }
        assertTrue(expected.size() < DatSamples.reference("reuse/reuse.report-N-t.txt.xz").size() || where.equals("last-byte"));
    }

    @Test
    void truncatedInstanceKeepsTheOtherBuffers() throws IOException {
        Path intact = SampleFiles.plain("events/events.v6.dat.xz", tmp);
        byte[] b = Files.readAllBytes(intact);
        long cut = b.length - 3000; // inside the last page of the file: instance foo's CPU 1
        List<String> expected = eventsBefore(intact, cut);
        try (DatFile f = DatFile.open(write("cut-foo.dat", Arrays.copyOf(b, (int) cut)))) {
            DatSamples.assertSameEvents(expected, DatSamples.keys(f), "cut-foo");
            assertEquals(1, f.warnings().size(), f.warnings().toString());
            assertTrue(f.warnings().get(0).startsWith("cut-foo.dat: buffer foo CPU 1 data truncated at"), f.warnings().get(0));
        }
    }

    @Test
    void truncatedV6LosesTheInstanceWrittenAfterTheCut() throws IOException {
        Path intact = SampleFiles.plain("events/events.v6.dat.xz", tmp);
        byte[] b = Files.readAllBytes(intact);
        long cut = DatDamage.u64(b, DatDamage.v6CpuEntry(b, 1)) + 2 * 4096 + 500; // top-level CPU 1
        List<String> expected = eventsBefore(intact, cut);
        assertTrue(expected.stream().noneMatch(k -> k.startsWith("foo ")));
        try (DatFile f = DatFile.open(write("cut-top.dat", Arrays.copyOf(b, (int) cut)))) {
            DatSamples.assertSameEvents(expected, DatSamples.keys(f), "cut-top");
            assertEquals(List.of(new BufferInfo("", "mono", 4096, 2), new BufferInfo("foo", "mono", 4096, 2)), f.buffers());
            assertEquals(2, f.warnings().size(), f.warnings().toString());
            assertTrue(f.warnings().get(0).startsWith("cut-top.dat: buffer foo: its flyrecord table at "), f.warnings().get(0));
            assertTrue(f.warnings().get(1).startsWith("cut-top.dat: CPU 1 data truncated at byte " + cut), f.warnings().get(1));
        }
    }

    @Test
    void truncatedCompressedDataIsAWarning() throws IOException {
        // the top-level buffer of events.v7-zstd is followed by the options naming foo's buffer, so cut the
        // last chunk of foo's last CPU instead: find the last 10-page chunk header
        byte[] b = bytes("events/events.v7-zstd.dat");
        byte[] head = {0, (byte) 0xa0, 0, 0, 0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
        int last = -1;
        for (int i = DatDamage.indexOf(b, head, 0); ; ) {
            last = i;
            try {
                i = DatDamage.indexOf(b, head, i + 1);
            } catch (AssertionError end) {
                break;
            }
        }
        int chunk = last - 4;
        // keep the file size: overwrite the chunk's compressed size so that it runs past the end
        DatDamage.put32(b, chunk, b.length);
        try (DatFile f = DatFile.open(write("zcut.dat", b))) {
            List<String> got = DatSamples.keys(f);
            assertTrue(got.size() > 10_000, "kept " + got.size());
            assertEquals(1, f.warnings().size(), f.warnings().toString());
            assertTrue(f.warnings().get(0).contains("truncated at byte " + b.length) && f.warnings().get(0).contains(" at " + chunk),
                    f.warnings().get(0));
        }
    }

    // ------------------------------------------------------------ lost events

    @Test
    void missedEventsAreReportedOnTheFirstRecordOfThePage() throws IOException {
        // checked by hand against trace-cmd report: "CPU:0 [1234 EVENTS DROPPED]" before the first event of
        // page 1, "CPU:0 [EVENTS DROPPED]" before page 3's, and nothing for page 5, whose data starts with a
        // time extend (kbuffer only reports losses on a record at data offset 0)
        byte[] b = bytes("reuse/reuse.v6.dat.xz");
        int cpu0 = (int) DatDamage.u64(b, DatDamage.v6CpuEntry(b, 0));
        int page1 = cpu0 + 4096;
        long commit1 = DatDamage.u64(b, page1 + 8);
        DatDamage.put64(b, page1 + 8, commit1 | 1L << 31 | 1L << 30);
        DatDamage.put64(b, page1 + 16 + (int) commit1, 1234);
        int page3 = cpu0 + 3 * 4096;
        DatDamage.put64(b, page3 + 8, DatDamage.u64(b, page3 + 8) | 1L << 31);
        int page5 = cpu0 + 5 * 4096;
        int commit5 = (int) DatDamage.u64(b, page5 + 8);
        assertTrue(commit5 + 8 <= 4096 - 16);
        System.arraycopy(b, page5 + 16, b, page5 + 24, commit5);
        DatDamage.put32(b, page5 + 16, 30); // TIME_EXTEND, delta 0
        DatDamage.put32(b, page5 + 20, 0);
        DatDamage.put64(b, page5 + 8, (commit5 + 8) | 1L << 31);

        try (DatFile f = DatFile.open(write("missed.dat", b))) {
            RawEvent e = new RawEvent();
            List<String> missed = new ArrayList<>();
            boolean sawPage5 = false;
            while (f.next(e)) {
                if (e.missedBefore != 0 && missed.size() < 10) {
                    missed.add(e.filePosition + ":" + e.missedBefore);
                }
                sawPage5 |= e.filePosition == page5 + 24;
            }
            assertEquals(List.of((page1 + 16) + ":1234", (page3 + 16) + ":-1"), missed);
            assertTrue(sawPage5);
            assertEquals(List.of(), f.warnings());
        }
    }

    @Test
    void streamErrorsNameTheStream() throws IOException {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> DatFile.open(new ByteArrayInputStream("hello".getBytes(StandardCharsets.US_ASCII)), "<stdin>"));
        assertTrue(e.getMessage().startsWith("<stdin> @0: not a trace-cmd .dat file"), e.getMessage());
    }
}
