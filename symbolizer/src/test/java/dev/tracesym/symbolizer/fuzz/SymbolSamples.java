package dev.tracesym.symbolizer.fuzz;

import dev.tracesym.symbolizer.SampleData;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The real samples under {@code samples/data}, read through the symbolizer's own decompression. */
final class SymbolSamples {
    private SymbolSamples() {}

    /** The decompressed bytes of a sample. */
    static byte[] bytes(String relative) throws IOException {
        TextSource src = TextSource.read(SampleData.dir().resolve(relative));
        return java.util.Arrays.copyOf(src.bytes(), src.length());
    }

    /** The first {@code head} lines and then the first {@code matching} later lines containing {@code needle}. */
    static byte[] lines(String relative, int head, String needle, int matching) throws IOException {
        String text = new String(bytes(relative), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        int h = 0;
        int m = 0;
        for (String line : text.split("\n")) {
            if (h < head) {
                out.append(line).append('\n');
                h++;
            } else if (m < matching && line.contains(needle)) {
                out.append(line).append('\n');
                m++;
            } else if (m >= matching) {
                break;
            }
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
