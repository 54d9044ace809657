package dev.tracesym.symbolizer.source;

import java.util.HashMap;

/**
 * Interns the strings of symbol sources (symbol, module and object names) so that every
 * occurrence of a name, across all snapshots of an archive, is one {@code String} instance.
 * Not thread-safe: one pool belongs to one loading thread.
 */
public final class Names {
    private final HashMap<String, String> pool = new HashMap<>(1 << 17);

    /** The pooled instance equal to {@code s}. */
    public String intern(String s) {
        String old = pool.putIfAbsent(s, s);
        return old != null ? old : s;
    }

    /** Number of distinct strings pooled. */
    public int size() { return pool.size(); }
}
