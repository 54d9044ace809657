package dev.tracesym.formats.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The indent with its filter and position hints gives the depths of the plugin's plain algorithm (a
 * list per CPU searched front to back), also when keys collide in the filter and calls recurse.
 */
class FunctionIndentTest {
    /** The function plugin's list, written as plainly as possible. */
    private static final class PlainIndent {
        private final List<List<Integer>> lists = new ArrayList<>();

        int indexOf(int parent, int child, int cpu) {
            while (lists.size() <= cpu) {
                lists.add(new ArrayList<>());
            }
            List<Integer> l = lists.get(cpu);
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) == parent) {
                    put(l, child, i + 1);
                    return i;
                }
            }
            put(l, parent, 0);
            put(l, child, 1);
            return 0;
        }

        private static void put(List<Integer> l, int key, int pos) {
            if (key < 0) {
                return;
            }
            if (pos == l.size()) {
                l.add(key);
            } else {
                l.set(pos, key);
            }
        }
    }

    @Test
    void sameDepthsAsThePlainList() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            // few keys, many of them equal modulo the filter size, so hints go stale and counts exceed one
            int distinct = 4 + r.nextInt(40);
            int[] keys = new int[distinct];
            for (int i = 0; i < distinct; i++) {
                keys[i] = r.nextInt(6) + 4096 * r.nextInt(4);
            }
            FunctionIndent fast = new FunctionIndent();
            PlainIndent plain = new PlainIndent();
            int cpus = 1 + r.nextInt(3);
            int[] previous = new int[cpus];
            for (int step = 0; step < 50_000; step++) {
                int cpu = r.nextInt(cpus);
                // mostly calls one level deeper or back up, as a trace has them; sometimes anything
                int parent = r.nextInt(4) == 0 ? keys[r.nextInt(distinct)] : previous[cpu];
                int child = r.nextInt(20) == 0 ? -1 : keys[r.nextInt(distinct)];
                assertEquals(plain.indexOf(parent, child, cpu), fast.indexOf(parent, child, cpu),
                        "seed " + seed + " step " + step);
                previous[cpu] = child < 0 ? parent : child;
            }
        }
    }
}
