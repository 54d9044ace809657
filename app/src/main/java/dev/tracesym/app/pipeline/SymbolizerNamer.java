package dev.tracesym.app.pipeline;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.report.LineBuffer;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.symbolizer.PreviousBoot;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.UnknownReason;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Names kernel addresses for the report writers with a {@link Symbolizer}, as of each event's time and
 * in kallmodsyms' form of the kernel's own: {@code %ps} is {@code name [module] {object}}, {@code %pS}
 * is {@code name+0xoff/0xsize [module] {object}}; {@code [module]} for loadable modules and for
 * modules built into vmlinux alike (a name must not change because a module was built in), none for
 * the core kernel; {@code {object}} (the shortest path suffix that tells the copies apart) only for a
 * name that occurs at several addresses of its table, or without one the symbolizer's ordinal
 * ({@code name#2}), so two different symbols never print the same text.
 *
 * <p>{@link #traceCmdForms} keeps {@code trace-cmd report}'s forms instead (the name alone,
 * {@code name+0xoff}): only the names change, for scripts written against trace-cmd's text.
 *
 * <p>The caller feeds the symbolizer (markers, module events) in time order before asking for the
 * names of an event; see {@link SymbolFeed}. Answers are cached per address for as long as the
 * symbol state they came from is in force. Not thread-safe.
 */
public final class SymbolizerNamer implements ReportNamer {
    private static final int CACHE_BITS = 16;
    private static final int CACHE_MASK = (1 << CACHE_BITS) - 1;
    private static final UnknownReason[] REASONS = UnknownReason.values();
    private static final byte[] PLUS_HEX = "+0x".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] SLASH_HEX = "/0x".getBytes(StandardCharsets.ISO_8859_1);

    private final Symbolizer symbolizer;
    /** trace-cmd's forms: the name alone, offsets without a size, no module or object. */
    private final boolean traceCmdForms;
    /** The symbol state in force at a time, for the cache; null when the symbolizer does not expose it. */
    private final LongFunction<KernelSymbols> states;
    /** The one state of a symbolizer whose names do not change with time, else null. */
    private final KernelSymbols fixed;
    private final Resolution res = new Resolution();

    // the cache: address -> symbol id (>= 0) or -(reason ordinal + 1), valid for one state
    private final long[] cacheAddr = new long[1 << CACHE_BITS];
    private final Object[] cacheState = new Object[1 << CACHE_BITS];
    private final int[] cacheCode = new int[1 << CACHE_BITS];

    // symbols met so far, by id; the same symbol in several states keeps one id
    private final Map<SymbolKey, Integer> ids = new HashMap<>();
    private final Map<String, Integer> textKeys = new HashMap<>();
    private final Map<String, Long> addresses = new HashMap<>();
    private int count;
    private String[] name = new String[256];
    private long[] start = new long[256];
    private long[] size = new long[256];
    private long[] trueSize = new long[256];
    private String[] module = new String[256];
    private boolean[] builtin = new boolean[256];
    private String[][] modules = new String[256][];
    private String[] object = new String[256];
    private String[] objectSuffix = new String[256];
    private int[] duplicate = new int[256];
    /** Name as printed: the kernel's name, plus {@code #n} when it is not unique and no object tells it apart. */
    private byte[][] text = new byte[256][];
    /** {@code " [module]"} (built-in modules too) and {@code " {object}"} where there are, else empty. */
    private byte[][] suffix = new byte[256][];
    private int[] nameKey = new int[256];
    private String[] display;

    /**
     * Per buffer ({@code RawEvent#buffer}) whose addresses are another boot's (a persistent ring buffer
     * of the previous boot, {@link PreviousBoot}): what names them, else null.
     */
    private PreviousBoot.Names[] previousBoots = new PreviousBoot.Names[0];
    private Map<Long, Integer>[] bufferCaches;
    /** The names and answers of the buffer being named when it is another boot's, else null. */
    private PreviousBoot.Names other;
    private Map<Long, Integer> otherCache;

    private SymbolizerNamer(Symbolizer symbolizer, LongFunction<KernelSymbols> states, KernelSymbols fixed,
                            boolean traceCmdForms) {
        this.symbolizer = symbolizer;
        this.states = states;
        this.fixed = fixed;
        this.traceCmdForms = traceCmdForms;
    }

    /** A namer over {@code symbolizer}, caching answers when it is one of tracesym's own symbolizers. */
    public static SymbolizerNamer of(Symbolizer symbolizer) {
        return of(symbolizer, false);
    }

    /**
     * {@link #of(Symbolizer)}; with {@code traceCmdForms} the text keeps {@code trace-cmd report}'s forms
     * (the name alone for {@code %ps}, {@code name+0xoff} for {@code %pS}, no module, object or ordinal).
     */
    public static SymbolizerNamer of(Symbolizer symbolizer, boolean traceCmdForms) {
        if (symbolizer instanceof TimeAwareSymbolizer t) {
            return new SymbolizerNamer(symbolizer, t::stateAt, null, traceCmdForms);
        }
        if (symbolizer instanceof StaticSymbolizer s) {
            KernelSymbols state = s.state();
            return new SymbolizerNamer(symbolizer, ts -> state, state, traceCmdForms);
        }
        return new SymbolizerNamer(symbolizer, null, null, traceCmdForms);
    }

    /** True when the text keeps trace-cmd's forms (see {@link #of(Symbolizer, boolean)}). */
    boolean traceCmdForms() {
        return traceCmdForms;
    }

    /** The symbolizer this namer asks (for feeding it). */
    public Symbolizer symbolizer() {
        return symbolizer;
    }

    /** True when the names depend on time: the symbolizer needs the trace's markers and module events. */
    boolean timeAware() {
        return !(symbolizer instanceof StaticSymbolizer);
    }

    /** The symbol state in force at {@code ts} (answers are cached per state already); null when unknown. */
    @Override
    public Object stateAt(long ts) {
        return states == null ? null : states.apply(ts);
    }

    /** The kernel image's table, or null when the symbolizer has none or does not expose it. */
    KernelTable kernelTable() {
        if (symbolizer instanceof TimeAwareSymbolizer t) {
            return t.kernelTable();
        }
        if (symbolizer instanceof StaticSymbolizer s) {
            return s.state().kernel();
        }
        return null;
    }

    /**
     * Names the addresses of buffer {@code buffer} (a {@code RawEvent#buffer}) with {@code boot}: a persistent
     * ring buffer that holds the previous boot's events, whose {@code last_boot_info} says where that boot's
     * kernel and modules were. The symbols are those of the end of this namer's symbolizer (the boot that
     * read the buffer). Nothing changes when {@link PreviousBoot#sameBoot} or without symbols.
     */
    @SuppressWarnings("unchecked")
    public void previousBoot(int buffer, PreviousBoot boot) {
        KernelSymbols end = null;
        if (symbolizer instanceof TimeAwareSymbolizer t) {
            end = t.stateAt(Long.MAX_VALUE);
        } else if (symbolizer instanceof StaticSymbolizer s) {
            end = s.state();
        }
        if (end == null || boot.sameBoot()) {
            return;
        }
        if (buffer >= previousBoots.length) {
            previousBoots = Arrays.copyOf(previousBoots, buffer + 1);
            bufferCaches = bufferCaches == null ? new Map[buffer + 1] : Arrays.copyOf(bufferCaches, buffer + 1);
        }
        previousBoots[buffer] = boot.over(end);
        bufferCaches[buffer] = new HashMap<>();
    }

    /** True when buffer {@code buffer}'s addresses are another boot's ({@link #previousBoot}). */
    boolean otherBoot(int buffer) {
        return buffer >= 0 && buffer < previousBoots.length && previousBoots[buffer] != null;
    }

    /** The addresses named from now on are buffer {@code buffer}'s ({@code RawEvent#buffer}). */
    void buffer(int buffer) {
        if (buffer >= 0 && buffer < previousBoots.length) {
            other = previousBoots[buffer];
            otherCache = bufferCaches[buffer];
        } else {
            other = null;
        }
    }

    /** Symbol id (>= 0) for {@code addr} at {@code ts}, or -(reason ordinal + 1). */
    private int code(long ts, long addr) {
        if (other != null) {
            return otherBootCode(ts, addr);
        }
        if (states == null) {
            return resolveCode(ts, addr);
        }
        KernelSymbols state = fixed != null ? fixed : states.apply(ts); // no call per address for a fixed table
        int slot = (int) ((addr ^ (addr >>> 17) ^ (addr >>> 33)) & CACHE_MASK);
        if (cacheState[slot] == state && cacheAddr[slot] == addr) {
            return cacheCode[slot];
        }
        return miss(state, slot, addr);
    }

    /** An address not in the cache for this state: resolved and remembered (kept apart from the hot path). */
    private int miss(KernelSymbols state, int slot, long addr) {
        state.resolve(addr, res);
        int c = intern();
        cacheState[slot] = state;
        cacheAddr[slot] = addr;
        cacheCode[slot] = c;
        return c;
    }

    /** {@link #code} for a buffer of another boot: its own names and answers. */
    private int otherBootCode(long ts, long addr) {
        Integer known = otherCache.get(addr);
        if (known != null) {
            return known;
        }
        other.resolve(addr, res);
        int c = intern();
        otherCache.put(addr, c);
        return c;
    }

    private int resolveCode(long ts, long addr) {
        symbolizer.resolve(ts, addr, res);
        return intern();
    }

    /** The id of the symbol in {@link #res}, or the negative code of its unknown reason. */
    private int intern() {
        if (!res.found) {
            UnknownReason why = res.unknown != null ? res.unknown : UnknownReason.NO_SYMBOLS;
            return -(why.ordinal() + 1);
        }
        SymbolKey key = new SymbolKey(res.symbolAddress, res.name, res.size, res.trueSize, res.module, res.builtin,
                res.object, res.objectSuffix, res.duplicate);
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        int id = count++;
        if (id == name.length) {
            grow();
        }
        name[id] = res.name;
        start[id] = res.symbolAddress;
        size[id] = res.size;
        trueSize[id] = res.trueSize;
        module[id] = res.module;
        builtin[id] = res.builtin;
        modules[id] = res.modules;
        object[id] = res.object;
        objectSuffix[id] = res.objectSuffix;
        duplicate[id] = res.duplicate;
        StringBuilder t = new StringBuilder();
        StringBuilder s = new StringBuilder();
        if (traceCmdForms) {
            t.append(res.name);
        } else {
            res.appendName(t);
            res.appendModuleAndObject(s);
        }
        text[id] = t.toString().getBytes(StandardCharsets.ISO_8859_1);
        suffix[id] = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        nameKey[id] = textKeys.computeIfAbsent(t.append(s).toString(), k -> textKeys.size());
        ids.put(key, id);
        return id;
    }

    private void grow() {
        int n = name.length * 2;
        name = Arrays.copyOf(name, n);
        start = Arrays.copyOf(start, n);
        size = Arrays.copyOf(size, n);
        trueSize = Arrays.copyOf(trueSize, n);
        module = Arrays.copyOf(module, n);
        builtin = Arrays.copyOf(builtin, n);
        modules = Arrays.copyOf(modules, n);
        object = Arrays.copyOf(object, n);
        objectSuffix = Arrays.copyOf(objectSuffix, n);
        duplicate = Arrays.copyOf(duplicate, n);
        text = Arrays.copyOf(text, n);
        suffix = Arrays.copyOf(suffix, n);
        nameKey = Arrays.copyOf(nameKey, n);
    }

    /** What makes two answers the same symbol. */
    private record SymbolKey(long start, String name, long size, long trueSize, String module, boolean builtin,
                             String object, String objectSuffix, int duplicate) {
    }

    // ---------------------------------------------------------------- ReportNamer

    @Override
    public int find(long ts, long addr) {
        int c = code(ts, addr);
        return c >= 0 ? c : NONE;
    }

    @Override
    public int nameKey(int symbol) {
        return nameKey[symbol];
    }

    @Override
    public long start(int symbol) {
        return start[symbol];
    }

    @Override
    public void append(dev.tracesym.formats.event.ByteText out, int symbol, long addr, int style) {
        out.append(text[symbol]);
        if (style == NAME_OFFSET) {
            out.append(PLUS_HEX);
            out.appendHex(addr - start[symbol]);
            if (!traceCmdForms) {
                out.append(SLASH_HEX);
                out.appendHex(size[symbol]);
            }
        }
        out.append(suffix[symbol]);
    }

    /** The kernel's name alone (no {@code #n}, module or object). */
    @Override
    public String functionName(int symbol) {
        return name[symbol];
    }

    /** The owning module (the first where several share a range; built-in ones too), null for the core kernel. */
    @Override
    public String moduleName(int symbol) {
        return module[symbol];
    }

    // ---------------------------------------------------------------- SymbolNamer

    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        int c = code(ts, addr);
        if (c < 0) {
            return false;
        }
        appendText(out, c, addr, style);
        return true;
    }

    /** Appends the text of symbol {@code id} for {@code addr} in {@code style}. */
    void appendText(StringBuilder out, int id, long addr, int style) {
        for (byte b : text[id]) {
            out.append((char) (b & 0xff));
        }
        if (style == NAME_OFFSET) {
            out.append("+0x").append(Long.toHexString(addr - start[id]));
            if (!traceCmdForms) {
                out.append("/0x").append(Long.toHexString(size[id]));
            }
        }
        for (byte b : suffix[id]) {
            out.append((char) (b & 0xff));
        }
    }

    @Override
    public boolean resolve(long ts, long addr, ResolvedSymbol out) {
        out.clear();
        int c = code(ts, addr);
        if (c < 0) {
            out.unknown = REASONS[-c - 1].text();
            return false;
        }
        fill(c, addr, out);
        return true;
    }

    /** Fills {@code out} with symbol {@code id} as it names {@code addr}. */
    void fill(int id, long addr, ResolvedSymbol out) {
        out.name = name[id];
        out.offset = addr - start[id];
        out.size = size[id];
        out.trueSize = trueSize[id];
        out.gap = trueSize[id] >= 0 && Long.compareUnsigned(out.offset, trueSize[id]) >= 0;
        out.module = module[id];
        out.modules = modules[id];
        out.builtin = builtin[id];
        out.object = object[id];
        out.objectSuffix = objectSuffix[id];
        out.duplicate = duplicate[id];
    }

    /** Symbol id for {@code addr} at {@code ts}, or -(reason ordinal + 1) (see {@link #reason}). */
    int symbolCode(long ts, long addr) {
        return code(ts, addr);
    }

    /** The fixed text of a negative {@link #symbolCode}. */
    static String reason(int code) {
        return REASONS[-code - 1].text();
    }

    /** {@code %ps} text of symbol {@code id} ({@code name [module]}), made once. */
    String display(int id) {
        if (display == null || display.length < name.length) {
            display = display == null ? new String[name.length] : Arrays.copyOf(display, name.length);
        }
        String d = display[id];
        if (d == null) {
            StringBuilder b = new StringBuilder();
            appendText(b, id, start[id], NAME);
            d = display[id] = b.toString();
        }
        return d;
    }

    /** The kernel's name of symbol {@code id}. */
    String name(int id) {
        return name[id];
    }

    /**
     * libtraceevent's value of a symbol named in a print fmt ({@code _stext}, {@code vmemmap_base}): the
     * lowest address among kernel entries of that name that are not absolute ({@code A}/{@code a}); 0
     * when unknown.
     */
    @Override
    public long addressOf(String symbol) {
        Long known = addresses.get(symbol);
        if (known != null) {
            return known;
        }
        long best = 0;
        KernelTable k = kernelTable();
        if (k != null) {
            boolean found = false;
            for (int i = 0; i < k.size(); i++) {
                char t = k.type(i);
                if (t != 'A' && t != 'a' && k.name(i).equals(symbol)) {
                    long a = k.address(i);
                    if (!found || Long.compareUnsigned(a, best) < 0) {
                        best = a;
                        found = true;
                    }
                }
            }
        }
        addresses.put(symbol, best);
        return best;
    }
}
