package dev.tracesym.symbolizer.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.elf.ElfModule;
import dev.tracesym.symbolizer.source.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * A real module ({@code crc7.ko}) with its section headers patched so that a table the reader
 * needs lies outside the file: section 0 posing as the symbol table, or a string table declared
 * {@code SHT_NOBITS} (whose offset the format does not make meaningful). Each is refused with the
 * byte offset, never read out of bounds.
 */
class ElfHostileInputTest {
    private static final String NAME = "crc7.ko";

    private static ByteBuffer module() throws IOException {
        return ByteBuffer.wrap(SymbolSamples.bytes("modules-6.1.0-56-amd64/crc7.ko.xz")).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int header(ByteBuffer b, int i) {
        return (int) b.getLong(0x28) + 64 * i;
    }

    private static int sectionOfType(ByteBuffer b, int type) {
        int n = b.getShort(0x3c);
        for (int i = 0; i < n; i++) {
            if (b.getInt(header(b, i) + 4) == type) {
                return i;
            }
        }
        throw new AssertionError("no section of type " + type);
    }

    private static SymbolSourceException refused(ByteBuffer b) {
        byte[] a = b.array();
        SymbolSourceException e = assertThrows(SymbolSourceException.class, () -> ElfModule.parse(a, a.length, NAME, new Names()));
        assertEquals(NAME, e.source());
        assertTrue(e.getMessage().startsWith(NAME + " @" + e.position() + ": "), e.getMessage());
        return e;
    }

    @Test
    void theIntactModuleParses() throws IOException {
        byte[] a = module().array();
        assertTrue(ElfModule.parse(a, a.length, NAME, new Names()).symbolCount() > 10);
    }

    @Test
    void sectionZeroPosingAsTheSymbolTable() throws IOException {
        ByteBuffer b = module();
        int symtab = sectionOfType(b, ElfModule.SHT_SYMTAB);
        int h0 = header(b, 0);
        int hs = header(b, symtab);
        for (int k = 0; k < 64; k++) {
            b.put(h0 + k, b.get(hs + k));
        }
        b.putInt(hs + 4, 1); // the real one becomes PROGBITS
        b.putLong(h0 + 24, 1L << 40); // and section 0's table lies far past the end
        SymbolSourceException e = refused(b);
        assertEquals(h0 + 24, e.position());
        assertTrue(e.getMessage().contains("section 0 (offset 1099511627776"), e.getMessage());
    }

    @Test
    void nobitsStringTable() throws IOException {
        ByteBuffer b = module();
        int symtab = sectionOfType(b, ElfModule.SHT_SYMTAB);
        int strtab = b.getInt(header(b, symtab) + 40);
        int h = header(b, strtab);
        b.putInt(h + 4, ElfModule.SHT_NOBITS);
        b.putLong(h + 24, 1L << 40);
        SymbolSourceException e = refused(b);
        assertTrue(e.getMessage().contains("SHT_NOBITS"), e.getMessage());
    }

    @Test
    void nobitsSectionNameTable() throws IOException {
        ByteBuffer b = module();
        int h = header(b, b.getShort(0x3e));
        b.putInt(h + 4, ElfModule.SHT_NOBITS);
        b.putLong(h + 24, -64L);
        SymbolSourceException e = refused(b);
        assertTrue(e.getMessage().contains("SHT_NOBITS"), e.getMessage());
    }
}
