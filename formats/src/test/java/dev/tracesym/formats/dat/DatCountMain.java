package dev.tracesym.formats.dat;

import java.nio.file.Path;

/**
 * Hand-run check, not a unit test: counts the events of .dat files and times the reader.
 * {@code java -Xmx64m -cp ... dev.tracesym.formats.dat.DatCountMain FILE... [--print N]}
 */
public final class DatCountMain {
    private DatCountMain() {}

    public static void main(String[] args) throws Exception {
        int print = 0;
        int repeat = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--print")) {
                print = Integer.parseInt(args[++i]);
                continue;
            }
            if (args[i].equals("--repeat")) {
                repeat = Integer.parseInt(args[++i]);
                continue;
            }
            for (int rep = 0; rep < repeat; rep++) {
                long t0 = System.nanoTime();
                long n = 0;
                long sum = 0;
                try (DatFile f = DatFile.open(Path.of(args[i]))) {
                    com.sun.management.ThreadMXBean mx =
                            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                    long a1 = mx.getCurrentThreadAllocatedBytes();
                    long c1 = mx.getCurrentThreadCpuTime();
                    long t1 = System.nanoTime();
                    RawEvent e = new RawEvent();
                    while (f.next(e)) {
                        if (n < print) {
                            System.out.printf("%s [%03d] %d.%09d len=%d missed=%d pos=%d%n",
                                    f.buffers().get(e.buffer).name(), e.cpu, e.ts / 1_000_000_000L, e.ts % 1_000_000_000L,
                                    e.length, e.missedBefore, e.filePosition);
                        }
                        sum += e.data[e.offset] + e.length;
                        n++;
                    }
                    long t2 = System.nanoTime();
                    long a2 = mx.getCurrentThreadAllocatedBytes();
                    long c2 = mx.getCurrentThreadCpuTime();
                    System.out.printf("%s: v%d %s events=%d open=%.1f ms events=%.1f ms (thread cpu %.1f ms) allocated-while-reading=%d KB"
                                    + " (check %d) warnings=%s%n",
                            args[i], f.fileVersion(), f.compression(), n, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (c2 - c1) / 1e6,
                            (a2 - a1) / 1024, sum, f.warnings());
                }
            }
        }
    }
}
