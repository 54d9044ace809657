package dev.tracesym.formats.filter;

import java.util.List;

/** A filter that cannot be used: its text does not parse, or names no event of the trace. */
public final class FilterException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<String> shownBefore;

    public FilterException(String message) {
        this(message, List.of());
    }

    FilterException(String message, List<String> shownBefore) {
        super(message);
        this.shownBefore = List.copyOf(shownBefore);
    }

    /**
     * What {@code trace-cmd report -T} had printed before the refusal (libtraceevent reads the other
     * events of a filter, and the filters before it, before giving up).
     */
    public List<String> shownBefore() {
        return shownBefore;
    }
}
