package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tracesym.app.report.ReportCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.XZInputStream;

/**
 * {@code tracesym report} prints exactly the bytes of {@code trace-cmd report} (3.1.6) for every kept
 * sample trace, in every file variant (v7 zstd, v6, v7 zlib), by default and with {@code -N -t}: traces
 * of x86-64 and arm64 kernels (little-endian) and of s390x (big-endian), written by trace-cmd 3.1.6 and
 * by newer trace-cmd releases (their options unknown to 3.1.6 skipped as 3.1.6 skips them; function-graph
 * return values of a kernel with CONFIG_FUNCTION_GRAPH_RETVAL and arguments of Linux 6.16's funcgraph-args,
 * which 3.1.6 does not print; a previous boot's persistent buffer); and the
 * all-events traces of Debian's 6.1 and 6.12 kernels (every tracepoint enabled around a mixed
 * workload: some 500 event kinds, most of the plugins trace-cmd loads handling some of them).
 */
class IdenticalReportTest {
    private static final Map<String, byte[]> REFERENCES = new HashMap<>();

    @TempDir
    static Path temp;

    static Stream<Arguments> variants() {
        List<Arguments> all = new ArrayList<>();
        for (String scenario : List.of("reuse", "events", "funcgraph", "reuse-arm64", "events-arm64",
                "allevents", "allevents-6.12")) {
            for (String variant : List.of("v7-zstd.dat", "v6.dat.xz")) {
                all.add(Arguments.of(scenario, variant, false));
                all.add(Arguments.of(scenario, variant, true));
            }
        }
        all.add(Arguments.of("events", "v7-zlib.dat", false));
        all.add(Arguments.of("events", "v7-zlib.dat", true));
        // big-endian: only the file the guest wrote (trace-cmd 3.1.6 converts big-endian files wrongly)
        all.add(Arguments.of("events-s390x", "v7-zstd.dat", false));
        all.add(Arguments.of("events-s390x", "v7-zstd.dat", true));
        // written by newer trace-cmd releases (their options unknown to 3.1.6); retval-*: function_graph with
        // return values (a funcgraph_exit with a retval field, which 3.1.6 does not print)
        // args-3.4: function_graph with arguments (funcgraph-args, Linux 6.16, BTF_FILE); lastboot-3.4: a
        // persistent ring buffer of the previous boot with LAST_BOOT_INFO (named by 3.1.6 with this boot's kallsyms)
        for (String newer : List.of("newer-3.3.3", "newer-3.4", "retval-3.3.3", "retval-3.4", "args-3.4", "lastboot-3.4")) {
            all.add(Arguments.of(newer, "v7-zstd.dat", false));
            all.add(Arguments.of(newer, "v7-zstd.dat", true));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}.{1} -N -t={2}")
    @MethodSource("variants")
    void reportIsByteIdentical(String scenario, String variant, boolean noPluginsNs) throws IOException {
        Path trace = trace(scenario, variant);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ReportCommand.run(trace.toString(), noPluginsNs, noPluginsNs, out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
        assertEquals(ReportCommand.OK, code, "exit code");
        byte[] expected = reference(scenario, noPluginsNs ? ".report-N-t.txt.xz" : ".report.txt.xz");
        assertSameBytes(expected, out.toByteArray());
    }

    /** On a difference, names the first differing line and shows both versions of it. */
    static void assertSameBytes(byte[] expected, byte[] actual) {
        int n = Math.min(expected.length, actual.length);
        int i = 0;
        while (i < n && expected[i] == actual[i]) {
            i++;
        }
        if (i == expected.length && i == actual.length) {
            return;
        }
        int lineStart = i;
        while (lineStart > 0 && expected[lineStart - 1] != '\n') { // equal bytes before i
            lineStart--;
        }
        int lineNumber = 1;
        for (int k = 0; k < lineStart; k++) {
            if (expected[k] == '\n') {
                lineNumber++;
            }
        }
        fail("first difference at line " + lineNumber + " (byte " + i + ")\n"
                + "expected: " + lineAt(expected, lineStart) + "\n"
                + "actual:   " + lineAt(actual, lineStart) + "\n"
                + "(expected " + expected.length + " bytes, got " + actual.length + ")");
    }

    private static String lineAt(byte[] b, int start) {
        if (start >= b.length) {
            return "<end of output>";
        }
        int end = start;
        while (end < b.length && b[end] != '\n') {
            end++;
        }
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The files of sample folder {@code reuse-arm64} are called {@code reuse.*}: the name up to its first '-'. */
    static String baseName(String sample) {
        int dash = sample.indexOf('-');
        return dash < 0 ? sample : sample.substring(0, dash);
    }

    private static Path trace(String scenario, String variant) throws IOException {
        Path p = dataDir().resolve(scenario).resolve(baseName(scenario) + "." + variant);
        if (!variant.endsWith(".xz")) {
            return p;
        }
        Path plain = temp.resolve(scenario + "." + variant.substring(0, variant.length() - 3));
        if (!Files.exists(plain)) {
            try (InputStream in = new XZInputStream(Files.newInputStream(p))) {
                Files.copy(in, plain);
            }
        }
        return plain;
    }

    private static synchronized byte[] reference(String scenario, String suffix) throws IOException {
        String key = scenario + suffix;
        byte[] b = REFERENCES.get(key);
        if (b == null) {
            Path file = dataDir().resolve(scenario).resolve(baseName(scenario) + suffix);
            try (InputStream in = new XZInputStream(Files.newInputStream(file))) {
                b = in.readAllBytes();
            }
            REFERENCES.put(key, b);
        }
        return b;
    }

    static Path dataDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) {
                return d;
            }
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }
}
