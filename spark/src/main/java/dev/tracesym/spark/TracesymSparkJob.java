package dev.tracesym.spark;

import dev.tracesym.app.cli.BatchCli;
import dev.tracesym.app.pipeline.ReportPipeline;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.CollectionAccumulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import scala.Tuple2;

/**
 * The {@code spark-submit} job (and {@code spark/bin/tracesym-spark}): re-symbolizes many traces
 * on a cluster. {@code --format text|jsonl} writes per trace what {@code tracesym batch} writes
 * (same names, same bytes); {@code --format parquet} writes one dataset of every event, partitioned
 * by trace. Both go through Spark's commit protocol: the output folder gets a task's files only
 * when the job commits. Prints the table of per-trace outcomes on stdout, a summary on stderr.
 */
@Command(name = "tracesym-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-symbolizes many traces with Apache Spark (docs/SPARK.md).",
            "Paths are Hadoop paths (local, hdfs://, s3a://): .dat files (also compressed), folders (searched",
            "recursively) and globs. Each trace uses its own archive (NAME.archive/ beside NAME.dat, else",
            "snapshots/ + modules/ beside it, else its own kallsyms) unless --archive names one for all."},
        footerHeading = "%nExamples:%n",
        footer = {"  spark/bin/tracesym-spark --master 'local[2]' --format jsonl -o out/ traces/",
            "  spark-submit --class dev.tracesym.spark.TracesymSparkJob tracesym-spark.jar --format parquet \\",
            "      -o s3a://bucket/events/ 's3a://bucket/traces/*/*.dat.zst'",
            "",
            "Exit codes: 0 every trace done, 1 some traces failed (listed), 2 no usable input or usage."})
public final class TracesymSparkJob implements Callable<Integer> {
    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[N], yarn, k8s://...); default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (trace-cmd report layout), jsonl or parquet. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--archive", paramLabel = "DIR", description = "One symbol archive for every trace (docs/ARCHIVE.md).")
    String archive;

