package dev.tracesym.app.pipeline;

/** How a pipeline run ended; the command line turns it into an exit code. */
public enum Outcome {
    /** Everything was read and written. */
    OK,
    /** The input's event data is cut short or broken: every record before the damage was written, then a warning. */
    DAMAGED,
    /** Processing failed after it started (the output could not be written). */
    FAILED,
    /** The input or the symbols cannot be used at all; nothing was written. */
    UNUSABLE,
    /** The reader of the output went away (a closed pipe): nothing more to do, nothing to say. */
    CLOSED
}
