package dev.tracesym.formats.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.input.InputException;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Damaged trace text made from the real samples: many garbage lines in a function_graph trace, a
 * compressed trace cut short, and an xz stream whose header asks for a huge dictionary.
 */
class TextDamageTest {
    private static final String FUNCGRAPH = "text/funcgraph-004-final.trace.xz";

    /** Reads everything; returns the text of every line with its kind, and collects the warnings. */
    private static List<String> read(byte[] input, String name, List<String> warnings) throws IOException {
        List<String> out = new ArrayList<>();
        WarningSink sink = (source, line, message) -> warnings.add(source + ":" + line + ": " + message);
        try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(input), name, sink)) {
            TextLine line = new TextLine();
            while (r.next(line)) {
                out.add(line.kind + " " + line.text());
            }
        }
        return out;
    }

    private static byte[] text(String sample) throws IOException {
        return FuzzSamples.head(sample, Integer.MAX_VALUE).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void manyGarbageLinesAreReportedByLineThenCountedAndTheRestIsRead() throws IOException {
        String intact = new String(text(FUNCGRAPH), StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(Arrays.asList(intact.split("\n", -1)));
        List<String> clean = read(text(FUNCGRAPH), "intact.trace", new ArrayList<>());
        int garbage = 150;
        int first = lines.size() / 3;
        for (int i = 0; i < garbage; i++) {
            lines.add(first + 2 * i, "\u0001\u0002 garbage " + i + " }{ ~~~");
        }
        List<String> warnings = new ArrayList<>();
        List<String> got = read(String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1), "damaged.trace", warnings);
        List<String> kept = new ArrayList<>();
        int reportedAt = 0;
        for (int i = 0; i < got.size(); i++) {
            if (got.get(i).startsWith(TextLine.GARBAGE + " ")) {
                if (reportedAt < 100) {
                    assertTrue(warnings.get(reportedAt).startsWith("damaged.trace:" + (i + 1) + ": not understood as FTRACE text"),
                            warnings.get(reportedAt));
                }
                reportedAt++;
            } else {
                kept.add(got.get(i));
            }
        }
        assertEquals(garbage, reportedAt);
        assertEquals(clean, kept, "every other line reads as it does in the intact trace");
        assertEquals(101, warnings.size());
        assertTrue(warnings.get(100).startsWith("damaged.trace:" + got.size() + ": 50 more lines not understood as FTRACE text"),
                warnings.get(100));
    }

    @Test
    void truncatedGzipGivesTheLinesBeforeTheCutThenALocatedError() throws IOException {
        byte[] plain = text("text/events-009-final.trace.xz");
        List<String> intact = read(plain, "intact.trace", new ArrayList<>());
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(z)) {
            gz.write(plain);
        }
        byte[] cut = Arrays.copyOf(z.toByteArray(), z.size() * 2 / 3);
        List<String> got = new ArrayList<>();
        InputException e = assertThrows(InputException.class, () -> {
            try (TextTraceReader r = TextTraceReader.open(new ByteArrayInputStream(cut), "cut.trace.gz", WarningSink.IGNORE)) {
                TextLine line = new TextLine();
                while (r.next(line)) {
                    got.add(line.kind + " " + line.text());
                }
            }
        });
        assertTrue(e.getMessage().startsWith("cut.trace.gz @") && e.getMessage().contains("gzip data ends early"), e.getMessage());
        assertTrue(got.size() > intact.size() / 3, got.size() + " of " + intact.size());
        assertEquals(intact.subList(0, got.size()), got);
    }

    @Test
    void xzAskingForAHugeDictionaryIsRefusedNotAllocated() throws IOException {
        byte[] plain = text("text/events-009-final.trace.xz");
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (XZOutputStream xz = new XZOutputStream(z, new LZMA2Options(1))) {
            xz.write(plain);
        }
        byte[] hostile = hostileDictionary(z.toByteArray());
        InputException e = assertThrows(InputException.class, () -> read(hostile, "huge.trace.xz", new ArrayList<>()));
        assertTrue(e.getMessage().startsWith("huge.trace.xz @"), e.getMessage());
        assertTrue(e.getMessage().contains("xz data asks for 1536 MiB of memory"), e.getMessage());
    }

    /** The xz stream with its first block asking for a 1.5 GiB dictionary (LZMA2 property 37), header CRC fixed. */
    static byte[] hostileDictionary(byte[] xz) {
        byte[] b = xz.clone();
        int h = 12;
        int size = ((b[h] & 0xff) + 1) * 4;
        int flags = b[h + 1] & 0xff;
        int p = h + 2;
        for (int field = 0x40; field <= 0x80; field <<= 1) {
            if ((flags & field) != 0) {
                while ((b[p] & 0x80) != 0) {
                    p++;
                }
                p++;
            }
        }
        assertEquals(0x21, b[p] & 0xff, "the first filter is LZMA2");
        b[p + 2] = 37;
        CRC32 crc = new CRC32();
        crc.update(b, h, size - 4);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            b[h + size - 4 + i] = (byte) (c >>> (8 * i));
        }
        return b;
    }
}