    @Option(names = "--modules", paramLabel = "DIR", description = "Its folder of module .ko files (with --archive).")
    String modules;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "OUT", required = true,
            description = "Output folder: text/jsonl files are added to it; parquet: a new dataset.")
    String outDir;

    @Option(names = "--force-symbols",
            description = "Name with the archives even where they disagree with a trace (another kernel or boot); "
                    + "without it such a trace fails, as in tracesym batch.")
    boolean forceSymbols;

    @Option(names = "--partial-ok", description = "A trace cut short counts as done (its events before the damage are kept).")
    boolean partialOk;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Trace files, folders or globs (Hadoop paths).")
    List<String> traces;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the job and returns its exit code (for tests: leaves no session open). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new TracesymSparkJob());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("tracesym-spark: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("tracesym-spark: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("jsonl") && !format.equals("parquet")) {
            System.err.println("tracesym-spark: --format must be text, jsonl or parquet, not " + format);
            return 2;
        }
        if (modules != null && archive == null) {
            System.err.println("tracesym-spark: --modules needs --archive (the .ko files complete a symbol archive)");
            return 2;
        }
        // a session already running (a notebook, a test) is used and left running
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder b = SparkSession.builder().appName("tracesym");
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
        try {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            List<FileStatus> inputs;
            try {
                inputs = TraceFiles.list(traces, conf);
            } catch (FileNotFoundException e) {
                System.err.println("tracesym-spark: " + e.getMessage());
                return 2;
            }
            if (inputs.isEmpty()) {
                System.err.println("tracesym-spark: no trace files found in " + String.join(" ", traces));
                return 2;
            }
            String inside = readFolderHolding(new Path(outDir), inputs, conf);
            if (inside != null) {   // as tracesym batch: nothing is added to an archive the run reads
                System.err.println("tracesym-spark: refusing to write into " + outDir + ": it is inside " + inside
                        + ", a folder the run reads");
                return 2;
            }
            List<TraceOutcome> outcomes = format.equals("parquet") ? order(parquet(spark), inputs) : reports(spark, inputs);
            return summarize(outcomes, System.out, System.err);
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    /**
     * The archive or modules folder the run reads (the one given, else each trace's own) that is
     * {@code out} or holds it; null when none does.
     */
    private String readFolderHolding(Path out, List<FileStatus> inputs, Configuration conf) throws IOException {
        List<String> folders = new ArrayList<>();
        if (archive != null) {
            folders.add(archive);
            if (modules != null) {
                folders.add(modules);
            }
        } else {
            for (FileStatus s : inputs) {
                ArchiveLocation own = TraceFiles.archiveBeside(s.getPath(), conf);
                if (own != null) {
                    folders.add(own.archive());
                    if (own.modules() != null) {
                        folders.add(own.modules());
                    }
                }
            }
        }
        Path target = out.getFileSystem(conf).makeQualified(out);
        for (String f : folders) {
            Path folder = new Path(f);
            folder = folder.getFileSystem(conf).makeQualified(folder);
            for (Path p = target; p != null; p = p.getParent()) {
                if (p.equals(folder)) {
                    return f;
                }
            }
        }
        return null;
    }

    private ArchiveLocation given() {
        return archive == null ? null : new ArchiveLocation(archive, modules, "given");
    }

    /** text / jsonl: one file per trace through the Hadoop output committer. */
    private List<TraceOutcome> reports(SparkSession spark, List<FileStatus> inputs) throws IOException {
        ReportPipeline.Format fmt = format.equals("text") ? ReportPipeline.Format.TEXT : ReportPipeline.Format.JSONL;
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path out = new Path(outDir);
        FileSystem outFs = out.getFileSystem(conf);
        out = outFs.makeQualified(out);
        List<String> files = new ArrayList<>();
        Set<Path> read = new HashSet<>();
        for (FileStatus s : inputs) {
            files.add(s.getPath().getName());
            read.add(s.getPath());
        }
        for (String dir : new String[] {archive, modules}) {
            if (dir != null) {
                Path p = new Path(dir);
                read.add(p.getFileSystem(conf).makeQualified(p));
            }
        }
        List<String> names = BatchCli.outputNames(files, fmt);
        List<ReportTask> tasks = new ArrayList<>();
        List<TraceOutcome> refused = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String trace = inputs.get(i).getPath().toString();
            Path target = new Path(out, names.get(i));
            if (read.contains(target)) {   // never over an input
                refused.add(new TraceOutcome(trace, null, TraceOutcome.FAILED, "-",
                        "refusing to write " + target + ": it is one of the inputs"));
            } else {
                tasks.add(new ReportTask(trace, names.get(i), fmt, given(), partialOk, forceSymbols));
            }
        }
        List<TraceOutcome> outcomes = new ArrayList<>(refused);
        if (!tasks.isEmpty()) {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            CollectionAccumulator<TraceOutcome> acc = sc.sc().collectionAccumulator("tracesym outcomes");
            Job job = Job.getInstance(new Configuration(conf));
            job.setOutputFormatClass(ReportOutputFormat.class);
            job.setOutputKeyClass(ReportTask.class);
            job.setOutputValueClass(CollectionAccumulator.class);
            // the output folder holds exactly what tracesym batch writes: no _SUCCESS marker
            job.getConfiguration().setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
            FileOutputFormat.setOutputPath(job, out);
            // one trace per task: traces differ in size by orders of magnitude, small tasks balance them
            JavaRDD<ReportTask> rdd = sc.parallelize(tasks, tasks.size());
            rdd.mapToPair(t -> new Tuple2<>(t, acc)).saveAsNewAPIHadoopDataset(job.getConfiguration());
            outcomes.addAll(acc.value());
        }
        return order(outcomes, inputs);
    }

    /** parquet: one dataset of every event and status row, partitioned by the trace's name. */
    private List<TraceOutcome> parquet(SparkSession spark) {
        DataFrameReader r = spark.read().format("tracesym").option("forceSymbols", forceSymbols);
        if (archive != null) {
            r = r.option("archive", archive);
            if (modules != null) {
                r = r.option("modules", modules);
            }
        }
        r.load(traces.toArray(new String[0])).write().partitionBy("name").parquet(outDir);
        List<Row> status = spark.read().option("basePath", outDir).parquet(outDir)
                .where("status is not null")
                .selectExpr("trace", "name", "status.outcome", "status.events", "status.names", "status.message")
                .collectAsList();
        List<TraceOutcome> outcomes = new ArrayList<>();
        for (Row s : status) {
            String outcome = s.getString(2);
            boolean failed = outcome.equals(EventSchema.UNUSABLE) || (outcome.equals(EventSchema.DAMAGED) && !partialOk);
            String message = s.isNullAt(5) ? null : s.getString(5);
            if (failed && outcome.equals(EventSchema.DAMAGED)) {
                message = message + " (its " + s.getLong(3) + " events before the damage are in the dataset; --partial-ok counts it as done)";
            }
            outcomes.add(new TraceOutcome(s.getString(0), outDir + "/name=" + s.getString(1),
                    failed ? TraceOutcome.FAILED : outcome, s.getString(4) + ", " + s.getLong(3) + " events", message));
        }
        return outcomes;
    }

    /** Outcomes in the order of the inputs. */
    private static List<TraceOutcome> order(List<TraceOutcome> outcomes, List<FileStatus> inputs) {
        Map<String, TraceOutcome> byTrace = new HashMap<>();
        for (TraceOutcome o : outcomes) {
            byTrace.put(o.trace(), o);
        }
        List<TraceOutcome> out = new ArrayList<>();
        for (FileStatus s : inputs) {
            TraceOutcome o = byTrace.remove(s.getPath().toString());
            if (o != null) {
                out.add(o);
            }
        }
        out.addAll(byTrace.values());
        return out;
    }

    private int summarize(List<TraceOutcome> outcomes, PrintStream out, PrintStream err) {
        out.println(TraceOutcome.HEADER);
        int done = 0;
        for (TraceOutcome o : outcomes) {
            out.println(o.row());
            if (o.done()) {
                done++;
            }
        }
        out.flush();
        err.println("tracesym-spark: " + done + " of " + outcomes.size() + " traces written to " + outDir);
        for (TraceOutcome o : outcomes) {
            if (!o.done()) {
                err.println("  failed: " + o.trace() + ": " + o.message());
            }
        }
        return done == outcomes.size() ? 0 : 1;
    }
}
