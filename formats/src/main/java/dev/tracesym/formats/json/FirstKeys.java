package dev.tracesym.formats.json;

import java.util.HashSet;

/**
 * Tells the first occurrence of each key among one event's keys (a repeated key keeps its first
 * value) in time linear in the keys: a scan for the usual handful, a set beyond that, so a line
 * with a hundred thousand symbols is not quadratic.
 */
final class FirstKeys {
    private static final int SCAN = 16;
    private HashSet<String> seen = new HashSet<>();

    /** True when {@code keys[i]} is not among {@code keys[0..i)}; call for i = 0, 1, ..., n-1 in order. */
    boolean first(String[] keys, int i, int n) {
        String k = keys[i];
        if (n <= SCAN) {
            for (int j = 0; j < i; j++) {
                if (keys[j].equals(k)) {
                    return false;
                }
            }
            return true;
        }
        if (i == 0) {
            // a set grown by one huge event would make every later clear() cost its capacity
            seen = seen.size() > 1024 ? new HashSet<>() : seen;
            seen.clear();
        }
        return seen.add(k);
    }
}
