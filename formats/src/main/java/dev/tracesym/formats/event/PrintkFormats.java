package dev.tracesym.formats.event;

import java.util.Arrays;

/**
 * The kernel's {@code printk_formats} table: constant strings (trace_printk formats, tracepoint
 * string constants) by address, used by bprint/bputs and by {@code %s} of a pointer field.
 */
public final class PrintkFormats {
    /** An empty table. */
    public static final PrintkFormats EMPTY = new PrintkFormats(new long[0], new String[0]);

    private final long[] addrs;
    private final String[] strings;
    /** The strings as bytes, one per char (what the renderer copies). */
    private final byte[][] bytes;

    private PrintkFormats(long[] addrs, String[] strings) {
        this.addrs = addrs;
        this.strings = strings;
        this.bytes = new byte[strings.length][];
        for (int i = 0; i < strings.length; i++) bytes[i] = Segment.latin1(strings[i]);
    }

    /**
     * Parses {@code printk_formats} text: lines {@code 0xffffffffc03d8040 : "fmt\n"}. As trace-cmd
     * does, the text after {@code ": "} loses one leading and one trailing double quote and then, if there was a closing quote, a
     * trailing two-character {@code \n}; escapes stay as written.
     */
    public static PrintkFormats parse(String text) {
        PrintkFormats all = inFileOrder(text);
        long[] a = all.addrs;
        String[] s = all.strings;
        int n = a.length;
        // sort by address keeping the last of equal addresses
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(a[x], a[y]));
        long[] sa = new long[n];
        String[] ss = new String[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (m > 0 && sa[m - 1] == a[k]) {
                ss[m - 1] = s[k];
                continue;
            }
            sa[m] = a[k];
            ss[m] = s[k];
            m++;
        }
        return new PrintkFormats(Arrays.copyOf(sa, m), Arrays.copyOf(ss, m));
    }

    /**
     * Every entry of {@code printk_formats} text in the order libtraceevent lists them
     * ({@code tep_print_printk}, what {@code trace-cmd report -P} prints): by address, entries of one
     * address last-read first (its list is built by prepending, then merge-sorted). Read with
     * {@link #address(int)} and {@link #string(int)}; {@link #at} is not meant for this table.
     */
    public static PrintkFormats listed(String text) {
        PrintkFormats all = inFileOrder(text);
        int n = all.addrs.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = n - 1 - i;
        Arrays.sort(order, (x, y) -> Long.compareUnsigned(all.addrs[x], all.addrs[y])); // stable
        long[] sa = new long[n];
        String[] ss = new String[n];
        for (int i = 0; i < n; i++) {
            sa[i] = all.addrs[order[i]];
            ss[i] = all.strings[order[i]];
        }
        return new PrintkFormats(sa, ss);
    }

    private static PrintkFormats inFileOrder(String text) {
        long[] a = new long[16];
        String[] s = new String[16];
        int n = 0;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) eol = len;
            if (eol > pos) {
                int colon = text.indexOf(':', pos);
                if (colon < 0 || colon >= eol) {
                    // strtok leaves the whole line as the address and no text after it: nothing to register
                    pos = eol + 1;
                    continue;
                }
                long addr = parseHexPrefix(text, pos, colon);
                String fmt = text.substring(Math.min(colon + 2, eol), eol);
                if (fmt.startsWith("\"")) fmt = fmt.substring(1);
                // a trailing \n goes only together with a closing quote
                if (fmt.endsWith("\"")) {
                    fmt = fmt.substring(0, fmt.length() - 1);
                    if (fmt.endsWith("\\n")) fmt = fmt.substring(0, fmt.length() - 2);
                }
                if (n == a.length) {
                    a = Arrays.copyOf(a, n * 2);
                    s = Arrays.copyOf(s, n * 2);
                }
                a[n] = addr;
                s[n] = fmt;
                n++;
            }
            pos = eol + 1;
        }
        return new PrintkFormats(Arrays.copyOf(a, n), Arrays.copyOf(s, n));
    }

    /** strtoull(s, NULL, 16) over text[from, to): optional spaces, optional 0x, hex digits. */
    private static long parseHexPrefix(String text, int from, int to) {
        int i = from;
        while (i < to && Lexer.isSpace(text.charAt(i))) i++;
        if (i + 1 < to && text.charAt(i) == '0' && (text.charAt(i + 1) == 'x' || text.charAt(i + 1) == 'X')) i += 2;
        long v = 0;
        for (; i < to; i++) {
            int d = Character.digit(text.charAt(i), 16);
            if (d < 0) break;
            v = (v << 4) | d;
        }
        return v;
    }

    /** The string at this address; null when absent. */
    public String at(long address) {
        int i = indexOf(address);
        return i < 0 ? null : strings[i];
    }

    /** {@link #at} as bytes, one per char; null when absent. */
    byte[] bytesAt(long address) {
        int i = indexOf(address);
        return i < 0 ? null : bytes[i];
    }

    private int indexOf(long address) {
        int lo = 0, hi = addrs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(addrs[mid], address);
            if (c == 0) return mid;
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /** Number of entries. */
    public int size() {
        return addrs.length;
    }

    /** Address of entry {@code i} (entries are in address order). */
    public long address(int i) {
        return addrs[i];
    }

    /** String of entry {@code i}. */
    public String string(int i) {
        return strings[i];
    }
}
