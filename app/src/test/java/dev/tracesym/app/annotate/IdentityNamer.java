package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.text.SymbolRefs;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A namer that answers, for each (time, address), exactly what the input text printed there: built
 * by a first pass over the file. Annotating with it must reproduce the input byte for byte.
 */
final class IdentityNamer implements SymbolNamer, NameIndex {
    private record Key(long ts, long addr) {}

    private record Parts(String name, long offset, long size, String module) {}

    private final Map<Key, Parts> parts = new HashMap<>();
    int conflicts;

    static IdentityNamer of(String sample) throws IOException {
        IdentityNamer n = new IdentityNamer();
        try (TextTraceReader r = Samples.reader(sample)) {
            TextLine line = new TextLine();
            long lastTs = 0;
            while (r.next(line)) {
                long ts = line.hasTs ? line.ts : lastTs;
                if (line.hasTs) {
                    lastTs = line.ts;
                }
                SymbolRefs s = line.syms;
                for (int i = 0; i < s.count; i++) {
                    if (!s.has(i, SymbolRefs.HAS_ADDR) || s.has(i, SymbolRefs.VALUE_ONLY)) {
                        continue;
                    }
                    Parts p = null;
                    if (!s.has(i, SymbolRefs.RAW)) {
                        String mod = s.has(i, SymbolRefs.HAS_MODULE) ? line.text(s.modStart[i], s.modEnd[i]) : null;
                        p = new Parts(line.text(s.nameStart[i], s.nameEnd[i]), s.offset[i], s.size[i], mod);
                    }
                    Key k = new Key(ts, s.addr[i]);
                    if (n.parts.containsKey(k) && !java.util.Objects.equals(n.parts.get(k), p)) {
                        n.conflicts++;
                    }
                    n.parts.put(k, p);
                }
            }
        }
        return n;
    }

    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        throw new AssertionError("the annotator uses the structured form");
    }

    @Override
    public boolean resolve(long ts, long addr, ResolvedSymbol out) {
        out.clear();
        Parts p = parts.get(new Key(ts, addr));
        if (p == null) {
            out.unknown = "unmapped";
            return false;
        }
        out.name = p.name;
        out.offset = p.offset;
        out.size = p.size;
        out.module = p.module;
        return true;
    }

    /** Names without addresses: confirmed as printed (module as the text says). */
    @Override
    public int lookup(long ts, String name, String module, ResolvedSymbol out) {
        out.clear();
        out.name = name;
        out.module = module;
        return UNIQUE;
    }
}
