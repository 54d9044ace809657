package dev.tracesym.symbolizer.elf;

import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.source.IndexInput;
import dev.tracesym.symbolizer.source.IndexOutput;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The parts of a relocatable ELF64 kernel module ({@code .ko}, also {@code .ko.xz}, {@code .ko.gz},
 * {@code .ko.zst}) that place its symbols: the section headers and the symbol table with each
 * symbol's section, value and size, plus {@code .modinfo}. Field names follow elf(5).
 */
public final class ElfModule {
    public static final int SHT_NOBITS = 8;
    public static final int SHT_RELA = 4;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_SYMTAB_SHNDX = 18;
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;
    public static final int SHN_UNDEF = 0;
    public static final int SHN_LORESERVE = 0xff00;
    public static final int SHN_XINDEX = 0xffff;
    public static final int STT_NOTYPE = 0;
    public static final int STT_OBJECT = 1;
    public static final int STT_FUNC = 2;
    public static final int STT_SECTION = 3;
    public static final int STT_FILE = 4;
    public static final int STB_LOCAL = 0;
    public static final int STB_WEAK = 2;

    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int RELA_SIZE = 24;
    private static final int EM_AARCH64 = 183;
    private static final int R_AARCH64_JUMP26 = 282;
    private static final int R_AARCH64_CALL26 = 283;

    private final String origin;
    final String[] shName;
    final int[] shType;
    final long[] shFlags;
    final long[] shSize;
    final long[] shAddralign;
    final String[] stName;
    final int[] stShndx;
    final long[] stValue;
    final long[] stSize;
    final byte[] stInfo;
    private final String modinfo;
    private final int[] mcountSection;
    private final long[] mcountOffset;
    /** arm64: branch relocations that need a PLT entry, from core and from init code; null elsewhere. */
    private final int[] branchPlts;

    private ElfModule(String origin, String[] shName, int[] shType, long[] shFlags, long[] shSize, long[] shAddralign,
                      String[] stName, int[] stShndx, long[] stValue, long[] stSize, byte[] stInfo, String modinfo,
                      int[] mcountSection, long[] mcountOffset, int[] branchPlts) {
        this.origin = origin;
        this.shName = shName;
        this.shType = shType;
        this.shFlags = shFlags;
        this.shSize = shSize;
        this.shAddralign = shAddralign;
        this.stName = stName;
        this.stShndx = stShndx;
        this.stValue = stValue;
        this.stSize = stSize;
        this.stInfo = stInfo;
        this.modinfo = modinfo;
        this.mcountSection = mcountSection;
        this.mcountOffset = mcountOffset;
        this.branchPlts = branchPlts;
    }

    /** Reads a module file, decompressing xz, gzip or zstd transparently. */
    public static ElfModule read(Path file, Names names) throws IOException {
        TextSource src = TextSource.read(file);
        return parse(src.bytes(), src.length(), src.origin(), names);
    }

