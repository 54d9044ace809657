package dev.tracesym.bench;

import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Loading a symbol archive: {@link TimeAwareSymbolizer#open} of the reuse sample's snapshots and
 * modules. {@code source=parse}: without the compiled index, every file decompressed and parsed
 * (xz-compressed kallsyms, .modsyms, .sections, .ko files, all read and checked), as a first run;
 * {@code source=index}: from the index a first open wrote, as every later run. This is start-up
 * time of every time-aware command.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ArchiveOpenBenchmark {
    @Param({"parse", "index"})
    public String source;

    @Setup
    public void cache() throws IOException {
        // tracesym.cache.dir: where the index lives; empty: no index
        System.setProperty("tracesym.cache.dir",
                source.equals("index") ? Files.createTempDirectory("tracesym-bench-cache").toString() : "");
    }

    @Benchmark
    public TimeAwareSymbolizer openReuseArchive(CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        Path data = SampleFiles.data();
        TimeAwareSymbolizer s = TimeAwareSymbolizer.open(data.resolve("reuse/snapshots"), data.resolve("modules-6.1.0-56-amd64"));
        cpu.end(cpu0, 1);
        return s;
    }
}
