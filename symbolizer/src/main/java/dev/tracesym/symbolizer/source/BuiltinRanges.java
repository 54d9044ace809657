package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code modules.builtin.ranges} (Linux 6.12+, {@code CONFIG_BUILTIN_MODULE_RANGES}): which
 * built-in module(s) each range of vmlinux's sections belongs to. Offsets are relative to an
 * anchor symbol per section ({@code .text 00000000-00000000 = _text}); {@link #place} turns them
 * into runtime addresses given the anchor's address in kallsyms, which makes them KASLR-safe.
 * Range lines are {@code SECTION START-END MODULE [MODULE...]}, END exclusive; a range whose
 * END is not above its START covers nothing (such lines occur in real files).
 */
public final class BuiltinRanges {
    private final String origin;
    private final List<Section> sections;

    /** The ranges of one section, offsets from its anchor's section base. */
    public static final class Section {
        public final String name;
        /** The anchor symbol, or null when the file gives none for this section. */
        public final String anchorSymbol;
        public final long anchorOffset;
        final long[] start;
        final long[] end;
        final String[][] modules;

        Section(String name, String anchorSymbol, long anchorOffset, long[] start, long[] end, String[][] modules) {
            this.name = name;
            this.anchorSymbol = anchorSymbol;
            this.anchorOffset = anchorOffset;
            this.start = start;
            this.end = end;
            this.modules = modules;
        }

        public int count() { return start.length; }
    }

    /** Ranges of one section at runtime addresses: sorted, end exclusive. */
    public static final class Placed {
        private final long[] start;
        private final long[] end;
        private final String[][] modules;

        Placed(long[] start, long[] end, String[][] modules) {
            this.start = start;
            this.end = end;
            this.modules = modules;
        }

        /** Index of the range containing {@code addr}, or -1. */
        public int find(long addr) {
            return AddressRanges.find(start, end, addr);
        }

        public int count() { return start.length; }

        public long start(int i) { return start[i]; }

        public long end(int i) { return end[i]; }

        /** The module names of range {@code i}; the array is shared, do not modify it. */
        public String[] modules(int i) { return modules[i]; }
    }

    private BuiltinRanges(String origin, List<Section> sections) {
        this.origin = origin;
        this.sections = sections;
    }

    /** Parses the file. Every section's range lines must follow its anchor line. */
    public static BuiltinRanges parse(TextSource src, Names names) throws SymbolSourceException {
        Lines in = new Lines(src);
        List<Section> out = new ArrayList<>();
        String cur = null;
        String anchor = null;
        long anchorOff = 0;
        List<long[]> se = new ArrayList<>();
        List<String[]> mods = new ArrayList<>();
        while (in.nextLine()) {
            if (in.blank()) {
                continue;
            }
            String sec = names.intern(in.word("section name"));
            in.hasField();
            int e = in.fieldEnd();
            int dash = -1;
            for (int i = in.pos; i < e; i++) {
                if (in.byteAt(i) == '-') {
                    dash = i;
                    break;
                }
            }
            if (dash < 0) {
                throw in.error("expected START-END (hexadecimal offsets), found " + in.quoted(in.pos, e));
            }
            long s = parseHex(in, in.pos, dash);
            long t = parseHex(in, dash + 1, e);
            in.pos = e;
            String what = in.word("'= SYMBOL' or a module name");
            if (!sec.equals(cur)) {
                if (cur != null) {
                    out.add(section(cur, anchor, anchorOff, se, mods));
                }
                cur = sec;
                anchor = null;
                se.clear();
                mods.clear();
            }
            if (what.equals("=")) {
                anchor = names.intern(in.word("anchor symbol name"));
                anchorOff = s;
                continue;
            }
            if (Long.compareUnsigned(t, s) <= 0) {
                // real files have ranges with END before START (e.g. .init.data of 6.12's
                // generator): they cover nothing
                while (in.hasField()) {
                    in.word("module name");
                }
                continue;
            }
            List<String> ms = new ArrayList<>();
            ms.add(names.intern(what));
            while (in.hasField()) {
                ms.add(names.intern(in.word("module name")));
            }
            se.add(new long[] {s, t});
            mods.add(ms.toArray(new String[0]));
        }
        if (cur != null) {
            out.add(section(cur, anchor, anchorOff, se, mods));
        }
        return new BuiltinRanges(src.origin(), out);
    }

    private static long parseHex(Lines in, int from, int to) throws SymbolSourceException {
        if (to <= from || to - from > 16) {
            throw in.error("expected a hexadecimal offset, found " + in.quoted(from, to));
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(in.byteAt(i), 16);
            if (d < 0) {
                throw in.error("expected a hexadecimal offset, found " + in.quoted(from, to));
            }
            v = (v << 4) | d;
        }
        return v;
    }

    private static Section section(String name, String anchor, long anchorOff, List<long[]> unsorted, List<String[]> modsIn) {
        List<long[]> se = unsorted;
        List<String[]> mods = modsIn;
        Integer[] order = new Integer[se.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compareUnsigned(unsorted.get(a)[0], unsorted.get(b)[0]));
        List<long[]> sse = new ArrayList<>();
        List<String[]> smods = new ArrayList<>();
        for (int i : order) {
            sse.add(unsorted.get(i));
            smods.add(modsIn.get(i));
        }
        se = sse;
        mods = smods;
        long[] s = new long[se.size()];
        long[] e = new long[se.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = se.get(i)[0];
            e[i] = se.get(i)[1];
        }
        return new Section(name, anchor, anchorOff, s, e, mods.toArray(new String[0][]));
    }

    public String origin() { return origin; }

    public List<Section> sections() { return List.copyOf(sections); }

    /** The section called {@code name} ({@code .text}, {@code .data}, ...), or null. */
    public Section section(String name) {
        for (Section s : sections) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        return null;
    }

    /**
     * The ranges of {@code section} at runtime addresses, given the runtime address of its anchor
     * symbol (section base = anchor address - anchor offset). Null if the section is not listed or
     * has no anchor line (real files list some sections without one).
     */
    public Placed place(String section, long anchorAddress) {
        Section s = section(section);
        if (s == null || s.anchorSymbol == null) {
            return null;
        }
        long base = anchorAddress - s.anchorOffset;
        long[] st = new long[s.start.length];
        long[] en = new long[s.start.length];
        for (int i = 0; i < st.length; i++) {
            st[i] = base + s.start[i];
            en[i] = base + s.end[i];
        }
        return new Placed(st, en, s.modules);
    }
}
