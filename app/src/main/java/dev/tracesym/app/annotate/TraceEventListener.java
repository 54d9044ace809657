package dev.tracesym.app.annotate;

/**
 * What the text itself says about the kernel's module layout over time, for a time-aware namer
 * that learns from the trace. The annotator calls these in stream order, each one BEFORE it names
 * the addresses of the same line and of every later line, with the line's time (ns; for lines
 * without their own time, the time of the last line that had one). The methods mirror the
 * symbolizer's streaming API, so an adapter is one call each.
 */
public interface TraceEventListener {
    /** A trace_marker / print message ({@code "epoch: 003 before-unload-dummy"}). */
    default void marker(long ts, CharSequence text) {}

    /** A {@code module_load} event: the module's code exists from now on. */
    default void moduleLoad(long ts, String module) {}

    /** A {@code module_free} event: the module's code is gone from now on. */
    default void moduleFree(long ts, String module) {}

    /**
     * A module's init returned and its {@code __init} code is freed: a {@code module_put} with
     * {@code call_site=do_init_module} (trace-cmd -R: {@code ip=do_init_module}) names the module;
     * a hit of {@code do_free_init} passes null (it frees every finished module's init code).
     */
    default void moduleInitDone(long ts, String module) {}

    /** A hit of {@code do_init_module}: a loaded module's init is about to run. */
    default void doInitModule(long ts) {}

    /** Listens to nothing. */
    TraceEventListener NONE = new TraceEventListener() { };
}
