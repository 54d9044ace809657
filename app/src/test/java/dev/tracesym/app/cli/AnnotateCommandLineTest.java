package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tracesym.app.pipeline.SymbolSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tracesym annotate}'s command lines read without picocli (the start-up path) mean what picocli
 * reads in them; every other line is left to picocli, which says what is wrong with it.
 */
class AnnotateCommandLineTest {
    private static final List<String> READ_DIRECTLY = List.of(
            "", "-", "trace.txt", "--format jsonl trace.txt", "--format=PERFETTO -", "-o out.txt trace.txt",
            "--output=out.txt --partial-ok --verbose", "trace.txt --symbols /proc/kallsyms --force-symbols",
            "--archive snaps --modules ko -", "--symbols=k.xz -o o --format text in");
    private static final List<String> LEFT_TO_PICOCLI = List.of(
            "--help", "-h", "--version", "-V", "--format bad", "--format", "-o", "-oout.txt", "--format=",
            "--verbose=true", "--format text --format jsonl", "-o a --output b", "a b", "--modules ko",
            "--archive a --symbols b", "--force-symbols", "-- trace.txt", "@args.txt", "--archive -x",
            "--nosuch");

    @Test
    void whatIsReadWithoutPicocliIsWhatPicocliReads() {
        for (String line : READ_DIRECTLY) {
            String[] args = line.isEmpty() ? new String[0] : line.split(" ");
            AnnotateCli.Direct direct = AnnotateCli.withoutPicocli(args);
            assertNotNull(direct, line);
            AnnotateCli picocli = new AnnotateCli();
            new CommandLine(picocli).parseArgs(args);
            assertEquals(picocli.input, direct.cli.input, line);
            assertEquals(picocli.output, direct.cli.output, line);
            assertEquals(picocli.partialOk, direct.cli.partialOk, line);
            assertEquals(picocli.verbose, direct.cli.verbose, line);
            assertEquals(picocli.format, direct.cli.format, line);
            SymbolSource source = picocli.symbols.source(picocli.spec);
            assertEquals(source == null ? null : source.describe(),
                    direct.source == null ? null : direct.source.describe(), line);
            assertEquals(source == null ? List.of() : source.inputs(),
                    direct.source == null ? List.of() : direct.source.inputs(), line);
            assertEquals(source != null && source.forced(), direct.source != null && direct.source.forced(), line);
        }
    }

    @Test
    void helpVersionAndMistakesAreLeftToPicocli() {
        for (String line : LEFT_TO_PICOCLI) {
            assertNull(AnnotateCli.withoutPicocli(line.split(" ")), line);
        }
    }
}
