package dev.tracesym.app.report;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.report.LineBuffer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import dev.tracesym.formats.report.ReportNamer;
import java.util.Arrays;

/**
 * trace-cmd's own function lookup over the kallsyms text embedded in a {@code .dat}, reproduced with its
 * quirks so that {@code tracesym report} names every address exactly as {@code trace-cmd report} does:
 * <ul>
 * <li>Lines are read as libtraceevent's {@code tep_parse_kallsyms} reads them; {@code A}/{@code a}
 * symbols and names starting with {@code $} are left out, and reading stops at the first line that does
 * not parse.</li>
 * <li>The symbols are kept newest-first and stably sorted by address (glibc's qsort is a merge sort).</li>
 * <li>An address is found with glibc's {@code bsearch}: it matches a symbol at that exact address or
 * strictly between it and the next one. So among symbols sharing an address, an address inside the
 * function resolves to the last of them, while the exact start resolves to whichever the binary search
 * meets first. Past the last symbol nothing matches (except its exact address).</li>
 * <li>Only the name is printed ({@code %ps}), never the module.</li>
 * </ul>
 * The time of an event is ignored: trace-cmd has one symbol table for the whole trace.
 */
public final class TraceCmdNamer implements ReportNamer {
    private static final int CACHE_BITS = 14;
    /** Bits of a key sorted per pass of {@link #parse(boolean, ByteBuffer...)}'s sort. */
    private static final int RADIX_BITS = 12;
    private static final int RADIX_MASK = (1 << RADIX_BITS) - 1;
    private static final int EMPTY = -2;

    /** Symbol addresses, sorted, in {@code [0, count)} (the array may be longer). */
    private final long[] addr;
    private final int count;
    /** The kallsyms text, up to {@code textEnd}; names are ranges of it. */
    private final byte[] text;
    private final int textEnd;
    private final int[] nameFrom;
    private final int[] nameLength;
    /** Name keys, given out on first use: -1 until then (the array is made on the first). */
    private int[] nameKey;
    private NameKeys keys;
    private final long[] cacheAddr = new long[1 << CACHE_BITS];
    private final int[] cacheSym = new int[1 << CACHE_BITS];

    /** Modules ({@code [mod]} after a tab) as ranges of {@link #text}, length -1 for none; null unless asked for. */
    private final int[] modFrom;
    private final int[] modLength;

    private TraceCmdNamer(long[] addr, int count, byte[] text, int textEnd, int[] nameFrom, int[] nameLength,
                          int[] modFrom, int[] modLength) {
        this.addr = addr;
        this.count = count;
        this.text = text;
        this.textEnd = textEnd;
        this.nameFrom = nameFrom;
        this.nameLength = nameLength;
        this.modFrom = modFrom;
        this.modLength = modLength;
        Arrays.fill(cacheSym, EMPTY);
    }

    /** A namer that knows no symbols (a trace without kallsyms). */
    public static TraceCmdNamer empty() {
        return new TraceCmdNamer(new long[0], 0, new byte[0], 0, new int[0], new int[0], null, null);
    }

    /** Reads kallsyms text ({@code /proc/kallsyms} lines) as trace-cmd reads the copy inside a {@code .dat}. */
    public static TraceCmdNamer parse(byte[] kallsyms) {
        return parse(false, wrap(kallsyms));
    }

    /**
     * {@link #parse(byte[])} of the bytes from {@code kallsyms}' position to its limit, read in place (the
     * table names with them: they must not change).
     */
    public static TraceCmdNamer parse(ByteBuffer kallsyms) {
        return parse(false, kallsyms);
    }

    /**
     * {@link #parse(byte[])} with the functions of another kallsyms file read first, as trace-cmd's
     * {@code --kallsyms FILE} adds them (each text is read until its first line that does not parse).
     */
    public static TraceCmdNamer parse(byte[] kallsyms, byte[] added) {
        return parse(false, wrap(added), wrap(kallsyms));
    }

