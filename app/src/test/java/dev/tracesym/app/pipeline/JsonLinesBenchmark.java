package dev.tracesym.app.pipeline;

import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.symbolizer.StaticSymbolizer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual throughput run (not a unit test) of the JSON Lines path on a {@code .dat}, in stages, with the
 * main thread's CPU time beside the wall time (on a shared machine the wall mostly measures the
 * others): reading only, reading and taking records apart, and the whole encoding to a null stream.
 * Usage: {@code JsonLinesBenchmark FILE.dat [rounds]}.
 */
public final class JsonLinesBenchmark {
    private JsonLinesBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            for (String stage : new String[] {"read", "decode", "encode"}) {
                long c0 = cpu.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                long n = run(file, stage);
                System.out.printf("round %d %-6s: %d records, wall %.3f s, main thread CPU %.3f s%n", r, stage, n,
                        (System.nanoTime() - t0) / 1e9, (cpu.getCurrentThreadCpuTime() - c0) / 1e9);
            }
        }
    }

    private static long run(Path file, String stage) throws IOException {
        try (DatFile dat = DatFile.open(file)) {
            ReportInput input = ReportCommand.inputOf(dat, SymbolicFormats::rewrite);
            SymbolizerNamer namer = SymbolizerNamer.of(StaticSymbolizer.fromKallsyms(dat.kallsyms(), "kallsyms"));
            List<String> buffers = new ArrayList<>();
            for (BufferInfo b : dat.buffers()) {
                buffers.add(b.name());
            }
            RecordDecoder decoder = new RecordDecoder(input, buffers, namer, false, false);
            RecordSink sink = stage.equals("decode") ? new EventRecordSink(namer, rec -> { })
                    : new JsonLineEncoder(OutputStream.nullOutputStream(), namer);
            long n = 0;
            EventSource source = new SymbolFeed(dat::next, input.formats(), namer);
            RawEvent e = new RawEvent();
            while (source.next(e)) {
                if (!stage.equals("read")) {
                    decoder.decode(e, sink);
                }
                n++;
            }
            if (sink instanceof JsonLineEncoder j) {
                j.finish();
                j.close();
            }
            return n;
        }
    }
}
