package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.RawEvent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds format-file texts in the kernel's layout and little-endian records for unit tests. */
final class TestEvents {
    private TestEvents() {
    }

    static final String COMMON = "format:\n"
            + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
            + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
            + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
            + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n";

    /** A format file; each field is {"decl", offset, size, signed}. */
    static String format(String name, int id, Object[][] fields, String printFmt) {
        StringBuilder s = new StringBuilder("name: ").append(name).append("\nID: ").append(id).append('\n').append(COMMON);
        for (Object[] f : fields) {
            s.append("\tfield:").append(f[0]).append(";\toffset:").append(f[1]).append(";\tsize:").append(f[2])
                    .append(";\tsigned:").append(f[3]).append(";\n");
        }
        return s.append("\nprint fmt: ").append(printFmt).append('\n').toString();
    }

    /** A registry of format texts: system name, then texts; ftrace formats go under "ftrace". */
    static EventFormats formats(String... systemAndTexts) throws Exception {
        Map<String, List<String>> systems = new LinkedHashMap<>();
        List<String> ftrace = new ArrayList<>();
        for (int i = 0; i < systemAndTexts.length; i += 2) {
            String sys = systemAndTexts[i];
            if (sys.equals("ftrace")) ftrace.add(systemAndTexts[i + 1]);
            else systems.computeIfAbsent(sys, k -> new ArrayList<>()).add(systemAndTexts[i + 1]);
        }
        return EventFormats.parse(ftrace, systems, false, 8);
    }

    /** A little-endian record under construction; starts with the common fields of event {@code id}. */
    static final class Rec {
        final ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);

        Rec(int id) {
            b.putShort((short) id).put((byte) 0).put((byte) 0).putInt(1);
        }

        Rec u8(int v) { b.put((byte) v); return this; }
        Rec u16(int v) { b.putShort((short) v); return this; }
        Rec u32(long v) { b.putInt((int) v); return this; }
        Rec u64(long v) { b.putLong(v); return this; }
        Rec pad(int n) { for (int i = 0; i < n; i++) b.put((byte) 0); return this; }
        Rec bytes(String latin1) { b.put(latin1.getBytes(StandardCharsets.ISO_8859_1)); return this; }
        /** A {@code __data_loc} locator. */
        Rec loc(int offset, int len) { return u32(((long) len << 16) | offset); }
        int position() { return b.position(); }

        RawEvent event() {
            RawEvent e = new RawEvent();
            e.data = java.util.Arrays.copyOf(b.array(), b.position());
            e.offset = 0;
            e.length = b.position();
            e.ts = 1000;
            return e;
        }
    }

    static String render(EventPrinter p, EventFormats f, RawEvent e) {
        StringBuilder out = new StringBuilder();
        p.printInfo(out, e, f.byId(f.typeOf(e)));
        return out.toString();
    }
}
