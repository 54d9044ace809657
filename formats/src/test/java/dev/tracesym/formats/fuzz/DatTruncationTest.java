package dev.tracesym.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traces cut at every page boundary and at random offsets (fixed seed): the reader returns
 * every event whose record lies wholly before the cut, in the same order, then warns that the data
 * was truncated; where the cut leaves nothing readable (the metadata, or v7 options that describe
 * the data written before them) it refuses the file with a located {@link TraceFormatException}.
 */
class DatTruncationTest {
    private static final int PAGE = 4096;
    private static final long SEED = 0x7261636573796dL;

    @TempDir
    static Path tmp;

    /** One event of the intact file: what identifies it and where its record ends (file offset, raw data only). */
    private record Event(String key, long end, int buffer, int cpu, long start) {}

    private static List<Event> events(Path file, byte[] bytes) throws IOException {
        List<Event> out = new ArrayList<>();
        try (DatFile f = DatFile.open(file)) {
            RawEvent e = new RawEvent();
            while (f.next(e)) {
                long header = bytes == null ? 0 : ((bytes[(int) e.filePosition] & 0x1f) == 0 ? 8 : 4);
                out.add(new Event(e.buffer + " " + e.cpu + " " + e.ts, e.filePosition + header + e.length, e.buffer, e.cpu,
                        e.filePosition));
            }
        }
        return out;
    }

    private static List<String> keys(DatFile f) throws IOException {
        List<String> out = new ArrayList<>();
        RawEvent e = new RawEvent();
        while (f.next(e)) {
            out.add(e.buffer + " " + e.cpu + " " + e.ts);
        }
        return out;
    }

    private static TreeSet<Long> cuts(long size, int random) {
        TreeSet<Long> cuts = new TreeSet<>();
        for (long c = PAGE; c < size; c += PAGE) {
            cuts.add(c);
        }
        Random r = new Random(SEED);
        for (int i = 0; i < random; i++) {
            cuts.add(1 + (long) (r.nextDouble() * (size - 1)));
        }
        return cuts;
    }

    private static void assertSame(List<String> expected, List<String> got, String what) {
        for (int i = 0; i < Math.min(expected.size(), got.size()); i++) {
            if (!expected.get(i).equals(got.get(i))) {
                fail(what + ": event " + i + " is [" + got.get(i) + "], expected [" + expected.get(i) + "]");
            }
        }
        assertEquals(expected.size(), got.size(), what + ": event count");
    }

    @Test
    void v6CutAnywhereKeepsEveryEventBeforeTheCut() throws IOException {
        Path intact = SampleFiles.plain("reuse/reuse.v6.dat.xz", tmp);
        byte[] b = Files.readAllBytes(intact);
        List<Event> all = events(intact, b);
        long dataStart = all.stream().mapToLong(Event::end).min().orElseThrow() - PAGE;
        int refused = 0;
        int partial = 0;
        Path cut = tmp.resolve("cut.v6.dat");
        // the metadata (kallsyms is most of it) leaves the reader nothing to do: sample it more sparsely
        TreeSet<Long> offsets = cuts(b.length, 60);
        offsets.removeIf(c -> c < dataStart && c % (16 * PAGE) != 0 && c % PAGE == 0);
        for (long c : offsets) {
            Files.write(cut, Arrays.copyOf(b, (int) c));
            List<String> expected = new ArrayList<>();
            for (Event e : all) {
                if (e.end <= c) {
                    expected.add(e.key);
                }
            }
            DatFile f;
            try {
                f = DatFile.open(cut);
            } catch (TraceFormatException e) {
                refused++;
                assertTrue(expected.isEmpty(), "cut at " + c + " refused, but " + expected.size() + " events precede it: " + e.getMessage());
                assertTruncationMessage(e, "cut.v6.dat", c);
                continue;
            }
            try (f) {
                assertSame(expected, keys(f), "cut at " + c);
                assertTrue(!f.warnings().isEmpty(), "cut at " + c + " gave no warning");
                assertTrue(f.warnings().stream().allMatch(w -> w.startsWith("cut.v6.dat: ") && w.contains("truncated")),
                        "cut at " + c + ": " + f.warnings());
                partial++;
            }
        }
        assertTrue(refused > 50 && partial > 80, "refused " + refused + ", partial " + partial);
    }

