package dev.tracesym.formats.dat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites a little-endian v6 sample as the same trace recorded on a big-endian machine: every number
 * of the file structure and of the ring-buffer pages is byte-swapped, and record headers get the
 * big-endian bit layout (type_len in the top 5 bits). Event payloads are left alone (this reader does
 * not interpret them). Only what the samples contain is handled.
 */
final class BigEndianCopy {
    private final ByteBuffer le;
    private final ByteBuffer be;

    private BigEndianCopy(byte[] in) {
        le = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN);
        be = ByteBuffer.wrap(in.clone()).order(ByteOrder.BIG_ENDIAN);
    }

    static byte[] of(byte[] v6) {
        BigEndianCopy c = new BigEndianCopy(v6);
        c.convert();
        return c.be.array();
    }

    private int u16(int at) {
        be.putShort(at, le.getShort(at));
        return le.getShort(at) & 0xffff;
    }

    private long u32(int at) {
        be.putInt(at, le.getInt(at));
        return le.getInt(at) & 0xffffffffL;
    }

    private long u64(int at) {
        be.putLong(at, le.getLong(at));
        return le.getLong(at);
    }

    private int cstringEnd(int at) {
        while (le.get(at) != 0) {
            at++;
        }
        return at + 1;
    }

    private void convert() {
        int p = cstringEnd(10);
        be.put(p, (byte) 1); // endianness
        p += 2;
        int pageSize = (int) u32(p);
        p += 4;
        p += 12;
        p += 8 + (int) u64(p); // header_page
        p += 13;
        p += 8 + (int) u64(p); // header_event
        long n = u32(p);
        p += 4;
        for (long i = 0; i < n; i++) {
            p += 8 + (int) u64(p);
        }
        long systems = u32(p);
        p += 4;
        for (long s = 0; s < systems; s++) {
            p = cstringEnd(p);
            long formats = u32(p);
            p += 4;
            for (long i = 0; i < formats; i++) {
                p += 8 + (int) u64(p);
            }
        }
        p += 4 + (int) u32(p); // kallsyms
        p += 4 + (int) u32(p); // printk
        p += 8 + (int) u64(p); // cmdlines
        int cpus = (int) u32(p);
        p += 4;
        boolean clock = false;
        if (tag(p).startsWith("options")) {
            p += 10;
            for (;;) {
                int id = u16(p);
                p += 2;
                if (id == 0) {
                    break;
                }
                int size = (int) u32(p);
                p += 4;
                if (id == OptionId.CPUCOUNT) {
                    cpus = (int) u32(p);
                } else if (id == OptionId.TRACEID || id == OptionId.BUFFER) {
                    u64(p);
                } else if (id == OptionId.TRACECLOCK) {
                    clock = true;
                }
                p += size;
            }
        }
        if (!tag(p).startsWith("flyrecord")) {
            throw new IllegalStateException("expected flyrecord at " + p);
        }
        p += 10;
        long[] offsets = new long[cpus];
        long[] sizes = new long[cpus];
        for (int c = 0; c < cpus; c++) {
            offsets[c] = u64(p);
            sizes[c] = u64(p + 8);
            p += 16;
        }
        if (clock) {
            u64(p);
        }
        for (int c = 0; c < cpus; c++) {
            for (long page = offsets[c]; page < offsets[c] + sizes[c]; page += pageSize) {
                convertPage((int) page);
            }
        }
    }

    private String tag(int at) {
        byte[] t = new byte[10];
        le.get(at, t);
        return new String(t, StandardCharsets.ISO_8859_1);
    }

    private void convertPage(int page) {
        u64(page);
        long flags = u64(page + 8);
        int commit = (int) (flags & ((1 << 27) - 1));
        int data = page + 16;
        int p = data;
        while (p < data + commit) {
            int w = le.getInt(p);
            int typeLen = w & 0x1f;
            int delta = w >>> 5;
            be.putInt(p, typeLen << 27 | delta);
            if (typeLen >= 1 && typeLen <= 28) {
                p += 4 + typeLen * 4;
                continue;
            }
            long array0 = u32(p + 4);
            long next;
            switch (typeLen) {
                case 0:
                    next = p + 8 + ((array0 - 4 + 3) & ~3L);
                    break;
                case 29:
                    next = p + 4 + array0;
                    break;
                default:
                    next = p + 8;
                    break;
            }
            if (next >= data + commit) {
                break;
            }
            p = (int) next;
        }
        if ((flags & (1L << 31)) != 0 && (flags & (1L << 30)) != 0) {
            u64(data + commit);
        }
    }
}
