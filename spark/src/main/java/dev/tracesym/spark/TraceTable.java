package dev.tracesym.spark;

import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** The traces one {@code load} names, as a table to scan. */
final class TraceTable implements SupportsRead {
    private final Map<String, String> properties;

    TraceTable(Map<String, String> properties) {
        this.properties = properties;
    }

    @Override
    public String name() {
        return "tracesym";
    }

    @Override
    public StructType schema() {
        return EventSchema.SCHEMA;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
        return () -> new TraceScan(TraceScan.Options.of(properties, options));
    }
}
