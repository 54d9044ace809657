package dev.tracesym.formats.filter;

/**
 * What a filter asks about a record beyond its bytes: the task name of a pid and the names at a kernel
 * address. The report plugs in the same comm table and namer it prints with, so a filter sees exactly
 * the names the lines show (trace-cmd's own, or tracesym's as of the event's time).
 */
public interface FilterNames {
    /** The comm of {@code pid} as the report prints it ({@code <idle>}, {@code <...>} for unknown), as bytes. */
    byte[] comm(int pid);

    /**
     * The function containing {@code addr} at {@code ts} (ns), without offset or module; null when none.
     * Names are compared as bytes: each character is one byte (kernel names are ASCII; the trace's own
     * kallsyms is read as Latin-1).
     */
    String function(long addr, long ts);

    /** The module that holds {@code addr} at {@code ts}; null for the core kernel or when unknown. */
    String module(long addr, long ts);

    /** Knows no names (comm {@code <...>}): enough to parse and show filters. */
    FilterNames NONE = new FilterNames() {
        private final byte[] unknown = {'<', '.', '.', '.', '>'};

        @Override
        public byte[] comm(int pid) {
            return unknown;
        }

        @Override
        public String function(long addr, long ts) {
            return null;
        }

        @Override
        public String module(long addr, long ts) {
            return null;
        }
    };
}
