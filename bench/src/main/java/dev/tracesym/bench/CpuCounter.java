package dev.tracesym.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time next to wall time. On a shared machine the wall clock mostly measures the other
 * processes; the process's CPU time (all its threads: the benchmark's, background readers and
 * writers, GC, JIT) does not. Totals per iteration: {@code cpuItems} items done while
 * {@code cpuMicros} µs of CPU were spent, so items per CPU-second = cpuItems / cpuMicros × 10^6
 * (bench/jmh.sh prints it).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuCounter {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long cpuItems;
    public long cpuMicros;

    @Setup(Level.Iteration)
    public void reset() {
        cpuItems = 0;
        cpuMicros = 0;
    }

    /** The process's CPU time now, for {@link #end} (not public: JMH would take it for a counter). */
    long begin() {
        return OS.getProcessCpuTime();
    }

    /**
     * Counts {@code items} done since {@code begin}. The clock ticks in 10 ms steps (times(2)); summed
     * over an iteration's many operations the steps average out.
     */
    void end(long begin, long items) {
        cpuMicros += (OS.getProcessCpuTime() - begin) / 1000;
        cpuItems += items;
    }
}