    /** {@link #parse(byte[], byte[])} of the bytes from {@code kallsyms}' position to its limit. */
    public static TraceCmdNamer parse(ByteBuffer kallsyms, byte[] added) {
        return parse(false, wrap(added), kallsyms);
    }

    private static ByteBuffer wrap(byte[] text) {
        return text == null ? null : ByteBuffer.wrap(text);
    }

    /**
     * What {@code trace-cmd report -f} prints for the kallsyms text of a trace: libtraceevent's function
     * list ({@code tep_print_funcs}) in its order, one {@code %016llx name} line per function, with
     * {@code  [module]} where the kallsyms line had one.
     */
    public static byte[] functionList(byte[] kallsyms) {
        return functionList(kallsyms, null);
    }

    /** {@link #functionList(byte[])} with the functions of {@code added} (--kallsyms FILE; null for none) too. */
    public static byte[] functionList(byte[] kallsyms, byte[] added) {
        TraceCmdNamer t = parse(true, wrap(added), wrap(kallsyms));
        LineBuffer out = new LineBuffer(Math.max(64, t.count * 40));
        for (int i = 0; i < t.count; i++) {
            out.appendHex(t.addr[i], 16);
            out.append((byte) ' ');
            out.append(t.text, t.nameFrom[i], t.nameLength[i]);
            if (t.modLength[i] >= 0) {
                out.append(" [");
                out.append(t.text, t.modFrom[i], t.modLength[i]);
                out.append((byte) ']');
            }
            out.append((byte) '\n');
        }
        return out.toBytes();
    }

