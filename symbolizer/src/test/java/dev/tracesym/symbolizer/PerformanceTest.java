package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.LinkerMap;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.ObjectRanges;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KallsymsSplit;
import dev.tracesym.symbolizer.table.KernelTable;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Build and lookup costs on the real 4 MB kallsyms of the reuse sample. CPU time of this thread
 * is measured (the build machine is shared), and printed; the bounds asserted are loose ceilings,
 * the printed numbers are what to read.
 */
class PerformanceTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void buildingTheKernelTableFromA4MbKallsymsTakesWellUnderASecond() throws Exception {
        TextSource src = TextSource.read(SampleData.path("reuse", "snapshots", "001-start.kallsyms.xz"));
        assertTrue(src.length() > 3_900_000);
        long best = Long.MAX_VALUE;
        KernelTable table = null;
        for (int round = 0; round < 3; round++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            KallsymsListing l = KallsymsParser.parse(src, new Names());
            KallsymsSplit split = KallsymsSplit.of(l, null);
            table = KernelTable.build(l, split.kernel, KernelTable.Order.KERNEL);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
        }
        System.out.printf("kernel table from %d bytes of kallsyms (%d symbols): %.1f ms CPU (best of 3)%n",
                src.length(), table.size(), best / 1e6);
        assertTrue(best < 1_000_000_000L, "build took " + best / 1e6 + " ms");
    }

    @Test
    void openingTheReuseArchive() throws Exception {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            TimeAwareSymbolizer.open(SampleData.path("reuse", "snapshots"), SampleData.path("modules-6.1.0-56-amd64"));
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
        }
        System.out.printf("opening the reuse archive (42 snapshots, 2 full kallsyms, 40 module listings, xz; 20 .ko.xz): "
                + "%.0f ms CPU (best of 3)%n", best / 1e6);
        assertTrue(best < 10_000_000_000L);
    }

    @Test
    void parsingTheLinkerMapsTakesWellUnderASecond() throws Exception {
        TextSource fin = TextSource.read(SampleData.path("builtin-6.12", "vmlinux.map.xz"));
        TextSource rel = TextSource.read(SampleData.path("builtin-6.12", "vmlinux.o.map.xz"));
        long best = Long.MAX_VALUE;
        ObjectRanges o = null;
        for (int round = 0; round < 3; round++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            Names names = new Names();
            o = ObjectRanges.of(LinkerMap.parse(fin, names), List.of(LinkerMap.parse(rel, names)));
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - t0);
        }
        System.out.printf("linker maps (%d + %d bytes) to %d object ranges: %.1f ms CPU (best of 3)%n",
                fin.length(), rel.length(), o.count(), best / 1e6);
        assertTrue(best < 1_000_000_000L, "parsing took " + best / 1e6 + " ms");
    }

    /** Built-in module code with modules and objects attached: still no allocation per lookup. */
    @Test
    void builtinLookupsWithObjectsAllocateNothing() throws Exception {
        TimeAwareSymbolizer sym = Archives.symbolizer("builtin-6.12");
        String[] lines = SampleData.text("builtin-6.12", "groundtruth-builtin.tsv").split("\n");
        long[] addr = new long[lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            addr[i - 1] = Long.parseUnsignedLong(lines[i].split("\t")[3], 16);
        }
        Resolution r = new Resolution();
        int objects = 0;
        for (int warm = 0; warm < 3; warm++) {
            for (long a : addr) {
                sym.resolve(0, a, r);
            }
        }
        long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (long a : addr) {
            sym.resolve(0, a, r);
            objects += r.object != null && r.builtin ? 1 : 0;
        }
        long t1 = THREADS.getCurrentThreadCpuTime();
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes0;
        System.out.printf("resolve with built-in modules and objects: %.0f ns per address, %d bytes allocated for %d lookups%n",
                (double) (t1 - t0) / addr.length, bytes, addr.length);
        assertEquals(addr.length, objects);
        assertEquals(0, bytes / 100_000, "lookups allocate nothing: " + bytes);
    }

    @Test
    void lookupsTakeTensOfNanosecondsAndAllocateNothing() throws Exception {
        TimeAwareSymbolizer sym = Archives.symbolizer("reuse");
        GroundTruth gt = Archives.truth("reuse");
        int n = 0;
        long[] ts = new long[gt.rows.size() * 2];
        long[] addr = new long[ts.length];
        for (GroundTruth.Row row : gt.rows) {
            if (row.event.equals("print")) {
                sym.marker(row.ts, row.info);
            } else if (row.event.equals("module_load")) {
                sym.moduleLoad(row.ts, row.info.strip().split(" ")[0]);
            } else if (row.event.equals("module_free")) {
                sym.moduleFree(row.ts, row.info.strip().split(" ")[0]);
            } else if (row.event.equals("function")) {
                ts[n] = row.ts;
                addr[n++] = row.addr;
                ts[n] = row.ts;
                addr[n++] = row.parentAddr;
            }
        }
        // plus random kernel text addresses, to leave the caches
        KernelTable k = sym.kernelTable();
        SplittableRandom rnd = new SplittableRandom(1);
        int m = 1 << 20;
        long[] raddr = new long[m];
        for (int i = 0; i < m; i++) {
            raddr[i] = k.start() + rnd.nextLong(k.end() - k.start());
        }
        Resolution r = new Resolution();
        long sink = 0;
        for (int warm = 0; warm < 3; warm++) {
            for (int i = 0; i < n; i++) {
                sink += sym.resolve(ts[i], addr[i], r) ? r.offset : 0;
            }
            for (int i = 0; i < m; i++) {
                sink += sym.resolve(Long.MAX_VALUE, raddr[i], r) ? r.size : 0;
            }
        }
        long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
        long t0 = THREADS.getCurrentThreadCpuTime();
        int rounds = 10;
        for (int rep = 0; rep < rounds; rep++) {
            for (int i = 0; i < n; i++) {
                sink += sym.resolve(ts[i], addr[i], r) ? r.offset : 0;
            }
        }
        long t1 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < m; i++) {
            sink += sym.resolve(Long.MAX_VALUE, raddr[i], r) ? r.size : 0;
        }
        long t2 = THREADS.getCurrentThreadCpuTime();
        long bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes0;
        double traceNs = (double) (t1 - t0) / ((long) n * rounds);
        double randomNs = (double) (t2 - t1) / m;
        System.out.printf("resolve: %.0f ns per address of the reuse trace (time-ordered, %d states), "
                + "%.0f ns per random kernel address; %d bytes allocated for %d lookups (sink %d)%n",
                traceNs, sym.stateCount(), randomNs, bytes, (long) n * rounds + m, sink);
        assertEquals(0, bytes / 100_000, "lookups allocate nothing (a few bytes of measuring noise aside): " + bytes);
        assertTrue(traceNs < 2000 && randomNs < 2000, traceNs + " / " + randomNs + " ns");
    }
}
