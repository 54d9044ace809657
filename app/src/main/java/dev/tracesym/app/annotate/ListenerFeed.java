package dev.tracesym.app.annotate;

import dev.tracesym.formats.text.SymbolRefs;
import dev.tracesym.formats.text.TextLine;

/** Passes what a line says about the module layout (markers, module load/free, init hits) to the listener. */
final class ListenerFeed {
    private final TraceEventListener listener;

    ListenerFeed(TraceEventListener listener) {
        this.listener = listener;
    }

    void feed(TextLine line, long ts) {
        if (line.kind != TextLine.EVENT || line.event == null || listener == TraceEventListener.NONE) {
            return;
        }
        switch (line.event) {
            case "print":
                if (line.messageStart >= 0) {
                    listener.marker(ts, line.text(line.messageStart, line.payloadEnd));
                }
                break;
            case "module_load":
                String loaded = moduleName(line);
                if (loaded != null) {
                    listener.moduleLoad(ts, loaded);
                }
                break;
            case "module_free":
                String freed = moduleName(line);
                if (freed != null) {
                    listener.moduleFree(ts, freed);
                }
                break;
            case "function":
            case "funcgraph_entry":
                SymbolRefs r = line.syms;
                for (int i = 0; i < r.count; i++) {
                    if (r.role[i] == SymbolRefs.ROLE_IP || r.role[i] == SymbolRefs.ROLE_FUNC) {
                        if (line.equalsAt(r.nameStart[i], r.nameEnd[i], "do_init_module")) {
                            listener.doInitModule(ts);
                        } else if (line.equalsAt(r.nameStart[i], r.nameEnd[i], "do_free_init")) {
                            listener.moduleInitDone(ts, null);
                        }
                        break;
                    }
                }
                break;
            case "module_put":
                SymbolRefs p = line.syms;
                for (int i = 0; i < p.count; i++) {
                    if (p.role[i] == SymbolRefs.ROLE_FIELD && line.equalsAt(p.nameStart[i], p.nameEnd[i], "do_init_module")
                            && (line.equalsAt(p.keyStart[i], p.keyEnd[i], "call_site") || line.equalsAt(p.keyStart[i], p.keyEnd[i], "ip"))) {
                        String module = moduleName(line);
                        if (module != null) {
                            listener.moduleInitDone(ts, module);
                        }
                        break;
                    }
                }
                break;
            default:
                break;
        }
    }

    /** {@code module_load: snd} / {@code module_load: corpus_printk OE} / trace-cmd -R {@code taints=0 name=snd}. */
    static String moduleName(TextLine line) {
        byte[] b = line.buf;
        int s = line.payloadStart;
        int e = line.payloadEnd;
        if (s < 0) {
            return null;
        }
        int k = line.indexOf(s, e, "name=");
        if (k >= 0 && (k == s || b[k - 1] == ' ')) {
            s = k + 5;
        }
        while (s < e && b[s] == ' ') {
            s++;
        }
        int t = s;
        while (t < e && b[t] != ' ') {
            t++;
        }
        return t > s ? line.text(s, t) : null;
    }
}
