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
    /** Names used even where they disagree with the trace. */
    private final boolean forceSymbols;

    TraceReaderFactory(Broadcast<HadoopConf> conf, ArchiveLocation given, boolean forceSymbols) {
        this.conf = conf;
        this.given = given;
        this.forceSymbols = forceSymbols;
    }

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
        TracePartition p = (TracePartition) partition;
        return new TraceRowReader(p.trace(), p.name(), given, forceSymbols, conf.value().get());
    }
}
