package dev.tracesym.spark;

import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;

/** Makes a {@link TraceRowReader} per trace on the executors. */
final class TraceReaderFactory implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;
    private final Broadcast<HadoopConf> conf;
    /** The archive given for all traces, or null: each finds its own. */
    private final ArchiveLocation given;

    TraceReaderFactory(Broadcast<HadoopConf> conf, ArchiveLocation given) {
        this.conf = conf;
        this.given = given;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        TracePartition p = (TracePartition) partition;
        return new TraceRowReader(p.trace(), p.name(), given, conf.value().get());
    }
}
