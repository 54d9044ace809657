package dev.tracesym.formats.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.text.SampleFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Format files copied from the events sample (Debian 6.1 kernel), read as libtraceevent reads them. */
class FormatFileParserTest {
    static final String COMMON = "format:\n"
            + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
            + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
            + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
            + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

    static final String MODULE_LOAD = "name: module_load\nID: 362\n" + COMMON
            + "\tfield:unsigned int taints;\toffset:8;\tsize:4;\tsigned:0;\n"
            + "\tfield:__data_loc char[] name;\toffset:12;\tsize:4;\tsigned:1;\n\n"
            + "print fmt: \"%s %s\", __get_str(name), __print_flags(REC->taints, \"\", { (1UL << 0), \"P\" }, "
            + "{ (1UL << 12), \"O\" }, { (1UL << 1), \"F\" }, { (1UL << 10), \"C\" }, { (1UL << 13), \"E\" })\n";

    static final String KERNEL_STACK = "name: kernel_stack\nID: 4\n" + COMMON
            + "\tfield:int size;\toffset:8;\tsize:4;\tsigned:1;\n"
            + "\tfield:unsigned long caller[8];\toffset:16;\tsize:64;\tsigned:0;\n\n"
            + "print fmt: \"\\t=> %ps\\n\\t=> %ps\\n\\t=> %ps\\n\" \"\\t=> %ps\\n\\t=> %ps\\n\\t=> %ps\\n\" "
            + "\"\\t=> %ps\\n\\t=> %ps\\n\", (void *)REC->caller[0], (void *)REC->caller[1], (void *)REC->caller[2], "
            + "(void *)REC->caller[3], (void *)REC->caller[4], (void *)REC->caller[5], (void *)REC->caller[6], "
            + "(void *)REC->caller[7]\n";

    static final String PRINT = "name: print\nID: 5\n" + COMMON
            + "\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n"
            + "\tfield:char buf[];\toffset:16;\tsize:0;\tsigned:1;\n\n"
            + "print fmt: \"%ps: %s\", (void *)REC->ip, REC->buf\n";

    static final String TIMER_START = "name: timer_start\nID: 384\n" + COMMON
            + "\tfield:void * timer;\toffset:8;\tsize:8;\tsigned:0;\n"
            + "\tfield:void * function;\toffset:16;\tsize:8;\tsigned:0;\n"
            + "\tfield:unsigned long expires;\toffset:24;\tsize:8;\tsigned:0;\n"
            + "\tfield:unsigned long now;\toffset:32;\tsize:8;\tsigned:0;\n"
            + "\tfield:unsigned int flags;\toffset:40;\tsize:4;\tsigned:0;\n\n"
            + "print fmt: \"timer=%p function=%ps expires=%lu [timeout=%ld] cpu=%u idx=%u flags=%s\", REC->timer, "
            + "REC->function, REC->expires, (long)REC->expires - REC->now, REC->flags & 0x0003FFFF, REC->flags >> 22, "
            + "__print_flags(REC->flags & (0x00040000 | 0x00080000 | 0x00100000 | 0x00200000), \"|\", "
            + "{ 0x00040000, \"M\" }, { 0x00080000, \"D\" }, { 0x00100000, \"P\" }, { 0x00200000, \"I\" })\n";

    static EventFormats sample() throws TraceFormatException {
        return EventFormats.parse(List.of(KERNEL_STACK, PRINT),
                Map.of("module", List.of(MODULE_LOAD), "timer", List.of(TIMER_START)), false, 8);
    }

    @Test
    void readsHeaderCommonFieldsAndOwnFields() throws Exception {
        EventFormats all = sample();
        EventFormat f = all.byId(362);
        assertEquals("module", f.system);
        assertEquals("module_load", f.name);
        assertEquals(4, f.commonFields.length);
        assertEquals(2, f.fields.length);
        assertEquals("common_pid", f.commonFields[3].name);
        assertTrue(f.commonFields[3].signed);
        assertEquals(4, f.commonFields[3].offset);
        assertEquals("\"%s %s\", __get_str(name), __print_flags(REC->taints, \"\", { (1UL << 0), \"P\" }, "
                + "{ (1UL << 12), \"O\" }, { (1UL << 1), \"F\" }, { (1UL << 10), \"C\" }, { (1UL << 13), \"E\" })",
                f.printFmt);
        assertEquals(f, all.find("module", "module_load"));
        assertNull(all.byId(363));
        assertNull(all.find("module", "module_free"));
    }

    @Test
    void dataLocFieldIsDynamicCharArray() throws Exception {
        FieldFormat name = sample().byId(362).field("name");
        assertEquals("char", name.type);
        assertEquals("__data_loc char[]", name.fullType);
        assertTrue(name.dynamic);
        assertFalse(name.relative);
        assertEquals(0, name.arrayLength);
        assertEquals(1, name.elementSize);
        assertTrue(name.string);
        assertEquals(12, name.offset);
        assertEquals(4, name.size);
    }

    @Test
    void fixedArrayKeepsCountAndElementSize() throws Exception {
        FieldFormat caller = sample().byId(4).field("caller");
        assertEquals("unsigned long", caller.type);
        assertEquals("unsigned long[8]", caller.fullType);
        assertEquals(8, caller.arrayLength);
        assertEquals(8, caller.elementSize);
        assertFalse(caller.dynamic);
        assertFalse(caller.string);
        FieldFormat buf = sample().byId(5).field("buf");
        assertEquals(0, buf.arrayLength);
        assertEquals(0, buf.size);
        assertTrue(buf.string);
    }

