package dev.tracesym.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tracesym.app.cli.BatchCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The scan of the traces a {@code load} names: listed on the driver (as Spark's file sources list
 * theirs), one input partition per trace, the Hadoop configuration broadcast once.
 */
final class TraceScan implements Scan, Batch {
    /**
     * What {@code load} was given: paths, the archive for all (null: each trace's own), and
     * whether names are used even where they disagree with the trace (option {@code forceSymbols}).
     */
    record Options(List<String> paths, ArchiveLocation given, boolean forceSymbols, Map<String, String> hadoop) {
        static Options of(Map<String, String> properties, CaseInsensitiveStringMap options) {
            Map<String, String> all = new HashMap<>(properties);
            all.putAll(options.asCaseSensitiveMap());
            List<String> paths = new ArrayList<>();
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (e.getKey().equalsIgnoreCase("path")) {
                    paths.add(e.getValue());
                } else if (e.getKey().equalsIgnoreCase("paths")) {
                    paths.addAll(jsonStrings(e.getValue()));
                }
            }
            if (paths.isEmpty()) {
                throw new IllegalArgumentException("tracesym: no trace paths: load(\"traces/\") or load(path1, path2, ...)");
            }
            String archive = value(all, "archive");
            String modules = value(all, "modules");
            if (modules != null && archive == null) {
                throw new IllegalArgumentException("tracesym: option modules needs option archive (the .ko files complete a symbol archive)");
            }
            ArchiveLocation given = archive == null ? null : new ArchiveLocation(archive, modules, "given");
            return new Options(paths, given, Boolean.parseBoolean(value(all, "forceSymbols")), all);
        }

        private static String value(Map<String, String> m, String key) {
            for (Map.Entry<String, String> e : m.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key)) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** The strings of a JSON array: Spark passes {@code load(a, b)} as {@code paths=["a","b"]}. */
        private static List<String> jsonStrings(String json) {
            List<String> out = new ArrayList<>();
            try (JsonParser p = new JsonFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_ARRAY) {
                    throw new IllegalArgumentException("tracesym: option paths must be a JSON array of strings: " + json);
                }
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
                    out.add(p.getValueAsString());
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("tracesym: option paths must be a JSON array of strings: " + json, e);
            }
            return out;
        }
    }

    private final Options options;

    TraceScan(Options options) {
        this.options = options;
    }

    @Override
    public StructType readSchema() {
        return EventSchema.SCHEMA;
    }

    @Override
    public String description() {
        return "tracesym " + options.paths() + (options.given() == null ? "" : " " + options.given().describe());
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    private Configuration hadoopConf() {
        Configuration conf = new Configuration(SparkSession.active().sparkContext().hadoopConfiguration());
        options.hadoop().forEach(conf::set);
        return conf;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        Configuration conf = hadoopConf();
        try {
            List<FileStatus> traces = TraceFiles.list(options.paths(), conf);
            List<String> names = names(traces);
            InputPartition[] out = new InputPartition[traces.size()];
            for (int i = 0; i < out.length; i++) {
                FileStatus s = traces.get(i);
                Path p = s.getPath();
                String[] hosts = new String[0];
                BlockLocation[] blocks = p.getFileSystem(conf).getFileBlockLocations(s, 0, Math.min(1, s.getLen()));
                if (blocks != null && blocks.length > 0) {
                    hosts = blocks[0].getHosts();
                }
                out[i] = new TracePartition(p.toString(), names.get(i), hosts);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("tracesym: " + e.getMessage(), e);
        }
    }

    /** Each trace's name: as {@code tracesym batch} names its output, without the format's ending. */
    static List<String> names(List<FileStatus> traces) {
        List<String> files = new ArrayList<>();
        for (FileStatus s : traces) {
            files.add(s.getPath().getName());
        }
        return BatchCli.traceNames(files);
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSession.active().sparkContext());
        return new TraceReaderFactory(sc.broadcast(new HadoopConf(hadoopConf())), options.given(), options.forceSymbols());
    }
}
