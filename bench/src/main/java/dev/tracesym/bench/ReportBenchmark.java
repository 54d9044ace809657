package dev.tracesym.bench;

import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.formats.report.ReportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
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
 * The report writer on a real trace, output to a null stream. {@code items} = events/s.
 * <ul>
 *   <li>{@code writerFromMemory}: {@link ReportWriter} alone (trace-cmd report's text: plugins,
 *       funcgraph folding, comm table, TraceCmdNamer) over records held in memory;</li>
 *   <li>{@code text}, {@code jsonl}: the whole {@code tracesym report} / {@code --format jsonl} path
 *       ({@link ReportPipeline#run}): opening the file, formats, kallsyms, decoding on a background
 *       thread, writing on another.</li>
 * </ul>
 * {@code -p trace=big.v7-zstd} runs the big sample (4.77 M events; writerFromMemory holds the first million).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class ReportBenchmark {
    @Param({"reuse.v7-zstd", "events.v7-zstd", "funcgraph.v7-zstd"})
    public String trace;

    private Path file;
    private long events;
    private LoadedTrace t;
    private ReportInput input;
    private ReportNamer namer;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Setup
    public void setup() throws IOException {
        file = SampleFiles.trace(trace);
        try (DatFile dat = DatFile.open(file)) {
            input = ReportCommand.inputOf(dat);
            namer = ReportCommand.namerOf(dat);
            RawEvent e = new RawEvent();
            while (dat.next(e)) events++;
        }
        t = LoadedTrace.read(file, 1_000_000);
    }

    @Benchmark
    public long writerFromMemory(EventCounter counter, CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        int[] next = {0};
        new ReportWriter(input, namer, false, false, OutputStream.nullOutputStream()).write(into -> {
            if (next[0] == t.count) return false;
            t.event(next[0]++, into);
            return true;
        });
        counter.items += t.count;
        cpu.end(cpu0, t.count);
        return next[0];
    }

    @Benchmark
    public int text(EventCounter counter, CpuCounter cpu) {
        return report(ReportPipeline.Format.TEXT, counter, cpu);
    }

    @Benchmark
    public int jsonl(EventCounter counter, CpuCounter cpu) {
        return report(ReportPipeline.Format.JSONL, counter, cpu);
    }

    private int report(ReportPipeline.Format format, EventCounter counter, CpuCounter cpu) {
        long cpu0 = cpu.begin();
        dev.tracesym.app.pipeline.Outcome r = ReportPipeline.run(new ReportPipeline.Request(file.toString(), false, false, format,
                null, false), OutputStream.nullOutputStream(), quiet);
        if (r != dev.tracesym.app.pipeline.Outcome.OK) throw new IllegalStateException(trace + ": report " + r);
        counter.items += events;
        cpu.end(cpu0, events);
        return r.ordinal();
    }
}
