package dev.tracesym.spark;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The rows of {@code spark.read.format("tracesym")} (docs/SPARK.md): one per event of every trace,
 * then one status row per trace.
 */
public final class EventSchema {
    /** What a kernel address was at its event's time, as {@code tracesym report --format jsonl}'s {@code syms}. */
    public static final StructType SYMBOL = new StructType()
            .add("addr", DataTypes.LongType, true)
            .add("name", DataTypes.StringType, true)
            .add("offset", DataTypes.LongType, true)
            .add("size", DataTypes.LongType, true)
            .add("module", DataTypes.StringType, true)
            .add("modules", DataTypes.createArrayType(DataTypes.StringType, false), true)
            .add("object", DataTypes.StringType, true)
            .add("builtin", DataTypes.BooleanType, false)
            .add("unknown", DataTypes.StringType, true);

    /** How a trace went: null on event rows, set on the one status row each trace ends with. */
    public static final StructType STATUS = new StructType()
            .add("outcome", DataTypes.StringType, false)
            .add("events", DataTypes.LongType, false)
            .add("names", DataTypes.StringType, false)
            .add("message", DataTypes.StringType, true);

    /** The whole row. */
    public static final StructType SCHEMA = new StructType()
            .add("trace", DataTypes.StringType, false)
            .add("name", DataTypes.StringType, false)
            .add("buffer", DataTypes.StringType, true)
            .add("cpu", DataTypes.IntegerType, true)
            .add("ts", DataTypes.LongType, true)
            .add("pid", DataTypes.IntegerType, true)
            .add("comm", DataTypes.StringType, true)
            .add("system", DataTypes.StringType, true)
            .add("event", DataTypes.StringType, true)
            .add("fields", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, false), true)
            .add("syms", DataTypes.createMapType(DataTypes.StringType, SYMBOL, false), true)
            .add("status", STATUS, true);

    /** Outcome of a trace whose every event was read. */
    public static final String OK = "ok";
    /** Outcome of a trace cut short or broken: its events before the damage are there. */
    public static final String DAMAGED = "damaged";
    /** Outcome of a trace (or its archive) that could not be read at all: no events. */
    public static final String UNUSABLE = "unusable";

    private EventSchema() {
    }
}
