package dev.tracesym.spark;

import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("tracesym").load(paths)}: the events of trace-cmd {@code .dat} files
 * (also compressed) on any Hadoop file system, every kernel address named as of its event's time
 * with each trace's own archive (docs/ARCHIVE.md, "An archive per trace"), or with the one the
 * options {@code archive} and {@code modules} name. One row per event, then one status row per
 * trace ({@link EventSchema}); docs/SPARK.md describes the columns.
 */
public final class TracesymSource implements TableProvider, DataSourceRegister {
    @Override
    public String shortName() {
        return "tracesym";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return EventSchema.SCHEMA;
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new TraceTable(properties);
    }
}
