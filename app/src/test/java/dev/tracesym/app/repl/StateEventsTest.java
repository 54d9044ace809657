package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.StaticSymbolizer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state-changing events read from the reuse trace, against the ground truth's list of events. */
class StateEventsTest {
    @Test
    void everyStateChangingEventOfTheTraceIsFound() throws IOException {
        StaticSymbolizer table = StaticSymbolizer.open(SampleData.reuseArchive().resolve("001-start.kallsyms.xz"));
        StateEvents ev = StateEvents.feed(SampleData.reuseTrace(), table);
        List<SampleData.Row> truth = SampleData.reuseTruth();
        assertEquals(truth.size(), ev.events);
        assertEquals(truth.stream().mapToLong(SampleData.Row::ts).min().getAsLong() / 1000, ev.firstTs / 1000, 1);
        long loads = truth.stream().filter(r -> r.event().equals("module_load")).count();
        long frees = truth.stream().filter(r -> r.event().equals("module_free")).count();
        long inits = truth.stream().filter(r -> r.event().equals("module_put") && r.info().contains("call_site=do_init_module")).count();
        long freeInit = truth.stream().filter(r -> r.event().equals("function") && r.symbol().equals("do_free_init")).count();
        long markers = truth.stream().filter(r -> r.event().equals("print") && r.info().startsWith("epoch:")).count();
        assertTrue(loads > 0 && frees > 0 && inits > 0 && freeInit > 0 && markers > 0);
        assertEquals(loads, count(ev, "module_load "));
        assertEquals(frees, count(ev, "module_free "));
        assertEquals(inits, count(ev, "init done "));
        assertEquals(freeInit, count(ev, "do_free_init"));
        assertEquals(markers, count(ev, "marker 'epoch:"));
        for (int i = 1; i < ev.changes.size(); i++) {
            assertTrue(ev.changes.get(i - 1).ts() <= ev.changes.get(i).ts(), "changes come in time order");
        }
    }

    private static long count(StateEvents ev, String prefix) {
        return ev.changes.stream().filter(c -> c.cause().startsWith(prefix)).count();
    }
}
