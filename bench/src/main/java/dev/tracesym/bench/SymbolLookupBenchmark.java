package dev.tracesym.bench;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.StaticSymbolizer;
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
 * Symbol lookup without time: {@link StaticSymbolizer#resolve} of the real addresses of a trace's
 * function events ({@code ip} and {@code parent_ip}, in trace order) against a real kallsyms.
 * {@code big}: the big sample's first million events against {@code kallsyms-at-extract.txt} (shared
 * corpus); {@code reuse}: the reuse sample against the kallsyms its .dat embeds. {@code items} = lookups/s.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class SymbolLookupBenchmark {
    @Param({"reuse"})
    public String source;

    private StaticSymbolizer symbolizer;
    private long[] addr;
    private long[] ts;
    private int n;
    private final Resolution r = new Resolution();

    @Setup
    public void setup() throws IOException {
        LoadedTrace t;
        if (source.equals("big")) {
            t = LoadedTrace.read(SampleFiles.trace("big.v7-zstd"), 1_000_000);
            symbolizer = StaticSymbolizer.open(SampleFiles.sharedFile("big/kallsyms-at-extract.txt"));
        } else {
            t = LoadedTrace.read(SampleFiles.trace(source + ".v7-zstd"), Integer.MAX_VALUE);
            symbolizer = StaticSymbolizer.fromKallsyms(t.kallsyms, source + " kallsyms");
        }
        addr = t.addr;
        ts = t.addrTs;
        n = t.addrCount;
        int found = 0;
        for (int i = 0; i < n; i++) {
            r.reset(addr[i]);
            if (symbolizer.resolve(ts[i], addr[i], r)) found++;
        }
        if (found < n / 2) throw new IllegalStateException(source + ": only " + found + " of " + n + " addresses resolve");
    }

    @Benchmark
    public long resolveAll(EventCounter counter, CpuCounter cpu) {
        long cpu0 = cpu.begin();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            r.reset(addr[i]);
            if (symbolizer.resolve(ts[i], addr[i], r)) sum += r.offset;
        }
        counter.items += n;
        cpu.end(cpu0, n);
        return sum;
    }
}
