package dev.tracesym.formats.json;

import java.util.HashSet;

/**
 * Tells the first occurrence of each key among one event's keys (a repeated key keeps its first
 * value) in time linear in the keys: a scan for the usual handful, a set beyond that, so a line
 * with a hundred thousand symbols is not quadratic. For one thread.
 */
public final class FirstKeys {
    private static final int SCAN = 16;
    private final String[] few = new String[SCAN];
    private int count;
    /** The keys once there are more than {@link #SCAN}; null until then. */
    private HashSet<String> many;

    /** Forgets the keys seen: the next event starts. */
    public void clear() {
        count = 0;
        many = null; // a set grown by one huge event is not kept for the small ones after it
    }

    /** True when {@code key} was not seen since the last {@link #clear()}; it is seen from now on. */
    public boolean first(String key) {
        if (many != null) {
            return many.add(key);
        }
        for (int j = 0; j < count; j++) {
            String o = few[j];
            if (o == key || o.equals(key)) {
                return false;
            }
        }
        if (count < SCAN) {
            few[count++] = key;
            return true;
        }
        many = new HashSet<>();
        for (String o : few) {
            many.add(o);
        }
        return many.add(key);
    }

    /** True when {@code keys[i]} is not among {@code keys[0..i)}; call for i = 0, 1, ..., n-1 in order. */
    boolean first(String[] keys, int i, int n) {
        if (i == 0) {
            clear();
        }
        return first(keys[i]);
    }
}
