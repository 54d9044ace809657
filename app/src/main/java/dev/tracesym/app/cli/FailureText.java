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
            return t instanceof EOFException ? "the input ends too early" : t instanceof IOException ? "an input or output failed" : INTERNAL;
        }
        return INTERNAL;
    }
}
