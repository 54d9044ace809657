package dev.tracesym.bench;

import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
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
 * The time-aware report: {@code tracesym report --archive reuse/snapshots --modules
 * modules-6.1.0-56-amd64 [--format jsonl] reuse.v7-zstd.dat} in one call of {@link ReportPipeline#run},
 * output to a null stream. Loading the archive is part of every operation, as it is of every run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ReportArchiveBenchmark {
    @Param({"TEXT", "JSONL"})
    public String format;

    private Path file;
    private SymbolSource symbols;
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    @Setup
    public void setup() {
        Path data = SampleFiles.data();
        file = SampleFiles.trace("reuse.v7-zstd");
        symbols = SymbolSource.archive(data.resolve("reuse/snapshots"), data.resolve("modules-6.1.0-56-amd64"));
    }

    @Benchmark
    public int reuseWithArchive(CpuCounter cpu) {
        long cpu0 = cpu.begin();
        dev.tracesym.app.pipeline.Outcome r = ReportPipeline.run(new ReportPipeline.Request(file.toString(), false, false,
                ReportPipeline.Format.valueOf(format), symbols, false), OutputStream.nullOutputStream(), quiet);
        if (r != dev.tracesym.app.pipeline.Outcome.OK) throw new IllegalStateException("reuse with archive: " + r);
        cpu.end(cpu0, 1);
        return r.ordinal();
    }
}
