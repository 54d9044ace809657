package dev.tracesym.symbolizer;

/**
 * What a trace itself records of the kernel it ran on: the kernel release ({@code uname -r}) and
 * the kallsyms text it embeds (trace-cmd stores {@code /proc/kallsyms} as read at the end of the
 * recording). Either may be missing. {@link SourceCheck} compares a symbol source with it.
 */
public final class TraceKernel {
    final String origin;
    final String release;
    final String kallsyms;

    private TraceKernel(String origin, String release, String kallsyms) {
        this.origin = origin;
        this.release = release == null || release.isBlank() ? null : release.strip();
        this.kallsyms = kallsyms == null || kallsyms.isEmpty() ? null : kallsyms;
    }

    /**
     * @param origin   the trace's name, for messages
     * @param release  the kernel release ({@code 6.1.0-56-amd64}), or null when the trace does not say
     * @param kallsyms the trace's kallsyms text, or null
     */
    public static TraceKernel of(String origin, String release, String kallsyms) {
        return new TraceKernel(origin, release, kallsyms);
    }

    /**
     * The release in a trace-cmd {@code uname} text ({@code sysname nodename release [version] machine},
     * e.g. {@code Linux (none) 6.1.0-56-amd64 x86_64}): its third word, or null.
     */
    public static String releaseOfUname(String uname) {
        if (uname == null) {
            return null;
        }
        String[] w = uname.strip().split("\\s+");
        return w.length >= 3 ? w[2] : null;
    }

    /** The trace's name. */
    public String origin() { return origin; }

    /** The kernel release, or null. */
    public String release() { return release; }
}
