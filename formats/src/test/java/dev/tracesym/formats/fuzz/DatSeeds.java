package dev.tracesym.formats.fuzz;

import com.github.luben.zstd.Zstd;
import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;

/**
 * Makes small but valid {@code .dat} files out of a real (little-endian) trace: the same header
 * texts, only the event formats the kept records use, a few real kallsyms, printk and cmdline
 * lines, and the first records of the first page of every CPU of every buffer. Written as v6 or as
 * v7 (uncompressed, zlib or zstd), they are the fuzzers' seeds and a base for damage tests.
 */
final class DatSeeds {
    private static final Pattern ID = Pattern.compile("(?m)^ID: (\\d+)$");
    private static final int OPTION_BUFFER = 3;
    private static final int OPTION_TRACECLOCK = 4;
    private static final int OPTION_UNAME = 5;
    private static final int OPTION_CPUCOUNT = 8;
    private static final int OPTION_VERSION = 9;
    private static final int SECTION_HEADER_INFO = 16;

    /** What a seed holds, taken from the real trace. */
    static final class Parts {
        int pageSize;
        String headerPage;
        String headerEvent;
        List<String> ftrace = new ArrayList<>();
        List<EventSystem> systems = new ArrayList<>();
        String kallsyms;
        String printk;
        String cmdlines;
        String clock;
        String uname;
        String version;
        int cpus;
        /** Per buffer (top level first): its name and, per CPU, one page cut to its kept records. */
        List<String> bufferNames = new ArrayList<>();
        List<byte[][]> pages = new ArrayList<>();
        /** Data records kept, over all buffers and CPUs. */
        int records;
    }

    private DatSeeds() {}

    /**
     * Reads the parts of a seed from a real trace: per CPU, the records of its first page up to
     * about {@code budget} bytes.
     */
    static Parts parts(Path sample, int budget) throws IOException {
        byte[] file = Files.readAllBytes(sample);
        Parts s = new Parts();
        Set<Integer> types = new HashSet<>();
        try (DatFile f = DatFile.open(sample)) {
            if (f.bigEndian() || f.longSize() != 8 || f.fileVersion() != 6) {
                throw new IllegalArgumentException(sample + ": expected a little-endian 64-bit v6 trace");
            }
            s.pageSize = f.pageSize();
            s.headerPage = f.headerPage();
            s.headerEvent = f.headerEvent();
            s.clock = f.traceClock();
            s.uname = f.uname();
            s.version = f.traceCmdVersion();
            s.cpus = f.cpuCount();
            s.kallsyms = someLines(f.kallsyms(), 24, 8);
            s.printk = someLines(f.printkFormats(), 6, 0);
            s.cmdlines = someLines(f.cmdlines(), 6, 0);
            List<BufferInfo> buffers = f.buffers();
            long[][] firstRecord = new long[buffers.size()][s.cpus];
            for (long[] a : firstRecord) {
                Arrays.fill(a, -1);
            }
            RawEvent e = new RawEvent();
            while (f.next(e)) {
                if (e.cpu < s.cpus && firstRecord[e.buffer][e.cpu] < 0) {
                    firstRecord[e.buffer][e.cpu] = e.filePosition;
                }
            }
            for (int b = 0; b < buffers.size(); b++) {
                s.bufferNames.add(buffers.get(b).name());
                byte[][] cpuPages = new byte[s.cpus][];
                for (int c = 0; c < s.cpus; c++) {
                    if (firstRecord[b][c] >= 0) {
                        // v6 CPU data starts on a page boundary
                        int page = (int) (firstRecord[b][c] / s.pageSize * s.pageSize);
                        cpuPages[c] = cutPage(file, page, s.pageSize, budget, types, s);
                    }
                }
                s.pages.add(cpuPages);
            }
            for (String text : f.ftraceFormats()) {
                if (types.contains(id(text))) {
                    s.ftrace.add(text);
                }
            }
            for (EventSystem sys : f.eventSystems()) {
                List<String> kept = new ArrayList<>();
                for (String text : sys.formats()) {
                    if (types.contains(id(text))) {
                        kept.add(text);
                    }
                }
                if (!kept.isEmpty()) {
                    s.systems.add(new EventSystem(sys.name(), kept));
                }
            }
        }
        return s;
    }

