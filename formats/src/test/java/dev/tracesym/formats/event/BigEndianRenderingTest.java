package dev.tracesym.formats.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events sample as if recorded on a big-endian machine: every numeric field of every record
 * is byte-swapped according to its format, and the rendering must not change (a real big-endian
 * trace, events-s390x, is compared with trace-cmd report in IdenticalReportTest).
 */
class BigEndianRenderingTest {
    @Test
    void swappedRecordsRenderLikeTheOriginals() throws Exception {
        int checked = 0;
        try (DatFile dat = DatFile.open(Samples.dat("events"))) {
            Map<String, List<String>> systems = new LinkedHashMap<>();
            for (EventSystem s : dat.eventSystems()) systems.put(s.name(), s.formats());
            EventFormats le = EventFormats.parse(dat.ftraceFormats(), systems, false, 8);
            EventFormats be = EventFormats.parse(dat.ftraceFormats(), systems, true, 8);
            TraceCmdNamer namer = new TraceCmdNamer(dat.kallsyms());
            PrintkFormats printk = PrintkFormats.parse(dat.printkFormats());
            EventPrinter lePrinter = new EventPrinter(le, printk, namer);
            EventPrinter bePrinter = new EventPrinter(be, printk, namer);
            RawEvent e = new RawEvent();
            RawEvent swapped = new RawEvent();
            StringBuilder a = new StringBuilder(), b = new StringBuilder();
            while (dat.next(e)) {
                EventFormat f = le.byId(le.typeOf(e));
                if (f.name.equals("bprint")) continue; // its binary arguments have no per-field layout to swap
                // bputs' string pointer is read in the reading machine's order, as libtraceevent reads it:
                // a big-endian trace's string is not found (the real s390x sample in IdenticalReportTest)
                if (f.name.equals("bputs")) continue;
                swapped.data = java.util.Arrays.copyOfRange(e.data, e.offset, e.offset + e.length);
                swapped.offset = 0;
                swapped.length = e.length;
                swapped.ts = e.ts;
                for (FieldFormat x : f.commonFields) swap(swapped.data, x);
                for (FieldFormat x : f.fields) swap(swapped.data, x);
                assertEquals(f.id, be.typeOf(swapped));
                a.setLength(0);
                b.setLength(0);
                lePrinter.printInfo(a, e, f);
                bePrinter.printInfo(b, swapped, be.byId(f.id));
                assertEquals(a.toString(), b.toString(), f.name);
                checked++;
            }
        }
        assertTrue(checked > 18000, checked + " records");
    }

    private static void swap(byte[] d, FieldFormat f) {
        if (f.dynamic) {
            reverse(d, f.offset, f.size);
        } else if (f.arrayLength >= 0) {
            if (f.elementSize > 1) {
                for (int p = f.offset; p + f.elementSize <= f.offset + f.size; p += f.elementSize) {
                    reverse(d, p, f.elementSize);
                }
            }
        } else {
            reverse(d, f.offset, f.size);
        }
    }

    private static void reverse(byte[] d, int off, int n) {
        if (off + n > d.length) return;
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            byte t = d[off + i];
            d[off + i] = d[off + j];
            d[off + j] = t;
        }
    }
}
