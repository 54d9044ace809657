package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.event.SymbolNamer;

/**
 * Assembles the bytes of a {@link RenderBatch}: the raw bytes the render thread wrote, and the lines it
 * left as pieces. Nothing here depends on other records, so batches can be assembled on several threads
 * at once; one instance per thread (it caches the seconds of the last timestamp).
 */
final class BatchFormatter {
    private static final long NS_PER_S = 1_000_000_000L;
    /** The longest time column: 20 digits of seconds, the point, 9 digits. */
    private static final int TIME_MAX = 32;
    private static final int HEX_MAX = 2 + 16;

    private final boolean microseconds;
    private final boolean nsTimestamps;
    /** Renders GENERIC lines: this thread's own printer (null: the render thread plans none). */
    private final EventPrinter printer;
    private final RawEvent record = new RawEvent();

    // the seconds of the last timestamp: ns of its start, and "%5llu." of it
    private long secondStart = Long.MIN_VALUE;
    private long seconds = -1;
    private byte[] secondsBytes;

    BatchFormatter(boolean microseconds, boolean nsTimestamps, EventPrinter printer) {
        this.microseconds = microseconds;
        this.nsTimestamps = nsTimestamps;
        this.printer = printer;
    }

    /** Fills {@code b.out} with the batch's bytes. */
    void format(RenderBatch b) {
        LineBuffer out = b.out;
        LineBuffer raw = b.raw;
        int prev = 0;
        int n = b.count;
        for (int r = 0; r < n; r++) {
            int end = b.rawEnd[r];
            if (end > prev) {
                out.append(raw, prev, end);
                prev = end;
            }
            byte op = b.op[r];
            if (op == RenderBatch.FUNCTION) {
                function(b, r, out);
            } else if (op == RenderBatch.FUNCTION_RAW) {
                functionRaw(b, r, out);
            } else if (op >= RenderBatch.GENERIC) {
                generic(b, r, out, op == RenderBatch.CALL_SITE_GENERIC);
            }
        }
        if (raw.length() > prev) { // bytes after the last record: a record cut short by an input error
            out.append(raw, prev, raw.length());
        }
    }

    /** {@code head [cpu] time: name-column}, then the indent and the name (or 0x + hex). */
    private void function(RenderBatch b, int r, LineBuffer out) {
        byte[] name = b.name1[r];
        int indent = b.indent[r] * 3;
        int p = out.length();
        byte[] a = out.room(lineStartMax(b, r) + indent + (name != null ? name.length : HEX_MAX) + 1);
        p = lineStart(b, r, a, p);
        if (indent > 0) {
            p = spaces(a, p, indent);
        }
        p = name != null ? put(a, p, name) : putAddress(a, p, b.addr1[r]);
        endLine(out, a, p);
    }

    /** -N: {@code " %ps <-- %ps"} of the two addresses. */
    private void functionRaw(RenderBatch b, int r, LineBuffer out) {
        byte[] n1 = b.name1[r];
        byte[] n2 = b.name2[r];
        int p = out.length();
        byte[] a = out.room(lineStartMax(b, r) + 6 + (n1 != null ? n1.length : HEX_MAX)
                + (n2 != null ? n2.length : HEX_MAX) + 1);
        p = lineStart(b, r, a, p);
        a[p++] = ' ';
        p = n1 != null ? put(a, p, n1) : putAddress(a, p, b.addr1[r]);
        a[p++] = ' ';
        a[p++] = '<';
        a[p++] = '-';
        a[p++] = '-';
        a[p++] = ' ';
        p = n2 != null ? put(a, p, n2) : putAddress(a, p, b.addr2[r]);
        endLine(out, a, p);
    }

    /**
     * The line of a record whose info is its print fmt, as ReportWriter writes it on the render thread:
     * trace-cmd drops a last newline of the line and prints it up to its first NUL byte.
     */
    private void generic(RenderBatch b, int r, LineBuffer out, boolean callSite) {
        RawEvent e = record;
        e.data = b.payload;
        e.offset = b.payloadStart[r];
        e.length = b.payloadLength[r];
        e.dataEnd = e.offset + b.payloadHeld[r];
        e.ts = b.ts[r];
        int p = out.length();
        byte[] a = out.room(lineStartMax(b, r) + 1);
        p = lineStart(b, r, a, p);
        out.commit(p);
        if (callSite) {
            out.append((byte) '(');
            if (printer.printSymbol(out, e.ts, b.addr1[r], SymbolNamer.NAME_OFFSET)) {
                out.append((byte) ')');
                out.append((byte) ' ');
                p = out.length();
            } else {
                out.setLength(p);
            }
        }
        int end;
        int nul = printer.printInfo(out, e, b.format[r]) ? out.indexOfNul(p) : -1;
        if (nul >= 0) {
            end = nul;
        } else {
            end = out.length();
            if (end > p && out.byteAt(end - 1) == '\n') {
                end--;
            }
        }
        out.setLength(end);
        out.append((byte) '\n');
    }

