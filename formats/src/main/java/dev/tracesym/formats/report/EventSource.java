package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;

/**
 * The records of a trace in report order (all buffers and CPUs merged by time, ties to the lower
 * buffer, then the lower CPU), e.g. {@code DatFile::next}.
 */
@FunctionalInterface
public interface EventSource {
    /**
     * Fills {@code into} with the next record. What {@code into} points to may be reused by the next
     * call.
     *
     * @return false at the end of the trace
     */
    boolean next(RawEvent into) throws IOException;
}
