package dev.tracesym.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.DatDamage;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage and hostile sizes patched into the real samples (or into seeds made from them), beyond
 * what the reader's own damage tests cover: unknown option and section ids are skipped and
 * counted; a broken zlib chunk, an option running past the end and sizes meant to exhaust memory
 * are refused with a located {@link TraceFormatException}, never allocated. This whole class runs
 * under the 256 MiB heap of the robustness tests.
 */
class DatHostileInputTest {
    @TempDir
    static Path tmp;

    private static byte[] sample(String name) throws IOException {
        return Files.readAllBytes(SampleFiles.plain(name, tmp));
    }

    private static Path write(String name, byte[] b) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static List<String> keys(Path p) throws IOException {
        try (DatFile f = DatFile.open(p)) {
            return keys(f, new ArrayList<>());
        }
    }

    private static List<String> keys(DatFile f, List<String> out) throws IOException {
        RawEvent e = new RawEvent();
        while (f.next(e)) {
            out.add(e.buffer + " " + e.cpu + " " + e.ts);
        }
        return out;
    }

    private static TraceFormatException refused(String name, byte[] b) throws IOException {
        return DatDamage.refusedOnOpen(write(name, b), name);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void put(byte[] b, int at, long v, int n) {
        for (int i = 0; i < n; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Offset of the option header (u16 id, u32 size) whose payload starts with {@code payload}, in a v6 options block. */
    private static int option(byte[] b, int id, byte[] payload) {
        int at = DatDamage.indexOf(b, payload, 0) - 6;
        assertEquals(id, (b[at] & 0xff) | (b[at + 1] & 0xff) << 8, "option id at " + at);
        return at;
    }

    // ------------------------------------------------------------ unknown ids: skipped, counted, not fatal

    @Test
    void unknownOptionIdIsSkippedAndCounted() throws IOException {
        for (String sample : new String[] {"events/events.v6.dat.xz", "events/events.v7-zstd.dat"}) {
            byte[] b = sample(sample);
            List<String> intact = keys(write("intact.dat", b));
            int at = option(b, 9, ascii("3.1.6 not-a-git-repo\0")); // VERSION
            put(b, at, 200, 2);
            try (DatFile f = DatFile.open(write("unknown-option.dat", b))) {
                assertEquals(1, f.skippedOptions(), sample);
                assertEquals(List.of("unknown-option.dat: skipped option #200 (21 bytes) at " + at),
                        f.warnings(), sample);
                assertEquals(null, f.traceCmdVersion());
                assertEquals(intact, keys(f, new ArrayList<>()), sample);
            }
        }
    }

    @Test
    void unknownSectionIdIsNotFatal() throws IOException {
        byte[] b = sample("events/events.v7-zstd.dat");
        List<String> intact = keys(write("intact.dat", b));
        // the last section is STRINGS (id 15), which names the sections in messages: give it an id nobody knows
        int strings = lastSection(b);
        assertEquals(15, b[strings]);
        put(b, strings, 0x4242, 2);
        try (DatFile f = DatFile.open(write("unknown-section.dat", b))) {
            assertEquals(intact, keys(f, new ArrayList<>()));
            assertEquals(List.of(), f.warnings());
        }
    }

    /** Offset of the STRINGS section that ends a trace-cmd v7 file (id 15, compressed). */
    private static int lastSection(byte[] b) {
        int at = DatDamage.indexOf(b, new byte[] {15, 0, 1, 0}, b.length - 4096);
        assertEquals(b.length, at + 16 + LeBytes.u64(b, at + 8), "the STRINGS section ends the file");
        return at;
    }

    // ------------------------------------------------------------ broken data

    @Test
    void brokenZlibChunkStopsWithItsOffsetAfterTheEventsBeforeIt() throws IOException {
        byte[] b = sample("events/events.v7-zlib.dat");
        List<String> intact = keys(write("intact.dat", b));
        // a 10-page chunk header (compressed size, 40960) and a zlib stream: take the third one in the file
        byte[] head = {0, (byte) 0xa0, 0, 0, 0x78, (byte) 0xda};
        int chunk = -1;
        for (int i = 0, from = 0; i < 3; i++) {
            chunk = DatDamage.indexOf(b, head, from) - 4;
            from = chunk + 10;
        }
        for (int i = chunk + 10; i < chunk + 26; i++) {
            b[i] = (byte) 0xff;
        }
        Path p = write("zlib.dat", b);
        List<String> got = new ArrayList<>();
        try (DatFile f = DatFile.open(p)) {
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> keys(f, got));
            assertEquals(chunk, e.position(), e.getMessage());
            assertTrue(e.getMessage().startsWith("zlib.dat @" + chunk + ": CPU ") && e.getMessage().contains("broken compressed chunk")
                    && e.getMessage().contains("zlib"), e.getMessage());
        }
        assertTrue(got.size() > 100, "events before the broken chunk: " + got.size());
        assertEquals(intact.subList(0, got.size()), got);
    }

    @Test
    void optionRunningPastTheEnd() throws IOException {
        byte[] b = sample("events/events.v6.dat.xz");
        int at = option(b, 5, ascii("Linux (none) 6.1.0-56-amd64 x86_64\0")); // UNAME
        put(b, at + 2, 0x7fffffffL, 4);
        TraceFormatException e = refused("option.dat", b);
        assertEquals(at + 6, e.position());
        assertTrue(e.getMessage().contains("expected payload of option UNAME (2147483647 bytes) but only"), e.getMessage());

        byte[] v7 = sample("events/events.v7-zstd.dat");
        int at7 = option(v7, 5, ascii("Linux (none) 6.1.0-56-amd64 x86_64\0"));
        put(v7, at7 + 2, 5000, 4);
        e = refused("option7.dat", v7);
        assertEquals(at7 + 6, e.position());
        assertTrue(e.getMessage().contains("expected payload of option UNAME (5000 bytes) but only"), e.getMessage());
    }

    // ------------------------------------------------------------ sizes meant to exhaust memory

    @Test
    void fourGigabyteStringsAreNotAllocated() throws IOException {
        byte[] b = sample("reuse/reuse.v6.dat.xz");
        DatSeeds.Parts parts = DatSeeds.parts(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp), 300);
        byte[] seed = DatSeeds.v6(parts);
        // the kallsyms size (u32) sits right after the event formats: find it by the seed's kallsyms text
        int text = DatDamage.indexOf(seed, ascii(parts.kallsyms), 0);
        put(seed, text - 4, 0xffffffffL, 4);
        TraceFormatException e = refused("kallsyms4g.dat", seed);
        assertEquals(text, e.position());
        assertTrue(e.getMessage().contains("expected kallsyms text (4294967295 bytes) but only"), e.getMessage());

        seed = DatSeeds.v6(parts);
        int cmdlines = DatDamage.indexOf(seed, ascii(parts.cmdlines), 0);
        put(seed, cmdlines - 8, 1L << 62, 8);
        e = refused("cmdlines.dat", seed);
        assertTrue(e.getMessage().contains("expected saved cmdlines text (4611686018427387904 bytes)"), e.getMessage());

        // the header_page size of the real file, a u64 too: 2^63 + 1 reads as negative in Java
        int tag = DatDamage.indexOf(b, ascii("header_page\0"), 0);
        put(b, tag + 12, Long.MIN_VALUE + 1, 8);
        e = refused("negative.dat", b);
        assertTrue(e.getMessage().contains("expected header_page text (9223372036854775809 bytes)"), e.getMessage());
    }

    @Test
    void billionsOfFormatsAndCpusAreNotAllocated() throws IOException {
        DatSeeds.Parts parts = DatSeeds.parts(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp), 300);
        byte[] seed = DatSeeds.v6(parts);
        // the ftrace format count follows the header_event text
        int count = DatDamage.indexOf(seed, ascii(parts.headerEvent), 0) + parts.headerEvent.length();
        assertEquals(parts.ftrace.size(), LeBytes.u32(seed, count));
        put(seed, count, 1_000_000_000L, 4);
        TraceFormatException e = refused("formats.dat", seed);
        assertEquals(count, e.position());
        assertTrue(e.getMessage().contains("ftrace format count 1000000000 is impossible"), e.getMessage());

        // v7: the CPU id in a BUFFER option is an index: 2^31 - 2 would make 2^31 - 1 CPU slots
        byte[] v7 = DatSeeds.v7(parts, "none");
        int buffer = DatDamage.indexOf(v7, ascii("\0" + parts.clock + "\0"), 0) + parts.clock.length() + 2 + 8; // page size, CPU count
        assertEquals(parts.cpus, LeBytes.u32(v7, buffer - 4));
        assertEquals(0, LeBytes.u32(v7, buffer), "CPU id of the first entry");
        put(v7, buffer, 0x7ffffffeL, 4);
        e = refused("cpuid.dat", v7);
        assertTrue(e.getMessage().contains("CPU id 2147483646"), e.getMessage());
    }

