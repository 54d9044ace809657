package dev.tracesym.bench;

import dev.tracesym.app.pipeline.SymbolFeed;
import dev.tracesym.app.pipeline.SymbolizerNamer;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.symbolizer.Symbolizer;

/**
 * Drives a symbolizer through the state events of a loaded trace, in trace order, with the
 * pipeline's own {@link SymbolFeed}: trace_marker texts, module_load, module_free, the module_put
 * whose call site is {@code do_init_module}, and hits of {@code do_free_init}.
 */
final class StateFeed {
    private StateFeed() {}

    /** @return how many state events were passed on */
    static int feed(LoadedTrace t, Symbolizer s) {
        SymbolFeed feed = new SymbolFeed(t.formats, SymbolizerNamer.of(s));
        RawEvent e = new RawEvent();
        int n = 0;
        for (int i = 0; i < t.count; i++) {
            t.event(i, e);
            if (feed.observe(e) != null) {
                n++;
            }
        }
        return n;
    }
}
