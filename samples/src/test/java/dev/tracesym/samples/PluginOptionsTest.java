package dev.tracesym.samples;

import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.report.ReportView;
import dev.tracesym.formats.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plugin options ({@code trace-cmd report -O}) change the function and function_graph lines exactly as
 * in trace-cmd 3.1.6: the report writer with {@link ReportView#withPluginOptions} against the real
 * {@code trace-cmd report -O ...} on the reuse (function) and funcgraph samples.
 */
class PluginOptionsTest {
    static Stream<Arguments> settings() {
        String reuse = "reuse/reuse.v7-zstd.dat";
        String graph = "funcgraph/funcgraph.v7-zstd.dat";
        return Stream.of(
                Arguments.of(reuse, List.of("parent")),
                Arguments.of(reuse, List.of("ftrace:offset")),
                Arguments.of(reuse, List.of("ftrace:parent=1", "offset=true")),
                Arguments.of(reuse, List.of("indent")), // a toggle: indent was on
                Arguments.of(reuse, List.of("ftrace:indent=0", "indent")), // named first, then the unnamed toggle
                Arguments.of(reuse, List.of("parent", "parent")), // the same setting twice: one toggle
                Arguments.of(reuse, List.of("parent=yes", "function:offset")), // neither changes anything
                Arguments.of(graph, List.of("fgraph:tailprint")),
                Arguments.of(graph, List.of("depth", "tailprint=1")));
    }

    @ParameterizedTest(name = "{0} -O {1}")
    @MethodSource("settings")
    void sameBytesAsTraceCmd(String trace, List<String> settings) throws Exception {
        Path file = TraceCmd.data(trace);
        List<String> args = new ArrayList<>();
        for (String s : settings) {
            args.add("-O");
            args.add(s);
        }
        args.add(file.toString());
        TraceCmd.Run expected = TraceCmd.traceCmd(file.getParent(), args.toArray(new String[0]));
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        try (DatFile dat = DatFile.open(file)) {
            ReportView view = ReportView.of(false, false).withPluginOptions(settings);
            new ReportWriter(ReportCommand.inputOf(dat), ReportCommand.namerOf(dat), view, out)
                    .write(dat::next);
        }
        TraceCmd.assertSameBytes(expected.out(), out.toByteArray(), "-O " + settings);
    }
}
