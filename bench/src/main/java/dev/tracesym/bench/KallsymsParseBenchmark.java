package dev.tracesym.bench;

import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KernelTable;
import java.io.IOException;
import java.io.InputStream;
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
 * kallsyms parsing: a real 4 MB {@code /proc/kallsyms} (about 95,000 lines, held in memory) into a
 * listing ({@code parse}), and on into the lookup tables of a {@link StaticSymbolizer} ({@code table}).
 * {@code perf}: the repository's perf-kallsyms-after.txt.xz; {@code big}: the shared corpus's
 * big/kallsyms-at-extract.txt.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class KallsymsParseBenchmark {
    @Param({"perf"})
    public String kallsyms;

    private byte[] text;

    @Setup
    public void setup() throws IOException {
        Path file = kallsyms.equals("big") ? SampleFiles.sharedFile("big/kallsyms-at-extract.txt")
                : SampleFiles.data().resolve("text/perf-kallsyms-after.txt.xz");
        try (InputStream in = InputFile.open(file)) {
            text = in.readAllBytes();
        }
    }

    @Benchmark
    public KallsymsListing parse(CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        KallsymsListing l = KallsymsParser.parse(TextSource.of(text, kallsyms), new Names());
        cpu.end(cpu0, 1);
        return l;
    }

    @Benchmark
    public StaticSymbolizer table(CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        KallsymsListing listing = KallsymsParser.parse(TextSource.of(text, kallsyms), new Names());
        StaticSymbolizer s = StaticSymbolizer.of(listing, null, KernelTable.Order.KERNEL);
        cpu.end(cpu0, 1);
        return s;
    }
}
