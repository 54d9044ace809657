package dev.tracesym.spark;

import dev.tracesym.app.pipeline.TraceEvents;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.PartitionReader;

/**
 * The rows of one trace: its events one at a time as the trace is read (nothing of the trace is
 * held but the reader's page windows), then its status row. A trace that cannot be read, or whose
 * archive cannot or does not belong to it, gives only the status row; one cut short gives its
 * events before the damage.
 */
final class TraceRowReader implements PartitionReader<InternalRow> {
    private final String trace;
    private final ArchiveLocation given;
    private final boolean forceSymbols;
    private final Configuration conf;
    private final EventRows rows;
    private TraceEvents events;
    private boolean started;
    private boolean statusDone;
    private InternalRow current;
    private long count;
    private String outcome = EventSchema.OK;
    private String names;
    private String message;

    TraceRowReader(String trace, String name, ArchiveLocation given, boolean forceSymbols, Configuration conf) {
        this.trace = trace;
        this.given = given;
        this.forceSymbols = forceSymbols;
        this.conf = conf;
        this.rows = new EventRows(trace, name);
    }

    @Override
    public boolean next() throws IOException {
        if (!started) {
            started = true;
            start();
        }
        if (events != null) {
            try {
                if (events.next()) {
                    current = rows.event(events.event());
                    count++;
                    return true;
                }
                if (events.eventsLost()) {
                    outcome = EventSchema.DAMAGED;
                }
                if (!events.warnings().isEmpty()) {
                    message = String.join("; ", events.warnings());
                }
            } catch (IOException | RuntimeException e) {
                outcome = EventSchema.DAMAGED;
                message = join(TraceEvents.message(e), events.warnings());
            }
            closeEvents();
        }
        if (!statusDone) {
            statusDone = true;
            current = rows.status(outcome, count, names, message);
            return true;
        }
        return false;
    }

    /** Finds the names and opens the trace; a failure leaves only the status row to give. */
    private void start() {
        Path path = new Path(trace);
        names = "-";
        try {
            LocalArchives.TraceNames found = LocalArchives.forTrace(path, given, forceSymbols, conf);
            names = found.description();
            events = TraceEvents.open(timing -> TraceFiles.open(path, conf, timing), path.getName(), found.source());
        } catch (IOException | RuntimeException e) {
            outcome = EventSchema.UNUSABLE;
            message = TraceEvents.message(e);
        }
    }

    private static String join(String first, List<String> more) {
        return more.isEmpty() ? first : first + "; " + String.join("; ", more);
    }

    @Override
    public InternalRow get() {
        return current;
    }

    private void closeEvents() {
        if (events != null) {
            try {
                events.close();
            } catch (IOException e) {
                // read to the end already: nothing is lost
            }
            events = null;
        }
    }

    @Override
    public void close() {
        closeEvents();
    }
}
