package dev.tracesym.formats.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.input.InputException;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.event.PrintkFormats;
import dev.tracesym.formats.event.SymbolNamer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for the {@code .dat} reader and the event renderer: any bytes either read to the end
 * (every event parsed and printed) or fail with a located {@link TraceFormatException}; anything
 * else (a runtime exception, an error, running out of the 256 MiB heap, a hang) is a finding.
 * Seeds: small valid traces made from the real samples by {@link DatSeeds} ({@code DatFileFuzzTestInputs/}).
 * See docs/RELIABILITY.md for how to replay and how to fuzz.
 */
class DatFileFuzzTest {
    static final String NAME = "fuzz.dat";
    private static final Path FILE;

    static {
        try {
            Path dir = Files.createTempDirectory("tracesym-fuzz-");
            dir.toFile().deleteOnExit();
            FILE = dir.resolve(NAME);
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void datFile(byte[] data) throws IOException {
        Files.write(FILE, data);
        try {
            readAll(FILE);
        } catch (InputException expected) { // TraceFormatException, or broken compressed data
            FuzzChecks.located(expected, expected.source());
        }
    }

    /** Opens, iterates every event and renders each one, as {@code tracesym report} does. Returns the event count. */
    static int readAll(Path file) throws IOException {
        return readAll(file, (e, text) -> { });
    }

    /** As {@link #readAll(Path)}, handing every rendered info text to {@code seen}. */
    static int readAll(Path file, java.util.function.BiConsumer<RawEvent, CharSequence> seen) throws IOException {
        int n = 0;
        try (DatFile f = DatFile.open(file)) {
            Map<String, List<String>> systems = new LinkedHashMap<>();
            for (EventSystem s : f.eventSystems()) {
                systems.put(s.name(), s.formats());
            }
            EventFormats formats = EventFormats.parse(f.ftraceFormats(), systems, f.bigEndian(), f.longSize());
            EventPrinter printer = new EventPrinter(formats, PrintkFormats.parse(f.printkFormats()), SymbolNamer.NONE);
            RawEvent e = new RawEvent();
            StringBuilder out = new StringBuilder();
            while (f.next(e)) {
                EventFormat fmt = formats.byId(formats.typeOf(e));
                if (fmt != null) {
                    out.setLength(0);
                    printer.printInfo(out, e, fmt);
                    seen.accept(e, out);
                }
                n++;
            }
            f.warnings();
        }
        return n;
    }
}