    /**
     * The texts in the order libtraceevent registers them (null ones skipped), each ended by a NUL here.
     * One text (a trace's own) is read in place; the table holds the addresses, where each name lies in
     * the text and how long it is, nothing more (it is built at every start: megabytes of kallsyms).
     */
    private static TraceCmdNamer parse(boolean modules, ByteBuffer... texts) {
        int total = 0;
        int given = 0;
        ByteBuffer only = null;
        for (ByteBuffer t : texts) {
            if (t != null) {
                total += t.remaining() + 1;
                given++;
                only = t;
            }
        }
        byte[] kallsyms;
        int[] starts = new int[texts.length];
        int[] ends = new int[texts.length];
        if (given <= 1) { // the usual case: the trace's own text, read in place
            kallsyms = only == null ? new byte[0] : only.array();
            int from = only == null ? 0 : only.arrayOffset() + only.position();
            starts[0] = from;
            ends[0] = only == null ? 0 : from + only.remaining();
        } else {
            kallsyms = new byte[total];
            int at = 0;
            for (int k = 0; k < texts.length; k++) {
                starts[k] = at;
                if (texts[k] != null) {
                    texts[k].duplicate().get(kallsyms, at, texts[k].remaining());
                    at += texts[k].remaining() + 1; // the NUL between: each text ends as its C string
                }
                ends[k] = at;
            }
        }
        long[] a = new long[Math.max(16, total / 32)];
        int[] from = new int[a.length];
        int[] to = new int[a.length];
        int[] mFrom = modules ? new int[a.length] : null;
        int[] mTo = modules ? new int[a.length] : null;
        int count = 0;
        long min = -1L; // unsigned, over the symbols kept
        long max = 0;
        Scan scan = new Scan();
        byte[] hex = Scan.HEX;
        byte[] stop = Scan.STOP;
        // One loop does it all, min and max included: a loop of its own runs ~60,000 times in the
        // interpreter before C1 compiles it, a fifth of this table's time in a fresh JVM.
        for (int k = 0; k < texts.length; k++) {
            int n = ends[k];
            int i = starts[k];
            while (i < n) {
                byte c = kallsyms[i];
                if (c == '\n') {
                    i++;
                    continue;
                }
                if (c == 0) {
                    break; // end of the C string
                }
                long address;
                byte type;
                int name;
                int nameEnd;
                int end;
                // the usual line, "%016lx T name": read in one pass; anything else as sscanf would
                int bad = i + 19 < n ? 0 : -1;
                long v = 0;
                for (int d = 0; d < 16 && bad == 0; d++) {
                    int h = hex[kallsyms[i + d] & 0xff];
                    bad |= h;
                    v = v << 4 | h;
                }
                if (bad == 0 && kallsyms[i + 16] == ' ' && kallsyms[i + 18] == ' '
                        && stop[kallsyms[i + 17] & 0xff] == 0 && stop[kallsyms[i + 19] & 0xff] == 0) {
                    address = v;
                    type = kallsyms[i + 17];
                    name = i + 19;
                    nameEnd = name + 1;
                    while (nameEnd < n && stop[kallsyms[nameEnd] & 0xff] == 0) {
                        nameEnd++;
                    }
                    end = nameEnd;
                    while (end < n && kallsyms[end] != '\n' && kallsyms[end] != 0) {
                        end++;
                    }
                } else {
                    end = i;
                    while (end < n && kallsyms[end] != '\n' && kallsyms[end] != 0) {
                        end++;
                    }
                    if (!scan.line(kallsyms, i, end)) {
                        break; // libtraceevent gives up on the rest
                    }
                    address = scan.address;
                    type = scan.type;
                    name = scan.nameFrom;
                    nameEnd = scan.nameTo;
                }
                if (kallsyms[name] != '$' && type != 'A' && type != 'a') {
                    if (count == a.length) {
                        a = Arrays.copyOf(a, count * 2);
                        from = Arrays.copyOf(from, count * 2);
                        to = Arrays.copyOf(to, count * 2);
                        if (modules) {
                            mFrom = Arrays.copyOf(mFrom, count * 2);
                            mTo = Arrays.copyOf(mTo, count * 2);
                        }
                    }
                    a[count] = address;
                    from[count] = name;
                    to[count] = nameEnd;
                    if (modules) {
                        scan.nameTo = nameEnd;
                        scan.module(kallsyms, end);
                        mFrom[count] = scan.modFrom;
                        mTo[count] = scan.modTo;
                    }
                    if (Long.compareUnsigned(address, min) < 0) {
                        min = address;
                    }
                    if (Long.compareUnsigned(address, max) > 0) {
                        max = address;
                    }
                    count++;
                }
                if (end < n && kallsyms[end] == 0) {
                    break;
                }
                i = end + 1;
            }
        }
        if (count == 0) {
            min = 0;
        }

        // libtraceevent's order; where the addresses allow it, sorted in place as keys (no index array)
        int bits = keyBits(max - min, count);
        int[] order = bits < 0 ? mergeOrder(a, count) : null;
        long[] addr = order == null ? a : new long[count];
        long top = (1L << Math.max(bits, 0)) - 1;
        if (order == null) {
            // the keys of sortAsKeys, made here rather than in a loop of their own (see above)
            for (int k = 0; k < count; k++) {
                a[k] = (a[k] - min) << bits | (top - k);
            }
            // ... and sorted here, digit by digit, rather than by Arrays.sort, whose code a fresh JVM runs in
            // the interpreter (called once: 7-16 ms on 116 k symbols, against 2 ms compiled); these loops run
            // in this method's compiled code. The keys are distinct (each holds its index): any sort gives
            // the same order.
            int keyBits = 64 - Long.numberOfLeadingZeros((max - min) << bits | top);
            int[] place = new int[1 << RADIX_BITS];
            long[] in = a;
            long[] out = new long[count];
            for (int shift = 0; shift < keyBits; shift += RADIX_BITS) {
                for (int d = 0; d < place.length; d++) {
                    place[d] = 0;
                }
                for (int k = 0; k < count; k++) {
                    place[(int) (in[k] >>> shift) & RADIX_MASK]++;
                }
                int at = 0;
                for (int d = 0; d < place.length; d++) {
                    int n = place[d];
                    place[d] = at;
                    at += n;
                }
                for (int k = 0; k < count; k++) {
                    long key = in[k];
                    out[place[(int) (key >>> shift) & RADIX_MASK]++] = key;
                }
                long[] t = in;
                in = out;
                out = t;
            }
            if (in != a) {
                System.arraycopy(in, 0, a, 0, count);
            }
        }
        int[] nameFrom = new int[count];
        int[] nameLength = new int[count];
        int[] modFrom = modules ? new int[count] : null;
        int[] modLength = modules ? new int[count] : null;
        for (int k = 0; k < count; k++) {
            int src;
            if (order == null) {
                src = (int) (top - (a[k] & top));
                addr[k] = min + (a[k] >>> bits);
            } else {
                src = order[k];
                addr[k] = a[src];
            }
            nameFrom[k] = from[src];
            nameLength[k] = to[src] - from[src];
            if (modules) {
                modFrom[k] = mFrom[src];
                modLength[k] = mTo[src] < 0 ? -1 : mTo[src] - mFrom[src];
            }
        }
        return new TraceCmdNamer(addr, count, kallsyms, given <= 1 ? ends[0] : total, nameFrom, nameLength, modFrom, modLength);
    }

