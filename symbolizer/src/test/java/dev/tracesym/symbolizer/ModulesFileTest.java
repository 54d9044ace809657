package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A trace's kallsyms with the {@code /proc/modules} of the same moment (trace-cmd 3.4 stores one:
 * MODULES_FILE) gives each module its real extent; kallsyms alone ends a module where its symbols end.
 * Real files: the reuse sample's final snapshot (Debian 6.1, one allocation per module).
 */
class ModulesFileTest {
    /** blowfish_generic is at 0xffffffffc0343000, 16384 bytes; its last symbol is __this_module at +0x21c0. */
    private static final long PAST_LAST_SYMBOL_PAGE = 0xffffffffc0346800L;

    @Test
    void modulesFileGivesTheModulesExtent() throws Exception {
        String kallsyms = SampleData.text("reuse", "snapshots", "042-final.kallsyms");
        String modules = SampleData.text("reuse", "snapshots", "042-final.modules");
        Resolution r = new Resolution();

        StaticSymbolizer alone = StaticSymbolizer.fromKallsyms(kallsyms, "kallsyms");
        assertFalse(alone.resolve(0, PAST_LAST_SYMBOL_PAGE, r) && "blowfish_generic".equals(r.module),
                "kallsyms alone does not know the module's last page: " + r);

        StaticSymbolizer withModules = StaticSymbolizer.fromKallsyms(kallsyms, modules, "kallsyms");
        assertTrue(withModules.resolve(0, PAST_LAST_SYMBOL_PAGE, r), r.toString());
        assertEquals("blowfish_generic", r.module, r.toString());
        boolean after = withModules.resolve(0, 0xffffffffc0343000L + 16384, r);
        assertFalse(after && "blowfish_generic".equals(r.module), "the byte after the module is not the module's: " + r);
    }
}
