package dev.tracesym.formats.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every variant of the real sample traces gives exactly the events {@code trace-cmd report -N -t}
 * listed, in its order: buffer, CPU and nanosecond timestamp of each.
 */
class DatFileReferenceTest {
    @TempDir
    static Path tmp;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "reuse/reuse.v7-zstd.dat, reuse/reuse.report-N-t.txt.xz",
        "reuse/reuse.v6.dat.xz, reuse/reuse.report-N-t.txt.xz",
        "events/events.v7-zstd.dat, events/events.report-N-t.txt.xz",
        "events/events.v7-zlib.dat, events/events.report-N-t.txt.xz",
        "events/events.v6.dat.xz, events/events.report-N-t.txt.xz",
        "funcgraph/funcgraph.v7-zstd.dat, funcgraph/funcgraph.report-N-t.txt.xz",
        "funcgraph/funcgraph.v6.dat.xz, funcgraph/funcgraph.report-N-t.txt.xz",
    })
    void eventsMatchTraceCmdReport(String dat, String report) throws IOException {
        List<String> expected = DatSamples.reference(report);
        try (DatFile f = DatFile.open(SampleFiles.plain(dat, tmp))) {
            DatSamples.assertSameEvents(expected, DatSamples.keys(f), dat);
            assertEquals(List.of(), f.warnings());
        }
    }

    @Test
    void instanceEventsAreInterleavedByTimeAndPrefixed() throws IOException {
        // events has a second buffer "foo": its first event comes before any top-level one
        try (DatFile f = DatFile.open(SampleFiles.plain("events/events.v7-zstd.dat", tmp))) {
            List<String> keys = DatSamples.keys(f);
            assertTrue(keys.get(0).startsWith("foo "), keys.get(0));
            long foo = keys.stream().filter(k -> k.startsWith("foo ")).count();
            long top = keys.stream().filter(k -> k.startsWith(" ")).count();
            assertTrue(foo > 0 && top > 0 && foo + top == keys.size(), foo + " + " + top);
            // and they alternate: the top-level buffer's events do not all come after foo's
            int firstTop = keys.indexOf(keys.stream().filter(k -> k.startsWith(" ")).findFirst().orElseThrow());
            assertTrue(keys.subList(firstTop, keys.size()).stream().anyMatch(k -> k.startsWith("foo ")));
        }
    }

    @Test
    void bigEndianFileGivesTheSameEvents() throws IOException {
        Path le = SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp);
        Path be = tmp.resolve("reuse.big-endian.v6.dat");
        Files.write(be, BigEndianCopy.of(Files.readAllBytes(le)));
        try (DatFile f = DatFile.open(be); DatFile g = DatFile.open(le)) {
            assertTrue(f.bigEndian());
            assertEquals(g.kallsyms(), f.kallsyms());
            assertEquals(g.buffers(), f.buffers());
            assertEquals(g.cpuCount(), f.cpuCount());
            assertEquals(g.traceClock(), f.traceClock());
            DatSamples.assertSameEvents(DatSamples.reference("reuse/reuse.report-N-t.txt.xz"), DatSamples.keys(f), "big-endian");
            assertEquals(List.of(), f.warnings());
        }
    }

    @Test
    void streamIsSpooledAndReadLikeTheFile() throws IOException {
        List<String> expected = DatSamples.reference("events/events.report-N-t.txt.xz");
        try (InputStream in = Files.newInputStream(SampleFiles.plain("events/events.v7-zlib.dat", tmp));
             DatFile f = DatFile.open(in, "<stdin>")) {
            DatSamples.assertSameEvents(expected, DatSamples.keys(f), "<stdin>");
        }
    }

    @Test
    void payloadStartsWithCommonTypeOfAKnownEvent() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("reuse/reuse.v7-zstd.dat", tmp))) {
            java.util.Set<Integer> ids = new java.util.HashSet<>();
            for (String fmt : f.ftraceFormats()) {
                ids.add(formatId(fmt));
            }
            for (EventSystem s : f.eventSystems()) {
                for (String fmt : s.formats()) {
                    ids.add(formatId(fmt));
                }
            }
            RawEvent e = new RawEvent();
            int n = 0;
            while (f.next(e)) {
                int type = (e.data[e.offset] & 0xff) | (e.data[e.offset + 1] & 0xff) << 8;
                assertTrue(ids.contains(type), "event " + n + " has common_type " + type);
                assertTrue(e.length >= 8 && e.offset + e.length <= e.data.length, "event " + n + " length " + e.length);
                n++;
            }
            assertTrue(n > 0);
        }
    }

    private static int formatId(String format) {
        for (String line : format.split("\n")) {
            if (line.startsWith("ID: ")) {
                return Integer.parseInt(line.substring(4).trim());
            }
        }
        throw new AssertionError("format without ID: " + format.lines().findFirst().orElse(""));
    }
}
