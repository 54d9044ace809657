package dev.tracesym.spark;

import dev.tracesym.app.cli.BatchCli;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.app.pipeline.TraceEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One trace's report, as {@code tracesym batch} writes it (same pipeline, same bytes), into a
 * file of the task's work folder; the commit protocol moves it to the output folder. A trace that
 * fails leaves no file.
 *
 * @param trace     the trace's path
 * @param output    the output's file name
 * @param format    text or JSON Lines
 * @param given     the archive for all traces, or null: the trace's own
 * @param partialOk a trace cut short counts as done (its events before the damage are kept)
 * @param forceSymbols names are used even where they disagree with the trace
 */
record ReportTask(String trace, String output, ReportPipeline.Format format, ArchiveLocation given, boolean partialOk,
                  boolean forceSymbols)
        implements Serializable {

    /** Writes the report to {@code file} (its file system from {@code conf}) and says how it went. */
    TraceOutcome run(Path file, Configuration conf) {
        Path path = new Path(trace);
        String names = "-";
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        FileSystem fs = null;
        boolean keep = false;
        try {
            LocalArchives.TraceNames found = LocalArchives.forTrace(path, given, forceSymbols, conf);
            names = found.description();
            SymbolSource symbols = found.source();
            fs = file.getFileSystem(conf);
            if (fs instanceof ChecksumFileSystem local) {
                fs = local.getRawFileSystem();   // no .crc beside the output: the folder holds what tracesym batch writes
            }
            Outcome r;
            try (OutputStream out = fs.create(file, false)) {
                r = ReportPipeline.run(new ReportPipeline.Request(trace, false, false, format, symbols, false,
                        timing -> TraceFiles.open(path, conf, timing)), out, err);
            }
            String failure = BatchCli.failure(r, errBytes.toString(StandardCharsets.UTF_8), partialOk);
            if (failure != null) {
                return new TraceOutcome(trace, null, TraceOutcome.FAILED, names, failure);
            }
            keep = true;
            return new TraceOutcome(trace, output, r == Outcome.DAMAGED ? EventSchema.DAMAGED : EventSchema.OK, names,
                    r == Outcome.DAMAGED ? BatchCli.reportMessage(errBytes.toString(StandardCharsets.UTF_8), null) : null);
        } catch (IOException | RuntimeException e) {
            return new TraceOutcome(trace, null, TraceOutcome.FAILED, names, TraceEvents.message(e));
        } finally {
            if (!keep && fs != null) {
                try {
                    fs.delete(file, false);
                } catch (IOException e) {
                    // the task's work folder goes with the task's commit or abort
                }
            }
        }
    }
}