    /** The smallest of {@code a[0..count)}, unsigned (0 for none). */
    private static long minUnsigned(long[] a, int count) {
        long min = count == 0 ? 0 : a[0];
        for (int k = 1; k < count; k++) {
            if (Long.compareUnsigned(a[k], min) < 0) {
                min = a[k];
            }
        }
        return min;
    }

    /**
     * The bits an index takes in {@link #sortAsKeys}' keys, or -1 when the addresses span too many bits
     * for address and index to share a {@code long} (every kernel's fit: its text and modules lie within
     * a few GB).
     */
    private static int keyBits(long[] a, int count, long min) {
        long span = 0;
        for (int k = 0; k < count; k++) {
            if (Long.compareUnsigned(a[k] - min, span) > 0) {
                span = a[k] - min;
            }
        }
        return keyBits(span, count);
    }

    /** {@link #keyBits(long[], int, long)} of addresses that span {@code span} (unsigned: largest less smallest). */
    private static int keyBits(long span, int count) {
        int indexBits = 32 - Integer.numberOfLeadingZeros(count);
        return Long.compareUnsigned(span, (1L << (63 - indexBits)) - 1) <= 0 ? indexBits : -1;
    }

    /**
     * Replaces {@code a[0..count)} by keys {@code (a[k] - min) << bits | (top - k)} and sorts them: a
     * primitive sort, which finds kallsyms' long sorted runs, gives libtraceevent's order (its list is
     * built by prepending, then stably sorted by address: among equal addresses the later line first).
     */
    private static void sortAsKeys(long[] a, int count, long min, int bits) {
        long top = (1L << bits) - 1;
        for (int k = 0; k < count; k++) {
            a[k] = (a[k] - min) << bits | (top - k);
        }
        Arrays.sort(a, 0, count);
    }

    /** The symbols' indices in libtraceevent's order (see {@link #sortAsKeys}; else {@link #mergeOrder}). */
    static int[] sortedOrder(long[] a, int count) {
        long min = minUnsigned(a, count);
        int bits = keyBits(a, count, min);
        if (bits < 0) {
            return mergeOrder(a, count);
        }
        long[] keys = Arrays.copyOf(a, count);
        sortAsKeys(keys, count, min, bits);
        long top = (1L << bits) - 1;
        int[] order = new int[count];
        for (int k = 0; k < count; k++) {
            order[k] = (int) (top - (keys[k] & top));
        }
        return order;
    }

    /** {@link #sortedOrder} for any addresses: the list newest first, then a stable merge sort by address. */
    static int[] mergeOrder(long[] a, int count) {
        int[] order = new int[count];
        for (int k = 0; k < count; k++) {
            order[k] = count - 1 - k;
        }
        return stableSortByAddress(order, a);
    }

