package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.text.SampleFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tukaani.xz.XZInputStream;

/** Locates the repository's real sample traces and reads their reference trace-cmd reports. */
final class Samples {
    private Samples() {
    }

    static Path dat(String scenario) {
        return SampleFiles.dataDir().resolve(scenario).resolve(scenario + ".v7-zstd.dat");
    }

    static EventFormats formats(DatFile dat) throws IOException {
        Map<String, List<String>> systems = new LinkedHashMap<>();
        for (EventSystem s : dat.eventSystems()) systems.put(s.name(), s.formats());
        return EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
    }

    /** The reference report's lines, decompressed, as bytes mapped 1:1 to chars (ISO-8859-1). */
    static List<String> reportLines(String scenario) throws IOException {
        return reportLines(scenario, "report");
    }

    /** {@code variant}: "report" (default options) or "report-N-t" (no plugins, full timestamps). */
    static List<String> reportLines(String scenario, String variant) throws IOException {
        Path p = SampleFiles.dataDir().resolve(scenario).resolve(scenario + "." + variant + ".txt.xz");
        List<String> lines = new ArrayList<>();
        try (InputStream in = new XZInputStream(Files.newInputStream(p));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
        }
        return lines;
    }
}
