package dev.tracesym.symbolizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.elf.ElfModule;
import dev.tracesym.symbolizer.elf.ModuleLayout;
import dev.tracesym.symbolizer.source.Names;

/**
 * Fuzz target for the ELF module reader and the module loader's layout: any bytes give a module
 * whose sections and symbols can all be laid out and read back, or a located
 * {@link SymbolSourceException}. Seed: a real {@code .ko} of the samples ({@code ElfModuleFuzzTestInputs/}).
 */
class ElfModuleFuzzTest {
    private static final String NAME = "fuzz.ko";

    @FuzzTest(maxDuration = "5m")
    void elfModule(byte[] data) {
        try {
            ElfModule elf = ElfModule.parse(data, data.length, NAME, new Names());
            ModuleLayout layout = ModuleLayout.of(elf);
            for (int i = 0; i < elf.sectionCount(); i++) {
                elf.sectionName(i).length();
                layout.region(i);
                layout.offset(i);
            }
            for (int i = 0; i < elf.symbolCount(); i++) {
                elf.symbolName(i).length();
                if (layout.placed(i)) {
                    layout.symbolOffset(i);
                    layout.symbolKindOffset(i);
                    layout.typeLetter(i);
                }
            }
            for (int i = 0; i < elf.mcountSiteCount(); i++) {
                elf.mcountSiteSection(i);
                elf.mcountSiteOffset(i);
            }
            elf.modinfo("name");
        } catch (SymbolSourceException expected) {
            FuzzChecks.located(expected, NAME);
        }
    }
}
