package dev.tracesym.app.cli;

import static dev.tracesym.app.cli.TracesymProcess.arg;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tracesym.app.cli.TracesymProcess.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code tracesym ... | head}: when the reader of standard output goes away every command ends as
 * trace-cmd does when SIGPIPE kills it, quietly with status 141 (what {@code set -o pipefail} sees),
 * whatever it was writing.
 */
@EnabledOnOs(OS.LINUX)
class ClosedPipeTest {
    private static final String REUSE = "reuse/reuse.v7-zstd.dat";

    @Test
    void everyWriterEndsQuietlyWith141() {
        List<List<String>> runs = List.of(
                List.of("report", arg(REUSE)),
                List.of("report", "--format", "jsonl", arg(REUSE)),
                List.of("report", "--format", "perfetto", arg(REUSE)),
                List.of("report", "--archive", arg("reuse/snapshots"), "--modules", arg("modules-6.1.0-56-amd64"), arg(REUSE)),
                List.of("annotate", arg("text/reuse-042-final.trace.xz")),
                List.of("annotate", "--format", "jsonl", arg("text/reuse-042-final.trace.xz")),
                List.of("annotate", "--format", "perfetto", "--archive", arg("reuse/snapshots"), "--modules", arg("modules-6.1.0-56-amd64"),
                        arg("text/reuse-042-final.trace.xz")));
        for (List<String> args : runs) {
            Result r = TracesymProcess.run(null, 100, args.toArray(new String[0]));
            assertEquals(ExitCodes.CLOSED_PIPE, r.code(), args + ": " + r);
            assertEquals("", r.err(), args.toString());
            assertEquals(100, r.out().length, args.toString());
        }
    }
}
