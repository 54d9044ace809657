package dev.tracesym.formats.dat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.tracesym.formats.text.SampleFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tukaani.xz.XZInputStream;

/** The events of the real traces under {@code samples/data} ({@link SampleFiles}) and of their reference reports. */
final class DatSamples {
    /** {@code [buffer: ]comm-pid [cpu] seconds.nanoseconds:} of a {@code trace-cmd report -N -t} event line. */
    private static final Pattern EVENT_LINE =
            Pattern.compile("^(?:(\\S+): )?\\s*.*?-(\\d+)\\s+\\[(\\d+)\\]\\s+(\\d+)\\.(\\d{9}):");

    private DatSamples() {}

    /** One event as a line of text: {@code "<buffer> <cpu> <ts ns>"}, buffer empty for the top level. */
    static String key(String buffer, int cpu, long ts) {
        return buffer + " " + cpu + " " + ts;
    }

    /** The events listed by a reference {@code trace-cmd report -N -t} output ({@code .xz}), as {@link #key} lines. */
    static List<String> reference(String reportXz) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new XZInputStream(Files.newInputStream(SampleFiles.dataDir().resolve(reportXz))), StandardCharsets.UTF_8))) {
            String first = r.readLine();
            if (first == null || !first.startsWith("cpus=")) {
                fail(reportXz + ": expected a cpus= line first, found " + first);
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isEmpty() || line.startsWith("\t")) {
                    continue; // continuation lines, e.g. stack frames "\t=> func"
                }
                Matcher m = EVENT_LINE.matcher(line);
                if (!m.find()) {
                    fail(reportXz + ":" + n + ": not an event line: " + line);
                }
                String buffer = m.group(1) == null ? "" : m.group(1);
                long ts = Long.parseLong(m.group(4)) * 1_000_000_000L + Long.parseLong(m.group(5));
                out.add(key(buffer, Integer.parseInt(m.group(3)), ts));
            }
        }
        return out;
    }

    /** All events of a file as {@link #key} lines. */
    static List<String> keys(DatFile f) throws IOException {
        List<String> out = new ArrayList<>();
        RawEvent e = new RawEvent();
        while (f.next(e)) {
            out.add(key(f.buffers().get(e.buffer).name(), e.cpu, e.ts));
        }
        return out;
    }

    /** Fails at the first difference, showing it, instead of printing two lists of thousands of lines. */
    static void assertSameEvents(List<String> expected, List<String> actual, String what) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(what + ": event " + i + " differs: expected [" + expected.get(i) + "] but read [" + actual.get(i) + "]");
            }
        }
        if (expected.size() != actual.size()) {
            fail(what + ": expected " + expected.size() + " events but read " + actual.size());
        }
    }
}
