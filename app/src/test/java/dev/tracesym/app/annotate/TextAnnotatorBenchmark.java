package dev.tracesym.app.annotate;

import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Manual throughput run (not a unit test): annotates a generated function-tracer text with
 * sym-offset and sym-addr ({@code name+0xoff/0xsize [mod] <addr> <-parent+0xoff/0xsize <addr>})
 * whose symbols come from a real kallsyms snapshot, resolving every address through a sorted-array
 * namer over that snapshot. Usage: {@code TextAnnotatorBenchmark [lines] [rounds] [working-set] [stale%]}:
 * functions are drawn from a working set of that many symbols (0: all of them, uniformly — the
 * cache-hostile worst case; a real function trace keeps hitting a few thousand functions), and
 * {@code stale%} of the lines print a wrong name (as after module address reuse), so the annotator
 * has to rewrite them.
 */
public final class TextAnnotatorBenchmark {
    private TextAnnotatorBenchmark() {}

    public static void main(String[] args) throws IOException {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int workingSet = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int stale = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        KallsymsNamer ks = KallsymsNamer.of("text/perf-kallsyms-after.txt.xz");
        byte[] text = generate(ks, lines, workingSet, stale);
        System.out.printf("input: %d lines, %.1f MB, %d symbols in the namer, working set %s, %d%% stale names%n",
                lines, text.length / 1e6, ks.size(), workingSet == 0 ? "all" : workingSet, stale);
        OutputStream sink = OutputStream.nullOutputStream();
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int r = 0; r < rounds; r++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            AnnotationStats st;
            try (TextTraceReader in = TextTraceReader.open(new ByteArrayInputStream(text), "bench", WarningSink.IGNORE)) {
                st = new TextAnnotator(ks, ks, null).annotate(in, sink);
            }
            long ns = System.nanoTime() - t0;
            long cns = cpu.getCurrentThreadCpuTime() - c0;
            // CPU time too: on a shared machine the wall clock mostly measures the other processes
            System.out.printf("round %d: wall %.3f s = %.2f M lines/s; thread CPU %.3f s = %.2f M lines/s, %.0f MB/s (%s)%n",
                    r, ns / 1e9, lines / (ns / 1e3), cns / 1e9, lines / (cns / 1e3), text.length / (cns / 1e3), st);
        }
    }

    static byte[] generate(KallsymsNamer ks, int lines, int workingSet, int stalePercent) {
        Random rnd = new Random(42);
        int[] pool = new int[workingSet == 0 ? ks.size() - 1 : workingSet];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = workingSet == 0 ? i : rnd.nextInt(ks.size() - 1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(lines * 150);
        StringBuilder b = new StringBuilder(256);
        String[] comms = {"init", "modprobe", "kworker/0:1", "systemd-journal", "<idle>", "sh"};
        long ts = 5_000_000_000L;
        for (int i = 0; i < lines; i++) {
            ts += 1 + rnd.nextInt(3000);
            int a = pool[rnd.nextInt(pool.length)];
            int p = pool[rnd.nextInt(pool.length)];
            long addr = ks.start[a];
            long paddr = ks.start[p] + Math.min(ks.sizeOf(p) - 1, rnd.nextInt(0x80));
            boolean wrong = rnd.nextInt(100) < stalePercent;
            b.setLength(0);
            String comm = comms[i % comms.length];
            b.append(String.format("%16s-%-7d [%03d] %s %5d.%06d: ", comm, 100 + i % 50, i & 1, ".....",
                    ts / 1_000_000_000L, ts / 1000 % 1_000_000));
            sym(b, ks, wrong ? a + 1 : a, addr);
            b.append(" <-");
            sym(b, ks, p, paddr);
            b.append('\n');
            out.writeBytes(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void sym(StringBuilder b, KallsymsNamer ks, int i, long addr) {
        b.append(ks.name[i]).append("+0x").append(Long.toHexString(Math.max(0, addr - ks.start[i]))).append("/0x")
                .append(Long.toHexString(ks.sizeOf(i)));
        if (ks.module[i] != null) {
            b.append(" [").append(ks.module[i]).append(']');
        }
        b.append(" <").append(String.format("%016x", addr)).append('>');
    }
}