    /** Parses module bytes {@code [0, length)}; {@code origin} names them in errors. */
    public static ElfModule parse(byte[] bytes, int length, String origin, Names names) throws SymbolSourceException {
        if (length < EHDR_SIZE || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F') {
            throw SymbolSourceException.atOffset(origin, 0, "expected an ELF file (magic 7f 45 4c 46)");
        }
        if (bytes[4] != 2) {
            throw SymbolSourceException.atOffset(origin, 4, "expected ELFCLASS64 (2), found " + bytes[4]);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        if (bytes[5] == 1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (bytes[5] == 2) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw SymbolSourceException.atOffset(origin, 5, "expected ELFDATA2LSB (1) or ELFDATA2MSB (2), found " + bytes[5]);
        }
        int type = b.getShort(16) & 0xffff;
        if (type != 1) {
            throw SymbolSourceException.atOffset(origin, 16, "expected a relocatable object (e_type 1, ET_REL), found " + type);
        }
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        long shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        if (shentsize != SHDR_SIZE) {
            throw SymbolSourceException.atOffset(origin, 0x3a, "expected e_shentsize 64, found " + shentsize);
        }
        if (shoff < EHDR_SIZE || shoff > length - SHDR_SIZE) {
            throw SymbolSourceException.atOffset(origin, 0x28, "section header table offset " + shoff
                    + " is outside the file (" + length + " bytes)");
        }
        if (shnum == 0) {              // more than SHN_LORESERVE sections: the count is in section 0
            shnum = b.getLong((int) shoff + 32);
        }
        if (shstrndx == SHN_XINDEX) {
            shstrndx = b.getInt((int) shoff + 40);
        }
        if (shnum < 0 || shnum > (length - shoff) / SHDR_SIZE) { // a 64-bit count from section 0 is unsigned
            throw SymbolSourceException.atOffset(origin, shoff, Long.toUnsignedString(shnum) + " section headers do not fit in the "
                    + (length - shoff) + " bytes after the header table offset");
        }
        int n = (int) shnum;
        int[] nameOff = new int[n];
        int[] shType = new int[n];
        long[] shFlags = new long[n];
        long[] shOffset = new long[n];
        long[] shSize = new long[n];
        int[] shLink = new int[n];
        long[] shAlign = new long[n];
        long[] shEntsize = new long[n];
        for (int i = 0; i < n; i++) {
            int h = (int) shoff + i * SHDR_SIZE;
            nameOff[i] = b.getInt(h);
            shType[i] = b.getInt(h + 4);
            shFlags[i] = b.getLong(h + 8);
            shOffset[i] = b.getLong(h + 24);
            shSize[i] = b.getLong(h + 32);
            shLink[i] = b.getInt(h + 40);
            shAlign[i] = b.getLong(h + 48);
            shEntsize[i] = b.getLong(h + 56);
            if (shType[i] != SHT_NOBITS && (shOffset[i] < 0 || shSize[i] < 0 || shOffset[i] > length
                    || shSize[i] > length - shOffset[i])) {
                throw SymbolSourceException.atOffset(origin, h + 24, "section " + i + " (offset " + shOffset[i]
                        + ", size " + shSize[i] + ") extends past the end of the file (" + length + " bytes)");
            }
        }
        if (shstrndx <= 0 || shstrndx >= n) {
            throw SymbolSourceException.atOffset(origin, 0x3e, "section name table index " + shstrndx
                    + " is not a section (0.." + (n - 1) + ")");
        }
        if (shType[shstrndx] == SHT_NOBITS) {
            throw SymbolSourceException.atOffset(origin, shoff + (long) shstrndx * SHDR_SIZE + 4, "section name table "
                    + shstrndx + " is SHT_NOBITS: it has no bytes in the file");
        }
        String[] shName = new String[n];
        for (int i = 0; i < n; i++) {
            shName[i] = names.intern(cString(bytes, shOffset[shstrndx], shSize[shstrndx], nameOff[i], origin,
                    "section " + i + " name"));
        }
        int symtab = -1;
        int xindex = -1;
        String modinfo = "";
        for (int i = 0; i < n; i++) {
            if (shType[i] == SHT_SYMTAB) {
                if (symtab >= 0) {
                    throw SymbolSourceException.atOffset(origin, shoff + (long) i * SHDR_SIZE, "expected one SHT_SYMTAB section, found a second one (" + shName[i] + ")");
                }
                symtab = i;
            } else if (shType[i] == SHT_SYMTAB_SHNDX) {
                xindex = i;
            } else if (shName[i].equals(".modinfo") && shType[i] != SHT_NOBITS) {
                modinfo = new String(bytes, (int) shOffset[i], (int) shSize[i], StandardCharsets.ISO_8859_1);
            }
        }
        if (symtab < 0) {
            throw SymbolSourceException.of(origin, "has no symbol table (SHT_SYMTAB): a stripped module names no symbols", null);
        }
        if (shEntsize[symtab] != SYM_SIZE || shSize[symtab] % SYM_SIZE != 0) {
            throw SymbolSourceException.atOffset(origin, shOffset[symtab], "expected a symbol table of 24-byte entries, found entsize "
                    + shEntsize[symtab] + " and size " + shSize[symtab]);
        }
        int strtab = shLink[symtab];
        if (strtab <= 0 || strtab >= n) {
            throw SymbolSourceException.atOffset(origin, shoff + (long) symtab * SHDR_SIZE + 40, "symbol table links to string table "
                    + strtab + ", not a section");
        }
        if (shType[strtab] == SHT_NOBITS) {
            throw SymbolSourceException.atOffset(origin, shoff + (long) strtab * SHDR_SIZE + 4, "symbol string table "
                    + strtab + " is SHT_NOBITS: it has no bytes in the file");
        }
        int ns = (int) (shSize[symtab] / SYM_SIZE);
        String[] stName = new String[ns];
        int[] stShndx = new int[ns];
        long[] stValue = new long[ns];
        long[] stSize = new long[ns];
        byte[] stInfo = new byte[ns];
        for (int i = 0; i < ns; i++) {
            int s = (int) shOffset[symtab] + i * SYM_SIZE;
            int nm = b.getInt(s);
            stInfo[i] = b.get(s + 4);
            int ndx = b.getShort(s + 6) & 0xffff;
            if (ndx == SHN_XINDEX && xindex >= 0) {
                long at = shOffset[xindex] + 4L * i;
                if (at + 4 > shOffset[xindex] + shSize[xindex]) {
                    throw SymbolSourceException.atOffset(origin, at, "extended section index of symbol " + i + " is past SHT_SYMTAB_SHNDX");
                }
                ndx = b.getInt((int) at);
            }
            stShndx[i] = ndx;
            stValue[i] = b.getLong(s + 8);
            stSize[i] = b.getLong(s + 16);
            stName[i] = names.intern(cString(bytes, shOffset[strtab], shSize[strtab], nm, origin, "symbol " + i + " name"));
            if (ndx < SHN_LORESERVE && ndx >= n) {
                throw SymbolSourceException.atOffset(origin, s + 6, "symbol " + stName[i] + " is in section " + ndx
                        + ", but there are only " + n + " sections");
            }
        }
        // __mcount_loc lists every traceable call site; its relocations say where they are
        int[] mcSec = new int[0];
        long[] mcOff = new long[0];
        int[] shInfo = new int[n];
        for (int i = 0; i < n; i++) {
            shInfo[i] = b.getInt((int) shoff + i * SHDR_SIZE + 44);
        }
        for (int i = 0; i < n; i++) {
            if (shType[i] != SHT_RELA || shInfo[i] <= 0 || shInfo[i] >= n || !shName[shInfo[i]].equals("__mcount_loc")) {
                continue;
            }
            if (shEntsize[i] != RELA_SIZE || shSize[i] % RELA_SIZE != 0) {
                throw SymbolSourceException.atOffset(origin, shOffset[i], "expected 24-byte relocations in " + shName[i]
                        + ", found entsize " + shEntsize[i] + " and size " + shSize[i]);
            }
            int nr = (int) (shSize[i] / RELA_SIZE);
            mcSec = java.util.Arrays.copyOf(mcSec, mcSec.length + nr);
            mcOff = java.util.Arrays.copyOf(mcOff, mcOff.length + nr);
            for (int r = 0; r < nr; r++) {
                int at = (int) shOffset[i] + r * RELA_SIZE;
                long info = b.getLong(at + 8);
                long sym = info >>> 32;
                if (sym >= ns) {
                    throw SymbolSourceException.atOffset(origin, at + 8, "relocation refers to symbol " + sym
                            + ", but the symbol table has " + ns);
                }
                int k = mcSec.length - nr + r;
                mcSec[k] = stShndx[(int) sym];
                mcOff[k] = stValue[(int) sym] + b.getLong(at + 16);
            }
        }
        int[] plts = (b.getShort(18) & 0xffff) == EM_AARCH64 ? branchPlts(b, shName, shType, shFlags, shOffset, shSize, shInfo,
                stShndx, origin) : null;
        return new ElfModule(origin, shName, shType, shFlags, shSize, shAlign, stName, stShndx, stValue, stSize, stInfo, modinfo,
                mcSec, mcOff, plts);
    }

    /**
     * arm64's module_frob_arch_sections (arch/arm64/kernel/module-plts.c, {@code count_plts}): the
     * PLT entries the loader reserves, {core, init}. A JUMP26/CALL26 relocation in code needs one
     * unless its symbol lives in the section it patches; entries with addend 0 are shared per
     * (type, symbol) within one relocation section, others are one each.
     */
    private static int[] branchPlts(ByteBuffer b, String[] shName, int[] shType, long[] shFlags, long[] shOffset, long[] shSize,
                                    int[] shInfo, int[] stShndx, String origin) throws SymbolSourceException {
        int[] plts = new int[2];
        for (int i = 0; i < shName.length; i++) {
            int dst = shInfo[i];
            if (shType[i] != SHT_RELA || dst <= 0 || dst >= shName.length || (shFlags[dst] & SHF_EXECINSTR) == 0) {
                continue;
            }
            java.util.Set<Long> shared = new java.util.HashSet<>();
            int count = 0;
            for (long r = 0; r + RELA_SIZE <= shSize[i]; r += RELA_SIZE) {
                int at = (int) (shOffset[i] + r);
                long info = b.getLong(at + 8);
                int type = (int) info;
                long sym = info >>> 32;
                if (type != R_AARCH64_JUMP26 && type != R_AARCH64_CALL26) {
                    continue;
                }
                if (sym >= stShndx.length) {
                    throw SymbolSourceException.atOffset(origin, at + 8, "relocation refers to symbol " + sym
                            + ", but the symbol table has " + stShndx.length);
                }
                if (stShndx[(int) sym] == dst) {
                    continue;
                }
                if (b.getLong(at + 16) != 0 || shared.add(sym << 1 | (type == R_AARCH64_CALL26 ? 1 : 0))) {
                    count++;
                }
            }
            plts[shName[dst].startsWith(".init") ? 1 : 0] += count;
        }
        return plts;
    }

    /** arm64 only: PLT entries the loader reserves for core ({@code init} false) or init code; -1 on other machines. */
    public int branchPlts(boolean init) {
        return branchPlts == null ? -1 : branchPlts[init ? 1 : 0];
    }

    private static String cString(byte[] b, long tableOff, long tableSize, long index, String origin, String what)
            throws SymbolSourceException {
        if (index < 0 || index >= tableSize) {
            throw SymbolSourceException.atOffset(origin, tableOff, what + " at string index " + index
                    + " is outside its string table (" + tableSize + " bytes)");
        }
        int start = (int) (tableOff + index);
        int end = start;
        int limit = (int) (tableOff + tableSize);
        while (end < limit && b[end] != 0) {
            end++;
        }
        if (end == limit) {
            throw SymbolSourceException.atOffset(origin, start, what + " is not NUL-terminated within its string table");
        }
        return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }

    public String origin() { return origin; }

    public int sectionCount() { return shName.length; }

    public String sectionName(int i) { return shName[i]; }

    public int sectionType(int i) { return shType[i]; }

    public long sectionFlags(int i) { return shFlags[i]; }

    public long sectionSize(int i) { return shSize[i]; }

    public long sectionAlign(int i) { return shAddralign[i]; }

    /** Index of the section called {@code name}, or -1. */
    public int section(String name) {
        for (int i = 0; i < shName.length; i++) {
            if (shName[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public int symbolCount() { return stName.length; }

    public String symbolName(int i) { return stName[i]; }

    /** Section index of symbol {@code i} ({@code st_shndx}, extended indexes resolved). */
    public int symbolSection(int i) { return stShndx[i]; }

    /** {@code st_value}: offset within the symbol's section (relocatable file). */
    public long symbolValue(int i) { return stValue[i]; }

    /** {@code st_size}: the symbol's extent in bytes, 0 when the compiler gave none. */
    public long symbolSize(int i) { return stSize[i]; }

    public int symbolType(int i) { return stInfo[i] & 0xf; }

    public int symbolBinding(int i) { return (stInfo[i] & 0xff) >>> 4; }

    /** Number of traceable call sites ({@code __mcount_loc} entries). */
    public int mcountSiteCount() { return mcountSection.length; }

    /** Section of call site {@code i}. */
    public int mcountSiteSection(int i) { return mcountSection[i]; }

    /** Offset of call site {@code i} within its section. */
    public long mcountSiteOffset(int i) { return mcountOffset[i]; }

    /**
     * A {@code .modinfo} value ({@code name}, {@code vermagic}, ...), or null. For keys listed more
     * than once (alias, depends), the first.
     */
    public String modinfo(String key) {
        String k = key + "=";
        int i = 0;
        while (i < modinfo.length()) {
            int end = modinfo.indexOf('\0', i);
            if (end < 0) {
                end = modinfo.length();
            }
            if (modinfo.startsWith(k, i)) {
                return modinfo.substring(i + k.length(), end);
            }
            i = end + 1;
        }
        return null;
    }

    /** Writes what was read from the file into a compiled symbol index (the origin is not kept: the reader gives it). */
    public void writeTo(IndexOutput out) {
        out.writeStrings(shName, shName.length);
        out.writeInts(shType, shType.length);
        out.writeLongs(shFlags, shFlags.length);
        out.writeLongs(shSize, shSize.length);
        out.writeLongs(shAddralign, shAddralign.length);
        out.writeStrings(stName, stName.length);
        out.writeInts(stShndx, stShndx.length);
        out.writeLongs(stValue, stValue.length);
        out.writeLongs(stSize, stSize.length);
        out.writeBytes(stInfo, stInfo.length);
        out.writeString(modinfo);
        out.writeInts(mcountSection, mcountSection.length);
        out.writeLongs(mcountOffset, mcountOffset.length);
        int[] plts = branchPlts == null ? new int[0] : branchPlts;
        out.writeInts(plts, plts.length);
    }

    /**
     * Reads a module {@link #writeTo} wrote; {@code origin} names it as {@link #read} would have.
     *
     * @throws SymbolSourceException when the index is damaged
     */
    public static ElfModule readFrom(IndexInput in, String origin) throws SymbolSourceException {
        String[] shName = in.readStrings();
        int[] shType = in.readInts();
        long[] shFlags = in.readLongs();
        long[] shSize = in.readLongs();
        long[] shAlign = in.readLongs();
        String[] stName = in.readStrings();
        int[] stShndx = in.readInts();
        long[] stValue = in.readLongs();
        long[] stSize = in.readLongs();
        byte[] stInfo = in.readBytes();
        String modinfo = in.readString();
        int[] mcSec = in.readInts();
        long[] mcOff = in.readLongs();
        int[] plts = in.readInts();
        int n = shName.length;
        int ns = stName.length;
        if (shType.length != n || shFlags.length != n || shSize.length != n || shAlign.length != n || stShndx.length != ns
                || stValue.length != ns || stSize.length != ns || stInfo.length != ns || mcOff.length != mcSec.length
                || modinfo == null || (plts.length != 0 && plts.length != 2)) {
            throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: module columns of unequal length");
        }
        for (String name : shName) {
            if (name == null) {
                throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: a section without a name");
            }
        }
        for (String name : stName) {
            if (name == null) {
                throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: a symbol without a name");
            }
        }
        return new ElfModule(origin, shName, shType, shFlags, shSize, shAlign, stName, stShndx, stValue, stSize, stInfo, modinfo,
                mcSec, mcOff, plts.length == 0 ? null : plts);
    }
}