    /** Merge sort of symbol indices by unsigned address, keeping the given order among equal addresses. */
    private static int[] stableSortByAddress(int[] order, long[] keys) {
        int n = order.length;
        int[] src = order;
        int[] dst = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    if (Long.compareUnsigned(keys[src[j]], keys[src[i]]) < 0) {
                        dst[k++] = src[j++];
                    } else {
                        dst[k++] = src[i++];
                    }
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }

    /** One {@code sscanf(line, "%16llx %c %n%*s%n%*1[\t][%n%*s%n", ...)} as glibc does it. */
    private static final class Scan {
        long address;
        byte type;
        int nameFrom;
        int nameTo;
        /** After {@link #module}: the module text, or {@code modTo} -1 when the line has none. */
        int modFrom;
        int modTo;

        /**
         * The {@code %*1[\t][%n%*s%n} rest of the line after the name: a tab, '[', then a word
         * (whitespace before it skipped) whose last character (the ']') is cut off.
         */
        void module(byte[] t, int end) {
            modTo = -1;
            int p = nameTo;
            if (p + 1 >= end || t[p] != '\t' || t[p + 1] != '[') {
                return;
            }
            p += 2;
            modFrom = p;
            while (p < end && space(t[p])) {
                p++;
            }
            int word = p;
            while (p < end && !space(t[p])) {
                p++;
            }
            if (p > word) {
                modTo = p - 1;
            }
        }

        private static boolean space(byte b) {
            return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == 0x0c || b == '\r';
        }

        /** Hex digit values by byte, -1 for others: one load instead of three range tests per digit. */
        static final byte[] HEX = new byte[256];

        static {
            Arrays.fill(HEX, (byte) -1);
            for (int d = 0; d < 16; d++) {
                HEX["0123456789abcdef".charAt(d)] = (byte) d;
                HEX["0123456789ABCDEF".charAt(d)] = (byte) d;
            }
        }

        /** 1 for the bytes that end a name: whitespace as sscanf's {@code %s} sees it, and NUL (the text's end). */
        static final byte[] STOP = new byte[256];

        static {
            for (char b : new char[] {' ', '\t', '\n', 0x0b, 0x0c, '\r', 0}) {
                STOP[b] = 1;
            }
        }

        private static int hex(byte b) {
            return HEX[b & 0xff];
        }

        /** False when libtraceevent would stop reading: no address, type or name. */
        boolean line(byte[] t, int from, int end) {
            int p = from;
            while (p < end && space(t[p])) {
                p++;
            }
            int width = 16;
            if (p + 1 < end && t[p] == '0' && (t[p + 1] == 'x' || t[p + 1] == 'X') && p + 2 < end && hex(t[p + 2]) >= 0) {
                p += 2; // the prefix counts toward the field width
                width -= 2;
            }
            int digits = 0;
            long v = 0;
            int h;
            while (p < end && digits < width && (h = hex(t[p])) >= 0) {
                v = (v << 4) | h;
                p++;
                digits++;
            }
            if (digits == 0) {
                return false;
            }
            address = v;
            while (p < end && space(t[p])) {
                p++;
            }
            if (p >= end) {
                return false;
            }
            type = t[p++];
            while (p < end && space(t[p])) {
                p++;
            }
            nameFrom = p;
            while (p < end && !space(t[p])) {
                p++;
            }
            nameTo = p;
            return nameTo > nameFrom;
        }
    }

    /**
     * Interns name byte ranges, of the kallsyms texts of one report's traces: equal bytes, equal key (the
     * function plugin's indent compares names, across the traces too).
     */
    private static final class NameKeys {
        private int[] slotText = new int[1024];
        private int[] slotFrom = new int[1024];
        private int[] slotLength = new int[1024];
        private int[] slotKey = new int[1024];
        private int size;
        private byte[][] texts = new byte[1][];
        private int textCount;

