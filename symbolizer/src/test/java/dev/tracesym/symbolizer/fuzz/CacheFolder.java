package dev.tracesym.symbolizer.fuzz;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs archive opens with the compiled-index cache in a given folder (or none), through the system
 * property the symbolizer reads on every open, restoring it afterwards.
 */
final class CacheFolder {
    private static final String PROPERTY = "tracesym.cache.dir";

    /** Work that opens archives. */
    interface Body<T> {
        T run() throws IOException;
    }

    private CacheFolder() {}

    /** {@code body} with the index cache in {@code dir}; null: no index at all. */
    static synchronized <T> T with(Path dir, Body<T> body) throws IOException {
        String before = System.getProperty(PROPERTY);
        System.setProperty(PROPERTY, dir == null ? "" : dir.toString());
        try {
            return body.run();
        } finally {
            if (before == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, before);
            }
        }
    }
}
