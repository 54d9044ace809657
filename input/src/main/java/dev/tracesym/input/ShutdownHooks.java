package dev.tracesym.input;

/**
 * The shutdown hooks tracesym registers, so that a command that registered none can end without the
 * JVM's shutdown sequence ({@code Runtime.halt}): on JDK 21 and later {@code System.exit} first sets
 * up {@code System.Logger} (to log the exit), which looks for logging services in every jar of the
 * class path, several milliseconds of a small report (docs/PERFORMANCE.md).
 */
public final class ShutdownHooks {
    private static volatile boolean any;

    private ShutdownHooks() {
    }

    /** Registers {@code hook} with the runtime. */
    public static void add(Thread hook) {
        any = true;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a hook was registered through {@link #add}. */
    public static boolean any() {
        return any;
    }
}
