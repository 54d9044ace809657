package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.SymbolSourceException;

/**
 * The lines of one kallsyms-like listing in file order: {@code /proc/kallsyms},
 * {@code /proc/kallmodsyms} (any of its layouts), {@code System.map}, or the module-only
 * {@code .modsyms} files of a symbol archive. Read-only; index {@code i} is the i-th symbol line.
 */
public final class KallsymsListing {
    /** Size value of lines whose layout has no size column. */
    public static final long NO_SIZE = -1;

    private final String origin;
    private final int count;
    private final long[] addr;
    private final long[] size;
    private final byte[] type;
    private final String[] name;
    private final String[] module;
    private final String[][] modules;
    private final String[] object;
    private final boolean hasSizes;
    /** {@link #isKallmodsyms}: 0 not yet known, 1 yes, -1 no (a benign race: both threads compute the same). */
    private int kallmodsyms;

    KallsymsListing(String origin, int count, long[] addr, long[] size, byte[] type, String[] name,
                    String[] module, String[][] modules, String[] object, boolean hasSizes) {
        this.origin = origin;
        this.count = count;
        this.addr = addr;
        this.size = size;
        this.type = type;
        this.name = name;
        this.module = module;
        this.modules = modules;
        this.object = object;
        this.hasSizes = hasSizes;
    }

    /** Where the listing came from (file name or origin given). */
    public String origin() { return origin; }

    /** Number of symbol lines. */
    public int count() { return count; }

    public long address(int i) { return addr[i]; }

    /** Size column of kallmodsyms' sized layout, else {@link #NO_SIZE}. */
    public long size(int i) { return size == null ? NO_SIZE : size[i]; }

    /** Type letter as printed ({@code t}, {@code T}, {@code d}, ...). */
    public char type(int i) { return (char) type[i]; }

    public String name(int i) { return name[i]; }

    /** First {@code [module]} of the line, or null when the line has none. */
    public String module(int i) { return module[i]; }

    /** All {@code [module]} groups of the line (kallmodsyms lists several for shared objects); empty if none. */
    public String[] modules(int i) {
        if (modules != null && modules[i] != null) {
            return modules[i].clone();
        }
        return module[i] == null ? new String[0] : new String[] {module[i]};
    }

    /** Number of {@code [module]} groups of the line. */
    public int moduleCount(int i) {
        if (modules != null && modules[i] != null) {
            return modules[i].length;
        }
        return module[i] == null ? 0 : 1;
    }

    /** The j-th {@code [module]} group of the line. */
    public String module(int i, int j) {
        if (modules != null && modules[i] != null) {
            return modules[i][j];
        }
        if (j != 0 || module[i] == null) {
            throw new IndexOutOfBoundsException(j);
        }
        return module[i];
    }

    /** The {@code {object}} of a kallmodsyms line without braces, or null. */
    public String object(int i) { return object == null ? null : object[i]; }

    /** True when the listing had a size column (kallmodsyms with sizes). */
    public boolean hasSizes() { return hasSizes; }

    /** True when some line names its object file. */
    public boolean hasObjects() { return object != null; }

    /**
     * True when the listing is {@code /proc/kallmodsyms}: it has a size column, an
     * {@code {object}}, a line of several modules, or a line without {@code [module]} after one
     * with it (built-in modules' code lies amid the image's; /proc/kallsyms lists every module
     * after the image). A kallmodsyms without any of these reads exactly as a kallsyms.
     */
    public boolean isKallmodsyms() {
        int k = kallmodsyms;
        if (k == 0) {
            k = interleaved() ? 1 : -1;
            kallmodsyms = k;
        }
        return k > 0;
    }

    private boolean interleaved() {
        if (hasSizes || object != null || modules != null) {
            return true;
        }
        boolean seenModule = false;
        for (int i = 0; i < count; i++) {
            if (module[i] != null) {
                seenModule = true;
            } else if (seenModule) {
                return true;
            }
        }
        return false;
    }

    /** Where names from this listing come from: {@link Resolution.Source#KALLMODSYMS} or {@link Resolution.Source#KALLSYMS}. */
    public Resolution.Source source() {
        return isKallmodsyms() ? Resolution.Source.KALLMODSYMS : Resolution.Source.KALLSYMS;
    }

    /** Writes the listing into a compiled symbol index (its origin is not kept: the reader gives it). */
    public void writeTo(IndexOutput out) {
        out.writeInt(count);
        out.writeLongs(addr, count);
        out.writeByte(size == null ? 0 : 1);
        if (size != null) {
            out.writeLongs(size, count);
        }
        out.writeBytes(type, count);
        out.writeStrings(name, count);
        out.writeStrings(module, count);
        out.writeByte(modules == null ? 0 : 1);
        if (modules != null) {
            for (int i = 0; i < count; i++) {
                out.writeInt(modules[i] == null ? -1 : modules[i].length);
                if (modules[i] != null) {
                    out.writeStrings(modules[i], modules[i].length);
                }
            }
        }
        out.writeByte(object == null ? 0 : 1);
        if (object != null) {
            out.writeStrings(object, count);
        }
        out.writeByte(hasSizes ? 1 : 0);
    }

    /**
     * Reads a listing {@link #writeTo} wrote; {@code origin} names it as the parser would have.
     *
     * @throws SymbolSourceException when the index is damaged
     */
    public static KallsymsListing readFrom(IndexInput in, String origin) throws SymbolSourceException {
        int count = in.readInt();
        long[] addr = in.readLongs();
        long[] size = in.readByte() != 0 ? in.readLongs() : null;
        byte[] type = in.readBytes();
        String[] name = in.readStrings();
        String[] module = in.readStrings();
        String[][] modules = null;
        if (in.readByte() != 0) {
            modules = new String[Math.max(0, Math.min(count, addr.length))][];
            for (int i = 0; i < modules.length; i++) {
                int n = in.readInt();
                modules[i] = n < 0 ? null : in.readStrings();
            }
        }
        String[] object = in.readByte() != 0 ? in.readStrings() : null;
        boolean hasSizes = in.readByte() != 0;
        if (count < 0 || addr.length != count || type.length != count || name.length != count || module.length != count
                || (size != null && size.length != count) || (modules != null && modules.length != count)
                || (object != null && object.length != count)) {
            throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: listing columns of unequal length");
        }
        for (int i = 0; i < count; i++) {
            // what a parse always gives: every line has a name (a CRC-valid index may still lie)
            if (name[i] == null || name[i].isEmpty()) {
                throw SymbolSourceException.atOffset(origin, in.position(), "damaged symbol index: listing line " + (i + 1)
                        + " has no name");
            }
        }
        return new KallsymsListing(origin, count, addr, size, type, name, module, modules, object, hasSizes);
    }
}
