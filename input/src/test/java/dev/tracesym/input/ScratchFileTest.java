package dev.tracesym.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ScratchFileTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void itsNameSaysWhoseItIsAndItIsRenamedOrRemoved() throws IOException {
        try (ScratchFile f = ScratchFile.create(dir, "report.txt", null)) {
            assertTrue(f.path().getFileName().toString().matches("report\\.txt\\.tracesym-" + ProcessHandle.current().pid()
                    + "-\\d+\\.part"), f.path().toString());
            f.stream().write("abc".getBytes(StandardCharsets.US_ASCII));
            f.moveTo(dir.resolve("report.txt"), null);
        }
        assertEquals(List.of("report.txt"), names());
        assertEquals("abc", Files.readString(dir.resolve("report.txt")));
        try (ScratchFile f = ScratchFile.create(dir, "other.txt", null)) {
            f.stream().write('x');
        }
        assertEquals(List.of("report.txt"), names(), "closed without a rename: removed");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void permissionsAreGivenExactlyOnTheRename() throws IOException {
        Path target = dir.resolve("private.txt");
        try (ScratchFile f = ScratchFile.create(dir, "private.txt", PosixFilePermissions.fromString("rw-------"))) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.path())),
                    "private from the start, not only once renamed");
            f.moveTo(target, PosixFilePermissions.fromString("rw-r-----"));
        }
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void leftoversOfDeadRunsAreSweptLiveOnesKept() throws IOException {
        // a run killed with -9: its file stays, unlocked, under a PID that is not ours
        Path dead = dir.resolve("big.txt.tracesym-999999999-1.part");
        Files.writeString(dead, "partial");
        Path foreign = dir.resolve("big.txt.part");          // not tracesym's: never touched
        Files.writeString(foreign, "x");
        try (ScratchFile live = ScratchFile.create(dir, "live.txt", null)) {
            ScratchFile.sweep(dir);
            assertFalse(Files.exists(dead), "a leftover without a lock is removed");
            assertTrue(Files.exists(foreign));
            assertTrue(Files.exists(live.path()), "this run's own file is kept");
        }
    }
}
