package dev.tracesym.app.annotate;

/**
 * What the text itself says about the kernel's module layout over time, for a time-aware namer
 * that learns from the trace. The annotator calls these in stream order, each one BEFORE it names
 * the addresses of the same line and of every later line, with the line's time (ns; for lines
 * without their own time, the time of the last line that had one).
 */
public interface TraceEventListener {
    /** A trace_marker / print message ({@code "epoch: 003 before-unload-dummy"}). */
    default void marker(long ts, String text) {}

    /** A {@code module_load} event: the module's symbols are live from now on. */
    default void moduleLoad(long ts, String module) {}

    /** A {@code module_free} event: the module's memory is being freed. */
    default void moduleFree(long ts, String module) {}

    /** A hit of {@code do_init_module}: a loaded module's init is about to run. */
    default void doInitModule(long ts) {}

    /** A hit of {@code do_free_init}: the init sections of modules that finished init are freed. */
    default void doFreeInit(long ts) {}

    /** Listens to nothing. */
    TraceEventListener NONE = new TraceEventListener() { };
}
