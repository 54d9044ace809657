package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays a sample's ground truth through the symbolizer exactly as the pipeline drives it:
 * events in time order, each marker and module event applied when it occurs, then the event's
 * addresses resolved with its timestamp; every name is compared with the kernel's own.
 */
class GroundTruthReplayTest {

    /** Mismatch counts of one replay. */
    static final class Score {
        int checked;
        final List<String> bad = new ArrayList<>();

        void check(String where, String what, Resolution got, String sym, String off, String size, String module) {
            checked++;
            if (sym.equals("0x" + Long.toHexString(got.address))) {
                // the kernel printed the bare address: it had no symbol there either
                if (got.found) {
                    bad.add(where + " " + what + ": expected no symbol, got " + got);
                }
                return;
            }
            String gotModule = got.found && !got.builtin && got.module != null ? got.module : "";
            boolean ok = got.found && got.name.equals(sym) && gotModule.equals(module)
                    && (off.isEmpty() || Long.parseUnsignedLong(off, 16) == got.offset)
                    && (size.isEmpty() || Long.parseUnsignedLong(size, 16) == got.size);
            if (!ok) {
                bad.add(where + " " + what + ": expected " + sym + "+0x" + off + "/0x" + size
                        + (module.isEmpty() ? "" : " [" + module + "]") + ", got " + (got.found ? got.toString() : "unknown " + got.unknown));
            }
        }
    }

    @Test
    void reuseSampleMatchesTheKernelsOwnNames() throws IOException {
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(SampleData.path("reuse", "snapshots"),
                SampleData.path("modules-6.1.0-56-amd64"));
        Score s = replay(sym, GroundTruth.load("reuse"), Map.of());
        report("reuse", s);
    }

    @Test
    void eventsSampleMatchesTheKernelsOwnNames() throws IOException {
        TimeAwareSymbolizer sym = TimeAwareSymbolizer.open(SampleData.path("events", "snapshots"),
                SampleData.path("modules-6.1.0-56-amd64"));
        Score s = replay(sym, GroundTruth.load("events"), fieldAddresses());
        report("events", s);
    }

    private static void report(String sample, Score s) {
        System.out.println(sample + ": mismatches " + s.bad.size() + " of " + s.checked);
        s.bad.stream().limit(40).forEach(b -> System.out.println("  " + b));
    }

    static Score replay(Symbolizer sym, GroundTruth gt, Map<Long, Long> fieldAddr) {
        Score s = new Score();
        Resolution r = new Resolution();
        for (GroundTruth.Row row : gt.rows) {
            switch (row.event) {
                case "print":
                    sym.marker(row.ts, row.info);
                    break;
                case "module_load":
                    sym.moduleLoad(row.ts, row.info.strip().split(" ")[0]);
                    break;
                case "module_free":
                    sym.moduleFree(row.ts, row.info.strip().split(" ")[0]);
                    break;
                default:
                    break;
            }
            String where = "cpu" + row.cpu + "#" + row.idx + " " + row.timestamp + " " + row.event;
            if (!row.symbol.isEmpty() && CHECKED.contains(row.event)) {
                long a = row.addr != 0 ? row.addr : fieldAddr.getOrDefault(key(row.cpu, row.idx), 0L);
                if (a != 0) {
                    sym.resolve(row.ts, a, r);
                    s.check(where, "addr " + Long.toHexString(a), r, row.symbol, row.offset, row.size, row.module);
                } else {
                    s.bad.add(where + ": no address for " + row.symbol);
                }
            }
            if (row.event.equals("function") && !row.parentSymbol.isEmpty()) {
                sym.resolve(row.ts, row.parentAddr, r);
                s.check(where, "parent " + Long.toHexString(row.parentAddr), r, row.parentSymbol, row.parentOffset,
                        row.parentSize, row.parentModule);
            }
            for (GroundTruth.Frame f : row.frames) {
                if (f.addr == 0) {
                    continue;
                }
                sym.resolve(row.ts, f.addr, r);
                s.check(where, "frame " + f.frame + " " + Long.toHexString(f.addr), r, f.symbol, f.offset, f.size, f.module);
            }
        }
        return s;
    }

    /** Events whose symbol column names an address field (as tools/check-groundtruth.py checks them). */
    static final java.util.Set<String> CHECKED = java.util.Set.of("function", "print", "bprint", "bputs", "kmalloc",
            "kfree", "kmalloc_node", "kmem_cache_alloc", "kmem_cache_free", "timer_start", "timer_expire_entry",
            "hrtimer_start", "hrtimer_expire_entry", "workqueue_queue_work", "workqueue_execute_start",
            "workqueue_execute_end");

    static long key(int cpu, int idx) {
        return ((long) cpu << 32) | idx;
    }

    private static final Pattern LINE = Pattern.compile("^\\s*(.*?)-(\\d+)\\s+\\[(\\d{3})\\]\\s+(\\d+\\.\\d+):\\s+(\\w+):\\s+(.*)$");
    private static final Pattern FIELD = Pattern.compile("(?:call_site=|function[= ])0x([0-9a-f]+)");

    /**
     * Addresses of the call_site / function fields of the events sample's top-level events, by
     * (cpu, position in that CPU's buffer), from {@code trace-cmd report} of the sample's v6 file
     * with its kallsyms blanked out (so that it prints raw addresses; see samples/data/events/README.txt).
     */
    static Map<Long, Long> fieldAddresses() throws IOException {
        Map<Long, Long> out = new HashMap<>();
        int[] next = new int[64];
        for (String line : SampleData.text("events", "events.report-nokallsyms.txt").split("\n")) {
            if (line.startsWith("foo:")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int cpu = Integer.parseInt(m.group(3));
            int idx = next[cpu]++;
            Matcher f = FIELD.matcher(m.group(6));
            if (f.find()) {
                out.put(key(cpu, idx), Long.parseUnsignedLong(f.group(1), 16));
            }
        }
        assertTrue(out.size() > 3000, "field addresses found: " + out.size());
        return out;
    }
}
