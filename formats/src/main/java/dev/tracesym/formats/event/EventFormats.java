package dev.tracesym.formats.event;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.RawEvent;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event types of one trace: every {@code format} file, indexed by id and by system:name.
 * Only the name and id of each format are read up front; the fields and print fmt of an event type
 * are read the first time it is asked for (a trace uses a handful of its ~1,500 formats), once,
 * whatever thread asks.
 */
public final class EventFormats {
    private final Slot[] byId;
    /** Every slot in file order; {@link #byName} is made from them when first asked for. */
    private final Slot[] inOrder;
    private volatile Map<String, Slot> byName;
    private final boolean bigEndian;
    private final int longSize;
    private final int typeOffset, typeSize;

    private final List<String> warnings;
    private final List<Name> names;

    /** The system, name and id of one format text, as read before its fields. */
    public record Name(String system, String name, int id) {
    }

    /** One format text whose name and id are known; parsed on first use. */
    private static final class Slot {
        final String system;
        final String name;
        final String text;
        /** Its place in its system (from 1), for messages. */
        final int index;
        final int longSize;
        private volatile EventFormat parsed;

        Slot(String system, String name, String text, int index, int longSize) {
            this.system = system;
            this.name = name;
            this.text = text;
            this.index = index;
            this.longSize = longSize;
        }

        EventFormat format() {
            EventFormat f = parsed;
            return f != null ? f : parse();
        }

        private synchronized EventFormat parse() {
            if (parsed == null) {
                try {
                    parsed = FormatFileParser.parse(system, text, source(index, system), longSize);
                } catch (TraceFormatException e) { // the header read before decides this, and it read fine
                    throw new IllegalStateException(e);
                }
            }
            return parsed;
        }
    }

    /** What messages call a format text. */
    private static String source(int index, String system) {
        return "format file " + index + " of event system " + system;
    }

    private EventFormats(Slot[] byId, Slot[] inOrder, boolean bigEndian, int longSize,
                         int typeOffset, int typeSize, List<String> warnings, List<Name> names) {
        this.warnings = warnings;
        this.names = names;
        this.byId = byId;
        this.inOrder = inOrder;
        this.bigEndian = bigEndian;
        this.longSize = longSize;
        this.typeOffset = typeOffset;
        this.typeSize = typeSize;
    }

