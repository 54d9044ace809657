package dev.tracesym.formats.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The filters where tracesym departs from trace-cmd 3.1.6 (which crashes, or cannot match) and its
 * additions, checked on every record of a real trace against the fields read directly. (Everything
 * libtraceevent does the same way is compared with the real trace-cmd in ReportOptionsTest.)
 */
class RecordFilterTest {
    private static Path dat(String scenario) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d.resolve(scenario).resolve(scenario + ".v7-zstd.dat");
            }
        }
        throw new IllegalStateException("no samples/data");
    }

    private static EventFormats formats(DatFile dat) throws Exception {
        Map<String, List<String>> systems = new LinkedHashMap<>();
        for (EventSystem s : dat.eventSystems()) {
            systems.put(s.name(), s.formats());
        }
        return EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
    }

    /**
     * Names that know one function per address: "f_" + the address's low 12 bits in hex (the symbol handle), in
     * module "m1" when the address is odd; address 0 has none.
     */
    private static final FilterNames NAMES = new FilterNames() {
        @Override
        public byte[] comm(int pid) {
            return ("task" + pid).getBytes();
        }

        @Override
        public int symbol(long addr, long ts) {
            return addr == 0 ? -1 : (int) (addr & 0xfff);
        }

        @Override
        public String function(int symbol) {
            return "f_" + Integer.toHexString(symbol);
        }

        @Override
        public String module(int symbol) {
            return (symbol & 1) == 0 ? null : "m1";
        }
    };

    /** How many records of {@code scenario} the filter shows, and how many {@code expected} says it should. */
    private static int[] count(String scenario, String filter, Predicate<RawEvent> expected, EventFormats[] out)
            throws Exception {
        try (DatFile dat = DatFile.open(dat(scenario))) {
            EventFormats formats = formats(dat);
            out[0] = formats;
            RecordFilter f = RecordFilter.compile(new RecordFilter.Options(
                    List.of(new RecordFilter.FilterText(filter, false)), null, false, false), formats);
            RawEvent e = new RawEvent();
            int shown = 0;
            int want = 0;
            while (dat.next(e)) {
                if (f.accept(e, NAMES) && !stack(formats, e)) { // stacks follow the records shown
                    shown++;
                }
                if (expected.test(e)) {
                    want++;
                }
            }
            return new int[] {shown, want};
        }
    }

    private static boolean stack(EventFormats formats, RawEvent e) {
        EventFormat f = formats.byId(formats.typeOf(e));
        return f != null && f.name.endsWith("_stack");
    }

    private static String string(RawEvent e, EventFormat f, String field) {
        StringBuilder b = new StringBuilder();
        EventFields.appendString(b, e, f.field(field), false);
        return b.toString();
    }

    @Test
    void tildeMatchesAGlobOnStrings() throws Exception {
        EventFormats[] fm = new EventFormats[1];
        int[] n = count("events", "sched_switch: next_comm ~ \"k*\" && prev_comm ~ \"?????\"", e -> {
            EventFormat f = fm[0].byId(fm[0].typeOf(e));
            return f != null && f.name.equals("sched_switch") && string(e, f, "next_comm").startsWith("k")
                    && string(e, f, "prev_comm").length() == 5;
        }, fm);
        assertTrue(n[1] > 0, "the sample has such switches: " + n[1]);
        assertEquals(n[1], n[0]);
    }

    @Test
    void functionAndModuleOfAnAddressField() throws Exception {
        EventFormats[] fm = new EventFormats[1];
        int[] n = count("reuse", "function: ip.function =~ \"^f_[0-7]\" && parent_ip.module == \"m1\"", e -> {
            EventFormat f = fm[0].byId(fm[0].typeOf(e));
            if (f == null || !f.name.equals("function")) {
                return false;
            }
            long ip = EventFields.unsigned(e, f.field("ip"), false);
            long parent = EventFields.unsigned(e, f.field("parent_ip"), false);
            return ip != 0 && "01234567".indexOf(Long.toHexString(ip & 0xfff).charAt(0)) >= 0 && (parent & 1) == 1;
        }, fm);
        assertTrue(n[1] > 0 && n[0] == n[1], n[0] + " shown, " + n[1] + " expected");
    }

    /**
     * A filter decides a name once per symbol and remembers it by the symbol's handle: with another trace's
     * names (the same handles, other names, fewer symbols) it decides afresh, and the address field itself
     * compares its function's name, or its hex when no symbol covers it.
     */
    @Test
    void namesAreDecidedPerSymbolOfEachTracesNames() throws Exception {
        FilterNames upper = new FilterNames() {
            @Override
            public byte[] comm(int pid) {
                return NAMES.comm(pid);
            }

            @Override
            public int symbol(long addr, long ts) {
                return (addr & 0xfff) < 0x100 ? -1 : NAMES.symbol(addr, ts);
            }

            @Override
            public String function(int symbol) {
                return NAMES.function(symbol).toUpperCase(java.util.Locale.ROOT);
            }

            @Override
            public String module(int symbol) {
                return NAMES.module(symbol);
            }
        };
        try (DatFile dat = DatFile.open(dat("reuse"))) {
            EventFormats formats = formats(dat);
            RecordFilter f = RecordFilter.compile(new RecordFilter.Options(
                    List.of(new RecordFilter.FilterText("function: ip ~ \"f_*\" || parent_ip =~ \"^0x\"", false)),
                    null, false, false), formats);
            EventFormat function = formats.find("ftrace", "function");
            RawEvent e = new RawEvent();
            int functions = 0;
            int uncovered = 0;
            while (dat.next(e)) {
                if (formats.typeOf(e) != function.id) {
                    continue;
                }
                functions++;
                long ip = EventFields.unsigned(e, function.field("ip"), false);
                long parent = EventFields.unsigned(e, function.field("parent_ip"), false);
                boolean hex = (parent & 0xfff) < 0x100;
                uncovered += hex ? 1 : 0;
                assertEquals(ip != 0 || parent == 0, f.accept(e, NAMES), "lower-case names");
                assertEquals(hex, f.accept(e, upper), "upper-case names: only the hex of a parent without a symbol");
            }
            assertTrue(functions > uncovered && uncovered > 0, functions + " functions, " + uncovered + " parents without a symbol");
        }
    }

    /**
     * An eprobe's failed string fetch ({@code +0($filename):ustring} on a user address the probe cannot read)
     * stores an empty {@code __data_loc} string pointing at the record's end: libtraceevent compares the
     * bytes that follow it there (the next record's header), so {@code path == ""} matches none of them.
     */
    @Test
    void anEmptyDynamicStringAtTheRecordsEndComparesAsTheBytesAfterIt() throws Exception {
        String eopen = "name: eopen\nID: 1539\nformat:\n"
                + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
                + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
                + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
                + "\tfield:__data_loc char[] path;\toffset:8;\tsize:4;\tsigned:1;\n"
                + "\tfield:u32 fl;\toffset:12;\tsize:4;\tsigned:0;\n\n"
                + "print fmt: \" path=\\\"%s\\\" fl=0x%x\", __get_str(path), REC->fl\n";
        EventFormats formats = EventFormats.parse(List.of(), Map.of("eprobes", List.of(eopen)), false, 8);
        java.nio.ByteBuffer failed = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1539).putShort((short) 0).putInt(185).putInt(16).putInt(0x241)
                .put(new byte[] {(byte) 0xe3, (byte) 0x91, 0x0f, 0});
        java.nio.ByteBuffer read = java.nio.ByteBuffer.allocate(24).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1539).putShort((short) 0).putInt(185).putInt((4 << 16) | 16).putInt(0x241)
                .put("/a\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).put(new byte[] {5, 0, 0, 0});
        RawEvent e = new RawEvent();
        e.data = failed.array();
        e.length = 16;
        e.dataEnd = 20;
        RawEvent r = new RawEvent();
        r.data = read.array();
        r.length = 20;
        r.dataEnd = 24;
        for (String[] c : new String[][] {{"path == \"\"", "false", "false"}, {"path != \"\"", "true", "true"},
                {"path =~ \"^.\"", "true", "true"},
                {"path == \"/a\"", "false", "true"}}) {
            RecordFilter f = RecordFilter.compile(new RecordFilter.Options(
                    List.of(new RecordFilter.FilterText("eopen: " + c[0], false)), null, false, false), formats);
            assertEquals(Boolean.parseBoolean(c[1]), f.accept(e, NAMES), c[0] + " on the failed fetch");
            assertEquals(Boolean.parseBoolean(c[2]), f.accept(r, NAMES), c[0] + " on a string read");
        }
    }

    @Test
    void divisionByZeroMatchesNothingWhereTraceCmdDies() throws Exception {
        int[] n = count("reuse", "function: ip / 0 || ip % 0", e -> false, new EventFormats[1]);
        assertEquals(0, n[0]);
    }

    @Test
    void aCharacterInSingleQuotesIsItsCode() throws Exception {
        EventFormats[] fm = new EventFormats[1];
        int[] n = count("reuse", "print: common_pid > 'A'", e -> {
            EventFormat f = fm[0].byId(fm[0].typeOf(e));
            return f != null && f.name.equals("print") && EventFields.signed(e, f.field("common_pid"), false) > 'A';
        }, fm);
        assertTrue(n[1] > 0 && n[0] == n[1], n[0] + " shown, " + n[1] + " expected");
    }

    @Test
    void malformedFiltersAreRefusedWithTheReason() throws Exception {
        try (DatFile dat = DatFile.open(dat("reuse"))) {
            EventFormats formats = formats(dat);
            String[][] cases = {
                {"function: ip == 1 &&", "lacks its right side"}, // trace-cmd 3.1.6 crashes
                {"function: ip.symbol == \"x\"", ".function or .module"},
                {"function: ip.function == 3", "compares with a string"},
                {"print: buf.function == \"x\"", "number field"},
                {"nosuch", "no event matches nosuch"},
                {"print: buf =~ \"\\(\"", "did not compute"},
            };
            for (String[] c : cases) {
                FilterException e = assertThrows(FilterException.class, () -> EventFilter.compile(c[0], formats), c[0]);
                assertTrue(e.getMessage().contains(c[1]), c[0] + ": " + e.getMessage());
            }
        }
    }

    @Test
    void cpusAndStacksFollowTheEventTheyBelongTo() throws Exception {
        try (DatFile dat = DatFile.open(dat("events"))) {
            EventFormats formats = formats(dat);
            BitSet one = new BitSet();
            one.set(1);
            RecordFilter f = RecordFilter.compile(new RecordFilter.Options(
                    List.of(new RecordFilter.FilterText("sched_switch", false)), one, false, false), formats);
            RawEvent e = new RawEvent();
            List<String> shown = new ArrayList<>();
            int stacks = 0;
            while (dat.next(e)) {
                if (f.accept(e, NAMES)) {
                    assertEquals(1, e.cpu);
                    String name = formats.byId(formats.typeOf(e)).name;
                    shown.add(name);
                    if (name.equals("kernel_stack")) {
                        stacks++;
                    }
                }
            }
            assertTrue(shown.get(0).equals("sched_switch") && stacks > 0, shown.subList(0, 3).toString());
            assertEquals(Math.max(shown.indexOf("kernel_stack"), 1), shown.indexOf("kernel_stack"),
                    "the first stack shown follows a switch");
        }
    }
}
