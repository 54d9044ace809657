package dev.tracesym.bench;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a large, valid trace-cmd v6 {@code .dat} by repeating the CPU pages of a real v6 trace
 * {@code N} times: every copy's page headers get their base timestamp raised by {@code k} times the
 * trace's time span (plus a millisecond), so time keeps rising and the file reads as one long
 * recording with N times the events. Everything before the CPU data (formats, kallsyms, options,
 * the trace clock) is copied unchanged; only the per-CPU (offset, size) table is rewritten.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.tracesym.bench.RepeatedTrace IN.v6.dat OUT.dat N}.
 * For the flat-memory check (bench/flat-memory.sh); the output is a scratch file, never committed.
 */
public final class RepeatedTrace {
    private static final byte[] MAGIC = {0x17, 0x08, 0x44, 't', 'r', 'a', 'c', 'i', 'n', 'g'};
    /** Clocks whose page timestamps count nanoseconds, so that a span measured in ns can be added to them. */
    private static final Set<String> NS_CLOCKS = Set.of("local", "global", "uptime", "perf", "mono", "mono_raw", "boot", "tai");
    private static final int OPTION_BUFFER = 3;

    private final Path in;
    private final FileChannel ch;
    private final long fileSize;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private long pos;

    private RepeatedTrace(Path in, FileChannel ch) throws IOException {
        this.in = in;
        this.ch = ch;
        this.fileSize = ch.size();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: RepeatedTrace IN.v6.dat OUT.dat N   (IN: trace-cmd convert --file-version 6)");
            System.exit(2);
        }
        int n = Integer.parseInt(args[2]);
        if (n < 1) throw new IllegalArgumentException("N must be at least 1: " + n);
        long t0 = System.nanoTime();
        long written = write(Path.of(args[0]), Path.of(args[1]), n);
        System.err.printf(Locale.ROOT, "RepeatedTrace: %s x%d -> %s, %d bytes in %.1f s%n", args[0], n, args[1], written,
                (System.nanoTime() - t0) / 1e9);
    }

    /** Writes {@code out} as {@code n} copies of {@code in}'s CPU data; returns the output's size. */
    public static long write(Path in, Path out, int n) throws IOException {
        long shift = timeShift(in);
        try (FileChannel src = FileChannel.open(in, StandardOpenOption.READ);
             FileChannel dst = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            return new RepeatedTrace(in, src).copy(dst, n, shift);
        }
    }

    /** The raw-timestamp distance between copies: the trace's span plus a millisecond. */
    private static long timeShift(Path in) throws IOException {
        try (DatFile dat = DatFile.open(in)) {
            if (dat.fileVersion() != 6) {
                throw TraceFormatException.atOffset(in.toString(), 0, "file version " + dat.fileVersion()
                        + ", expected 6 (convert it first: trace-cmd convert --file-version 6)");
            }
            String clock = dat.traceClock();
            if (clock != null && !NS_CLOCKS.contains(clock)) {
                throw TraceFormatException.atOffset(in.toString(), 0, "trace clock " + clock + " does not count nanoseconds");
            }
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            RawEvent e = new RawEvent();
            while (dat.next(e)) {
                min = Math.min(min, e.ts);
                max = Math.max(max, e.ts);
            }
            if (min > max) throw TraceFormatException.atOffset(in.toString(), 0, "no events to repeat");
            return max - min + 1_000_000;
        }
    }

    private long copy(FileChannel dst, int n, long shift) throws IOException {
        // ---- walk the v6 header to the flyrecord per-CPU table (FORMATS.md 1.1, 1.2)
        byte[] magic = bytes(MAGIC.length);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic[i] != MAGIC[i]) throw fail(0, "the trace-cmd magic 17 08 44 'tracing'");
        }
        String version = cString();
        if (!version.equals("6")) throw fail(MAGIC.length, "file version 6, found '" + version + "'");
        order = u8() == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        u8(); // user-space long size
        int pageSize = (int) u32();
        if (pageSize < 64 || Integer.bitCount(pageSize) != 1) throw fail(pos - 4, "a power-of-two page size, found " + pageSize);
        expect("header_page\0");
        skip(u64());
        expect("header_event\0");
        skip(u64());
        long formats = u32();
        for (long i = 0; i < formats; i++) skip(u64());
        long systems = u32();
        for (long s = 0; s < systems; s++) {
            cString();
            long events = u32();
            for (long i = 0; i < events; i++) skip(u64());
        }
        skip(u32()); // kallsyms
        skip(u32()); // printk formats
        skip(u64()); // saved cmdlines
        int cpus = (int) u32();
        String tag = tag();
        if (tag.equals("options  ")) {
            for (;;) {
                long at = pos;
                int id = u16();
                if (id == 0) break;
                if (id == OPTION_BUFFER) throw fail(at, "a trace without buffer instances (their data offsets are not rewritten)");
                skip(u32());
            }
            tag = tag();
        }
        if (!tag.equals("flyrecord")) throw fail(pos - 10, "a flyrecord trace, found '" + tag + "'");
        long table = pos;
        long[] offset = new long[cpus];
        long[] size = new long[cpus];
        long firstData = fileSize;
        for (int c = 0; c < cpus; c++) {
            offset[c] = u64();
            size[c] = u64();
            if (offset[c] + size[c] > fileSize || offset[c] < 0 || size[c] < 0) {
                throw fail(table + 16L * c, "CPU " + c + " data inside the file");
            }
            if (size[c] % pageSize != 0) throw fail(table + 16L * c, "CPU " + c + " data of whole pages");
            if (size[c] > 0) firstData = Math.min(firstData, offset[c]);
        }
        long tableEnd = pos;
        if (firstData < tableEnd) throw fail(table, "CPU data after the CPU table");

        // ---- header and the (unchanged-length) rest of the metadata, then the new table
        transfer(0, table, dst, 0);
        ByteBuffer t = ByteBuffer.allocate(16 * cpus).order(order);
        long next = firstData;
        long[] newOffset = new long[cpus];
        for (int c = 0; c < cpus; c++) {
            newOffset[c] = size[c] == 0 ? 0 : next;
            t.putLong(newOffset[c]).putLong(size[c] * n);
            next += size[c] * n;
        }
        t.flip();
        writeFully(dst, t, table);
        transfer(tableEnd, firstData - tableEnd, dst, tableEnd);

        // ---- n copies of each CPU's pages, base timestamps raised copy by copy
        ByteBuffer buf = ByteBuffer.allocate(Math.max(pageSize, (1 << 20) / pageSize * pageSize)).order(order);
        for (int c = 0; c < cpus; c++) {
            long w = newOffset[c];
            for (int k = 0; k < n; k++) {
                long add = k * shift;
                for (long done = 0; done < size[c]; ) {
                    buf.clear();
                    buf.limit((int) Math.min(buf.capacity(), size[c] - done));
                    readFully(buf, offset[c] + done);
                    int len = buf.limit();
                    for (int p = 0; p < len; p += pageSize) buf.putLong(p, buf.getLong(p) + add);
                    writeFully(dst, buf, w);
                    w += len;
                    done += len;
                }
            }
        }
        return next;
    }

    // ---------------------------------------------------------------- reading the header

    private TraceFormatException fail(long at, String expected) {
        return TraceFormatException.atOffset(in.toString(), at, "expected " + expected);
    }

    private byte[] bytes(int n) throws IOException {
        if (n > fileSize - pos) throw fail(pos, n + " more bytes (the file ends)");
        ByteBuffer b = ByteBuffer.allocate(n);
        readFully(b, pos);
        pos += n;
        return b.array();
    }

    private ByteBuffer number(int n) throws IOException {
        return ByteBuffer.wrap(bytes(n)).order(order);
    }

    private int u8() throws IOException { return bytes(1)[0] & 0xff; }

    private int u16() throws IOException { return number(2).getShort() & 0xffff; }

    private long u32() throws IOException { return number(4).getInt() & 0xffffffffL; }

    private long u64() throws IOException {
        long v = number(8).getLong();
        if (v < 0) throw fail(pos - 8, "a size below 2^63");
        return v;
    }

    private void skip(long n) throws IOException {
        if (n > fileSize - pos) throw fail(pos, n + " more bytes (the file ends)");
        pos += n;
    }

    private String cString() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c; (c = u8()) != 0; ) {
            if (s.length() > 4096) throw fail(pos, "a NUL-terminated name");
            s.append((char) c);
        }
        return s.toString();
    }

    private String tag() throws IOException {
        byte[] b = bytes(10);
        if (b[9] != 0) throw fail(pos - 10, "a 10-byte section tag ending in NUL");
        return new String(b, 0, 9, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private void expect(String text) throws IOException {
        long at = pos;
        byte[] b = bytes(text.length());
        if (!new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).equals(text)) {
            throw fail(at, "'" + text.replace("\0", "\\0") + "'");
        }
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, at + b.position());
            if (r < 0) throw fail(at + b.position(), "more data (the file ends)");
        }
        b.flip();
    }

    private static void writeFully(FileChannel dst, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) p += dst.write(b, p);
    }

    private void transfer(long from, long count, FileChannel dst, long to) throws IOException {
        long done = 0;
        while (done < count) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(1 << 20, count - done));
            readFully(b, from + done);
            writeFully(dst, b, to + done);
            done += b.limit();
        }
    }
}
