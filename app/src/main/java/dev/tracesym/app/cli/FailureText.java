package dev.tracesym.app.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a user reads for a failure: the sentences tracesym writes for bad input and files (which name
 * the file and the place), never an exception's own text. A failure that is none of those is an
 * internal error, whose details {@code --verbose} shows.
 */
public final class FailureText {
    /** The text of a failure that is not the input's or a file's. */
    public static final String INTERNAL = "internal error: please report it with the command line (--verbose shows where it happened)";

    private FailureText() {
    }

    /** The sentence for {@code e}. */
    public static String of(Throwable e) {
        return of(e, null);
    }

    /**
     * The sentence for {@code e}, which happened while {@code doing} (as "reading trace.dat"; null
     * when not known). tracesym's own failures carry a sentence that names the file and the place;
     * one that carries none (only a bug lets one through) is told by what was being done.
     */
    public static String of(Throwable e, String doing) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof FileSystemException f) {
            String what = f.getReason() != null ? f.getReason()
                    : f instanceof NoSuchFileException ? "no such file"
                    : f instanceof AccessDeniedException ? "permission denied"
                    : f instanceof NotDirectoryException ? "not a folder"
                    : f instanceof FileAlreadyExistsException ? "already exists" : "cannot be used";
            return f.getFile() + ": " + what;
        }
        if (t instanceof IOException || t instanceof IllegalArgumentException) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
            if (t instanceof EOFException) {
                return doing == null ? "the input ends too early" : doing + ": the input ends too early";
            }
            if (t instanceof IOException) {
                return doing == null ? "reading or writing a file failed, for no reason given"
                        : doing + " failed, for no reason given (--verbose shows where)";
            }
        }
        return doing == null ? INTERNAL
                : "internal error while " + doing + ": please report it with the command line (--verbose shows where it happened)";
    }
}
