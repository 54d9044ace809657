package dev.tracesym.app.repl;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.table.KernelTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a {@code .dat} trace that hands a {@link Symbolizer} the events that change the
 * kernel's symbol state, in time order: {@code trace_marker} texts ({@code ftrace:print}),
 * {@code module:module_load}, {@code module:module_free}, and the {@code module:module_put} whose
 * call site is {@code do_init_module} (the module's init code is then freed), and the function
 * events of {@code do_free_init} (the worker that frees every pending init section). Records each
 * change with its cause, and the trace's time span.
 */
final class StateEvents {
    /** One state change: when, and what caused it, e.g. {@code module_load sha3_generic}. */
    record Change(long ts, String cause) {}

    final List<Change> changes = new ArrayList<>();
    long firstTs = Long.MAX_VALUE;
    long lastTs = Long.MIN_VALUE;
    long events;

    /**
     * Reads {@code trace} and feeds {@code symbolizer}.
     *
     * @param kernel the kernel image's table, to recognise {@code do_free_init}; may be null
     */
    static StateEvents feed(Path trace, Symbolizer symbolizer, KernelTable kernel) throws IOException {
        long freeInit = -1, freeInitSize = 0;
        if (kernel != null && (freeInit = kernel.addressOf("do_free_init")) != -1) {
            Resolution r = new Resolution();
            r.reset(freeInit);
            freeInitSize = kernel.lookup(freeInit, r) ? r.size : 1;
        }
        StateEvents s = new StateEvents();
        try (DatFile dat = DatFile.open(trace)) {
            EventFormats formats = TraceScan.formatsOf(dat);
            boolean big = dat.bigEndian();
            EventFormat print = formats.find("ftrace", "print");
            EventFormat load = formats.find("module", "module_load");
            EventFormat free = formats.find("module", "module_free");
            EventFormat put = formats.find("module", "module_put");
            FieldFormat printBuf = print == null ? null : print.field("buf");
            FieldFormat loadName = load == null ? null : load.field("name");
            FieldFormat freeName = free == null ? null : free.field("name");
            FieldFormat putName = put == null ? null : put.field("name");
            EventFormat function = freeInit == -1 ? null : formats.find("ftrace", "function");
            FieldFormat functionIp = function == null ? null : function.field("ip");
            // the kernel's module_put stores the call site as "ip" and prints it as call_site=%ps
            FieldFormat putSite = put == null ? null : put.field("ip") != null ? put.field("ip") : put.field("call_site");
            StringBuilder text = new StringBuilder();
            Resolution site = new Resolution();
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                s.events++;
                if (e.ts < s.firstTs) s.firstTs = e.ts;
                if (e.ts > s.lastTs) s.lastTs = e.ts;
                int type = formats.typeOf(e);
                text.setLength(0);
                if (function != null && type == function.id && functionIp != null) {
                    // with IBT the traced address is the symbol plus 4: match the whole function
                    if (Long.compareUnsigned(EventFields.unsigned(e, functionIp, big) - freeInit, freeInitSize) < 0) {
                        symbolizer.moduleInitDone(e.ts, null);
                        s.changes.add(new Change(e.ts, "do_free_init"));
                    }
                } else if (print != null && type == print.id && printBuf != null) {
                    EventFields.appendString(text, e, printBuf, big);
                    String t = text.toString().strip();
                    symbolizer.marker(e.ts, t);
                    if (t.startsWith("epoch:")) s.changes.add(new Change(e.ts, "marker '" + t + "'"));
                } else if (load != null && type == load.id && loadName != null) {
                    EventFields.appendString(text, e, loadName, big);
                    String m = text.toString();
                    symbolizer.moduleLoad(e.ts, m);
                    s.changes.add(new Change(e.ts, "module_load " + m));
                } else if (free != null && type == free.id && freeName != null) {
                    EventFields.appendString(text, e, freeName, big);
                    String m = text.toString();
                    symbolizer.moduleFree(e.ts, m);
                    s.changes.add(new Change(e.ts, "module_free " + m));
                } else if (put != null && type == put.id && putName != null && putSite != null) {
                    long callSite = EventFields.unsigned(e, putSite, big);
                    if (symbolizer.resolve(e.ts, callSite, site) && "do_init_module".equals(site.name)) {
                        EventFields.appendString(text, e, putName, big);
                        String m = text.toString();
                        symbolizer.moduleInitDone(e.ts, m);
                        s.changes.add(new Change(e.ts, "init done " + m));
                    }
                }
            }
        }
        return s;
    }
}
