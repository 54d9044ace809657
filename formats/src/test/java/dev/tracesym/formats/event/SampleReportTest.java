package dev.tracesym.formats.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end on the real samples: for every event that trace-cmd prints through libtraceevent's
 * generic print fmt rendering (no plugin), the printed info must equal the text after the event
 * name in the reference trace-cmd report, byte for byte.
 */
class SampleReportTest {
    /** Events whose whole text comes from a plugin (libtraceevent's or trace-cmd's own). */
    static final Set<String> PLUGIN_ONLY = Set.of("ftrace:function", "ftrace:kernel_stack", "ftrace:raw_data",
            "ftrace:func_repeats", "ftrace:funcgraph_entry", "ftrace:funcgraph_exit", "sched:sched_switch",
            "sched:sched_wakeup", "sched:sched_wakeup_new", "timer:hrtimer_start", "timer:hrtimer_expire_entry",
            "syscalls:sys_enter_futex", "tlb:tlb_flush", "mac80211:drv_bss_info_changed");
    /** Events whose plugin prints "(func+0xoff) " and then lets the generic rendering follow. */
    static final Set<String> PLUGIN_PREFIX = Set.of("kmem:kfree", "kmem:kmalloc", "kmem:kmalloc_node",
            "kmem:kmem_cache_alloc", "kmem:kmem_cache_alloc_node", "kmem:kmem_cache_free");
    static final Pattern CALL_SITE_PREFIX = Pattern.compile("^\\([^ ()]+\\+0x[0-9a-f]+\\) ");

    @ParameterizedTest
    @ValueSource(strings = {"events", "reuse", "funcgraph"})
    void genericRenderingMatchesTraceCmdReport(String scenario) throws Exception {
        Result r = compare(Samples.dat(scenario), ReferenceReport.read(scenario), true);
        System.out.println(scenario + ":" + r.summary);
        assertEquals(r.referenceRecords, r.datRecords, "records in the reference report");
        assertTrue(r.mismatches.length() == 0, r.mismatches.toString());
        assertTrue(!r.verified.isEmpty(), "no generic events in " + scenario);
    }

    /** {@code trace-cmd report -N}: no plugins at all, so every event goes through the generic rendering. */
    @ParameterizedTest
    @ValueSource(strings = {"events", "reuse", "funcgraph"})
    void withoutPluginsEveryEventMatchesTraceCmdReport(String scenario) throws Exception {
        Result r = compare(Samples.dat(scenario), ReferenceReport.parse(Samples.reportLines(scenario, "report-N-t")),
                false);
        System.out.println(scenario + " -N:" + r.summary);
        assertEquals(r.referenceRecords, r.datRecords, "records in the reference report");
        assertTrue(r.mismatches.length() == 0, r.mismatches.toString());
        assertTrue(!r.verified.isEmpty(), "no generic events in " + scenario);
    }

    static final class Result {
        final Map<String, int[]> verified = new TreeMap<>();
        final StringBuilder mismatches = new StringBuilder();
        final StringBuilder summary = new StringBuilder();
        int referenceRecords, datRecords;
    }

    /** Renders every generic event of {@code datPath} and compares it with the reference records. */
    static Result compare(java.nio.file.Path datPath, List<ReferenceReport.Record> ref, boolean plugins)
            throws Exception {
        Result res = new Result();
        // trace-cmd folds a function_graph entry and its exit into one line: leave them out of the pairing
        if (plugins) ref.removeIf(r -> r.name.startsWith("funcgraph_"));
        res.referenceRecords = ref.size();
        int index = 0;
        try (DatFile dat = DatFile.open(datPath)) {
            EventFormats formats = Samples.formats(dat);
            EventPrinter printer = new EventPrinter(formats, PrintkFormats.parse(dat.printkFormats()),
                    new TraceCmdNamer(dat.kallsyms()));
            RawEvent e = new RawEvent();
            StringBuilder out = new StringBuilder();
            while (dat.next(e)) {
                EventFormat f = formats.byId(formats.typeOf(e));
                if (plugins && f.system.equals("ftrace") && f.name.startsWith("funcgraph_")) continue;
                ReferenceReport.Record r = ref.get(index++);
                assertEquals(r.name, f.name, "event order differs at reference line: " + r.line);
                String key = f.system + ":" + f.name;
                if (plugins && PLUGIN_ONLY.contains(key)) continue;
                out.setLength(0);
                printer.printInfo(out, e, f);
                if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') out.setLength(out.length() - 1);
                String expected = r.info;
                if (plugins && PLUGIN_PREFIX.contains(key)) {
                    var m = CALL_SITE_PREFIX.matcher(expected);
                    if (m.find()) expected = expected.substring(m.end());
                }
                int[] c = res.verified.computeIfAbsent(key, k -> new int[2]);
                if (expected.equals(out.toString())) {
                    c[0]++;
                } else {
                    c[1]++;
                    if (c[1] <= 3) {
                        res.mismatches.append(key).append("\n  want: ").append(expected)
                                .append("\n  got:  ").append(out).append('\n');
                    }
                }
            }
        }
        res.datRecords = index;
        res.verified.forEach((k, v) -> res.summary.append(' ').append(k).append('=').append(v[0])
                .append(v[1] > 0 ? "(!" + v[1] + ")" : ""));
        return res;
    }

    /** Developer check on traces outside the repository: {@code <file.dat> <trace-cmd report text> [-N]}. */
    public static void main(String[] args) throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[1]),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        Result r = compare(java.nio.file.Path.of(args[0]), ReferenceReport.parse(lines),
                args.length < 3 || !args[2].equals("-N"));
        System.out.println(r.summary + "\nrecords " + r.datRecords + "/" + r.referenceRecords + "\n" + r.mismatches);
    }
}