    @Test
    void pointerAndScalarFields() throws Exception {
        EventFormat t = sample().find("timer", "timer_start");
        FieldFormat timer = t.field("timer");
        assertEquals("void *", timer.type);
        assertTrue(timer.pointer);
        assertEquals(-1, timer.arrayLength);
        assertEquals(8, timer.elementSize);
        FieldFormat expires = t.field("expires");
        assertTrue(expires.isLong);
        assertFalse(expires.pointer);
        assertEquals("common_type", t.field("common_type").name);
    }

    @Test
    void formatWithoutNameOrIdIsLeftOutWithAWarning() throws Exception {
        EventFormats all = EventFormats.parse(List.of("nam: x\nID: 3\n", "name: x\nformat:\n", KERNEL_STACK),
                Map.of(), false, 8);
        assertEquals(1, all.all().size());
        assertEquals(2, all.warnings().size());
        assertTrue(all.warnings().get(0).contains("format file 1 of event system ftrace:1"), all.warnings().get(0));
        assertTrue(all.warnings().get(0).contains("name"), all.warnings().get(0));
        assertTrue(all.warnings().get(1).contains("ID"), all.warnings().get(1));
    }

    @Test
    void nulInsideAFormatTextIsAFormatError() {
        TraceFormatException e = assertThrows(TraceFormatException.class,
                () -> EventFormats.parse(List.of(), Map.of("sched", List.of(PRINT.replace("ip;", "i\0p;"))), false, 8));
        assertTrue(e.getMessage().contains("event system sched"), e.getMessage());
    }

    @Test
    void brokenFieldLineMarksEventFailedButKeepsIt() throws Exception {
        String text = "name: odd\nID: 7\n" + COMMON + "\tfield:int x\toffset:8;\tsize:4;\tsigned:1;\n\nprint fmt: \"%d\", REC->x\n";
        EventFormat f = EventFormats.parse(List.of(), Map.of("s", List.of(text)), false, 8).byId(7);
        assertTrue(f.fieldsFailed);
        assertEquals(4, f.commonFields.length);
    }

    @Test
    void aReusedIdKeepsTheLaterFormatWhileItsNameStillFindsTheEarlier() throws Exception {
        // as libtraceevent: the id table keeps the last format with an id, the name table each name's last
        String other = PRINT.replace("name: print", "name: other");
        EventFormats all = EventFormats.parse(List.of(PRINT, other), Map.of(), false, 8);
        assertEquals("other", all.byId(5).name);
        assertEquals("print", all.find("ftrace", "print").name);
        assertTrue(all.named("ftrace", "print").isEmpty());
        assertEquals(List.of(all.byId(5)), all.named("ftrace", "other"));
        assertEquals(1, all.all().size());
    }

    @Test
    void eachFormatIsReadOnceWhicheverWayItIsAskedFor() throws Exception {
        EventFormats all = sample();
        EventFormat viaId = all.byId(362);
        assertSame(viaId, all.find("module", "module_load"));
        assertSame(viaId, all.named("module", "module_load").get(0));
        assertTrue(all.all().contains(viaId));
    }

    /**
     * The header read without the lexer agrees with the lexer on every format text of the real samples
     * (x86-64, arm64, s390x, the 3.3/3.4 writers), and leaves every other form to it.
     */
    @Test
    void plainHeaderAgreesWithTheLexerOnEverySampleFormat() throws Exception {
        int read = 0;
        for (String scenario : new String[] {"reuse", "events", "funcgraph", "events-arm64", "events-s390x"}) {
            Path file = SampleFiles.dataDir().resolve(scenario).resolve(
                    (scenario.startsWith("events") ? "events" : scenario) + ".v7-zstd.dat");
            try (DatFile dat = DatFile.open(file)) {
                List<String> texts = new ArrayList<>(dat.ftraceFormats());
                for (EventSystem sys : dat.eventSystems()) {
                    texts.addAll(sys.formats());
                }
                for (String t : texts) {
                    FormatFileParser.Header plain = FormatFileParser.plainHeader(t);
                    if (plain != null) {
                        assertEquals(FormatFileParser.header("sys", t, "test"), plain, t);
                        read++;
                    }
                }
            }
        }
        assertTrue(read > 5000, "the fast path reads the kernel's own form: " + read);
    }

    @Test
    void plainHeaderLeavesUnusualFormsToTheLexer() {
        for (String t : new String[] {"name: a b\nID: 1\n", "name:x\nID: 1\n", "name: x\nID: 012\n",
            "name: x\nID: 0x12\n", "name: x\nID: 99999\n", "name: 9p\nID: 1\n", "name: x\nid: 1\n",
            "name: x\nID: 1", "name: \nID: 1\n", "name: x-y\nID: 1\n"}) {
            assertNull(FormatFileParser.plainHeader(t), t);
        }
        assertEquals(new FormatFileParser.Header("sched_switch", 316),
                FormatFileParser.plainHeader("name: sched_switch\nID: 316\nformat:\n"));
        assertEquals(new FormatFileParser.Header("x", 0), FormatFileParser.plainHeader("name: x\nID: 0\n"));
    }
}
