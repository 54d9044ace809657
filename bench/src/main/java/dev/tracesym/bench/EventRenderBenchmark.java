package dev.tracesym.bench;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.formats.dat.DatFile;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Event rendering: {@link EventPrinter#printInfo} (libtraceevent's print fmt rendering, addresses
 * named from the trace's own kallsyms by trace-cmd's lookup, {@code TraceCmdNamer}) over every event of a real trace, held in memory.
 * {@code items} = events/s. {@code -p trace=big.v7-zstd} renders the first million events of the
 * big sample (function events).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class EventRenderBenchmark {
    @Param({"events.v7-zstd", "funcgraph.v7-zstd"})
    public String trace;

    private LoadedTrace t;
    private EventFormat[] format;
    private EventPrinter printer;
    private final StringBuilder out = new StringBuilder(512);
    private final RawEvent e = new RawEvent();

    @Setup
    public void setup() throws IOException {
        t = LoadedTrace.read(SampleFiles.trace(trace), 1_000_000);
        format = new EventFormat[t.count];
        for (int i = 0; i < t.count; i++) {
            t.event(i, e);
            format[i] = t.formats.byId(t.formats.typeOf(e));
        }
        try (DatFile dat = DatFile.open(SampleFiles.trace(trace))) {
            printer = new EventPrinter(t.formats, t.printkFormats(), ReportCommand.namerOf(dat));
        }
    }

    @Benchmark
    public long printInfoAll(EventCounter counter, CpuCounter cpu) {
        long cpu0 = cpu.begin();
        long chars = 0;
        for (int i = 0; i < t.count; i++) {
            EventFormat f = format[i];
            if (f == null) continue;
            t.event(i, e);
            out.setLength(0);
            printer.printInfo(out, e, f);
            chars += out.length();
        }
        counter.items += t.count;
        cpu.end(cpu0, t.count);
        return chars;
    }
}
