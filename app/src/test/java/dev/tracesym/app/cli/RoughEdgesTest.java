package dev.tracesym.app.cli;

import static dev.tracesym.app.cli.TracesymProcess.arg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.cli.TracesymProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user meets first: every command answers a wrong path, an empty file, a missing argument
 * or a folder of the wrong kind with one sentence and exit 2, never with an exception's text.
 */
class RoughEdgesTest {
    @TempDir
    Path temp;

    @Test
    void infoWithoutAnArgumentIsAUsageError() {
        Result r = TracesymProcess.run(null, "info");
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertTrue(r.err().startsWith("tracesym info: Missing required parameter: 'PATH'\n"), r.err());
        assertNoExceptionText(r);
    }

    @Test
    void infoOnAFolderThatIsNotAnArchive() throws IOException {
        Path folder = Files.createDirectories(temp.resolve("photos"));
        Files.writeString(folder.resolve("a.txt"), "hello\n");
        Result r = TracesymProcess.run(null, "info", folder.toString());
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals("tracesym info: " + folder + " is a folder but not a symbol archive: it holds neither manifest.tsv "
                + "nor NNN-label.kallsyms snapshots (docs/ARCHIVE.md)\n", r.err());
        assertEquals("", r.text());
    }

    @Test
    void infoOnAnEmptyFileOrNoFile() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.dat"));
        Result r = TracesymProcess.run(null, "info", empty.toString(), temp.resolve("gone.dat").toString());
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals("tracesym info: " + empty + ": the file is empty: not a trace\n"
                + "tracesym info: " + temp.resolve("gone.dat") + ": no such file\n", r.err());
        // the good ones are still shown
        r = TracesymProcess.run(null, "info", empty.toString(), arg("reuse/reuse.v7-zstd.dat"));
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertTrue(r.text().contains("format:       trace-cmd .dat version 7, compression zstd"), r.text());
    }

    @Test
    void batchOnAMissingPath() {
        Result r = TracesymProcess.run(null, "batch", "-o", temp.resolve("out").toString(), temp.resolve("nothing-here").toString());
        assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
        assertEquals("tracesym batch: " + temp.resolve("nothing-here") + ": no such file or folder\n", r.err());
        assertFalse(Files.exists(temp.resolve("out")), "no output folder for a run that did nothing");
    }

    @Test
    void anOutputInAMissingFolderIsRefusedAndNoFolderIsMade() {
        Path out = temp.resolve("missing/dir/x.txt");
        for (String command : new String[] {"report", "annotate"}) {
            String input = command.equals("report") ? arg("reuse/reuse.v7-zstd.dat") : arg("text/perf-script.txt.xz");
            Result r = TracesymProcess.run(null, command, "-o", out.toString(), input);
            assertEquals(ExitCodes.UNUSABLE, r.code(), r.toString());
            assertEquals("tracesym " + command + ": cannot write " + out + ": the folder " + out.getParent()
                    + " does not exist (it is not created)\n", r.err());
            assertFalse(Files.exists(temp.resolve("missing")));
        }
    }

    private static void assertNoExceptionText(Result r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("java.") || r.err().contains("\tat "), r.err());
    }
}
