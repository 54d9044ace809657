package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.XZInputStream;

/**
 * {@code --kallsyms FILE}: the functions of FILE are added to the trace's own (read before them, as
 * trace-cmd reads them), for the report's names, {@code -f} and {@code --profile}. The file here is the
 * {@code reuse} sample's first snapshot, from before its modules were loaded: other names at the modules'
 * addresses than the trace's kallsyms from the end of the recording.
 */
class ReportKallsymsTest {
    @TempDir
    static Path temp;
    private static Path kallsyms;

    @BeforeAll
    static void firstSnapshot() throws Exception {
        kallsyms = temp.resolve("001-start.kallsyms");
        try (InputStream in = new XZInputStream(Files.newInputStream(TraceCmd.data("reuse/snapshots/001-start.kallsyms.xz")))) {
            Files.copy(in, kallsyms);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "-f", "-N -t", "--profile", "--profile --by-comm"})
    void addsFunctionsAsTraceCmd(String options) throws Exception {
        Path dir = SampleTraces.in(temp);
        for (String trace : List.of("reuse.v7-zstd.dat", "reuse.v6.dat")) {
            List<String> args = new ArrayList<>(options.isEmpty() ? List.of() : List.of(options.split(" ")));
            args.addAll(List.of("--kallsyms", kallsyms.toString()));
            String[] withFile = SampleTraces.args(dir, String.join(" ", args), trace);
            TraceCmd.Run expected = TraceCmd.traceCmd(dir, withFile);
            TraceCmd.Run actual = TraceCmd.tracesym(dir, withFile);
            assertEquals(expected.code(), actual.code(), actual.err());
            if (options.startsWith("--profile")) {
                assertEquals(ReportProfileTest.canonical(expected.text()), ReportProfileTest.canonical(actual.text()),
                        options + " " + trace);
            } else {
                TraceCmd.assertSameBytes(expected.out(), actual.out(), options + " --kallsyms " + trace);
            }
            String[] without = SampleTraces.args(dir, options.isEmpty() ? "-N" : options, trace);
            if (options.isEmpty()) {
                without = Arrays.copyOfRange(without, 1, without.length);
            }
            assertNotEquals(TraceCmd.tracesym(dir, without).text(), actual.text(), "the file changes the names");
        }
    }
}
