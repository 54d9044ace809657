package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.junit.jupiter.api.Test;

/**
 * A failure that carries no sentence of its own (only a bug lets one reach the user) is told by the
 * file and what was being done with it, never by a Java class name.
 */
class FailureTextTest {

    @Test
    void aFailureWithoutWordsSaysWhatWasBeingDoneWithWhichFile() {
        String io = FailureText.of(new UncheckedIOException(new IOException()), "reading trace.dat");
        assertEquals("reading trace.dat failed, for no reason given (--verbose shows where)", io);
        assertEquals("reading trace.dat: the input ends too early", FailureText.of(new EOFException(), "reading trace.dat"));
        String bug = FailureText.of(new NullPointerException(), "reading trace.dat");
        assertEquals("internal error while reading trace.dat: please report it with the command line"
                + " (--verbose shows where it happened)", bug);
        for (String m : new String[] {io, bug}) {
            assertFalse(m.contains("Exception") || m.contains("java."), m);
        }
    }

    @Test
    void tracesymsOwnSentencesAndFileErrorsAreKept() {
        assertEquals("trace.dat @64: expected magic", FailureText.of(new IOException("trace.dat @64: expected magic"),
                "reading trace.dat"));
        assertEquals("out/t.txt: permission denied", FailureText.of(new AccessDeniedException("out/t.txt"), "writing out/t.txt"));
        assertEquals(FailureText.INTERNAL, FailureText.of(new IllegalStateException("state")));
    }
}
