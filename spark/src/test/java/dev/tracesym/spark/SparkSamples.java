package dev.tracesym.spark;

import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The real samples laid out as a fleet keeps them, and one local Spark for every test of this module. */
final class SparkSamples {
    private static SparkSession spark;

    private SparkSamples() {
    }

    /** One local session with two cores for the whole test run (starting Spark takes seconds). */
    static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2]").appName("tracesym-test")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                    .getOrCreate();
        }
        return spark;
    }

    static Path data() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples/data"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/data not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples/data");
    }

    static Path modules() {
        return data().resolve("modules-6.1.0-56-amd64");
    }

    /** Copies the files of folder {@code from} to {@code to}. */
    static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    /**
     * A fleet folder: {@code reuse.dat} with {@code reuse.archive/} (its snapshots/ and modules/),
     * {@code host-e/events.dat.xz} with snapshots/ and modules/ beside it.
     */
    static Path fleet(Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("fleet"));
        Files.copy(data().resolve("reuse/reuse.v7-zstd.dat"), in.resolve("reuse.dat"));
        copyFolder(data().resolve("reuse/snapshots"), in.resolve("reuse.archive/snapshots"));
        copyFolder(modules(), in.resolve("reuse.archive/modules"));
        Path e = Files.createDirectories(in.resolve("host-e"));
        Files.copy(data().resolve("events/events.v6.dat.xz"), e.resolve("events.dat.xz"));
        copyFolder(data().resolve("events/snapshots"), e.resolve("snapshots"));
        copyFolder(modules(), e.resolve("modules"));
        return in;
    }

    /** The reuse sample as a v6 {@code .dat} without its last 100,000 bytes: its CPU data ends early. */
    static void cutTrace(Path to) throws IOException {
        byte[] whole;
        try (var in = dev.tracesym.input.InputFile.open(data().resolve("reuse/reuse.v6.dat.xz"))) {
            whole = in.readAllBytes();
        }
        Files.write(to, java.util.Arrays.copyOf(whole, whole.length - 100_000));
    }

    /** What {@code tracesym report --format jsonl} writes for {@code trace}. */
    static String jsonl(Path trace, SymbolSource symbols, Outcome expected) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(trace.toString(), false, false, ReportPipeline.Format.JSONL,
                symbols, false), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(expected, r, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
