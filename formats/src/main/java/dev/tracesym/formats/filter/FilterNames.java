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
     * The symbol that names {@code addr} at {@code ts} (ns), as a handle: a small non-negative number that
     * stands for the same symbol (the same name and module) for the whole report; -1 when no symbol covers
     * the address. A filter compares a symbol's names once and remembers the answer by handle, so this is
     * asked for every record a name filter tests and must be fast.
     */
    int symbol(long addr, long ts);

    /**
     * The function name of a {@link #symbol} handle, without offset or module. Names are compared as bytes:
     * each character is one byte (kernel names are ASCII; the trace's own kallsyms is read as Latin-1).
     */
    String function(int symbol);

    /** The module that holds a {@link #symbol} handle's function; null for the core kernel or when unknown. */
    String module(int symbol);

    /** Knows no names (comm {@code <...>}): enough to parse and show filters. */
    FilterNames NONE = new FilterNames() {
        private final byte[] unknown = {'<', '.', '.', '.', '>'};

        @Override
        public byte[] comm(int pid) {
            return unknown;
        }

        @Override
        public int symbol(long addr, long ts) {
            return -1;
        }

        @Override
        public String function(int symbol) {
            throw new IndexOutOfBoundsException(symbol);
        }

        @Override
        public String module(int symbol) {
            throw new IndexOutOfBoundsException(symbol);
        }
    };
}
