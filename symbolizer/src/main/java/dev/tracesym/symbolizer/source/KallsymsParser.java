package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * Parses kallsyms-like text: {@code /proc/kallsyms} ({@code addr type name[\t[module]]}),
 * {@code System.map} ({@code addr type name}) and all published {@code /proc/kallmodsyms} layouts
 * ({@code addr [size] type name} followed by any number of {@code [module]} groups and an optional
 * {@code {object.o}}). A line has a size column when four fields precede its first group: a size
 * cannot be told from a type letter by its characters ({@code b}, {@code d} are both).
 */
public final class KallsymsParser {
    private KallsymsParser() {}

    /**
     * Parses a whole listing.
     *
     * @throws SymbolSourceException on a malformed line, or when every address is zero (the file
     *     was read without the right to see kernel addresses)
     */
    public static KallsymsListing parse(TextSource src, Names names) throws SymbolSourceException {
        return parse(src, names, false);
    }

    /**
     * Parses only the lines that carry a {@code [module]} group (the others are skipped unread):
     * the module part of a full kallsyms whose kernel image part is already known.
     */
    public static KallsymsListing parseModuleLines(TextSource src, Names names) throws SymbolSourceException {
        return parse(src, names, true);
    }

    /**
     * Parses as {@link #parse} does but skips a malformed line instead of refusing the file, as
     * trace-cmd does with the kallsyms a {@code .dat} embeds; the message of each skipped line is
     * added to {@code skipped}. The all-zero check still refuses.
     */
    public static KallsymsListing parseTolerant(TextSource src, Names names, List<String> skipped) throws SymbolSourceException {
        return parse(src, names, false, skipped);
    }

    private static KallsymsListing parse(TextSource src, Names names, boolean moduleLinesOnly) throws SymbolSourceException {
        return parse(src, names, moduleLinesOnly, null);
    }

    private static KallsymsListing parse(TextSource src, Names names, boolean moduleLinesOnly, List<String> skipped)
            throws SymbolSourceException {
        Lines in = new Lines(src);
        int cap = Math.max(16, src.length() / 40);
        long[] addr = new long[cap];
        long[] size = null;
        byte[] type = new byte[cap];
        String[] name = new String[cap];
        String[] module = new String[cap];
        String[][] modules = null;
        String[] object = null;
        HashMap<String, String> lastObj = new HashMap<>();
        int n = 0;
        boolean anyNonZero = false;
        Boolean sized = null;
        while (in.nextLine()) {
            if (in.blank() || (moduleLinesOnly && !in.contains((byte) '['))) {
                continue;
            }
            if (n == addr.length) {
                int c = n * 2;
                addr = Arrays.copyOf(addr, c);
                type = Arrays.copyOf(type, c);
                name = Arrays.copyOf(name, c);
                module = Arrays.copyOf(module, c);
                if (size != null) size = Arrays.copyOf(size, c);
                if (modules != null) modules = Arrays.copyOf(modules, c);
                if (object != null) object = Arrays.copyOf(object, c);
            }
            Boolean sizedBefore = sized;
            boolean nonZeroBefore = anyNonZero;
            try {
                int lead = in.countFieldsUntil((byte) '[', (byte) '{');
                if (lead != 3 && lead != 4) {
                    throw in.error("expected 'address [size] type name' before any [module] or {object}, found "
                            + lead + " field(s) in " + in.quotedLine());
                }
                boolean thisSized = lead == 4;
                if (sized == null) {
                    sized = thisSized;
                    if (sized) size = new long[addr.length];
                } else if (sized != thisSized) {
                    throw in.error("expected " + (sized ? "a size column like the lines before" : "no size column like the lines before")
                            + ", found " + in.quotedLine());
                }
                addr[n] = in.hex("symbol address");
                anyNonZero |= addr[n] != 0;
                if (thisSized) {
                    in.hasField();
                    int se = in.fieldEnd();
                    for (int k = in.pos; k < se; k++) {
                        if (Character.digit(in.byteAt(k), 16) < 0) {
                            throw in.error("expected 'address size type name' (four fields before any [module] or {object}),"
                                    + " found " + in.quotedLine());
                        }
                    }
                    size[n] = in.hex("symbol size");
                }
                in.hasField();
                int te = in.fieldEnd();
                if (te - in.pos != 1) {
                    throw in.error("expected a one-letter symbol type, found " + in.quoted(in.pos, te));
                }
                type[n] = in.peek();
                in.pos = te;
                name[n] = names.intern(in.word("symbol name"));
                int groups = 0;
                String[] extra = null;
                while (in.hasField()) {
                    int e = in.fieldEnd();
                    byte first = in.peek();
                    byte last = in.byteAt(e - 1);
                    if (first == '[' && last == ']' && e - in.pos > 2) {
                        String m = names.intern(in.field(in.pos + 1, e - 1));
                        if (groups == 0) {
                            module[n] = m;
                        } else {
                            if (extra == null) {
                                extra = new String[] {module[n]};
                            }
                            extra = Arrays.copyOf(extra, extra.length + 1);
                            extra[extra.length - 1] = m;
                        }
                        groups++;
                    } else if (first == '{' && last == '}' && e - in.pos > 2) {
                        if (object == null) {
                            object = new String[addr.length];
                        }
                        String o = in.field(in.pos + 1, e - 1);
                        String pooled = lastObj.putIfAbsent(o, o);
                        object[n] = pooled != null ? pooled : o;
                    } else {
                        throw in.error("expected [module] or {object} after the symbol name, found " + in.quoted(in.pos, e));
                    }
                    in.pos = e;
                }
                if (extra != null) {
                    if (modules == null) {
                        modules = new String[addr.length][];
                    }
                    modules[n] = extra;
                }
            } catch (SymbolSourceException e) {
                if (skipped == null) {
                    throw e;
                }
                // the slot is reused by the next line: forget what this one put there
                skipped.add(e.getMessage());
                module[n] = null;
                if (object != null) {
                    object[n] = null;
                }
                if (sizedBefore == null) {
                    sized = null;
                    size = null;
                }
                anyNonZero = nonZeroBefore;
                continue;
            }
            n++;
        }
        if (n > 0 && !anyNonZero) {
            throw SymbolSourceException.of(src.origin(), "all " + n + " symbol addresses are zero: the file was read "
                    + "without the right to see kernel addresses (kptr_restrict); read it as root with "
                    + "kernel.kptr_restrict=0 or 1", null);
        }
        return new KallsymsListing(src.origin(), n, addr, size, type, name, module, modules, object,
                sized != null && sized);
    }
}