    @Test
    void v6InstanceCutAtRandomOffsetsKeepsTheOtherBuffers() throws IOException {
        Path intact = SampleFiles.plain("events/events.v6.dat.xz", tmp);
        byte[] b = Files.readAllBytes(intact);
        List<Event> all = events(intact, b);
        long dataStart = all.stream().mapToLong(Event::end).min().orElseThrow() - PAGE;
        Random r = new Random(SEED);
        Path cut = tmp.resolve("cut-events.v6.dat");
        for (int i = 0; i < 40; i++) {
            long c = dataStart + (long) (r.nextDouble() * (b.length - dataStart));
            Files.write(cut, Arrays.copyOf(b, (int) c));
            List<String> expected = new ArrayList<>();
            for (Event e : all) {
                if (e.end <= c) {
                    expected.add(e.key);
                }
            }
            try (DatFile f = DatFile.open(cut)) {
                assertSame(expected, keys(f), "cut at " + c);
                assertTrue(!f.warnings().isEmpty() && f.warnings().stream().anyMatch(w -> w.contains("truncated")),
                        "cut at " + c + ": " + f.warnings());
            }
        }
    }

    /**
     * A v7-zstd trace cut anywhere: trace-cmd writes metadata sections, options, the top-level data,
     * the options with its BUFFER (CPU table), foo's data, the options with foo's BUFFER, strings.
     * Cut inside a buffer's data, its CPU table (and an instance's name) is gone too; the reader walks
     * the data's chunks and keeps every event of each CPU's chunks that lie wholly before the cut.
     */
    @Test
    void v7CutKeepsEveryTopLevelEventBeforeTheCut() throws IOException {
        Path intact = SampleFiles.dataDir().resolve("events/events.v7-zstd.dat");
        byte[] b = Files.readAllBytes(intact);
        List<Event> all = events(intact, null);
        List<String> topLevel = new ArrayList<>();
        List<String> every = new ArrayList<>();
        for (Event e : all) {
            every.add(e.key);
            if (e.buffer == 0) {
                topLevel.add(e.key);
            }
        }
        assertTrue(topLevel.size() > 1000 && topLevel.size() < every.size());
        long[] options = optionsSections(b);
        assertEquals(3, options.length, Arrays.toString(options));
        long topOptionsEnd = options[1] + 16 + LeBytes.u64(b, (int) options[1] + 8);
        long fooOptionsEnd = options[2] + 16 + LeBytes.u64(b, (int) options[2] + 8);
        // the intact file's own CPU table says where each CPU's chunks are
        Map<Integer, long[][]> chunks = new HashMap<>();
        long firstChunk = Long.MAX_VALUE;
        for (long[] cpu : cpuTable(b, options[1], "")) {
            chunks.put((int) cpu[0], chunkEnds(b, cpu[1]));
            firstChunk = Math.min(firstChunk, cpu[1]);
        }
        Map<Integer, long[][]> fooChunks = new HashMap<>();
        for (long[] cpu : cpuTable(b, options[2], "foo")) {
            fooChunks.put((int) cpu[0], chunkEnds(b, cpu[1]));
        }
        Path cut = tmp.resolve("cut.v7.dat");
        int[] regimes = new int[4];
        TreeSet<Long> offsets = cuts(b.length, 40);
        for (long c = firstChunk; c < fooOptionsEnd; c += 997) {
            offsets.add(c); // the data is a tenth of the file: sample it densely
        }
        for (long c : offsets) {
            Files.write(cut, Arrays.copyOf(b, (int) c));
            DatFile f;
            try {
                f = DatFile.open(cut);
            } catch (TraceFormatException e) {
                // only the metadata, and the top-level data's section header, come before anything readable
                assertTrue(c < firstChunk, "cut at " + c + " refused: " + e.getMessage());
                assertTruncationMessage(e, "cut.v7.dat", c);
                regimes[0]++;
                continue;
            }
            try (f) {
                List<String> got = keys(f);
                if (c < topOptionsEnd) {
                    List<String> expected = new ArrayList<>();
                    for (Event e : all) {
                        if (e.buffer == 0 && chunkFileEnd(chunks.get(e.cpu), e.start) <= c) {
                            expected.add(e.key);
                        }
                    }
                    assertSame(expected, got, "cut at " + c + " (in the top-level data)");
                    assertTrue(f.warnings().stream().anyMatch(w -> w.contains("walked chunk by chunk")), f.warnings().toString());
                    assertTrue(f.warnings().stream().allMatch(w -> w.startsWith("cut.v7.dat: ")), f.warnings().toString());
                    regimes[1]++;
                } else if (c < fooOptionsEnd) {
                    List<String> expected = new ArrayList<>();
                    for (Event e : all) {
                        if (e.buffer == 0 || chunkFileEnd(fooChunks.get(e.cpu), e.start) <= c) {
                            expected.add(e.key);
                        }
                    }
                    assertSame(expected, got, "cut at " + c + " (in foo's data)");
                    assertTrue(f.warnings().stream().anyMatch(w -> w.startsWith("cut.v7.dat: options section at " + options[2])),
                            f.warnings().toString());
                    assertTrue(f.warnings().stream().allMatch(w -> w.startsWith("cut.v7.dat: ")), f.warnings().toString());
                    List<String> names = f.buffers().stream().map(BufferInfo::name).toList();
                    // foo's name was in its BUFFER option, after its data
                    assertTrue(names.equals(List.of("")) || names.equals(List.of("", "(name lost)")), names.toString());
                    regimes[2]++;
                } else {
                    assertSame(every, got, "cut at " + c + " (in the strings section)");
                    regimes[3]++;
                }
            }
        }
        assertTrue(regimes[0] > 100 && regimes[1] > 60 && regimes[2] > 30, Arrays.toString(regimes));
    }

