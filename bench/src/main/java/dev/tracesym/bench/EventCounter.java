package dev.tracesym.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Items processed, reported by JMH next to the operation rate: with {@code Mode.Throughput} the
 * secondary result {@code items} is items per second (events, lines, lookups), the number that
 * compares across inputs of different sizes.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class EventCounter {
    public long items;

    @Setup(Level.Iteration)
    public void reset() {
        items = 0;
    }
}
