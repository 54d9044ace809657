package dev.tracesym.bench;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time-aware lookup: a {@link TimeAwareSymbolizer} over the reuse sample's archive (127 snapshot
 * files, modules-6.1.0-56-amd64), fed the trace's own markers and module events once, then resolving
 * the {@code ip} and {@code parent_ip} of every function event at the event's time (module code
 * whose addresses are reused by later modules). {@code items} = lookups/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TimeAwareLookupBenchmark {
    private TimeAwareSymbolizer symbolizer;
    private LoadedTrace t;
    private final Resolution r = new Resolution();

    @Setup
    public void setup() throws IOException {
        Path data = SampleFiles.data();
        symbolizer = TimeAwareSymbolizer.open(data.resolve("reuse/snapshots"), data.resolve("modules-6.1.0-56-amd64"));
        t = LoadedTrace.read(SampleFiles.trace("reuse.v7-zstd"), Integer.MAX_VALUE);
        int changes = StateFeed.feed(t, symbolizer);
        int found = 0;
        for (int i = 0; i < t.addrCount; i++) {
            r.reset(t.addr[i]);
            if (symbolizer.resolve(t.addrTs[i], t.addr[i], r)) found++;
        }
        if (changes == 0 || found < t.addrCount / 2) {
            throw new IllegalStateException("reuse: " + changes + " state events, " + found + " of " + t.addrCount + " addresses resolve");
        }
    }

    @Benchmark
    public long resolveAtEventTimes(EventCounter counter, CpuCounter cpu) {
        long cpu0 = cpu.begin();
        long sum = 0;
        long[] addr = t.addr;
        long[] ts = t.addrTs;
        int n = t.addrCount;
        for (int i = 0; i < n; i++) {
            r.reset(addr[i]);
            if (symbolizer.resolve(ts[i], addr[i], r)) sum += r.offset;
        }
        counter.items += n;
        cpu.end(cpu0, n);
        return sum;
    }
}
