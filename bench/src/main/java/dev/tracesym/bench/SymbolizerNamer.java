package dev.tracesym.bench;

import dev.tracesym.app.annotate.TraceEventListener;
import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.Symbolizer;

/**
 * The renderer's and annotator's view of a {@link Symbolizer}: names through {@link Symbolizer#resolve},
 * state events straight through. The benchmarks' own bridge, so that they time the symbolizer and
 * not a particular command's output choices.
 */
final class SymbolizerNamer implements SymbolNamer, TraceEventListener {
    private final Symbolizer symbolizer;
    private final Resolution r = new Resolution();

    SymbolizerNamer(Symbolizer symbolizer) {
        this.symbolizer = symbolizer;
    }

    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        r.reset(addr);
        if (!symbolizer.resolve(ts, addr, r)) return false;
        out.append(r.name);
        if (style == NAME_OFFSET) {
            out.append("+0x").append(Long.toHexString(r.offset)).append("/0x").append(Long.toHexString(r.size));
        }
        if (r.module != null) out.append(" [").append(r.module).append(']');
        return true;
    }

    @Override
    public boolean resolve(long ts, long addr, ResolvedSymbol out) {
        out.clear();
        r.reset(addr);
        if (!symbolizer.resolve(ts, addr, r)) {
            out.unknown = r.unknown == null ? "unknown" : r.unknown.text();
            return false;
        }
        out.name = r.name;
        out.offset = r.offset;
        out.size = r.size;
        out.trueSize = r.trueSize;
        out.gap = r.gap;
        out.module = r.module;
        out.modules = r.modules;
        out.builtin = r.builtin;
        out.object = r.object;
        return true;
    }

    @Override
    public void marker(long ts, CharSequence text) { symbolizer.marker(ts, text); }

    @Override
    public void moduleLoad(long ts, String module) { symbolizer.moduleLoad(ts, module); }

    @Override
    public void moduleFree(long ts, String module) { symbolizer.moduleFree(ts, module); }

    @Override
    public void moduleInitDone(long ts, String module) { symbolizer.moduleInitDone(ts, module); }
}
