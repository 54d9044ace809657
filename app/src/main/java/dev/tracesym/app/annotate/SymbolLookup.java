package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.text.Interner;
import dev.tracesym.formats.text.SymbolRefs;
import dev.tracesym.formats.text.TextLine;

/**
 * Decides what becomes of one symbol text of a line at the line's time. With an address: the
 * namer's answer replaces the text, or the raw address replaces it when the namer says nothing is
 * there at that time. Without one: the {@link NameIndex} confirms the name (adding its module),
 * or the name is marked as uncertain. Fills {@link #symbol} in every case, for structured writers.
 */
final class SymbolLookup {
    /** Leave the text as it is. */
    static final int KEEP = 0;
    /** Write {@link #symbol} in the text's own style. */
    static final int REPLACE = 1;
    /** Write the bare address: nothing was there at that time. */
    static final int RAW = 2;
    /** Keep the text and add {@code " [module]"}. */
    static final int ADD_MODULE = 3;
    /** Keep the text and mark it uncertain ({@link #uncertain} says why). */
    static final int MARK = 4;

    private final SymbolNamer namer;
    private final NameIndex index;
    private final Interner names;
    private final StringBuilder scratch = new StringBuilder(128);
    /** Compares the text's own names of kernel-image addresses with the symbols'; may be null. */
    private final TextEvidence evidence;

    /** The symbol as decided by the last {@link #lookup}. */
    final ResolvedSymbol symbol = new ResolvedSymbol();
    /** Why the last name is uncertain ({@code ambiguous}, {@code absent}, {@code conflict}, {@code unverified}), or null. */
    String uncertain;

    SymbolLookup(SymbolNamer namer, NameIndex index, Interner names, TextEvidence evidence) {
        this.namer = namer;
        this.index = index;
        this.names = names;
        this.evidence = evidence;
    }

    int lookup(TextLine line, int i, long ts) {
        SymbolRefs r = line.syms;
        ResolvedSymbol s = symbol;
        uncertain = null;
        s.clear();
        if (r.has(i, SymbolRefs.HAS_ADDR)) {
            long addr = r.addr[i];
            boolean found = namer.resolve(ts, addr, s) && s.name != null;
            if (evidence != null && (found || s.unknown != null && !"no-symbols".equals(s.unknown))) {
                if (kernelImage(line, i)) {
                    evidence.seen(line.number, addr, names.intern(line.buf, r.nameStart[i], r.nameEnd[i]),
                            r.has(i, SymbolRefs.HAS_OFFSET) ? r.offset[i] : -1, s);
                } else if (r.has(i, SymbolRefs.RAW) && !r.has(i, SymbolRefs.VALUE_ONLY)) {
                    evidence.seenBare(line.number, addr, s);
                }
            }
            if (found) {
                return REPLACE;
            }
            if (s.unknown == null || "no-symbols".equals(s.unknown)) {
                // a namer that only implements the text form
                scratch.setLength(0);
                if (namer.append(scratch, ts, addr, SymbolNamer.NAME_OFFSET) && parseKernelText(scratch, s)) {
                    return REPLACE;
                }
                fromText(line, i);
                if (s.name != null) {
                    uncertain = "unverified";
                } else {
                    s.unknown = "no-symbols";
                }
                return KEEP;
            }
            return RAW;
        }
        byte[] b = line.buf;
        String name = names.intern(b, r.nameStart[i], r.nameEnd[i]);
        String module = r.has(i, SymbolRefs.HAS_MODULE) ? names.intern(b, r.modStart[i], r.modEnd[i]) : null;
        int verdict = index.lookup(ts, name, module, s);
        switch (verdict) {
            case NameIndex.UNIQUE:
                if (s.name == null) {
                    s.name = name;
                }
                s.offset = r.offset[i];
                if (r.has(i, SymbolRefs.HAS_SIZE) && s.size != 0 && s.size != r.size[i]) {
                    // same name, other extent: the text describes another symbol than the live one
                    fromText(line, i);
                    uncertain = "conflict";
                    return MARK;
                }
                if (s.size == 0 && r.has(i, SymbolRefs.HAS_SIZE)) {
                    s.size = r.size[i];
                }
                if (module == null) {
                    return s.module != null ? ADD_MODULE : KEEP;   // built-in modules too: kallmodsyms' form
                }
                if (module.equals(s.module)) {
                    return KEEP;
                }
                fromText(line, i);
                uncertain = "conflict";
                return MARK;
            case NameIndex.AMBIGUOUS:
                fromText(line, i);
                uncertain = "ambiguous";
                return MARK;
            case NameIndex.ABSENT:
                fromText(line, i);
                uncertain = "absent";
                return MARK;
            default:
                fromText(line, i);
                uncertain = "unverified";
                return KEEP;
        }
    }