    @Test
    void twoGigabytePagesAreRefused() throws IOException {
        // the v7 file header's page size, then the page size in the top-level BUFFER option
        byte[] b = sample("events/events.v7-zstd.dat");
        int field = 10 + 2 + 2; // "7\0", endianness, long size
        assertEquals(4096, LeBytes.u32(b, field));
        put(b, field, 0x80000000L, 4);
        TraceFormatException e = refused("header-page.dat", b);
        assertEquals(field, e.position());
        assertTrue(e.getMessage().contains("page size 2147483648 in the file header is not a power of two between 256 and"),
                e.getMessage());

        b = sample("events/events.v7-zstd.dat");
        int buffer = DatDamage.indexOf(b, new byte[] {0, 'm', 'o', 'n', 'o', 0, 0, 0x10, 0, 0, 2, 0, 0, 0}, 0) + 6;
        put(b, buffer, 0x80000000L, 4);
        e = refused("buffer-page.dat", b);
        assertTrue(e.getMessage().contains("page size 2147483648 in the BUFFER option of \"\""), e.getMessage());
    }

    @Test
    void hugeChunkSizesAreNotAllocated() throws IOException {
        DatSeeds.Parts parts = DatSeeds.parts(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp), 300);
        byte[] v7 = DatSeeds.v7(parts, "zstd");
        // the first CPU's chunk stream follows the section header: u32 count 1, u32 compressed size, u32 uncompressed size
        int section = DatDamage.indexOf(v7, new byte[] {3, 0, 1, 0, 0, 0, 0, 0}, 0); // the top-level buffer's data section
        assertEquals(1, LeBytes.u32(v7, section + 16), "one chunk");
        int chunk = section + 20;
        assertEquals(parts.pageSize, LeBytes.u32(v7, chunk + 4));
        put(v7, chunk + 4, 0xffffffffL, 4);
        Path p = write("chunk4g.dat", v7);
        try (DatFile f = DatFile.open(p)) {
            TraceFormatException e = assertThrows(TraceFormatException.class, () -> keys(f, new ArrayList<>()));
            assertEquals(chunk, e.position());
            assertTrue(e.getMessage().contains("claims 4294967295 uncompressed bytes"), e.getMessage());
        }
    }

    @Test
    void hugePrintWidthsAreBounded() throws IOException {
        // every kept event format prints its pid padded to two billion columns, then with two billion digits
        DatSeeds.Parts parts = DatSeeds.withPrintFmt(DatSeeds.parts(SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp), 300),
                DatSeeds.HUGE_WIDTHS);
        Path p = write("widths.dat", DatSeeds.v6(parts));
        int[] longest = {0};
        assertEquals(parts.records, DatFileFuzzTest.readAll(p, (e, text) -> longest[0] = Math.max(longest[0], text.length())));
        assertTrue(longest[0] > 1000 && longest[0] <= 1 << 20, "longest info " + longest[0]);
    }

    // ------------------------------------------------------------ kallsyms read without the right to see addresses

    @Test
    void traceWithAllZeroKallsymsStillGivesItsEvents() throws IOException {
        byte[] b = sample("reuse/reuse.v6.dat.xz");
        List<String> intact = keys(write("intact.dat", b));
        String kallsyms;
        try (DatFile f = DatFile.open(write("intact.dat", b))) {
            kallsyms = f.kallsyms();
        }
        int at = DatDamage.indexOf(b, ascii(kallsyms.substring(0, 200)), 0);
        for (int i = at, lineStart = at; i < at + kallsyms.length(); i++) {
            if (b[i] == '\n') {
                lineStart = i + 1;
            } else if (b[i] != ' ' && i - lineStart < 16) {
                b[i] = '0';
            }
        }
        try (DatFile f = DatFile.open(write("zeroed.dat", b))) {
            assertTrue(f.kallsyms().lines().allMatch(l -> l.startsWith("0000000000000000 ")));
            assertEquals(kallsyms.length(), f.kallsyms().length());
            assertEquals(intact, keys(f, new ArrayList<>()));
            assertEquals(List.of(), f.warnings());
        }
    }
}
