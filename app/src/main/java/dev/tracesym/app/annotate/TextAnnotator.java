package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.text.SymbolRefs;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Re-annotates trace text: every symbol text is renamed for its line's time, in the input's own
 * style, and every other byte is copied unchanged, so {@code diff input output} shows symbol
 * changes only.
 *
 * <ul>
 *   <li>Where the line carries the address (sym-addr {@code <ffff...>}, trace-cmd's
 *       {@code => name (addr)}, perf's ip column, a raw {@code 0xffff...} in a symbol slot) the
 *       {@link SymbolNamer} names it: {@code name+0xoff/0xsize [mod]} stays in that form,
 *       {@code name+0xoff} in that one, perf's dso becomes the module ({@code ([wp512])}) for module
 *       code perf filed under {@code [kernel.kallsyms]}. An address with no symbol at that time is
 *       written bare ({@code 0xffffffffc0280000}; perf: {@code [unknown]}), as the kernel does.</li>
 *   <li>Where the line carries only the name, the {@link NameIndex} decides: a name unique at that
 *       time keeps its text and gains {@code " [module]"} when it is module code; a name that is
 *       ambiguous, absent at that time, or in another module than the text says is kept and
 *       marked with a {@code ?} right after it ({@link #UNCERTAIN_MARK}).</li>
 * </ul>
 *
 * Lines that describe the module layout (module_load / module_free, {@code epoch:} markers,
 * do_init_module / do_free_init hits) go to the {@link TraceEventListener} before any address of
 * that line or a later one is named.
 */
public final class TextAnnotator {
    /** Appended right after a symbol text the annotator could not confirm for its time. */
    public static final char UNCERTAIN_MARK = '?';

    private final SymbolNamer namer;
    private final NameIndex index;
    private final TraceEventListener listener;
    private TextEvidence evidence;

    public TextAnnotator(SymbolNamer namer, NameIndex index, TraceEventListener listener) {
        this.namer = Objects.requireNonNull(namer, "namer");
        this.index = index != null ? index : NameIndex.NONE;
        this.listener = listener != null ? listener : TraceEventListener.NONE;
    }

    /**
     * Compares the text's own names of kernel-image addresses with the symbols' on the way
     * ({@link TextEvidence}), stopping with {@link TextEvidence.Refused} at the line that shows
     * they do not fit.
     */
    public TextAnnotator checkedBy(TextEvidence evidence) {
        this.evidence = evidence;
        return this;
    }

    /** Reads all of {@code in} and writes the annotated text to {@code out} (flushed, not closed). */
    public AnnotationStats annotate(TextTraceReader in, OutputStream out) throws IOException {
        ByteSink sink = new ByteSink(out);
        in.onStall(sink::flush); // lines reach a pipe as soon as the input pauses
        SymbolLookup lookup = new SymbolLookup(namer, index, in.names(), evidence);
        ListenerFeed feed = new ListenerFeed(listener);
        AnnotationStats stats = new AnnotationStats();
        TextLine line = new TextLine();
        long lastTs = 0;
        while (true) {
            try {
                if (!in.next(line)) {
                    break;
                }
            } catch (IOException damaged) {
                sink.flush(); // every line before the damage reaches the output, then the error
                throw damaged;
            }
            stats.lines++;
            long ts = line.hasTs ? line.ts : lastTs;
            if (line.hasTs) {
                lastTs = line.ts;
            }
            if (evidence != null) {
                evidence.check();     // the previous line showed the symbols do not fit: stop before it is written
            }
            feed.feed(line, ts);
            byte[] b = line.buf;
            SymbolRefs r = line.syms;
            int pos = line.start;
            for (int i = 0; i < r.count; i++) {
                if (r.has(i, SymbolRefs.VALUE_ONLY) || r.start[i] < pos) {
                    continue;
                }
                stats.symbols++;
                int outcome = lookup.lookup(line, i, ts);
                if (outcome == SymbolLookup.KEEP) {
                    continue;
                }
                if (outcome == SymbolLookup.REPLACE && sameAsText(line, i, lookup.symbol)) {
                    stats.renamed++; // the usual case: the text was right, keep its bytes
                    continue;
                }
                sink.bytes(b, pos, r.start[i]);
                render(sink, line, i, outcome, lookup, stats);
                pos = r.end[i];
            }
            sink.bytes(b, pos, line.termEnd);
        }
        stats.garbage = in.garbageLines();
        if (evidence != null) {
            evidence.decide();        // the whole text was fewer addresses than settle it: what it showed decides
            evidence.check();
        }
        sink.flush();
        return stats;
    }

    private static void render(ByteSink out, TextLine line, int i, int outcome, SymbolLookup lookup,
            AnnotationStats stats) throws IOException {
        SymbolRefs r = line.syms;
        byte[] b = line.buf;
        switch (outcome) {
            case SymbolLookup.MARK:
                out.bytes(b, r.start[i], r.end[i]);
                out.ascii(UNCERTAIN_MARK);
                stats.marked++;
                return;
            case SymbolLookup.ADD_MODULE:
                out.bytes(b, r.start[i], r.end[i]);
                modules(out, lookup.symbol);
                stats.moduleAdded++;
                return;
            case SymbolLookup.RAW:
                stats.unresolved++;
                if (r.style[i] == SymbolRefs.STYLE_PERF) {
                    out.ascii("[unknown] (");
                    out.bytes(b, r.modStart[i] - 1, r.modEnd[i] + 1);
                    out.ascii(')');
                } else {
                    out.ascii("0x");
                    out.hex(r.addr[i]);
                }
                return;
            default:
                stats.renamed++;
                symbol(out, line, i, lookup.symbol);
        }
    }

    /** True when writing {@code s} in the form of symbol text {@code i} would give that text again. */
    static boolean sameAsText(TextLine line, int i, ResolvedSymbol s) {
        SymbolRefs r = line.syms;
        int f = r.flags[i];
        if ((f & SymbolRefs.RAW) != 0) {
            return false;
        }
        String name = s.name;
        int ns = r.nameStart[i];
        int n = name.length();
        if (r.nameEnd[i] - ns != n) {
            return false;
        }
        byte[] b = line.buf;
        for (int k = 0; k < n; k++) {
            if (b[ns + k] != name.charAt(k)) {
                return false;
            }
        }
        if ((f & SymbolRefs.HAS_OFFSET) != 0 && r.offset[i] != s.offset
                || (f & SymbolRefs.HAS_SIZE) != 0 && r.size[i] != s.size) {
            return false;
        }
        boolean perf = r.style[i] == SymbolRefs.STYLE_PERF;
        if (!perf && (s.objectSuffix != null || s.duplicate > 0 || s.modules != null && s.modules.length > 1)) {
            return false;     // written with its {object}, #n or several [modules]
        }
        // perf's dso is the binary: vmlinux ([kernel.kallsyms]) for code of a built-in module
        String module = perf && s.builtin ? null : s.module;
        if (module == null) {
            if (perf) {
                return line.equalsAt(r.modStart[i] - 1, r.modEnd[i] + 1, "[kernel.kallsyms]")
                        || line.equalsAt(r.modStart[i] - 1, r.modEnd[i] + 1, "[guest.kernel.kallsyms]");
            }
            return (f & SymbolRefs.HAS_MODULE) == 0;
        }
        return (f & SymbolRefs.HAS_MODULE) != 0 && line.equalsAt(r.modStart[i], r.modEnd[i], module);
    }

    /** Writes {@code s} in the style and form of symbol text {@code i} of {@code line}. */
    static void symbol(ByteSink out, TextLine line, int i, ResolvedSymbol s) throws IOException {
        SymbolRefs r = line.syms;
        int f = r.flags[i];
        byte style = r.style[i];
        boolean raw = (f & SymbolRefs.RAW) != 0;
        boolean wants = raw && (f & SymbolRefs.WANTS_OFFSET) != 0;
        boolean perf = style == SymbolRefs.STYLE_PERF;
        out.ascii(s.name);
        if (!perf && s.objectSuffix == null && s.duplicate > 0) {
            out.ascii('#');
            out.ascii(Integer.toString(s.duplicate));
        }
        if ((f & SymbolRefs.HAS_OFFSET) != 0 || wants) {
            out.ascii("+0x");
            out.hex(s.offset);
            if ((f & SymbolRefs.HAS_SIZE) != 0 || (wants && style == SymbolRefs.STYLE_KERNEL)) {
                out.ascii("/0x");
                out.hex(s.size);
            }
        }
        String module = perf && s.builtin ? null : s.module;
        if (perf) {
            out.ascii(" (");
            if (module != null) {
                out.ascii('[');
                out.ascii(module);
                out.ascii(']');
            } else if (line.equalsAt(r.modStart[i] - 1, r.modEnd[i] + 1, "[kernel.kallsyms]")
                    || line.equalsAt(r.modStart[i] - 1, r.modEnd[i] + 1, "[guest.kernel.kallsyms]")) {
                out.bytes(line.buf, r.modStart[i] - 1, r.modEnd[i] + 1);
            } else {
                out.ascii("[kernel.kallsyms]");
            }
            out.ascii(')');
        } else {
            modules(out, s);
            if (s.objectSuffix != null) {
                out.ascii(" {");
                out.ascii(s.objectSuffix);
                out.ascii('}');
            }
        }
    }

    /** {@code " [module]"}, for built-in modules too; each of a range several share. */
    private static void modules(ByteSink out, ResolvedSymbol s) throws IOException {
        if (s.modules != null) {
            for (String m : s.modules) {
                out.ascii(" [");
                out.ascii(m);
                out.ascii(']');
            }
        } else if (s.module != null) {
            out.ascii(" [");
            out.ascii(s.module);
            out.ascii(']');
        }
    }
}
