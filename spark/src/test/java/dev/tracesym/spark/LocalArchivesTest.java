package dev.tracesym.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive copies an executor killed while reading them left in the temporary folder. */
class LocalArchivesTest {

    @Test
    void copiesOfGoneProcessesAreRemovedOthersKept(@TempDir Path tmp) throws IOException {
        // 4194305 is above Linux's highest PID: no process has it
        Path dead = Files.createDirectories(tmp.resolve(LocalArchives.COPY_PREFIX + "4194305-123/archive"));
        Files.writeString(dead.resolve("001-start.kallsyms"), "ffffffff81000000 T _stext\n");
        Files.createDirectories(tmp.resolve(LocalArchives.COPY_PREFIX + ProcessHandle.current().pid() + "-456"));
        Files.createDirectories(tmp.resolve(LocalArchives.COPY_PREFIX + "notapid"));
        Files.createDirectories(tmp.resolve("someone-elses-4194305"));
        Files.writeString(tmp.resolve(LocalArchives.COPY_PREFIX + "4194306-file"), "a file, not a copy");

        LocalArchives.sweepCopies(tmp);

        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(Stream.of("someone-elses-4194305", LocalArchives.COPY_PREFIX + "4194306-file",
                    LocalArchives.COPY_PREFIX + ProcessHandle.current().pid() + "-456", LocalArchives.COPY_PREFIX + "notapid")
                    .sorted().toList(),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