    /** True when symbol text {@code i} names code of the kernel image (no module; perf: {@code [kernel.kallsyms]}). */
    private static boolean kernelImage(TextLine line, int i) {
        SymbolRefs r = line.syms;
        if (r.has(i, SymbolRefs.RAW) || r.nameEnd[i] <= r.nameStart[i]) {
            return false;
        }
        if (r.style[i] == SymbolRefs.STYLE_PERF) {
            return r.modStart[i] > 0 && (line.equalsAt(r.modStart[i] - 1, r.modEnd[i] + 1, "[kernel.kallsyms]")
                    || line.equalsAt(r.modStart[i] - 1, r.modEnd[i] + 1, "[guest.kernel.kallsyms]"));
        }
        return !r.has(i, SymbolRefs.HAS_MODULE);
    }

    /**
     * Names a bare address that has no symbol text (trace-cmd -R stack arrays): fills
     * {@link #symbol}, true when a symbol is there at {@code ts}.
     */
    boolean address(long ts, long addr) {
        uncertain = null;
        symbol.clear();
        if (namer.resolve(ts, addr, symbol) && symbol.name != null) {
            return true;
        }
        if (symbol.unknown == null || "no-symbols".equals(symbol.unknown)) {
            scratch.setLength(0);
            if (namer.append(scratch, ts, addr, SymbolNamer.NAME_OFFSET) && parseKernelText(scratch, symbol)) {
                return true;
            }
            symbol.clear();
            symbol.unknown = "no-symbols";
        }
        return false;
    }

    /** The symbol as the text shows it (name, offset, size, module). */
    private void fromText(TextLine line, int i) {
        SymbolRefs r = line.syms;
        ResolvedSymbol s = symbol;
        s.clear();
        if (r.has(i, SymbolRefs.RAW)) {
            s.unknown = "no-symbols";
            return;
        }
        byte[] b = line.buf;
        s.name = names.intern(b, r.nameStart[i], r.nameEnd[i]);
        s.offset = r.offset[i];
        s.size = r.size[i];
        if (r.has(i, SymbolRefs.HAS_MODULE)) {
            s.module = names.intern(b, r.modStart[i], r.modEnd[i]);
        }
    }

    /** Reads {@code name+0xoff/0xsize [module]} (the kernel's {@code %pS}) into {@code s}. */
    static boolean parseKernelText(CharSequence t, ResolvedSymbol s) {
        int n = t.length();
        int plus = -1;
        int space = -1;
        for (int k = 0; k < n; k++) {
            char c = t.charAt(k);
            if (c == '+' && plus < 0) {
                plus = k;
            } else if (c == ' ') {
                space = k;
                break;
            }
        }
        int nameEnd = plus >= 0 ? plus : (space >= 0 ? space : n);
        if (nameEnd == 0) {
            return false;
        }
        s.clear();
        s.name = t.subSequence(0, nameEnd).toString();
        if (plus >= 0) {
            int k = plus + 1;
            if (k + 1 < n && t.charAt(k) == '0' && t.charAt(k + 1) == 'x') {
                k += 2;
            }
            long off = 0;
            while (k < n && Character.digit(t.charAt(k), 16) >= 0) {
                off = (off << 4) | Character.digit(t.charAt(k), 16);
                k++;
            }
            s.offset = off;
            if (k < n && t.charAt(k) == '/') {
                k++;
                if (k + 1 < n && t.charAt(k) == '0' && t.charAt(k + 1) == 'x') {
                    k += 2;
                }
                long size = 0;
                while (k < n && Character.digit(t.charAt(k), 16) >= 0) {
                    size = (size << 4) | Character.digit(t.charAt(k), 16);
                    k++;
                }
                s.size = size;
            }
        }
        if (space >= 0 && space + 2 < n && t.charAt(space + 1) == '[' && t.charAt(n - 1) == ']') {
            s.module = t.subSequence(space + 2, n - 1).toString();
        }
        return true;
    }
}
