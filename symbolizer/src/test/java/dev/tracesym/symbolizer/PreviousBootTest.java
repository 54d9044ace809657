package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A previous boot's addresses named with the reading boot's symbols through its {@code last_boot_info}: this
 * boot's kernel at 0xffffffff81000000 and module dm at 0xffffffffc0002000; the previous boot had its kernel
 * at 0xffffffff9a000000, dm at 0xffffffffc0005000 and a module "gone" that is not loaded now.
 */
class PreviousBootTest {
    private static final String KALLSYMS = """
            ffffffff81000000 T _text
            ffffffff81000000 T _stext
            ffffffff81001000 T alpha
            ffffffff81002000 T beta
            ffffffff81ffff00 T zeta
            ffffffff82000000 B _end
            ffffffffc0002000 t dm_one\t[dm]
            ffffffffc0002100 t dm_two\t[dm]
            """;
    private static final String MODULES = "dm 8192 0 - Live 0xffffffffc0002000\n";
    private static final String LISTED = "ffffffff9a000000\t[kernel]\nffffffffc0005000\tdm\nffffffffc0009000\tgone\n";

    private final Resolution r = new Resolution();

    private static PreviousBoot.Names over(String lastBootInfo) throws Exception {
        StaticSymbolizer now = StaticSymbolizer.fromKallsyms(KALLSYMS, MODULES, "kallsyms");
        return PreviousBoot.parse(lastBootInfo, "last_boot_info").over(now.state());
    }

    @Test
    void kernelAddressesMoveByTheDifferenceOfTheTwoText() throws Exception {
        assertTrue(over(LISTED).resolve(0xffffffff9a001010L, r), r.toString());
        assertEquals("alpha", r.name);
        assertEquals(0x10, r.offset);
        assertEquals(0xffffffff9a001010L, r.address, "the address asked, the previous boot's");
        assertEquals(0xffffffff9a001000L, r.symbolAddress, "where alpha was in the previous boot");
    }

    @Test
    void moduleAddressesMoveByTheirModulesTwoLoadAddresses() throws Exception {
        assertTrue(over(LISTED).resolve(0xffffffffc0005104L, r), r.toString());
        assertEquals("dm_two", r.name);
        assertEquals("dm", r.module);
        assertEquals(4, r.offset);
        assertEquals(0xffffffffc0005100L, r.symbolAddress);
    }

    @Test
    void aModuleNotLoadedNowOrAnAddressOfThisBootIsNotNamed() throws Exception {
        PreviousBoot.Names s = over(LISTED);
        assertFalse(s.resolve(0xffffffffc0009010L, r), r.toString());
        assertEquals(UnknownReason.MODULE_NOT_LOADED, r.unknown);
        assertFalse(s.resolve(0xffffffffc0005000L + 8192, r), "past dm's extent: " + r);
        // alpha's address in THIS boot lies outside the previous boot's kernel and modules
        assertFalse(s.resolve(0xffffffff81001010L, r), r.toString());
        assertEquals(UnknownReason.UNMAPPED, r.unknown);
    }

    /** Linux 6.12-6.14: "text delta" is this boot's _text minus the previous boot's; modules are not listed. */
    @Test
    void theOlderFormGivesTheKernelsDeltaOnly() throws Exception {
        long delta = 0xffffffff81000000L - 0xffffffff9a000000L;
        PreviousBoot.Names s = over("text delta:\t" + delta + "\ndata delta:\t" + delta + "\n");
        assertTrue(s.resolve(0xffffffff9affff08L, r), r.toString());
        assertEquals("zeta", r.name);
        assertEquals(8, r.offset);
        assertFalse(s.resolve(0xffffffffc0002104L, r), "a module address of another boot: " + r);
        assertEquals(UnknownReason.MODULE_NOT_LOADED, r.unknown);
    }

    @Test
    void aBufferOfThisBootNeedsNoMoving() throws Exception {
        assertTrue(PreviousBoot.parse("text delta:\t0\ndata delta:\t0\n", "x").sameBoot());
        assertTrue(PreviousBoot.parse("# Current\n", "x").sameBoot());
        assertFalse(PreviousBoot.parse(LISTED, "x").sameBoot());
        PreviousBoot.Names s = over("text delta:\t0\ndata delta:\t0\n");
        assertTrue(s.resolve(0xffffffffc0002104L, r), r.toString());
        assertEquals("dm_two", r.name);
    }

    @Test
    void aLineOfNoKnownFormIsRefusedWithItsNumber() {
        SymbolSourceException e = assertThrows(SymbolSourceException.class,
                () -> PreviousBoot.parse("ffffffff9a000000\t[kernel]\nsomething else entirely\n", "boot_map's LAST_BOOT_INFO"));
        assertTrue(e.getMessage().startsWith("boot_map's LAST_BOOT_INFO:2: "), e.getMessage());
    }
}