    /** A line ends with one newline: trace-cmd drops the info's own last one before adding it. */
    private static void endLine(LineBuffer out, byte[] a, int p) {
        if (a[p - 1] != '\n') {
            a[p++] = '\n';
        }
        out.commit(p);
    }

    private static int lineStartMax(RenderBatch b, int r) {
        return b.head[r].length + TIME_MAX + b.nameColumn[r].length;
    }

    /** comm-pid [cpu], the time and the name column. */
    private int lineStart(RenderBatch b, int r, byte[] a, int p) {
        p = put(a, p, b.head[r]);
        p = time(a, p, b.ts[r]);
        return put(a, p, b.nameColumn[r]);
    }

    private static int spaces(byte[] a, int p, int n) {
        while (n > LineBuffer.SPACES.length) {
            System.arraycopy(LineBuffer.SPACES, 0, a, p, LineBuffer.SPACES.length);
            p += LineBuffer.SPACES.length;
            n -= LineBuffer.SPACES.length;
        }
        System.arraycopy(LineBuffer.SPACES, 0, a, p, n);
        return p + n;
    }

    private static int put(byte[] a, int p, byte[] bytes) {
        System.arraycopy(bytes, 0, a, p, bytes.length);
        return p + bytes.length;
    }

    private static int putAddress(byte[] a, int p, long addr) {
        a[p++] = '0';
        a[p++] = 'x';
        return putHex(a, p, addr);
    }

    static int putHex(byte[] a, int p, long v) {
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) >> 2;
        int end = p + digits;
        do {
            a[--end] = LineBuffer.DIGITS[(int) (v & 15)];
            v >>>= 4;
        } while (v != 0);
        return p + digits;
    }

    /**
     * The time column as libtraceevent prints it: {@code %5llu.%06llu} of the rounded microseconds, with
     * -t {@code %5llu.%09llu} of the ns, a plain {@code %12llu} for clocks that do not count ns. Within
     * the second of the previous timestamp no 64-bit division is needed.
     */
    private int time(byte[] a, int p, long ts) {
        if (!microseconds) {
            return LineBuffer.putUnsigned(a, p, ts, 12, (byte) ' ');
        }
        long rel = ts - secondStart;
        int fraction;
        if (nsTimestamps) {
            if (rel >= 0 && rel < NS_PER_S) {
                fraction = (int) rel;
            } else {
                long s = Long.divideUnsigned(ts, NS_PER_S);
                fraction = (int) (ts - s * NS_PER_S);
                newSeconds(s);
            }
        } else {
            if (rel >= 0 && rel < NS_PER_S - 500) { // the rounding stays within the second
                fraction = (int) (((rel + 500) * 274877907L) >>> 38); // (rel + 500) / 1000, below 2^32
            } else {
                long us = Long.divideUnsigned(ts + 500, 1000);
                long s = us / 1_000_000L;
                fraction = (int) (us - s * 1_000_000L);
                newSeconds(s);
            }
        }
        p = put(a, p, secondsBytes);
        return nsTimestamps ? LineBuffer.putFixedDigits(a, p, fraction, 9) : LineBuffer.putSixDigits(a, p, fraction);
    }

    private void newSeconds(long s) {
        if (s == seconds) {
            return;
        }
        seconds = s;
        // the fast path needs the second's first ns as a positive long
        secondStart = Long.compareUnsigned(s, Long.MAX_VALUE / NS_PER_S) < 0 ? s * NS_PER_S : Long.MIN_VALUE;
        byte[] t = new byte[TIME_MAX];
        int n = LineBuffer.putUnsigned(t, 0, s, 5, (byte) ' ');
        t[n++] = '.';
        secondsBytes = java.util.Arrays.copyOf(t, n);
    }
}
