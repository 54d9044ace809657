package dev.tracesym.formats.report;

import java.util.Arrays;

/**
 * The function plugin's guess of the call depth ("indent" option, on by default): per CPU a list of
 * function names; a function event whose parent is found at position i is shown at depth i and becomes
 * entry i+1, otherwise the list restarts with parent, child. Entries past i+1 stay as they were (the
 * plugin never shortens the list). Names are compared through {@link ReportNamer#nameKey}.
 *
 * <p>The list is searched front to back as the plugin does; a small counting filter per CPU answers
 * "not in the list" without the search, which is the common case that would otherwise scan it all, and
 * "only once in the list" together with where the key was last put, which spares the search for the
 * parent of a call that is not recursive.
 */
final class FunctionIndent {
    private static final int FILTER = 1 << 12;

    private int[][] stacks = new int[0][];
    private int[] sizes = new int[0];
    /** Per CPU: how many list entries have a key hashing to each slot. */
    private short[][] present = new short[0][];
    /** Per CPU: where a key hashing to each slot was last put. */
    private int[][] lastAt = new int[0][];

    /**
     * Depth for an event on {@code cpu} whose parent has name key {@code parent}; {@code child} is the
     * function's key or -1 when the function has no name (then nothing is recorded for it).
     */
    int indexOf(int parent, int child, int cpu) {
        if (cpu < 0) {
            return 0;
        }
        if (cpu >= stacks.length) {
            addCpus(cpu);
        }
        int h = parent & (FILTER - 1);
        int n = present[cpu][h];
        if (n != 0) {
            int[] stack = stacks[cpu];
            int size = sizes[cpu];
            int i = lastAt[cpu][h];
            // the only entry hashing here is the parent if the parent is where a key of this hash was last put
            if (n == 1 && i < size && stack[i] == parent) {
                put(cpu, child, i + 1);
                return i;
            }
            for (i = 0; i < size; i++) {
                if (stack[i] == parent) {
                    put(cpu, child, i + 1);
                    return i;
                }
            }
        }
        put(cpu, parent, 0);
        put(cpu, child, 1);
        return 0;
    }

    private void addCpus(int cpu) {
        int old = stacks.length;
        stacks = Arrays.copyOf(stacks, cpu + 1);
        sizes = Arrays.copyOf(sizes, cpu + 1);
        present = Arrays.copyOf(present, cpu + 1);
        lastAt = Arrays.copyOf(lastAt, cpu + 1);
        for (int i = old; i <= cpu; i++) {
            stacks[i] = new int[16];
            present[i] = new short[FILTER];
            lastAt[i] = new int[FILTER];
        }
    }

    private void put(int cpu, int key, int pos) {
        if (key < 0) {
            return;
        }
        int[] stack = stacks[cpu];
        int size = sizes[cpu];
        if (pos < size && stack[pos] == key) {
            return; // the common case: the same call again
        }
        short[] filter = present[cpu];
        if (pos == size) {
            if (pos == stack.length) {
                stack = stacks[cpu] = Arrays.copyOf(stack, stack.length * 2);
            }
            sizes[cpu]++;
        } else {
            filter[stack[pos] & (FILTER - 1)]--;
        }
        stack[pos] = key;
        filter[key & (FILTER - 1)]++;
        lastAt[cpu][key & (FILTER - 1)] = pos;
    }
}
