package dev.tracesym.app.repl;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Finds the events of a {@code .dat} trace that hit a kernel address: an event's own fields of the
 * kernel's {@code long} size (scalars such as {@code ip}, {@code parent_ip}, {@code call_site}, and
 * the elements of arrays such as a stack's {@code caller[]}) hold it exactly. A kernel text address
 * is never a count or a flag, so no field is left out by name. Each call rescans the file: the trace
 * is streamed, never held.
 */
final class TraceScan {
    /** What the scan reports for each hit; the event is only valid during the call. */
    interface Visitor {
        /** @param field the field that holds the address, with {@code [i]} for array elements */
        void hit(RawEvent e, EventFormat event, String field, int pid);
    }

    private final Path file;

    TraceScan(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /**
     * Visits every event whose address fields hold {@code addr}, in trace order.
     *
     * @param cancelled polled every few thousand events; a true answer stops the scan with
     *                  {@link CancelledException}
     * @return how many events were read
     */
    long scan(long addr, Visitor visitor, BooleanSupplier cancelled) throws IOException {
        try (DatFile dat = DatFile.open(file)) {
            EventFormats formats = formatsOf(dat);
            boolean big = dat.bigEndian();
            int longSize = dat.longSize();
            FieldFormat[][] addressFields = new FieldFormat[64][]; // by event id, filled on first sight
            RawEvent e = new RawEvent();
            long n = 0;
            while (dat.next(e)) {
                if ((++n & 0xfff) == 0 && cancelled.getAsBoolean()) throw new CancelledException();
                EventFormat f = formats.byId(formats.typeOf(e));
                if (f == null) continue;
                if (f.id >= addressFields.length) addressFields = Arrays.copyOf(addressFields, Math.max(f.id + 1, 2 * addressFields.length));
                FieldFormat[] fields = addressFields[f.id];
                if (fields == null) fields = addressFields[f.id] = addressFieldsOf(f, longSize);
                for (FieldFormat field : fields) {
                    if (field.arrayLength < 0) {
                        if (EventFields.unsigned(e, field, big) == addr) {
                            visitor.hit(e, f, field.name, pid(e, f, big));
                        }
                    } else {
                        int count = field.arrayLength > 0 ? field.arrayLength : Math.max(0, e.length - field.offset) / longSize;
                        for (int i = 0; i < count; i++) {
                            if (EventFields.element(e, field, i, big) == addr) {
                                visitor.hit(e, f, field.name + "[" + i + "]", pid(e, f, big));
                            }
                        }
                    }
                }
            }
            return n;
        }
    }

    private static int pid(RawEvent e, EventFormat f, boolean big) {
        FieldFormat p = f.field("common_pid");
        return p == null ? -1 : (int) EventFields.signed(e, p, big);
    }

    /** The comm of each pid the trace saved ({@code saved_cmdlines}). */
    static Map<Integer, String> comms(Path file) throws IOException {
        try (DatFile dat = DatFile.open(file)) {
            Map<Integer, String> out = new HashMap<>();
            for (String line : dat.cmdlines().split("\n")) {
                int sp = line.indexOf(' ');
                if (sp <= 0) continue;
                try {
                    out.put(Integer.parseInt(line.substring(0, sp).trim()), line.substring(sp + 1).trim().intern());
                } catch (NumberFormatException ignored) {
                    // a malformed cmdline line only costs that pid its name
                }
            }
            return out;
        }
    }

    static EventFormats formatsOf(DatFile dat) throws IOException {
        Map<String, List<String>> systems = new LinkedHashMap<>();
        for (EventSystem s : dat.eventSystems()) systems.put(s.name(), s.formats());
        return EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
    }

    /** Own fields that can hold a kernel address: long-sized numbers and arrays of them. */
    private static FieldFormat[] addressFieldsOf(EventFormat f, int longSize) {
        List<FieldFormat> out = new ArrayList<>();
        for (FieldFormat field : f.fields) {
            if (field.dynamic) continue; // strings and variable payloads
            if (field.arrayLength < 0 ? field.size == longSize : field.elementSize == longSize) out.add(field);
        }
        return out.toArray(new FieldFormat[0]);
    }
}
