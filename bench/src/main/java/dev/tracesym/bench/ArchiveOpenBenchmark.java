package dev.tracesym.bench;

import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Loading a symbol archive: {@link TimeAwareSymbolizer#open} of the reuse sample's snapshots and
 * modules (xz-compressed kallsyms, .modsyms, .sections, .ko files, all read and checked). This is
 * start-up time of every time-aware command.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ArchiveOpenBenchmark {
    @Benchmark
    public TimeAwareSymbolizer openReuseArchive(CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        Path data = SampleFiles.data();
        TimeAwareSymbolizer s = TimeAwareSymbolizer.open(data.resolve("reuse/snapshots"), data.resolve("modules-6.1.0-56-amd64"));
        cpu.end(cpu0, 1);
        return s;
    }
}
