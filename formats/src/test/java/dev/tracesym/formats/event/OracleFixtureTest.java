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
 * (fixture made by {@link LibtraceeventOracle}), then bprint records for extra trace_printk formats,
 * one group per format. Records for which libtraceevent crashed or read past the record end are
 * marked and skipped.
 */
class OracleFixtureTest {
    @Test
    void everyPrintFmtOfTheSampleKernelRendersAsLibtraceeventDoes() throws Exception {
        int compared = 0, skipped = 0, failedEvents = 0, groups = 0;
        Set<String> types = new HashSet<>();
        StringBuilder diffs = new StringBuilder();
        try (DatFile dat = DatFile.open(Samples.dat("events"));
             InputStream in = new XZInputStream(getClass().getResourceAsStream("events-oracle.txt.xz"));
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            EventFormats formats = Samples.formats(dat);
            TraceCmdNamer namer = new TraceCmdNamer(dat.kallsyms());
            StringBuilder printk = new StringBuilder(dat.printkFormats());
            EventPrinter printer = null;
            RawEvent e = new RawEvent();
            StringBuilder out = new StringBuilder();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("P\t")) {
                    // extra trace_printk formats for the bprint groups
                    printk.append(line, 2, line.length()).append('\n');
                    continue;
                }
                if (line.equals("G")) {
                    // a group: a fresh printer, as the oracle used a fresh libtraceevent
                    printer = new EventPrinter(formats, PrintkFormats.parse(printk.toString()), namer);
                    groups++;
                    continue;
                }
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
        assertTrue(compared > 5500 && skipped < 60, compared + " compared, " + skipped + " skipped");
        assertEquals(1 + LibtraceeventOracle.BPRINT_FORMATS.length, groups);
        assertTrue(failedEvents > 0, "the fixture holds events libtraceevent fails to parse");
    }
}