    /**
     * Reads the format files of a trace.
     *
     * @param ftraceFormats the {@code ftrace} system's format files (function, print, bprint, ...)
     * @param systems       the other systems' format files by system name
     * @param bigEndian     byte order of the traced machine
     * @param longSize      {@code sizeof(long)} of the traced machine (4 or 8)
     * A format file whose name or id cannot be read is left out, as trace-cmd does (it counts a
     * parsing failure and goes on), and named in {@link #warnings()}; fields or a print fmt
     * libtraceevent cannot read only make that event print as {@code [FAILED TO PARSE]}.
     *
     * @throws TraceFormatException when a format text holds a NUL character: the section it came
     *                              from is corrupt
     */
    public static EventFormats parse(List<String> ftraceFormats, Map<String, List<String>> systems,
                                     boolean bigEndian, int longSize) throws TraceFormatException {
        List<Slot> inOrder = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<Name> names = new ArrayList<>();
        Slot[] ids = new Slot[64];
        // ftrace first, then the systems in the map's order
        List<Map.Entry<String, List<String>>> all = new ArrayList<>();
        all.add(Map.entry("ftrace", ftraceFormats));
        all.addAll(systems.entrySet());
        for (Map.Entry<String, List<String>> sys : all) {
            List<String> texts = sys.getValue();
            String system = sys.getKey().intern();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                int nul = text.indexOf('\0');
                if (nul >= 0) {
                    throw TraceFormatException.atOffset(source(i + 1, system), nul, "NUL character inside an event format text");
                }
                // the usual "name: x\nID: n\n" without the lexer: a tenth of a small report's start-up
                FormatFileParser.Header h = FormatFileParser.plainHeader(text);
                if (h == null) {
                    try {
                        h = FormatFileParser.header(system, text, source(i + 1, system));
                    } catch (TraceFormatException e) {
                        warnings.add(e.getMessage() + " (event left out)");
                        continue;
                    }
                }
                names.add(new Name(system, h.name(), h.id()));
                Slot slot = new Slot(system, h.name(), text, i + 1, longSize);
                if (h.id() >= ids.length) ids = Arrays.copyOf(ids, Math.max(h.id() + 1, ids.length * 2));
                ids[h.id()] = slot;
                inOrder.add(slot);
            }
        }
        ids = withBlkTrace(ids, inOrder, ftraceFormats.size() + 1, longSize);
        int typeOffset = 0, typeSize = 2;
        for (Slot s : ids) {
            if (s == null) continue;
            for (FieldFormat c : s.format().commonFields) {
                if (c.name.equals("common_type")) {
                    typeOffset = c.offset;
                    typeSize = c.size;
                }
            }
            break;
        }
        return new EventFormats(ids, inOrder.toArray(new Slot[0]), bigEndian, longSize, typeOffset, typeSize, List.copyOf(warnings),
                List.copyOf(names));
    }

    /**
     * trace-cmd's "blk hack" (trace-blk-hack.c): the kernel never exports the format of the blk
     * tracer's records, so trace-cmd makes one up, {@code ftrace:blktrace} printing {@code "%d", REC->pid},
     * with the id after {@code ftrace:power}, else {@code kmem_free}, else {@code user_stack} (that
     * is where TRACE_BLK is in the kernels of each era), when that event's common fields are where
     * it expects them. An id some format already has is left alone, and so is a format of that name
     * the trace brings (the made-up one goes first in file order, so the trace's wins by name).
     */
    private static Slot[] withBlkTrace(Slot[] ids, List<Slot> inOrder, int index, int longSize) {
        Slot before = null;
        for (String n : new String[] {"power", "kmem_free", "user_stack"}) {
            before = lastNamed(inOrder, n);
            if (before != null) break;
        }
        if (before == null) return ids;
        StringBuilder t = new StringBuilder();
        int[][] want = {{0, 2}, {2, 1}, {3, 1}, {4, 4}};
        String[] names = {"common_type", "common_flags", "common_preempt_count", "common_pid"};
        FieldFormat[] common = before.format().commonFields;
        for (int i = 0; i < names.length; i++) {
            FieldFormat c = field(common, names[i]);
            if (c == null || c.offset != want[i][0] || c.size != want[i][1]) return ids;
        }
        int id;
        try {
            id = FormatFileParser.header("ftrace", before.text, source(before.index, "ftrace")).id() + 1;
        } catch (TraceFormatException e) {
            return ids;
        }
        t.append("name: blktrace\nID: ").append(id).append("\nformat:\n")
                .append("\tfield:unsigned short common_type;\toffset:0;\tsize:2;\n")
                .append("\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\n")
                .append("\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\n")
                .append("\tfield:int common_pid;\toffset:4;\tsize:4;\n");
        FieldFormat lock = field(common, "common_lock_depth");
        if (lock != null) {
            if (lock.offset != 8 || lock.size != 4) return ids;
            t.append("\tfield:int common_lock_depth;\toffset:8;\tsize:4;\n");
        }
        t.append("\n\tfield:u64 sector;\toffset:16;\tsize:8;\n\tfield:int bytes;\toffset:24;\tsize:4;\n")
                .append("\tfield:int action;\toffset:28;\tsize:4;\n\tfield:int pid;\toffset:32;\tsize:4;\n")
                .append("\tfield:int device;\toffset:36;\tsize:4;\n\tfield:int cpu;\toffset:40;\tsize:4;\n")
                .append("\tfield:short error;\toffset:44;\tsize:2;\n\tfield:short pdu_len;\toffset:46;\tsize:2;\n")
                .append("\tfield:void data;\toffset:48;\tsize:0;\n\nprint fmt: \"%d\", REC->pid\n");
        if (id < ids.length && ids[id] != null) return ids;
        if (id >= ids.length) ids = Arrays.copyOf(ids, id + 1);
        Slot slot = new Slot("ftrace", "blktrace", t.toString(), index, longSize);
        ids[id] = slot;
        inOrder.add(0, slot);
        return ids;
    }

    private static Slot lastNamed(List<Slot> inOrder, String ftraceName) {
        Slot found = null;
        for (Slot s : inOrder) {
            if (s.system.equals("ftrace") && s.name.equals(ftraceName)) found = s;
        }
        return found;
    }

    private static FieldFormat field(FieldFormat[] fields, String name) {
        for (FieldFormat f : fields) {
            if (f.name.equals(name)) return f;
        }
        return null;
    }

    /** The slots by {@code system:name} (the last of a name defined twice), made on first use. */
    private Map<String, Slot> byName() {
        Map<String, Slot> m = byName;
        if (m == null) {
            m = new HashMap<>();
            for (Slot s : inOrder) {
                m.put(s.system + ":" + s.name, s);
            }
            byName = m;
        }
        return m;
    }

    /** The event type with this id; null when unknown. */
    public EventFormat byId(int id) {
        Slot s = id >= 0 && id < byId.length ? byId[id] : null;
        return s == null ? null : s.format();
    }

    /** The event type {@code system:name}; null when unknown. */
    public EventFormat find(String system, String name) {
        Slot s = byName().get(system + ":" + name);
        return s == null ? null : s.format();
    }

    /**
     * Every event type called {@code system:name}, in id order: one, except in a file that defines
     * the name twice. Reads only those formats, where {@link #all()} reads every one.
     */
    public List<EventFormat> named(String system, String name) {
        List<EventFormat> out = new ArrayList<>(1);
        for (Slot s : byId) {
            if (s != null && s.system.equals(system) && s.name.equals(name)) {
                out.add(s.format());
            }
        }
        return out;
    }

    /** The {@code common_type} of a record (its event id); -1 when the record is too short to hold it. */
    public int typeOf(RawEvent e) {
        if (typeOffset + typeSize > e.length) return -1;
        return (int) EventFields.read(e.data, e.offset + typeOffset, typeSize, bigEndian);
    }

    /** Byte order of the traced machine. */
    public boolean bigEndian() {
        return bigEndian;
    }

    /** {@code sizeof(long)} of the traced machine. */
    public int longSize() {
        return longSize;
    }

    /** Format files left out because libtraceevent could not read their name or id, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * The system, name and id of every format text whose name and id could be read, in file order,
     * also those whose id another format of the file took again (libtraceevent keeps both).
     */
    public List<Name> names() {
        return names;
    }

    /**
     * Whether libtraceevent 1.7.1 leaves errno at EINVAL after parsing the {@code ftrace} formats
     * ({@code ftrace} true) or the other systems' formats: true when one of them has a
     * {@code __print_array}/{@code __print_hex}/{@code __print_hex_str} argument it cannot parse (the
     * {@code sizeof(u64)} of the dma events of Linux 6.12, for one). trace-cmd's die() exits with the errno
     * left over from such reading. Parses every print fmt of those formats; meant for that one answer.
     *
     * @param pluginFunctions whether the print-fmt helpers of libtraceevent's plugins are known (no {@code -N})
     */
    public boolean parsingSetsEinval(boolean ftrace, boolean pluginFunctions) {
        for (Slot s : inOrder) {
            if (s.system.equals("ftrace") == ftrace && PrintFmtParser.leavesEinval(s.format(), longSize, pluginFunctions)) {
                return true;
            }
        }
        return false;
    }

    /** Every event type, in id order; each is read when the list hands it out. */
    public List<EventFormat> all() {
        List<Slot> slots = new ArrayList<>();
        for (Slot s : byId) {
            if (s != null) slots.add(s);
        }
        return new AbstractList<>() {
            @Override
            public EventFormat get(int index) {
                return slots.get(index).format();
            }

            @Override
            public int size() {
                return slots.size();
            }
        };
    }
}
