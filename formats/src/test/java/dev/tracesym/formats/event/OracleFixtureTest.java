package dev.tracesym.formats.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * Every event format of the events sample (1338 print fmts of a Debian 6.1 kernel), rendered for
 * synthetic records and compared with what libtraceevent 1.7.1 itself printed for the same bytes
 * (fixture made by {@link LibtraceeventOracle}). Records for which libtraceevent crashed or read
 * past the record end are marked and skipped.
 */
class OracleFixtureTest {
    @Test
    void everyPrintFmtOfTheSampleKernelRendersAsLibtraceeventDoes() throws Exception {
        int compared = 0, skipped = 0, failedEvents = 0;
        Set<String> types = new HashSet<>();
        StringBuilder diffs = new StringBuilder();
        try (DatFile dat = DatFile.open(Samples.dat("events"));
             InputStream in = new XZInputStream(getClass().getResourceAsStream("events-oracle.txt.xz"));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            EventFormats formats = Samples.formats(dat);
            EventPrinter printer = new EventPrinter(formats, PrintkFormats.parse(dat.printkFormats()),
                    new TraceCmdNamer(dat.kallsyms()));
            RawEvent e = new RawEvent();
            StringBuilder out = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) {
                int tab = line.indexOf('\t');
                byte[] payload = OracleRecords.unhex(line.substring(0, tab));
                String want = line.substring(tab + 1);
                e.data = payload;
                e.offset = 0;
                e.length = payload.length;
                e.ts = 1000;
                EventFormat f = formats.byId(formats.typeOf(e));
                types.add(f.system + ":" + f.name);
                out.setLength(0);
                printer.printInfo(out, e, f);
                if (want.equals("<CRASH>") || want.equals("<UNDEFINED>")) {
                    skipped++;
                    continue;
                }
                compared++;
                if (want.startsWith("[FAILED TO PARSE]")) failedEvents++;
                String got = OracleRecords.escape(out);
                if (!got.equals(want) && diffs.length() < 4000) {
                    diffs.append(f.system).append(':').append(f.name).append(" fmt ").append(f.printFmt)
                            .append("\n  want: ").append(want).append("\n  got:  ").append(got).append('\n');
                }
            }
        }
        assertEquals("", diffs.toString());
        assertEquals(1338, types.size(), "event types covered");
        assertTrue(compared > 3900 && skipped < 40, compared + " compared, " + skipped + " skipped");
        assertTrue(failedEvents > 0, "the fixture holds events libtraceevent fails to parse");
    }
}