        int key(byte[] t, int from, int length) {
            int h = hash(t, from, length);
            int mask = slotKey.length - 1;
            for (int s = (h ^ (h >>> 16)) & mask; ; s = (s + 1) & mask) {
                if (slotLength[s] == 0) {
                    slotText[s] = textIndex(t);
                    slotFrom[s] = from;
                    slotLength[s] = length;
                    slotKey[s] = size++;
                    int key = slotKey[s];
                    if (size * 2 > slotKey.length) {
                        grow();
                    }
                    return key;
                }
                if (slotLength[s] == length
                        && Arrays.equals(texts[slotText[s]], slotFrom[s], slotFrom[s] + length, t, from, from + length)) {
                    return slotKey[s];
                }
            }
        }

        private int textIndex(byte[] t) {
            for (int i = 0; i < textCount; i++) {
                if (texts[i] == t) {
                    return i;
                }
            }
            if (textCount == texts.length) {
                texts = Arrays.copyOf(texts, textCount * 2);
            }
            texts[textCount] = t;
            return textCount++;
        }

        private static int hash(byte[] t, int from, int length) {
            int h = 1;
            for (int i = from; i < from + length; i++) {
                h = 31 * h + t[i];
            }
            return h;
        }

        private void grow() {
            int[] x = slotText;
            int[] f = slotFrom;
            int[] l = slotLength;
            int[] k = slotKey;
            slotText = new int[f.length * 2];
            slotFrom = new int[f.length * 2];
            slotLength = new int[f.length * 2];
            slotKey = new int[f.length * 2];
            int mask = slotKey.length - 1;
            for (int i = 0; i < f.length; i++) {
                if (l[i] == 0) {
                    continue;
                }
                int h = hash(texts[x[i]], f[i], l[i]);
                int s = (h ^ (h >>> 16)) & mask;
                while (slotLength[s] != 0) {
                    s = (s + 1) & mask;
                }
                slotText[s] = x[i];
                slotFrom[s] = f[i];
                slotLength[s] = l[i];
                slotKey[s] = k[i];
            }
        }
    }

    /** Number of symbols kept. */
    public int size() {
        return count;
    }

    @Override
    public int find(long ts, long a) {
        int slot = (int) ((a ^ (a >>> 17) ^ (a >>> 31)) & ((1 << CACHE_BITS) - 1));
        if (cacheSym[slot] != EMPTY && cacheAddr[slot] == a) {
            return cacheSym[slot];
        }
        int sym = search(a);
        cacheAddr[slot] = a;
        cacheSym[slot] = sym;
        return sym;
    }