    /** The BUFFER option of buffer {@code name} in the options section at {@code at}: rows of (cpu, data offset, data size). */
    private static List<long[]> cpuTable(byte[] b, long at, String name) {
        long size = LeBytes.u64(b, (int) at + 8);
        for (int q = (int) at + 16; q + 6 <= at + 16 + size; ) {
            int id = (b[q] & 0xff) | (b[q + 1] & 0xff) << 8;
            int len = (int) LeBytes.u32(b, q + 2);
            int r = q + 6 + 8;
            if (id == 3 && new String(b, r, name.length(), java.nio.charset.StandardCharsets.US_ASCII).equals(name)
                    && b[r + name.length()] == 0) {
                r += name.length() + 1;
                while (b[r] != 0) {
                    r++; // clock
                }
                r += 1 + 4; // NUL, page size
                int n = (int) LeBytes.u32(b, r);
                r += 4;
                List<long[]> rows = new ArrayList<>();
                for (int i = 0; i < n; i++, r += 20) {
                    rows.add(new long[] {LeBytes.u32(b, r), LeBytes.u64(b, r + 4), LeBytes.u64(b, r + 12)});
                }
                return rows;
            }
            q += 6 + len;
        }
        throw new AssertionError("no BUFFER option of \"" + name + "\" in the options section at " + at);
    }

    /** One CPU's chunks: rows of (file offset where the chunk ends, end of its bytes in the CPU's uncompressed stream). */
    private static long[][] chunkEnds(byte[] b, long at) {
        int n = (int) LeBytes.u32(b, (int) at);
        long[][] out = new long[n][];
        long p = at + 4;
        long stream = 0;
        for (int i = 0; i < n; i++) {
            long z = LeBytes.u32(b, (int) p);
            stream += LeBytes.u32(b, (int) p + 4);
            p += 8 + z;
            out[i] = new long[] {p, stream};
        }
        return out;
    }

    /** Where the chunk holding uncompressed stream offset {@code pos} ends in the file. */
    private static long chunkFileEnd(long[][] chunks, long pos) {
        for (long[] c : chunks) {
            if (pos < c[1]) {
                return c[0];
            }
        }
        throw new AssertionError("stream offset " + pos + " is past the CPU's chunks");
    }

    /** Offsets of the options sections (id 0), following the chain from the file header. */
    private static long[] optionsSections(byte[] b) {
        int p = 10;
        while (b[p] != 0) {
            p++;
        }
        p += 1 + 2 + 4; // version NUL, endianness, long size, page size
        for (int s = 0; s < 2; s++) { // compression name and version
            while (b[p] != 0) {
                p++;
            }
            p++;
        }
        List<Long> out = new ArrayList<>();
        long at = LeBytes.u64(b, p);
        while (at != 0) {
            out.add(at);
            long size = LeBytes.u64(b, (int) at + 8);
            long next = 0;
            for (int q = (int) at + 16; q + 6 <= at + 16 + size; ) {
                int id = (b[q] & 0xff) | (b[q + 1] & 0xff) << 8;
                int len = (int) LeBytes.u32(b, q + 2);
                if (id == 0) {
                    next = LeBytes.u64(b, q + 6);
                }
                q += 6 + len;
            }
            at = next;
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static void assertTruncationMessage(TraceFormatException e, String name, long size) {
        String m = e.getMessage();
        assertTrue(m.startsWith(name + " @"), m);
        assertTrue(e.position() <= size, m);
        assertTrue(m.contains("remain") || m.contains("ends at byte") || m.contains("past the end")
                || m.contains("follow its header") || m.contains("truncated") || m.contains("only " + size + " bytes"), m);
    }
}
