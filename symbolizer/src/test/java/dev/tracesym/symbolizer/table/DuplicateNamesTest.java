package dev.tracesym.symbolizer.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SampleData;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ordinals that tell apart the addresses of one name: #1, #2 ... in address order. */
class DuplicateNamesTest {
    /** The definition, written the plain way: per name, count the distinct addresses seen so far. */
    private static int[] byDefinition(long[] key, String[] name) {
        Map<String, Long> distinct = new HashMap<>();
        Map<String, Long> lastKey = new HashMap<>();
        for (int j = 0; j < name.length; j++) {
            if (!Long.valueOf(key[j]).equals(lastKey.put(name[j], key[j]))) {
                distinct.merge(name[j], 1L, Long::sum);
            }
        }
        if (distinct.values().stream().allMatch(c -> c < 2)) {
            return null;
        }
        int[] dup = new int[name.length];
        Map<String, long[]> seen = new HashMap<>();
        for (int j = 0; j < name.length; j++) {
            if (distinct.get(name[j]) < 2) {
                continue;
            }
            long[] s = seen.computeIfAbsent(name[j], k -> new long[] {key[0] - 1, 0});
            if (s[1] == 0 || s[0] != key[j]) {
                s[0] = key[j];
                s[1]++;
            }
            dup[j] = (int) s[1];
        }
        return dup;
    }

    @Test
    void aRealKernelTableNumbersItsRepeatedNamesByAddress() throws Exception {
        KallsymsListing l = KallsymsParser.parse(
                TextSource.read(SampleData.path("reuse", "snapshots", "001-start.kallsyms.xz")), new Names());
        long[] key = new long[l.count()];
        String[] name = new String[l.count()];
        for (int i = 0; i < key.length; i++) {
            key[i] = l.address(i);
            name[i] = l.name(i);
        }
        int[] dup = KernelTable.duplicates(key, name);
        assertArrayEquals(byDefinition(key, name), dup);
        assertTrue(Arrays.stream(dup).max().getAsInt() >= 2, "a kernel has static functions of one name in several files");
    }

    @Test
    void namesMadeEqualButNotIdenticalAndCollidingHashesAreGroupedByValue() {
        Random r = new Random(7);
        for (int round = 0; round < 50; round++) {
            int n = 1 + r.nextInt(300);
            long[] key = new long[n];
            String[] name = new String[n];
            long k = 0;
            for (int j = 0; j < n; j++) {
                k += r.nextInt(3);          // repeated addresses too (aliases)
                key[j] = k;
                // "Aa" and "BB" share a hash code; new String: equal, not the same instance
                name[j] = new String(r.nextBoolean() ? "Aa" : "BB") + r.nextInt(1 + n / 4);
            }
            assertArrayEquals(byDefinition(key, name), KernelTable.duplicates(key, name));
        }
        assertNull(KernelTable.duplicates(new long[] {1, 2, 2}, new String[] {"a", "b", "b"}));
        assertNull(KernelTable.duplicates(new long[0], new String[0]));
    }
}
