package dev.tracesym.app.pipeline;

import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.symbolizer.StaticSymbolizer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.tukaani.xz.XZInputStream;

/** The repository's sample data (found by walking up from the module directory), and runs of the pipelines on it. */
public final class PipelineSamples {
    static final String MODULES = "modules-6.1.0-56-amd64";

    private PipelineSamples() {
    }

    /** {@code samples/data/<relative>}. */
    public static Path data(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d.resolve(relative);
            }
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    /** A sample file, decompressed into {@code dir} when it is kept as {@code .xz}. */
    public static Path plain(String relative, Path dir) {
        Path p = data(relative);
        if (!relative.endsWith(".xz")) {
            return p;
        }
        Path out = dir.resolve(p.getFileName().toString().replace(".xz", ""));
        if (!Files.exists(out)) {
            try (InputStream in = new XZInputStream(Files.newInputStream(p))) {
                Files.copy(in, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The symbol archive of a sample with the Debian 6.1 modules. */
    static SymbolSource archive(String sample) {
        return SymbolSource.archive(data(sample + "/snapshots"), data(MODULES));
    }

    /**
     * Decodes every event of a {@code .dat} trace, named by the trace's own kallsyms, into the sink
     * that {@code sinkOf} makes for the namer; returns that sink for the caller to finish.
     *
     * @param slices whether the sink wants {@link RecordSink#slice} (timeline writers)
     */
    static <S extends RecordSink> S decodeAll(Path trace, boolean slices, Function<SymbolizerNamer, S> sinkOf)
            throws IOException {
        try (DatFile dat = DatFile.open(trace)) {
            ReportInput input = ReportCommand.inputOf(dat, SymbolicFormats::rewrite);
            SymbolizerNamer namer = SymbolizerNamer.of(StaticSymbolizer.fromKallsyms(dat.kallsyms(), trace.toString()));
            List<String> buffers = new ArrayList<>();
            for (BufferInfo b : dat.buffers()) {
                buffers.add(b.name());
            }
            RecordDecoder decoder = new RecordDecoder(input, buffers, namer, false, slices);
            S sink = sinkOf.apply(namer);
            RawEvent e = new RawEvent();
            SymbolFeed feed = new SymbolFeed(dat::next, input.formats(), namer);
            while (feed.next(e)) {
                decoder.decode(e, sink);
            }
            return sink;
        }
    }

    /** What a run wrote to its output and its error stream, and how it ended. */
    record Run(Outcome result, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    static Run report(String input, ReportPipeline.Format format, SymbolSource symbols) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(input, false, false, format, symbols, false), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(r, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
