package dev.tracesym.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One trace: the unit of work. A {@code .dat} is read start to end by one task (its CPUs' events
 * are merged by time), so traces, not byte ranges, are what spreads over the executors.
 *
 * @param trace the trace's qualified path
 * @param name  its name, unique among the traces read together (as {@code tracesym batch} names outputs)
 * @param hosts where its first block lives, for locality
 */
record TracePartition(String trace, String name, String[] hosts) implements InputPartition {
    @Override
    public String[] preferredLocations() {
        return hosts;
    }
}
