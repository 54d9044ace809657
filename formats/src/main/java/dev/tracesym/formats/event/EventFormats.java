package dev.tracesym.formats.event;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.RawEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The event types of one trace: every {@code format} file, indexed by id and by system:name. */
public final class EventFormats {
    private final EventFormat[] byId;
    private final Map<String, EventFormat> byName;
    private final boolean bigEndian;
    private final int longSize;
    private final int typeOffset, typeSize;

    private final List<String> warnings;

    private EventFormats(EventFormat[] byId, Map<String, EventFormat> byName, boolean bigEndian, int longSize,
                         int typeOffset, int typeSize, List<String> warnings) {
        this.warnings = warnings;
        this.byId = byId;
        this.byName = byName;
        this.bigEndian = bigEndian;
        this.longSize = longSize;
        this.typeOffset = typeOffset;
        this.typeSize = typeSize;
    }

    /**
     * Parses the format files of a trace.
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
        Map<String, EventFormat> byName = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        EventFormat[] ids = new EventFormat[64];
        // ftrace first, then the systems in the map's order
        List<Map.Entry<String, List<String>>> all = new ArrayList<>();
        all.add(Map.entry("ftrace", ftraceFormats));
        all.addAll(systems.entrySet());
        for (Map.Entry<String, List<String>> sys : all) {
            List<String> texts = sys.getValue();
            for (int i = 0; i < texts.size(); i++) {
                String source = "format file " + (i + 1) + " of event system " + sys.getKey();
                String text = texts.get(i);
                int nul = text.indexOf('\0');
                if (nul >= 0) {
                    throw TraceFormatException.atOffset(source, nul, "NUL character inside an event format text");
                }
                EventFormat f;
                try {
                    f = FormatFileParser.parse(sys.getKey().intern(), text, source, longSize);
                } catch (TraceFormatException e) {
                    warnings.add(e.getMessage() + " (event left out)");
                    continue;
                }
                if (f.id >= ids.length) ids = Arrays.copyOf(ids, Math.max(f.id + 1, ids.length * 2));
                ids[f.id] = f;
                byName.put(f.system + ":" + f.name, f);
            }
        }
        int typeOffset = 0, typeSize = 2;
        for (EventFormat f : ids) {
            if (f == null) continue;
            for (FieldFormat c : f.commonFields) {
                if (c.name.equals("common_type")) {
                    typeOffset = c.offset;
                    typeSize = c.size;
                }
            }
            break;
        }
        return new EventFormats(ids, byName, bigEndian, longSize, typeOffset, typeSize, List.copyOf(warnings));
    }

    /** The event type with this id; null when unknown. */
    public EventFormat byId(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /** The event type {@code system:name}; null when unknown. */
    public EventFormat find(String system, String name) {
        return byName.get(system + ":" + name);
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

    /** Every event type, in id order. */
    public List<EventFormat> all() {
        List<EventFormat> out = new ArrayList<>();
        for (EventFormat f : byId) {
            if (f != null) out.add(f);
        }
        return out;
    }
}
