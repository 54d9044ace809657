package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Developer benchmark (not a test): renders every event of a sample trace that reaches the generic
 * printer, repeatedly, and reports ns/event and bytes allocated per event.
 * Usage: {@code RenderBenchmarkMain [scenario or .dat path] [rounds]}.
 */
public final class RenderBenchmarkMain {
    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "events";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        java.nio.file.Path path = scenario.contains("/") ? java.nio.file.Path.of(scenario) : Samples.dat(scenario);
        List<RawEvent> events = new ArrayList<>();
        EventFormats formats;
        EventPrinter printer;
        try (DatFile dat = DatFile.open(path)) {
            formats = Samples.formats(dat);
            printer = new EventPrinter(formats, PrintkFormats.parse(dat.printkFormats()), new TraceCmdNamer(dat.kallsyms()));
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                EventFormat f = formats.byId(formats.typeOf(e));
                String key = f.system + ":" + f.name;
                if (SampleReportTest.PLUGIN_ONLY.contains(key) || key.startsWith("ftrace:funcgraph")) continue;
                RawEvent c = new RawEvent();
                c.data = java.util.Arrays.copyOfRange(e.data, e.offset, e.offset + e.length);
                c.length = e.length;
                c.ts = e.ts;
                events.add(c);
            }
        }
        EventFormat[] fmt = new EventFormat[events.size()];
        for (int i = 0; i < fmt.length; i++) fmt[i] = formats.byId(formats.typeOf(events.get(i)));
        StringBuilder out = new StringBuilder(4096);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long chars = 0;
        for (int r = 0; r < rounds; r++) {
            long a0 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            long t0 = System.nanoTime();
            for (int i = 0; i < fmt.length; i++) {
                out.setLength(0);
                printer.printInfo(out, events.get(i), fmt[i]);
                chars += out.length();
            }
            long t1 = System.nanoTime();
            long a1 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            if (r % 10 == 9 || r == rounds - 1) {
                System.out.printf("round %d: %d events, %.1f ns/event, %.1f bytes allocated/event%n", r, fmt.length,
                        (t1 - t0) / (double) fmt.length, (a1 - a0) / (double) fmt.length);
            }
        }
        System.out.println("chars " + chars);
        // allocation by event type, after warm-up
        java.util.Map<String, long[]> byType = new java.util.TreeMap<>();
        for (int i = 0; i < fmt.length; i++) {
            long a0 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            out.setLength(0);
            printer.printInfo(out, events.get(i), fmt[i]);
            long a1 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            long[] c = byType.computeIfAbsent(fmt[i].system + ":" + fmt[i].name, k -> new long[2]);
            c[0]++;
            c[1] += a1 - a0;
        }
        byType.forEach((k, v) -> { if (v[1] > 0) System.out.println(k + " " + v[0] + " events, " + v[1] / v[0] + " bytes/event"); });
    }
}
