package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A v7 trace whose last CPU recorded nothing: trace-cmd 3.1.6 leaves that CPU out of the top-level BUFFER
 * option (e.g. {@code trace-cmd record -p blk} reading one disk on a 2-CPU machine lists CPU 0 only) while
 * its CPUCOUNT option still says 2, and {@code trace-cmd report} prints {@code cpus=2}. Made here from the
 * reuse sample by listing only its CPU 0 in the BUFFER option (the CPUCOUNT option says 2): the report,
 * {@code --stat}, {@code -R} and {@code -N -t} are trace-cmd's bytes.
 */
class TrailingCpusTest {
    @TempDir
    static Path temp;

    private static Path trace;

    /** reuse.v7-zstd.dat with its top-level BUFFER option listing one CPU of two. */
    private static synchronized Path trace() throws Exception {
        if (trace == null) {
            byte[] dat = Files.readAllBytes(TraceCmd.data("reuse/reuse.v7-zstd.dat"));
            // the option's tail: name "", clock "global", page size 4096, 2 CPUs, the first being CPU 0
            byte[] cpus = {0, 'g', 'l', 'o', 'b', 'a', 'l', 0, 0, 0x10, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0};
            int at = indexOf(dat, cpus, 0);
            assertTrue(at > 0 && indexOf(dat, cpus, at + 1) < 0, "one top-level BUFFER option in reuse.v7-zstd.dat");
            dat[at + 12] = 1;
            trace = Files.write(temp.resolve("reuse-cpu0.dat"), dat);
        }
        return trace;
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @ParameterizedTest(name = "options [{0}]")
    @ValueSource(strings = {"", "--stat", "-R", "-N -t"})
    void cpusIsTheFilesCpuCountThoughTheLastCpuHasNoData(String options) throws Exception {
        Path file = trace();
        List<String> args = new java.util.ArrayList<>(options.isEmpty() ? List.of() : List.of(options.split(" ")));
        args.add(file.getFileName().toString());
        TraceCmd.Run theirs = TraceCmd.traceCmd(temp, args.toArray(new String[0]));
        TraceCmd.Run ours = TraceCmd.tracesym(temp, args.toArray(new String[0]));
        assertEquals(0, theirs.code(), theirs.err());
        assertTrue(new String(theirs.out(), StandardCharsets.ISO_8859_1).startsWith("cpus=2\n"), "trace-cmd's count");
        assertEquals(theirs.code(), ours.code(), ours.err());
        TraceCmd.assertSameBytes(theirs.out(), ours.out(), "report " + options + " of a trace without CPU 1's data");
    }
}
