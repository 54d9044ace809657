package dev.tracesym.bench;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;
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
 * Page decoding: {@link DatFile} opening a real trace and reading every event of every CPU in
 * timestamp order (decompression, page headers, time deltas, the merge). {@code items} = events/s.
 * {@code -p trace=big.v7-zstd,big.v6} reads the 4.77 M-event big sample from the shared corpus.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class DatDecodeBenchmark {
    @Param({"events.v7-zstd", "events.v6"})
    public String trace;

    private Path file;

    @Setup
    public void setup() {
        file = SampleFiles.trace(trace);
    }

    @Benchmark
    public long readAllEvents(EventCounter counter, CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        long sum = 0;
        long n = 0;
        try (DatFile dat = DatFile.open(file)) {
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                n++;
                sum += e.ts + e.data[e.offset];
            }
        }
        counter.items += n;
        cpu.end(cpu0, n);
        return sum;
    }
}
