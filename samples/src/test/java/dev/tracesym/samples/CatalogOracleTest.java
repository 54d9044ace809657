package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.dat.DatFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tukaani.xz.XZInputStream;

/**
 * Every event format of Debian's 6.1 and 6.12 kernels (every module with tracepoints loaded) renders
 * as trace-cmd report 3.1.6 renders it, with its plugins and with {@code -N}: generated records
 * replayed against what trace-cmd's own libraries printed for them ({@link OracleReplay}). By default
 * the fixed slice kept in {@code samples/data/catalog}; {@code tools/tep-oracle/run.sh} runs the full
 * set with {@code -Dtracesym.oracle.dir=DIR -Dtracesym.oracle.catalogs=A.dat,B.dat}.
 */
class CatalogOracleTest {
    @TempDir
    static Path temp;

    static Stream<Path> catalogs() throws IOException {
        String given = System.getProperty("tracesym.oracle.catalogs");
        if (given != null && !given.isBlank()) {
            List<Path> l = new ArrayList<>();
            for (String s : given.split(",")) {
                l.add(Path.of(s));
            }
            return l.stream();
        }
        try (Stream<Path> s = Files.list(IdenticalReportTest.dataDir().resolve("catalog"))) {
            return s.filter(p -> p.toString().endsWith(".dat.xz")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogs")
    void everyEventFormatRendersAsTraceCmdReport(Path given) throws IOException {
        String name = given.getFileName().toString().replaceFirst("\\.dat(\\.xz)?$", "").replaceFirst("\\.v(6|7-zstd)$", "");
        Path catalog = given;
        if (given.toString().endsWith(".xz")) {
            catalog = temp.resolve(given.getFileName().toString().replaceFirst("\\.xz$", ""));
            try (var in = new XZInputStream(Files.newInputStream(given))) {
                Files.copy(in, catalog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String dir = System.getProperty("tracesym.oracle.dir");
        Path expectations = dir != null && !dir.isBlank() ? Path.of(dir).resolve(name + ".oracle.txt")
                : given.resolveSibling(name + ".oracle.txt.xz");
        OracleReplay replay = new OracleReplay();
        replay.replay(catalog, expectations);
        int formats;
        try (DatFile dat = DatFile.open(catalog)) {
            formats = dev.tracesym.app.report.ReportCommand.inputOf(dat).formats().all().size(); // with trace-cmd's blktrace
        }
        int differing = replay.differing.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("%s: %d event formats, %d records in %d groups, %d renderings compared (plugins and -N), "
                + "%d skipped (libtraceevent crashed or read past the record), %d over 64 KiB, %d differ%n", name,
                replay.events.size(), replay.records, replay.groups, replay.compared, replay.skipped, replay.overBound,
                differing);
        assertEquals("", String.join("\n", replay.differences), differing + " renderings differ: " + replay.differing);
        assertEquals(formats, replay.events.size(), "every event format of the catalog has records");
        assertTrue(replay.skipped * 50 < replay.compared, replay.skipped + " skipped of " + replay.compared);
    }
}
