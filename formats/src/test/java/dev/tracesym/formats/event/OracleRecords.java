package dev.tracesym.formats.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic synthetic records for every event format of a real trace, used to compare our
 * rendering with libtraceevent's own (see {@code LibtraceeventOracle}). Field values are drawn from
 * what matters to printing: zero, small and negative numbers, full-width values, kernel symbol
 * addresses (exact and inside functions), printk string addresses, valid and empty strings.
 */
final class OracleRecords {
    private final Random rnd;
    private final long[] symbols;
    private final long[] printkAddrs;

    OracleRecords(long seed, long[] symbols, long[] printkAddrs) {
        this.rnd = new Random(seed);
        this.symbols = symbols;
        this.printkAddrs = printkAddrs;
    }

    /** {@code count} payloads for event {@code f}. */
    List<byte[]> records(EventFormat f, int count) {
        List<byte[]> out = new ArrayList<>();
        boolean bprint = f.system.equals("ftrace") && f.name.equals("bprint");
        // bprint decodes a different format per record: give it many, each with a real printk format
        for (int i = 0; i < (bprint ? count * 20 : count); i++) out.add(bprint ? bprint(f, i, -1) : record(f, i));
        return out;
    }

    /**
     * A bprint record: a printk_formats address ({@code fmtAddr}, or a random one when -1) and a
     * buffer of the kinds of words vbin_printf stores (ints, longs, strings); random length unless
     * a format is given.
     */
    byte[] bprint(EventFormat f, int variant, long fmtAddr) {
        FieldFormat ip = f.field("ip"), fmt = f.field("fmt"), buf = f.field("buf");
        byte[] b = new byte[buf.offset + 96];
        put(b, 0, 2, f.id);
        put(b, ip.offset, 8, symbols.length == 0 ? 0 : symbols[rnd.nextInt(symbols.length)] + rnd.nextInt(32));
        put(b, fmt.offset, 8, fmtAddr != -1 ? fmtAddr
                : printkAddrs.length == 0 ? 0 : printkAddrs[rnd.nextInt(printkAddrs.length)]);
        int p = buf.offset;
        while (p + 8 <= b.length) {
            switch (rnd.nextInt(4)) {
                case 0:
                    put(b, p, 4, number(4, variant));
                    p += 4;
                    break;
                case 1:
                    put(b, p, 8, number(8, variant));
                    p += 8;
                    break;
                default: {
                    int n = text(b, p, Math.min(12, b.length - p - 1), variant % 7 == 3);
                    p = (p + n + 3) & ~3;
                }
            }
        }
        // records end at a random point of the buffer, as short trace_printk()s do
        return fmtAddr != -1 ? b : java.util.Arrays.copyOf(b, buf.offset + 4 * rnd.nextInt(25));
    }

    private byte[] record(EventFormat f, int variant) {
        int end = 8;
        for (FieldFormat x : f.fields) end = Math.max(end, x.offset + x.size);
        int dynStart = (end + 3) & ~3;
        byte[] b = new byte[dynStart + 160];
        int dyn = dynStart;
        put(b, 0, 2, f.id);
        put(b, 2, 1, rnd.nextInt(256));
        put(b, 3, 1, rnd.nextInt(8));
        put(b, 4, 4, rnd.nextInt(5000));
        for (FieldFormat x : f.fields) {
            if (x.dynamic) {
                int len;
                if (x.string || x.type.contains("char")) {
                    len = variant == 1 ? 0 : text(b, dyn, 1 + rnd.nextInt(24), variant == 3) ;
                } else {
                    len = variant == 1 ? 0 : 4 * (1 + rnd.nextInt(6));
                    for (int k = 0; k < len; k++) b[dyn + k] = (byte) rnd.nextInt(256);
                }
                int off = x.relative ? dyn - (x.offset + x.size) : dyn;
                if (x.size == 4) put(b, x.offset, 4, ((long) len << 16) | off);
                else if (x.size == 2) put(b, x.offset, 2, off);
                dyn += (len + 4) & ~3;
            } else if (x.array) {
                int n = x.size == 0 ? 32 : x.size;
                if (x.size == 0) {
                    // "[]" at the end of the record: fill what follows
                    if (x.string) text(b, x.offset, 20, variant == 3);
                    else for (int k = 0; k < n && x.offset + k < b.length; k++) b[x.offset + k] = (byte) rnd.nextInt(256);
                } else if (x.string) {
                    text(b, x.offset, n - 1, variant == 3);
                } else if (x.elementSize == 8) {
                    for (int k = 0; k + 8 <= n; k += 8) put(b, x.offset + k, 8, number(8, variant + k));
                } else {
                    for (int k = 0; k < n; k++) b[x.offset + k] = (byte) rnd.nextInt(256);
                }
            } else {
                put(b, x.offset, Math.min(x.size, 8), number(x.size, variant));
            }
        }
        int size = Math.max(dyn, dynStart);
        byte[] r = new byte[(size + 3) & ~3];
        System.arraycopy(b, 0, r, 0, r.length);
        return r;
    }

    private long number(int size, int variant) {
        switch ((variant + rnd.nextInt(3)) % 9) {
            case 0: return 0;
            case 1: return rnd.nextInt(10);
            case 2: return -1 - rnd.nextInt(100);
            case 3: return rnd.nextLong();
            case 4: return rnd.nextInt();
            case 5: return symbols.length == 0 ? 1 : symbols[rnd.nextInt(symbols.length)] + (rnd.nextBoolean() ? 0 : rnd.nextInt(64));
            case 6: return printkAddrs.length == 0 ? 2 : printkAddrs[rnd.nextInt(printkAddrs.length)];
            case 7: return 1L << rnd.nextInt(size * 8);
            default: return rnd.nextInt(1 << 16);
        }
    }

    /** A NUL-terminated string at {@code at} of up to {@code max} characters; returns its size with the NUL. */
    private int text(byte[] b, int at, int max, boolean odd) {
        int len = max <= 0 ? 0 : rnd.nextInt(max + 1);
        for (int k = 0; k < len && at + k < b.length; k++) {
            b[at + k] = (byte) (odd && k == len / 2 ? 1 + rnd.nextInt(31) : 32 + rnd.nextInt(95));
        }
        if (at + len < b.length) b[at + len] = 0;
        return len + 1;
    }

    private static void put(byte[] b, int off, int size, long v) {
        for (int i = 0; i < size && off + i < b.length; i++) b[off + i] = (byte) (v >>> (8 * i));
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder(b.length * 2);
        for (byte x : b) Printf.hex2(s, x & 0xff);
        return s.toString();
    }

    static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    /** The escaping the oracle uses for its output lines. */
    static String escape(CharSequence s) {
        StringBuilder o = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') o.append("\\\\");
            else if (c == '\n') o.append("\\n");
            else if (c < 0x20 || c >= 0x7f) {
                o.append("\\x");
                Printf.hex2(o, c & 0xff);
            } else o.append(c);
        }
        return o.toString();
    }
}
