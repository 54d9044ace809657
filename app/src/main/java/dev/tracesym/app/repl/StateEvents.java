package dev.tracesym.app.repl;

import dev.tracesym.app.pipeline.SymbolFeed;
import dev.tracesym.app.pipeline.SymbolizerNamer;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.symbolizer.Symbolizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over a {@code .dat} trace that hands a {@link Symbolizer} the events that change the
 * kernel's symbol state, in time order, exactly as the report pipeline does ({@link SymbolFeed}):
 * {@code trace_marker} texts, {@code module_load}, {@code module_free}, the {@code module_put} whose
 * call site is {@code do_init_module}, and hits of {@code do_free_init}. Records each change with
 * its cause, and the trace's time span.
 */
final class StateEvents {
    /** One state change: when, and what caused it, e.g. {@code module_load sha3_generic}. */
    record Change(long ts, String cause) {}

    final List<Change> changes = new ArrayList<>();
    long firstTs = Long.MAX_VALUE;
    long lastTs = Long.MIN_VALUE;
    long events;
    /** What the trace reader warned of (data cut short, ...). */
    List<String> warnings = List.of();
    /** True when the trace lost events: the state changes after the damage are missing too. */
    boolean eventsLost;

    /** Reads {@code trace} and feeds {@code symbolizer}. */
    static StateEvents feed(Path trace, Symbolizer symbolizer) throws IOException {
        StateEvents s = new StateEvents();
        try (DatFile dat = DatFile.open(trace)) {
            SymbolFeed feed = new SymbolFeed(TraceScan.formatsOf(dat), SymbolizerNamer.of(symbolizer));
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                s.events++;
                if (e.ts < s.firstTs) s.firstTs = e.ts;
                if (e.ts > s.lastTs) s.lastTs = e.ts;
                SymbolFeed.Change c = feed.observe(e);
                if (c == null) {
                    continue;
                }
                String cause = switch (c) {
                    case MARKER -> {
                        String t = feed.text().strip();
                        yield t.startsWith("epoch:") ? "marker '" + t + "'" : null;
                    }
                    case MODULE_LOAD -> "module_load " + feed.text();
                    case MODULE_FREE -> "module_free " + feed.text();
                    case INIT_DONE -> "init done " + feed.text();
                    case FREE_INIT -> "do_free_init";
                };
                if (cause != null) {
                    s.changes.add(new Change(e.ts, cause));
                }
            }
            s.damage(dat);
        }
        return s;
    }

    /** Only the time span and the damage of {@code trace}, for a symbol source without time. */
    static StateEvents span(Path trace) throws IOException {
        StateEvents s = new StateEvents();
        try (DatFile dat = DatFile.open(trace)) {
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                s.events++;
                if (e.ts < s.firstTs) s.firstTs = e.ts;
                if (e.ts > s.lastTs) s.lastTs = e.ts;
            }
            s.damage(dat);
        }
        return s;
    }

    private void damage(DatFile dat) {
        warnings = List.copyOf(dat.warnings());
        eventsLost = dat.eventsLost();
    }
}