    private static int id(String format) {
        Matcher m = ID.matcher(format);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The first {@code head} lines and the first {@code withModule} lines naming a [module]. */
    private static String someLines(String text, int head, int withModule) {
        StringBuilder out = new StringBuilder();
        int lines = 0;
        int modules = 0;
        for (String line : text.split("\n")) {
            if (lines < head) {
                out.append(line).append('\n');
                lines++;
            } else if (modules < withModule && line.contains("\t[")) {
                out.append(line).append('\n');
                modules++;
            } else if (modules >= withModule) {
                break;
            }
        }
        return out.toString();
    }

    /** The page at {@code at}: its header with a new commit count and the whole records that fit in {@code budget}. */
    private static byte[] cutPage(byte[] file, int at, int pageSize, int budget, Set<Integer> types, Parts s) {
        long commit = LeBytes.u64(file, at + 8) & ((1 << 27) - 1);
        if (commit > pageSize - 16) {
            throw new IllegalStateException("page at " + at + " is not a page start (commit " + commit + ")");
        }
        int data = at + 16;
        int p = 0;
        while (p < commit) {
            long w = LeBytes.u32(file, data + p);
            int typeLen = (int) (w & 0x1f);
            int len;
            int payload = -1;
            if (typeLen >= 1 && typeLen <= 28) {
                len = 4 + 4 * typeLen;
                payload = data + p + 4;
            } else if (typeLen == 0) {
                len = 8 + (int) ((LeBytes.u32(file, data + p + 4) - 4 + 3) & ~3L);
                payload = data + p + 8;
            } else if (typeLen == 29) {
                len = 4 + (int) LeBytes.u32(file, data + p + 4);
            } else {
                len = 8;
            }
            if (p > 0 && p + len > budget) {
                break;
            }
            if (payload >= 0) {
                types.add((file[payload] & 0xff) | (file[payload + 1] & 0xff) << 8);
                s.records++;
            }
            p += len;
        }
        LeBytes out = new LeBytes();
        out.u64(LeBytes.u64(file, at)).u64(p).bytes(file, data, p);
        return out.toArray();
    }

    /** The parts with every kept event format's print fmt line replaced by {@code printFmtLine}. */
    static Parts withPrintFmt(Parts s, String printFmtLine) {
        String q = Matcher.quoteReplacement(printFmtLine);
        s.ftrace.replaceAll(t -> t.replaceAll("(?m)^print fmt: .*$", q));
        s.systems.replaceAll(sys -> new EventSystem(sys.name(), sys.formats().stream()
                .map(t -> t.replaceAll("(?m)^print fmt: .*$", q)).toList()));
        return s;
    }

    /** Print fmts asking for two billion columns or digits: the printer must bound them. */
    static final String HUGE_WIDTHS = "print fmt: \"%2000000000d|%.2000000000d|%*d|%99999999999999d\", REC->common_pid,"
            + " REC->common_pid, 2147483647, REC->common_pid, REC->common_pid";

    // ---------------------------------------------------------------- v6

    /** The parts as a version 6 file. */
    static byte[] v6(Parts s) {
        LeBytes o = header(6, s);
        headerInfo(o, s);
        ftraceFormats(o, s);
        eventSystems(o, s);
        o.u32(s.kallsyms.length()).text(s.kallsyms);
        o.u32(s.printk.length()).text(s.printk);
        o.u64(s.cmdlines.length()).text(s.cmdlines);
        o.u32(s.cpus);
        o.text("options  ").u8(0);
        option(o, OPTION_TRACECLOCK, clockText(s));
        option(o, OPTION_UNAME, cstring(s.uname));
        option(o, OPTION_VERSION, cstring(s.version));
        int[] bufferOffsetFields = new int[s.bufferNames.size()];
        for (int b = 1; b < s.bufferNames.size(); b++) {
            byte[] name = cstring(s.bufferNames.get(b));
            o.u16(OPTION_BUFFER).u32(8 + name.length);
            bufferOffsetFields[b] = o.size();
            o.u64(0).bytes(name);
        }
        o.u16(0);
        // top level: flyrecord table, the trace clock, then the data; instances: their table and data after it
        for (int b = 0; b < s.bufferNames.size(); b++) {
            if (b > 0) {
                o.put64(bufferOffsetFields[b], o.size());
            }
            o.text("flyrecord").u8(0);
            int table = o.size();
            for (int c = 0; c < s.cpus; c++) {
                o.u64(0).u64(0);
            }
            if (b == 0) {
                byte[] clock = clockText(s);
                o.u64(clock.length).bytes(clock);
            }
            byte[][] pages = s.pages.get(b);
            for (int c = 0; c < s.cpus; c++) {
                if (pages[c] != null) {
                    o.put64(table + 16 * c, o.size());
                    o.put64(table + 16 * c + 8, pages[c].length);
                    o.bytes(pages[c]);
                }
            }
        }
        return o.toArray();
    }

    // ---------------------------------------------------------------- v7

    /** The parts as a version 7 file with sections and data compressed by {@code compression} (none, zlib, zstd). */
    static byte[] v7(Parts s, String compression) {
        boolean compressed = !compression.equals("none");
        LeBytes o = header(7, s);
        o.cstring(compression).cstring(compressed ? (compression.equals("zstd") ? "1.5.4" : "1.2.13") : "");
        int optionsField = o.size();
        o.u64(0);
        long[] sectionAt = new long[SECTION_HEADER_INFO + 6];
        for (int id = SECTION_HEADER_INFO; id < SECTION_HEADER_INFO + 6; id++) {
            LeBytes p = new LeBytes();
            switch (id - SECTION_HEADER_INFO) {
                case 0: headerInfo(p, s); break;
                case 1: ftraceFormats(p, s); break;
                case 2: eventSystems(p, s); break;
                case 3: p.u32(s.kallsyms.length()).text(s.kallsyms); break;
                case 4: p.u32(s.printk.length()).text(s.printk); break;
                default: p.u64(s.cmdlines.length()).text(s.cmdlines); break;
            }
            sectionAt[id] = o.size();
            section(o, id, compressed ? compressedBlock(p.toArray(), compression) : p.toArray(), compressed);
        }
        // one data section per buffer: each CPU's pages, raw or as one compressed chunk
        List<byte[]> bufferOptions = new ArrayList<>();
        for (int b = 0; b < s.bufferNames.size(); b++) {
            int sectionStart = o.size();
            o.u16(OPTION_BUFFER).u16(compressed ? 1 : 0).u32(0).u64(0);
            long[] offs = new long[s.cpus];
            long[] sizes = new long[s.cpus];
            byte[][] pages = s.pages.get(b);
            for (int c = 0; c < s.cpus; c++) {
                if (pages[c] == null) {
                    continue;
                }
                offs[c] = o.size();
                if (compressed) {
                    byte[] page = Arrays.copyOf(pages[c], s.pageSize);
                    byte[] z = compress(page, compression);
                    o.u32(1).u32(z.length).u32(page.length).bytes(z);
                } else {
                    o.bytes(pages[c]);
                }
                sizes[c] = o.size() - offs[c];
            }
            o.put64(sectionStart + 8, o.size() - sectionStart - 16);
            LeBytes opt = new LeBytes();
            opt.u64(sectionStart).cstring(s.bufferNames.get(b)).cstring(s.clock).u32(s.pageSize).u32(s.cpus);
            for (int c = 0; c < s.cpus; c++) {
                opt.u32(c).u64(offs[c]).u64(sizes[c]);
            }
            bufferOptions.add(opt.toArray());
        }
        o.put64(optionsField, o.size());
        LeBytes opts = new LeBytes();
        for (int id = SECTION_HEADER_INFO; id < SECTION_HEADER_INFO + 6; id++) {
            option(opts, id, new LeBytes().u64(sectionAt[id]).toArray());
        }
        option(opts, OPTION_TRACECLOCK, clockText(s));
        option(opts, OPTION_UNAME, cstring(s.uname));
        option(opts, OPTION_VERSION, cstring(s.version));
        option(opts, OPTION_CPUCOUNT, new LeBytes().u32(s.cpus).toArray());
        for (byte[] b : bufferOptions) {
            option(opts, OPTION_BUFFER, b);
        }
        option(opts, 0, new LeBytes().u64(0).toArray());
        section(o, 0, opts.toArray(), false);
        return o.toArray();
    }

    private static void section(LeBytes o, int id, byte[] payload, boolean compressed) {
        o.u16(id).u16(compressed ? 1 : 0).u32(0).u64(payload.length).bytes(payload);
    }

    private static byte[] compressedBlock(byte[] plain, String compression) {
        byte[] z = compress(plain, compression);
        return new LeBytes().u32(z.length).u32(plain.length).bytes(z).toArray();
    }

    static byte[] compress(byte[] plain, String compression) {
        if (compression.equals("zstd")) {
            return Zstd.compress(plain, 19);
        }
        Deflater d = new Deflater(9);
        d.setInput(plain);
        d.finish();
        byte[] out = new byte[plain.length + 64];
        int n = d.deflate(out);
        d.end();
        return Arrays.copyOf(out, n);
    }

    // ---------------------------------------------------------------- shared pieces

    private static LeBytes header(int version, Parts s) {
        LeBytes o = new LeBytes();
        o.u8(0x17).u8(0x08).u8(0x44).text("tracing").cstring(Integer.toString(version));
        return o.u8(0).u8(8).u32(s.pageSize);
    }

    private static void headerInfo(LeBytes o, Parts s) {
        o.cstring("header_page").u64(s.headerPage.length()).text(s.headerPage);
        o.cstring("header_event").u64(s.headerEvent.length()).text(s.headerEvent);
    }

    private static void ftraceFormats(LeBytes o, Parts s) {
        o.u32(s.ftrace.size());
        for (String t : s.ftrace) {
            o.u64(t.length()).text(t);
        }
    }

    private static void eventSystems(LeBytes o, Parts s) {
        o.u32(s.systems.size());
        for (EventSystem sys : s.systems) {
            o.cstring(sys.name()).u32(sys.formats().size());
            for (String t : sys.formats()) {
                o.u64(t.length()).text(t);
            }
        }
    }

    private static void option(LeBytes o, int id, byte[] payload) {
        o.u16(id).u32(payload.length).bytes(payload);
    }

    private static byte[] clockText(Parts s) {
        return cstring("local global [" + s.clock + "] boot\n");
    }

    private static byte[] cstring(String s) {
        return new LeBytes().cstring(s == null ? "" : s).toArray();
    }
}
