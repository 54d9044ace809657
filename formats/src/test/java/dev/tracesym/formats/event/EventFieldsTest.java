package dev.tracesym.formats.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Field access on the real events sample, checked against what trace-cmd report printed for the same records. */
class EventFieldsTest {
    @Test
    void fieldsReadAsTraceCmdShowsThem() throws Exception {
        List<ReferenceReport.Record> ref = ReferenceReport.read("events");
        int stacks = 0, frames = 0, switches = 0, loads = 0;
        try (DatFile dat = DatFile.open(Samples.dat("events"))) {
            EventFormats formats = Samples.formats(dat);
            boolean be = formats.bigEndian();
            EventFormat stack = formats.find("ftrace", "kernel_stack");
            EventFormat sw = formats.find("sched", "sched_switch");
            EventFormat load = formats.find("module", "module_load");
            FieldFormat caller = stack.field("caller");
            FieldFormat prevComm = sw.field("prev_comm"), nextComm = sw.field("next_comm");
            FieldFormat prevPid = sw.field("prev_pid"), nextPrio = sw.field("next_prio");
            FieldFormat name = load.field("name");
            FieldFormat pid = sw.field("common_pid");
            assertEquals(8, caller.arrayLength);
            assertEquals(16, prevComm.arrayLength);
            RawEvent e = new RawEvent();
            StringBuilder s = new StringBuilder();
            int i = 0;
            while (dat.next(e)) {
                ReferenceReport.Record r = ref.get(i++);
                int type = formats.typeOf(e);
                if (type == stack.id) {
                    // "<stack trace >" then one "=> name (address)" line per frame
                    String[] lines = r.info.split("\n");
                    for (int k = 1; k < lines.length; k++) {
                        String l = lines[k];
                        long want = Long.parseUnsignedLong(l.substring(l.lastIndexOf('(') + 1, l.length() - 1), 16);
                        assertEquals(want, EventFields.element(e, caller, k - 1, be), r.line);
                        frames++;
                    }
                    stacks++;
                } else if (type == sw.id) {
                    // "prev_comm:prev_pid [prev_prio] S ==> next_comm:next_pid [next_prio]"
                    s.setLength(0);
                    EventFields.appendString(s, e, prevComm, be);
                    s.append(':').append(EventFields.signed(e, prevPid, be));
                    assertTrue(r.info.startsWith(s + " ["), r.line + " vs " + s);
                    s.setLength(0);
                    s.append(" ==> ");
                    EventFields.appendString(s, e, nextComm, be);
                    assertTrue(r.info.contains(s), r.line + " vs " + s);
                    assertTrue(r.info.endsWith("[" + EventFields.signed(e, nextPrio, be) + "]"), r.line);
                    assertEquals(EventFields.unsigned(e, pid, be), EventFields.signed(e, prevPid, be), r.line);
                    switches++;
                } else if (type == load.id) {
                    s.setLength(0);
                    EventFields.appendString(s, e, name, be);
                    assertEquals(r.info.substring(0, r.info.indexOf(' ')), s.toString(), r.line);
                    // the payload holds the name and its NUL
                    assertEquals(s.length() + 1, EventFields.dynamicLength(e, name, be));
                    assertEquals(0, e.data[EventFields.dynamicOffset(e, name, be) + s.length()]);
                    loads++;
                }
            }
        }
        assertEquals(4991, stacks);
        assertTrue(frames > 4 * stacks, frames + " frames");
        assertEquals(654, switches);
        assertEquals(6, loads);
    }

    @Test
    void readsOutsideTheRecordYieldZero() throws Exception {
        EventFormats f = TestEvents.formats("t", TestEvents.format("t", 600, new Object[][] {{"unsigned long x", 8, 8, 0},
            {"__data_loc char[] s", 16, 4, 1}, {"int a[4]", 20, 16, 1}}, "\"%lu\", REC->x"));
        EventFormat t = f.byId(600);
        // a record cut after 12 bytes: x is incomplete, s and a are missing
        RawEvent e = new TestEvents.Rec(600).u32(-1).event();
        assertEquals(0, EventFields.unsigned(e, t.field("x"), false));
        assertEquals(0, EventFields.dynamicLength(e, t.field("s"), false));
        assertEquals(0, EventFields.element(e, t.field("a"), 0, false));
        StringBuilder s = new StringBuilder();
        EventFields.appendString(s, e, t.field("s"), false);
        assertEquals("", s.toString());
        assertEquals(-1, EventFields.signed(new TestEvents.Rec(600).u64(0xffffffffffffffffL).event(), t.field("x"), false));
        assertEquals(600, f.typeOf(e));
    }
}
