package dev.tracesym.spark;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.apache.spark.util.CollectionAccumulator;

/**
 * Writes each {@link ReportTask} (a record) as its own file, named as {@code tracesym batch}
 * names it, into the task attempt's work folder: Spark's commit protocol
 * ({@code saveAsNewAPIHadoopDataset} over Hadoop's file output committer) moves the files of a
 * task that succeeded into the output folder when the job commits, so the folder never holds a
 * partial output. Each trace's outcome goes to the accumulator that comes with it.
 */
public final class ReportOutputFormat extends FileOutputFormat<ReportTask, CollectionAccumulator<TraceOutcome>> {
    @Override
    public RecordWriter<ReportTask, CollectionAccumulator<TraceOutcome>> getRecordWriter(TaskAttemptContext context)
            throws IOException {
        Path work = ((PathOutputCommitter) getOutputCommitter(context)).getWorkPath();
        Configuration conf = context.getConfiguration();
        return new RecordWriter<>() {
            @Override
            public void write(ReportTask task, CollectionAccumulator<TraceOutcome> outcomes) {
                outcomes.add(task.run(new Path(work, task.output()), conf));
            }

            @Override
            public void close(TaskAttemptContext c) {
                // every file is closed by its task
            }
        };
    }

    /** An existing output folder is fine, as for {@code tracesym batch}: outputs of the same names are replaced. */
    @Override
    public void checkOutputSpecs(JobContext job) throws IOException {
        if (getOutputPath(job) == null) {
            throw new IOException("tracesym: no output folder");
        }
    }
}
