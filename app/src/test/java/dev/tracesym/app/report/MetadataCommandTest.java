package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** trace-cmd report's metadata options print the same bytes, with the same exit code, as trace-cmd 3.1.6. */
class MetadataCommandTest {
    @TempDir
    static Path temp;

    static final List<String> OPTION_SETS = List.of("-e", "-f", "-P", "-E", "--check-events", "--cpus",
            "--first-event", "--last-event", "--first-event --last-event -t", "--stat", "--uname", "--version",
            "--stat --uname", "--uname --version", "-P -E", "-e -f --check-events");

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String trace : TraceCmdRun.TRACES) {
            for (String options : OPTION_SETS) {
                all.add(Arguments.of(options, trace));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameAsTraceCmd(String options, String trace) {
        Path file = TraceCmdRun.sample(trace, temp);
        List<String> args = new ArrayList<>(List.of(options.split(" ")));
        args.add("-i");
        args.add(file.toString());
        TraceCmdRun.Result expected = TraceCmdRun.report(temp, args.toArray(new String[0]));
        ByteArrayOutputStream out = TraceCmdRun.buffer();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = MetadataCommand.run(request(options, List.of(file.toString())), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        TraceCmdRun.assertSameOutput(expected, exit, out.toByteArray(), options + " " + trace);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
    }

    static MetadataCommand.Request request(String options, List<String> inputs) {
        List<String> o = List.of(options.split(" "));
        return new MetadataCommand.Request(inputs, o.contains("-e"), o.contains("-f"), o.contains("-P"), o.contains("-E"),
                o.contains("--check-events"), o.contains("--cpus"), o.contains("--first-event"),
                o.contains("--last-event"), o.contains("--stat"), o.contains("--uname"), o.contains("--version"),
                o.contains("-t"));
    }
}
