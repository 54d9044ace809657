package dev.tracesym.symbolizer;

/**
 * Names kernel addresses as they were at a given time on the trace clock. A pipeline drives it
 * while streaming events in time order: it passes the events that change the kernel's symbol
 * state ({@link #marker}, {@link #moduleLoad}, {@link #moduleFree}, {@link #moduleInitDone}) as it
 * meets them, and resolves each address of each event with the event's timestamp. Times are
 * nanoseconds. State changes must come in nondecreasing time; resolving may lag behind them.
 *
 * <p>A symbolizer without a time dimension ({@link StaticSymbolizer}) ignores the state events.
 * Instances are not thread-safe.
 */
public interface Symbolizer {

    /**
     * A {@code trace_marker} text written at {@code ts}. Texts {@code epoch: NNN label} place
     * snapshot NNN of a symbol archive at that time; other texts are ignored.
     */
    void marker(long ts, CharSequence text);

    /** A {@code module:module_load} event: {@code module}'s code exists from {@code ts}. */
    void moduleLoad(long ts, String module);

    /** A {@code module:module_free} event: {@code module}'s code is gone from {@code ts}. */
    void moduleFree(long ts, String module);

    /**
     * The module's init function has returned and its {@code __init} code is being freed (e.g. the
     * {@code module_put} with {@code call_site=do_init_module}); {@code module} null means every
     * module's (a {@code do_free_init} hit, which frees them all). Optional: without it the init
     * code stays named until the next snapshot or until other code is loaded over it.
     */
    void moduleInitDone(long ts, String module);

    /**
     * Resolves {@code address} as of time {@code ts} into {@code out}.
     *
     * @return {@code out.found}
     */
    boolean resolve(long ts, long address, Resolution out);
}
