package dev.tracesym.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** trace-cmd report's metadata options print the same bytes, with the same exit code, as trace-cmd 3.1.6. */
class MetadataCommandTest {
    @TempDir
    static Path temp;

    static final List<String> OPTION_SETS = List.of("-e", "-f", "-P", "-E", "--check-events", "--cpus",
            "--first-event", "--last-event", "--first-event --last-event -t", "--stat", "--uname", "--version",
            "--stat --uname", "--uname --version", "-P -E", "-e -f --check-events");

    static Stream<Arguments> cases() {
        return TraceCmdRun.cases(OPTION_SETS);
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

    /** Several inputs: each file's part in turn, named by its base name where trace-cmd names it. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--stat", "--uname", "--version", "--cpus", "--first-event --last-event", "-e", "-P"})
    void severalInputs(String options) {
        List<String> files = List.of(TraceCmdRun.sample("reuse/reuse.v6.dat.xz", temp).toString(),
                TraceCmdRun.sample("funcgraph/funcgraph.v7-zstd.dat", temp).toString(),
                TraceCmdRun.sample("events/events.v7-zstd.dat", temp).toString());
        List<String> args = new ArrayList<>(List.of(options.split(" ")));
        for (String f : files) {
            args.add("-i");
            args.add(f);
        }
        TraceCmdRun.Result expected = TraceCmdRun.report(temp, args.toArray(new String[0]));
        ByteArrayOutputStream out = TraceCmdRun.buffer();
        int exit = MetadataCommand.run(request(options, files), out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TraceCmdRun.assertSameOutput(expected, exit, out.toByteArray(), options + " on three inputs");
    }

    /**
     * A format whose id libtraceevent cannot read (the sample's kmalloc format with "ID:" overwritten):
     * {@code --check-events} exits 22 as trace-cmd does, and {@code -E} leaves that event out.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--check-events", "-E", "-f"})
    void unreadableFormat(String option) throws IOException {
        byte[] dat = Files.readAllBytes(TraceCmdRun.sample("events/events.v6.dat.xz", temp));
        byte[] needle = "name: kmalloc\nID: ".getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(dat, needle);
        assertTrue(at > 0, "the sample has the kmalloc format");
        dat[at + needle.length - 4] = 'X';
        dat[at + needle.length - 3] = 'X';
        Path file = temp.resolve("kmalloc-without-id.v6.dat");
        Files.write(file, dat);
        TraceCmdRun.Result expected = TraceCmdRun.report(temp, option, "-i", file.toString());
        ByteArrayOutputStream out = TraceCmdRun.buffer();
        int exit = MetadataCommand.run(request(option, List.of(file.toString())), out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        TraceCmdRun.assertSameOutput(expected, exit, out.toByteArray(), option + " on a format without its id");
        if (option.equals("--check-events")) {
            assertEquals(MetadataCommand.FORMATS_UNREADABLE, exit);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static MetadataCommand.Request request(String options, List<String> inputs) {
        List<String> o = List.of(options.split(" "));
        return new MetadataCommand.Request(inputs, o.contains("-e"), o.contains("-f"), o.contains("-P"), o.contains("-E"),
                o.contains("--check-events"), o.contains("--cpus"), o.contains("--first-event"),
                o.contains("--last-event"), o.contains("--stat"), o.contains("--uname"), o.contains("--version"),
                o.contains("-t"));
    }
}
