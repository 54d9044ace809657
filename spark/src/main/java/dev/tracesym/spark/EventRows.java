package dev.tracesym.spark;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.json.EventRecord;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one trace's events into rows of {@link EventSchema#SCHEMA}. The texts that repeat from
 * event to event (comms, event names, field keys, symbol and module names) are converted once.
 */
final class EventRows {
    /** Distinct texts kept converted; past this the cache starts over (a trace with unbounded distinct strings). */
    private static final int CACHE_LIMIT = 1 << 16;

    private final UTF8String trace;
    private final UTF8String name;
    private final Map<String, UTF8String> texts = new HashMap<>();

    EventRows(String trace, String name) {
        this.trace = UTF8String.fromString(trace);
        this.name = UTF8String.fromString(name);
    }

    private UTF8String text(String s) {
        if (s == null) {
            return null;
        }
        UTF8String u = texts.get(s);
        if (u == null) {
            if (texts.size() >= CACHE_LIMIT) {
                texts.clear();
            }
            u = UTF8String.fromString(s);
            texts.put(s, u);
        }
        return u;
    }

    /** The row of event {@code e}: its fields and the symbol of each kernel-address field (the first of a repeated key). */
    InternalRow event(EventRecord e) {
        int nf = 0;
        for (int i = 0; i < e.fieldCount(); i++) {
            if (!e.fieldRepeated(i)) {
                nf++;
            }
        }
        Object[] fk = new Object[nf];
        Object[] fv = new Object[nf];
        for (int i = 0, k = 0; i < e.fieldCount(); i++) {
            if (!e.fieldRepeated(i)) {
                fk[k] = text(e.fieldKey(i));
                fv[k++] = UTF8String.fromString(e.fieldText(i));
            }
        }
        int ns = 0;
        for (int i = 0; i < e.symbolCount(); i++) {
            if (!e.symbolRepeated(i)) {
                ns++;
            }
        }
        Object[] sk = new Object[ns];
        Object[] sv = new Object[ns];
        for (int i = 0, k = 0; i < e.symbolCount(); i++) {
            if (!e.symbolRepeated(i)) {
                sk[k] = text(e.symbolKey(i));
                sv[k++] = symbol(e, i);
            }
        }
        return new GenericInternalRow(new Object[] {
            trace, name, text(e.buffer == null ? "" : e.buffer), e.cpu, e.ts, e.pid, text(e.comm == null ? "" : e.comm),
            text(e.system == null ? "" : e.system), text(e.event == null ? "" : e.event),
            new ArrayBasedMapData(new GenericArrayData(fk), new GenericArrayData(fv)),
            new ArrayBasedMapData(new GenericArrayData(sk), new GenericArrayData(sv)),
            null});
    }

    private InternalRow symbol(EventRecord e, int i) {
        ResolvedSymbol s = e.symbol(i);
        Object addr = e.symbolHasAddress(i) ? (Object) e.symbolAddress(i) : null;
        if (s.name == null) {
            return new GenericInternalRow(new Object[] {addr, null, null, null, null, null, null, false,
                text(s.unknown != null ? s.unknown : "no-symbols")});
        }
        Object modules = null;
        if (s.modules != null) {
            Object[] m = new Object[s.modules.length];
            for (int k = 0; k < m.length; k++) {
                m[k] = text(s.modules[k]);
            }
            modules = new GenericArrayData(m);
        }
        return new GenericInternalRow(new Object[] {addr, text(s.name), s.offset, s.size, text(s.module), modules,
            text(s.object), s.builtin, null});
    }

    /** The status row that ends the trace. */
    InternalRow status(String outcome, long events, String names, String message) {
        return new GenericInternalRow(new Object[] {trace, name, null, null, null, null, null, null, null, null, null,
            new GenericInternalRow(new Object[] {UTF8String.fromString(outcome), events, UTF8String.fromString(names),
                message == null ? null : UTF8String.fromString(message)})});
    }
}
