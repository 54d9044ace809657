package dev.tracesym.symbolizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.source.BuiltinRanges;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.ModuleSections;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;

/**
 * Fuzz targets for the small text sources of a symbol archive: {@code /proc/modules}, module
 * section listings and {@code modules.builtin.ranges} (parsed, then placed at a runtime address and
 * looked up). Any bytes give a usable result or a located {@link SymbolSourceException}.
 * Seeds: the real files of the samples' archives ({@code ProcFilesFuzzTestInputs/}).
 */
class ProcFilesFuzzTest {
    @FuzzTest(maxDuration = "5m")
    void procModules(byte[] data) {
        try {
            ModuleList m = ModuleList.parse(TextSource.of(data, "fuzz.modules"), new Names());
            for (int i = 0; i < m.count(); i++) {
                m.indexOf(m.name(i));
                m.size(i);
                m.base(i);
                m.state(i);
            }
        } catch (SymbolSourceException expected) {
            FuzzChecks.located(expected, "fuzz.modules");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void moduleSections(byte[] data) {
        try {
            ModuleSections s = ModuleSections.parse(TextSource.of(data, "fuzz.sections"), new Names());
            for (String m : s.modules()) {
                s.address(m, ".text");
            }
            s.hasAddresses();
        } catch (SymbolSourceException expected) {
            FuzzChecks.located(expected, "fuzz.sections");
        }
    }

    @FuzzTest(maxDuration = "5m")
    void builtinRanges(byte[] data) {
        try {
            BuiltinRanges r = BuiltinRanges.parse(TextSource.of(data, "fuzz.ranges"), new Names());
            for (BuiltinRanges.Section s : r.sections()) {
                BuiltinRanges.Placed p = r.place(s.name, 0xffffffff81000000L);
                if (p != null) {
                    for (int i = 0; i < p.count(); i++) {
                        p.find(p.start(i));
                        p.modules(i);
                    }
                    p.find(-1L);
                }
            }
        } catch (SymbolSourceException expected) {
            FuzzChecks.located(expected, "fuzz.ranges");
        }
    }
}
