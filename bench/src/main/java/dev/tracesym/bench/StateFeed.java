package dev.tracesym.bench;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.Symbolizer;

/**
 * Drives a symbolizer through the state events of a loaded trace, in trace order, as the pipeline
 * does: trace_marker texts, module_load, module_free, and the module_put whose call site is
 * {@code do_init_module}.
 */
final class StateFeed {
    private StateFeed() {}

    /** @return how many state events were passed on */
    static int feed(LoadedTrace t, Symbolizer s) {
        EventFormats f = t.formats;
        boolean big = f.bigEndian();
        EventFormat print = f.find("ftrace", "print");
        EventFormat load = f.find("module", "module_load");
        EventFormat free = f.find("module", "module_free");
        EventFormat put = f.find("module", "module_put");
        FieldFormat buf = print == null ? null : print.field("buf");
        FieldFormat loadName = load == null ? null : load.field("name");
        FieldFormat freeName = free == null ? null : free.field("name");
        FieldFormat putName = put == null ? null : put.field("name");
        FieldFormat putSite = put == null ? null : put.field("ip") != null ? put.field("ip") : put.field("call_site");
        StringBuilder text = new StringBuilder();
        Resolution site = new Resolution();
        RawEvent e = new RawEvent();
        int n = 0;
        for (int i = 0; i < t.count; i++) {
            t.event(i, e);
            int type = f.typeOf(e);
            text.setLength(0);
            if (buf != null && type == print.id) {
                EventFields.appendString(text, e, buf, big);
                s.marker(e.ts, text.toString().strip());
                n++;
            } else if (loadName != null && type == load.id) {
                EventFields.appendString(text, e, loadName, big);
                s.moduleLoad(e.ts, text.toString());
                n++;
            } else if (freeName != null && type == free.id) {
                EventFields.appendString(text, e, freeName, big);
                s.moduleFree(e.ts, text.toString());
                n++;
            } else if (putName != null && putSite != null && type == put.id) {
                long callSite = EventFields.unsigned(e, putSite, big);
                site.reset(callSite);
                if (s.resolve(e.ts, callSite, site) && "do_init_module".equals(site.name)) {
                    EventFields.appendString(text, e, putName, big);
                    s.moduleInitDone(e.ts, text.toString());
                    n++;
                }
            }
        }
        return n;
    }
}
