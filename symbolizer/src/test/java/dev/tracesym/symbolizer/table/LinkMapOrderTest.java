package dev.tracesym.symbolizer.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SampleData;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The builtin-6.12 sample has both the kernel's System.map and its /proc/kallsyms: ordering the
 * System.map as scripts/kallsyms.c does must give the kernel's own table, alias by alias.
 */
class LinkMapOrderTest {

    @Test
    void systemMapOrderedLikeTheKernelGivesKallsymsOrder() throws Exception {
        Names names = new Names();
        KallsymsListing map = KallsymsParser.parse(TextSource.read(SampleData.path("builtin-6.12", "System.map.gz")), names);
        KallsymsListing ks = KallsymsParser.parse(TextSource.read(SampleData.path("builtin-6.12", "snapshots", "001-start.kallsyms.xz")), names);
        KallsymsSplit mapSplit = KallsymsSplit.of(map, null);
        KallsymsSplit ksSplit = KallsymsSplit.of(ks, null);
        KernelTable fromMap = KernelTable.build(map, mapSplit.kernel, KernelTable.Order.LINK_MAP);
        KernelTable fromKs = KernelTable.build(ks, ksSplit.kernel, KernelTable.Order.KERNEL);
        long slide = fromKs.addressOf("_text") - fromMap.addressOf("_text");
        assertTrue(slide != 0 && slide % 0x200000 == 0, "KASLR slide is a multiple of 2 MiB: " + Long.toHexString(slide));
        // compare the relocatable part (the per-cpu symbols are absolute in kallsyms, not slid)
        List<String> a = new ArrayList<>();
        for (int i = 0; i < fromMap.size(); i++) {
            if (fromMap.type(i) != 'A' && Long.compareUnsigned(fromMap.address(i), 0xffffffff00000000L) >= 0) {
                a.add(Long.toHexString(fromMap.address(i) + slide) + " " + fromMap.name(i));
            }
        }
        List<String> b = new ArrayList<>();
        for (int i = 0; i < fromKs.size(); i++) {
            if (fromKs.type(i) != 'A' && Long.compareUnsigned(fromKs.address(i), 0xffffffff00000000L) >= 0) {
                b.add(Long.toHexString(fromKs.address(i)) + " " + fromKs.name(i));
            }
        }
        int diffs = 0;
        String first = null;
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) {
                diffs++;
                if (first == null) {
                    first = i + ": map " + a.get(i) + " vs kallsyms " + b.get(i);
                }
            }
        }
        assertEquals(b.size(), a.size(), "symbol count; first difference " + first);
        assertEquals(0, diffs, "first difference " + first);
    }
}