    /** glibc bsearch with libtraceevent's func_bcmp; the element after the last one has address 0. */
    private int search(long key) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int idx = (lo + hi) >>> 1;
            long start = addr[idx];
            long next = idx + 1 < count ? addr[idx + 1] : 0L;
            if (key == start || (Long.compareUnsigned(key, start) > 0 && Long.compareUnsigned(key, next) < 0)) {
                return idx;
            }
            if (Long.compareUnsigned(key, start) < 0) {
                hi = idx;
            } else {
                lo = idx + 1;
            }
        }
        return NONE;
    }

    /** trace-cmd has one table for the whole trace. */
    @Override
    public Object stateAt(long ts) {
        return this;
    }

    /** The same table (shared, it never changes) with a cache and name keys of its own. */
    @Override
    public ReportNamer forAnotherThread() {
        return new TraceCmdNamer(addr, count, text, textEnd, nameFrom, nameLength, modFrom, modLength);
    }

    @Override
    public int nameKey(int symbol) {
        int[] known = nameKey;
        int k = known == null ? -1 : known[symbol];
        return k >= 0 ? k : newNameKey(symbol);
    }

    /**
     * Gives this namer the name keys of {@code other}, before either gives out one: the traces of one report
     * ({@code -i A -i B}), whose function-plugin indent libtraceevent keeps by name for all of them.
     */
    public void shareNameKeys(TraceCmdNamer other) {
        if (other.keys == null) {
            other.keys = new NameKeys();
        }
        keys = other.keys;
    }

    /** First use of a symbol's name: intern it (kept apart from the hot path). */
    private int newNameKey(int symbol) {
        if (keys == null) {
            keys = new NameKeys();
        }
        if (nameKey == null) {
            nameKey = new int[count];
            Arrays.fill(nameKey, -1);
        }
        return nameKey[symbol] = keys.key(text, nameFrom[symbol], nameLength[symbol]);
    }

    /**
     * libtraceevent's {@code test_for_symbol}: an identifier left in a print fmt (e.g. {@code vmemmap_base})
     * is the address of the first symbol of that name in its address-sorted table, 0 when none is called so.
     * Asked once per identifier of a print fmt, so a plain scan.
     */
    @Override
    public long addressOf(String name) {
        byte[] want = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (int i = 0; i < count; i++) {
            if (nameLength[i] == want.length
                    && Arrays.equals(text, nameFrom[i], nameFrom[i] + want.length, want, 0, want.length)) {
                return addr[i];
            }
        }
        return 0;
    }

    @Override
    public long start(int symbol) {
        return addr[symbol];
    }

    @Override
    public void append(dev.tracesym.formats.event.ByteText out, int symbol, long a, int style) {
        out.append(text, nameFrom[symbol], nameLength[symbol]);
        if (style == NAME_OFFSET) {
            out.append("+0x");
            out.appendHex(a - addr[symbol]);
        }
    }

    /** The name and module of each symbol, made on first use (for filters that compare names). */
    private String[] names;
    private String[] modules;
    private static final String CORE = "";

    /**
     * The symbol's name, as trace-cmd names {@code a}, and the module of its kallsyms line
     * ({@code name\t[module]}); no offset or size (trace-cmd prints none).
     */
    @Override
    public boolean resolve(long ts, long a, ResolvedSymbol out) {
        out.clear();
        int sym = find(ts, a);
        if (sym == NONE) {
            out.unknown = "no-symbols";
            return false;
        }
        out.name = functionName(sym);
        out.offset = a - addr[sym];
        out.module = moduleName(sym);
        return true;
    }

    @Override
    public String functionName(int sym) {
        if (names == null) {
            names = new String[count];
        }
        String name = names[sym];
        if (name == null) {
            name = names[sym] = new String(text, nameFrom[sym], nameLength[sym], StandardCharsets.ISO_8859_1);
        }
        return name;
    }

    /** The {@code [module]} of the symbol's kallsyms line ({@code name\t[module]}), or null. */
    @Override
    public String moduleName(int sym) {
        if (modules == null) {
            modules = new String[count];
        }
        String module = modules[sym];
        if (module == null) {
            String m = moduleOf(sym);
            module = modules[sym] = m == null ? CORE : m;
        }
        return module == CORE ? null : module;
    }

    /** The {@code [module]} after the name on the symbol's kallsyms line, or null. */
    private String moduleOf(int sym) {
        int i = nameFrom[sym] + nameLength[sym];
        while (i < textEnd && (text[i] == ' ' || text[i] == '\t')) {
            i++;
        }
        if (i >= textEnd || text[i] != '[') {
            return null;
        }
        int end = i + 1;
        while (end < textEnd && text[end] != ']' && text[end] != '\n') {
            end++;
        }
        return end < textEnd && text[end] == ']' ? new String(text, i + 1, end - i - 1, StandardCharsets.ISO_8859_1) : null;
    }

    @Override
    public boolean append(StringBuilder out, long ts, long a, int style) {
        int sym = find(ts, a);
        if (sym == NONE) {
            return false;
        }
        for (int i = nameFrom[sym], end = i + nameLength[sym]; i < end; i++) {
            out.append((char) (text[i] & 0xff));
        }
        if (style == NAME_OFFSET) {
            out.append("+0x").append(Long.toHexString(a - addr[sym]));
        }
        return true;
    }
}
