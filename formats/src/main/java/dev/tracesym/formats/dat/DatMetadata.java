package dev.tracesym.formats.dat;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.input.Excerpt;
import dev.tracesym.input.InputFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata of a {@code .dat} file, read at open the way trace-cmd 3.1.6 reads it: file header,
 * v6 sequential blocks or v7 options chain and sections, buffer layouts (FORMATS.md §1.1-1.4).
 * Everything is checked against the file size before it is allocated.
 */
final class DatMetadata {
    private static final byte[] MAGIC = {0x17, 0x08, 0x44};
    private static final int MIN_PAGE_SIZE = 256;
    private static final int MAX_PAGE_SIZE = 16 << 20;
    private static final long MAX_META_BLOCK = 256L << 20;
    /** More than zlib (about 1032:1) can reach; zstd could, but metadata never compresses that well. */
    private static final long MAX_META_RATIO = 1100;
    private static final String TSC2NSEC_CLOCK = "tsc2nsec";
    /** Linux allows at most 8192 CPUs (NR_CPUS); this leaves room without letting a file demand billions of slots. */
    private static final long MAX_CPU_ID = 1 << 16;

    final String source;
    final TraceBytes channel;
    final long fileSize;

    int fileVersion;
    boolean bigEndian;
    int userLongSize;
    int longSize;
    int pageSize;
    String compression = "none";
    String compressionVersion = "";
    Decompressor codec;
    int cpuCount;

    String headerPage = "";
    String headerEvent = "";
    List<String> ftraceFormats = List.of();
    List<EventSystem> eventSystems = List.of();
    /**
     * The kallsyms text as stored (a report names with these bytes; decoding them is left to who wants
     * text): in a compressed file a view of its decompressed section, not a copy.
     */
    ByteBuffer kallsyms = ByteBuffer.wrap(new byte[0]);
    /** Told the kallsyms text once it is read, before the rest; null for none. */
    private final Consumer<ByteBuffer> kallsymsRead;
    String printkFormats = "";
    String cmdlines = "";
    /** trace-cmd 3.3+: {@code /proc/modules} at record time (MODULES_FILE section), or null. */
    String modulesFile;
    /** trace-cmd 3.3+: bytes of the kernel's BTF (BTF_FILE section), 0 when absent; kept undecoded. */
    long btfSize;
    /** trace-cmd 3.3+: LAST_BOOT_INFO options, {@code instance:text} as written. */
    final List<String> lastBootInfo = new ArrayList<>();

    String uname;
    String traceCmdVersion;
    String traceClock;
    boolean useTraceClock;
    boolean timestampsInNs = true;
    long tsOffsetNs;
    long tscMult;
    int tscShift;
    final List<String> cpuStats = new ArrayList<>();
    /** The CPUSTAT options as trace-cmd keeps them for --stat: each payload with its last byte made '\n', concatenated; null when none. */
    ByteArrayOutputStream cpuStatText;
    /** UNAME and VERSION option payloads up to their first NUL, as bytes; null when absent. */
    byte[] unameBytes;
    byte[] versionBytes;
    /** HOOK options ({@code trace-cmd record -H}), in file order. */
    final List<String> hooks = new ArrayList<>();
    int skippedOptions;
    final Warnings warnings = new Warnings();

    /** Buffers as declared by BUFFER options (v7) or found through them (v6); index 0 is the top level. */
    final List<BufferLayout> layouts = new ArrayList<>();
    List<BufferInfo> buffers = List.of();
    /** v7: section offsets given by options, indexed by option id (0 = absent). */
    final long[] sectionOffsets = new long[OptionId.MODULES_FILE + 1];
    /** v7: the ids of the metadata sections (HEADER_INFO to CMDLINES) in the order their options first come. */
    final List<Integer> sectionOptionOrder = new ArrayList<>();
    /** What a buffer instance is called whose BUFFER option, and so its name, was cut off a v7 file. */
    static final String NAME_LOST = "(name lost)";
    /** Why a cut v7 file's buffer data could not be walked without its CPU table, or null. */
    private String unwalkable;
    byte[] strings = new byte[0];

    /** Where one buffer's per-CPU data lies. */
    static final class BufferLayout {
        String name;
        String clock;
        long offset;
        int declaredPageSize;
        int readPageSize;
        boolean latency;
        boolean compressed;
        int slots;
        int[] cpuIds = new int[0];
        long[] dataOffsets = new long[0];
        long[] dataSizes = new long[0];
    }

    /** How the report's options change the timestamps (--nodate, --raw-ts, --ts2secs, --ts-offset). */
    final Timing timing;
    /** {@code --ts2secs}: ns per tick (trace-cmd's double {@code ts2secs}), or 0. */
    final double ts2secs;

    DatMetadata(String source, TraceBytes channel, Timing timing) throws IOException {
        this(source, channel, timing, null);
    }

    /** With {@code kallsymsRead} (null: none) given the kallsyms text as soon as it is read. */
    DatMetadata(String source, TraceBytes channel, Timing timing, Consumer<ByteBuffer> kallsymsRead) throws IOException {
        this.kallsymsRead = kallsymsRead;
        this.source = source;
        this.channel = channel;
        this.timing = timing;
        this.ts2secs = timing.ts2secsHz() == 0 ? 0 : 1e9 / Timing.unsignedToDouble(timing.ts2secsHz());
        this.tsOffsetNs = timing.offsetNs(); // trace-cmd sets it before reading the options, which add to it
        this.fileSize = channel.size();
        parse();
        buffers = bufferInfos();
    }

    // ---------------------------------------------------------------- parsing

    /** Bytes of the file's magic: 17 08 44 "tracing". */
    static final int MAGIC_LENGTH = 10;

    /** Refuses {@code head[0..n)} unless it starts with a trace-cmd file's magic. */
    static void checkMagic(byte[] head, int n, String source) throws TraceFormatException {
        boolean ok = n >= MAGIC_LENGTH && head[0] == MAGIC[0] && head[1] == MAGIC[1] && head[2] == MAGIC[2]
                && "tracing".equals(new String(head, 3, 7, StandardCharsets.ISO_8859_1));
        if (!ok) {
            throw TraceFormatException.atOffset(source, 0, n == 0 ? "empty: expected a trace-cmd .dat file"
                    : "not a trace-cmd .dat file: expected magic 17 08 44 \"tracing\", found " + Excerpt.quote(head, 0, n),
                    TraceFormatException.Kind.NOT_A_TRACE_CMD_FILE);
        }
    }

    /** {@code e}, a read of the file header that found the file's end (or no NUL), as a refusal of {@code kind}. */
    private TraceFormatException cutInHeader(TraceFormatException e, TraceFormatException.Kind kind) {
        String prefix = source + " @" + e.position() + ": ";
        String m = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
        return TraceFormatException.atOffset(source, e.position(), "the file header is cut short: " + m, kind);
    }

    private TraceFormatException fail(long at, String message) {
        return TraceFormatException.atOffset(source, at, message);
    }

    private void parse() throws IOException {
        MetaReader r = MetaReader.ofFile(source, channel, 0, fileSize, false);
        if (fileSize < 10) {
            throw TraceFormatException.atOffset(source, 0, "not a trace-cmd .dat file: only " + fileSize + " bytes",
                    TraceFormatException.Kind.NOT_A_TRACE_CMD_FILE);
        }
        checkMagic(r.bytes(MAGIC_LENGTH, "magic"), MAGIC_LENGTH, source);
        long versionAt = r.position();
        int endian;
        try { // a file that ends before its version and byte order cannot be told to be a trace-cmd file
            String version = r.cstring("file version string");
            fileVersion = parseVersion(version, versionAt);
            endian = r.u8("endianness byte");
        } catch (TraceFormatException e) {
            throw e.kind() == TraceFormatException.Kind.MALFORMED ? cutInHeader(e, TraceFormatException.Kind.NOT_A_TRACE_CMD_FILE) : e;
        }
        if (endian > 1) {
            throw fail(r.position() - 1, "expected endianness 0 (little) or 1 (big), found " + endian);
        }
        bigEndian = endian == 1;
        r.bigEndian(bigEndian);
        long pageSizeAt;
        long pageSizeRead;
        try {
            userLongSize = r.u8("long size byte");
            pageSizeAt = r.position();
            pageSizeRead = r.u32("page size");
        } catch (TraceFormatException e) {
            throw fileVersion >= 7 ? cutInHeader(e, TraceFormatException.Kind.CUT_IN_FILE_HEADER) : e;
        }
        pageSize = checkPageSize(pageSizeRead, pageSizeAt, "file header");
        longSize = userLongSize;
        if (fileVersion >= 7) {
            parseV7(r);
        } else {
            parseV6(r);
        }
    }

    private int parseVersion(String text, long at) throws TraceFormatException {
        int i = 0;
        long v = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9' && v < 1000) {
            v = v * 10 + (text.charAt(i++) - '0');
        }
        if (i == digits || (v != 6 && v != 7)) {
            throw TraceFormatException.atOffset(source, at, "unsupported trace-cmd file version " + Excerpt.quote(text)
                    + ": this reader knows versions 6 and 7", TraceFormatException.Kind.NOT_A_TRACE_CMD_FILE);
        }
        return (int) v;
    }

    private int checkPageSize(long size, long at, String where) throws TraceFormatException {
        if (size < MIN_PAGE_SIZE || size > MAX_PAGE_SIZE || Long.bitCount(size) != 1) {
            throw fail(at, "page size " + size + " in the " + where + " is not a power of two between "
                    + MIN_PAGE_SIZE + " and " + MAX_PAGE_SIZE);
        }
        return (int) size;
    }

    // ---- v6

    private void parseV6(MetaReader r) throws IOException {
        readHeaderInfo(r);
        readFtraceFormats(r);
        readEventSystems(r);
        kallsyms = r.view(r.u32("kallsyms size"), "kallsyms text");
        kallsymsRead();
        printkFormats = r.text(r.u32("printk formats size"), "printk formats text");
        cmdlines = r.text(r.u64("saved cmdlines size"), "saved cmdlines text");
        cpuCount = checkCpuCount(r.u32("CPU count"), r.position() - 4);
        long tagAt = r.position();
        String tag = tag(r);
        if (tag.startsWith("options")) {
            readOptionsV6(r);
            tagAt = r.position();
            tag = tag(r);
        }
        if (tag.startsWith("latency")) {
            throw fail(tagAt, "latency trace (text of tracing/trace) is not supported, only flyrecord data");
        }
        if (!tag.startsWith("flyrecord")) {
            throw fail(tagAt, "expected a \"flyrecord\", \"latency\" or \"options\" tag, found \"" + printable(tag) + "\"");
        }
        BufferLayout top = layouts.isEmpty() || !layouts.get(0).name.isEmpty() ? new BufferLayout() : layouts.get(0);
        top.name = "";
        readFlyrecordTable(r, top);
        if (useTraceClock) {
            readTrailingClock(r);
        }
        top.clock = traceClock;
        top.declaredPageSize = pageSize;
        top.readPageSize = pageSize;
        if (layouts.isEmpty() || layouts.get(0) != top) {
            layouts.add(0, top);
        }
        for (int i = 1; i < layouts.size(); i++) {
            BufferLayout b = layouts.get(i);
            if (b.latency) {
                continue;
            }
            if (b.offset < 0 || b.offset + 10 + 16L * cpuCount > fileSize) {
                // the table follows the CPU data written before it: a truncated file loses it, keep the rest
                warnings.lost(source + ": buffer " + b.name + ": its flyrecord table at " + b.offset
                        + " is past the end of the file (" + fileSize + " bytes; truncated?); its events are missing");
                b.slots = cpuCount;
                b.declaredPageSize = pageSize;
                b.readPageSize = pageSize;
                b.clock = traceClock;
                continue;
            }
            r.seek(b.offset);
            String t = tag(r);
            if (!t.startsWith("flyrecord")) {
                throw fail(b.offset, "buffer \"" + b.name + "\": expected a \"flyrecord\" tag, found \"" + printable(t) + "\"");
            }
            readFlyrecordTable(r, b);
            b.clock = traceClock;
            b.declaredPageSize = pageSize;
            b.readPageSize = pageSize;
        }
    }

    private static String tagText(byte[] t) {
        return new String(t, StandardCharsets.ISO_8859_1);
    }

    private String tag(MetaReader r) throws IOException {
        return tagText(r.bytes(10, "10-byte section tag"));
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c));
            }
        }
        return b.toString();
    }

    private int checkCpuCount(long n, long at) throws TraceFormatException {
        // the per-CPU tables that follow need 16 bytes per CPU
        if (n > (fileSize - at) / 16) {
            throw fail(at, "CPU count " + n + " is impossible: the file has room for at most "
                    + (fileSize - at) / 16 + " CPU entries");
        }
        return (int) n;
    }

    private void readFlyrecordTable(MetaReader r, BufferLayout b) throws IOException {
        int n = cpuCount;
        r.need(16L * n, "flyrecord table of " + n + " CPUs (offset and size of each)");
        b.slots = n;
        b.cpuIds = new int[n];
        b.dataOffsets = new long[n];
        b.dataSizes = new long[n];
        for (int i = 0; i < n; i++) {
            b.cpuIds[i] = i;
            b.dataOffsets[i] = r.u64("CPU data offset");
            b.dataSizes[i] = r.u64("CPU data size");
        }
    }

    private void readTrailingClock(MetaReader r) throws IOException {
        long at = r.position();
        if (r.remaining() < 8) {
            warnings.note(source + ": trace clock after the flyrecord table at " + at + " is missing; using local clock");
            applyClock("[local]");
            return;
        }
        long size = r.u64("trace clock size");
        if (size < 0 || size > r.remaining() || size > 4096) {
            warnings.note(source + ": trace clock after the flyrecord table at " + at + " claims " + size
                    + " bytes; using local clock (the file has trace-cmd's old trace_clock bug)");
            applyClock("[local]");
            return;
        }
        applyClock(r.text(size, "trace clock text"));
    }

    private void readOptionsV6(MetaReader r) throws IOException {
        for (;;) {
            long at = r.position();
            int id = r.u16("option id");
            if (id == OptionId.DONE) {
                return;
            }
            long size = r.u32("option size");
            byte[] payload = r.bytes(size, "payload of option " + OptionId.name(id));
            applyOption(id, payload, at);
        }
    }

    // ---- v7

    private void parseV7(MetaReader r) throws IOException {
        try {
            compression = r.cstring("compression name");
            compressionVersion = r.cstring("compression version");
        } catch (TraceFormatException e) {
            throw cutInHeader(e, TraceFormatException.Kind.CUT_IN_FILE_HEADER);
        }
        try {
            codec = Decompressor.forName(compression);
        } catch (IllegalArgumentException e) {
            throw TraceFormatException.atOffset(source, r.position(), "unsupported compression " + Excerpt.quote(compression)
                    + " (this reader knows none, zlib, zstd)", TraceFormatException.Kind.UNKNOWN_COMPRESSION);
        }
        long optionsAt = r.position();
        long options;
        try {
            options = r.u64("offset of the first options section");
        } catch (TraceFormatException e) {
            throw cutInHeader(e, TraceFormatException.Kind.CUT_IN_FILE_HEADER);
        }
        readStrings(r.position());
        Set<Long> seen = new HashSet<>();
        long next = options;
        long from = optionsAt;
        while (next != 0) {
            if (!seen.add(next)) {
                throw fail(from, "options sections loop back to offset " + next);
            }
            long here = next;
            if (here != options && !fits(here)) {
                // trace-cmd writes a buffer's options after its data: a file cut there keeps the buffers before
                boolean topLevelKnown = !layouts.isEmpty() && layouts.get(0).name.isEmpty();
                // the instance's name was in the lost BUFFER option too
                BufferLayout found = recoverCutBuffer(from, here, topLevelKnown ? NAME_LOST : "");
                if (found == null && layouts.isEmpty()) {
                    throw fail(from, "options section offset " + here + " is past the end of the file (" + fileSize
                            + " bytes): the file is truncated or damaged" + (unwalkable == null ? "" : "; " + unwalkable));
                }
                warnings.lost(source + ": options section at " + here + " (referenced at " + from
                        + ") does not fit in the file (" + fileSize + " bytes; truncated?); the buffers it"
                        + " declares are missing" + (found == null ? (unwalkable == null ? "" : " (" + unwalkable + ")") : topLevelKnown
                                ? " except one instance, found by walking its data and called \"" + NAME_LOST + "\""
                                : " except the top level, found by walking its data"));
                if (found != null) {
                    layouts.add(topLevelKnown ? layouts.size() : 0, found);
                }
                break;
            }
            next = readOptionsSection(next, from);
            from = here;
        }
        if (sectionOffsets[OptionId.HEADER_INFO] == 0) {
            throw fail(options, "no HEADER_INFO option: the file does not say how its ring-buffer pages are laid out");
        }
        readHeaderInfo(openSection(OptionId.HEADER_INFO, sectionOffsets[OptionId.HEADER_INFO]));
        // the kallsyms first: whoever waits for them (a report's symbol table) starts while the formats are read
        if (sectionOffsets[OptionId.KALLSYMS] != 0) {
            MetaReader s = openSection(OptionId.KALLSYMS, sectionOffsets[OptionId.KALLSYMS]);
            kallsyms = s.view(s.u32("kallsyms size"), "kallsyms text");
        }
        kallsymsRead();
        if (sectionOffsets[OptionId.FTRACE_EVENTS] != 0) {
            readFtraceFormats(openSection(OptionId.FTRACE_EVENTS, sectionOffsets[OptionId.FTRACE_EVENTS]));
        }
        if (sectionOffsets[OptionId.EVENT_FORMATS] != 0) {
            readEventSystems(openSection(OptionId.EVENT_FORMATS, sectionOffsets[OptionId.EVENT_FORMATS]));
        }
        if (sectionOffsets[OptionId.PRINTK] != 0) {
            MetaReader s = openSection(OptionId.PRINTK, sectionOffsets[OptionId.PRINTK]);
            printkFormats = s.text(s.u32("printk formats size"), "printk formats text");
        }
        if (sectionOffsets[OptionId.CMDLINES] != 0) {
            MetaReader s = openSection(OptionId.CMDLINES, sectionOffsets[OptionId.CMDLINES]);
            cmdlines = s.text(s.u64("saved cmdlines size"), "saved cmdlines text");
        }
        // Sections of trace-cmd 3.3+, which trace-cmd 3.1.6 does not read: one that is not where its
        // option says (trace-cmd 3.1.6's convert copies the option, not the section) is skipped with a note
        if (sectionOffsets[OptionId.MODULES_FILE] != 0) { // the file as it was, no size before it
            try {
                MetaReader s = openSection(OptionId.MODULES_FILE, sectionOffsets[OptionId.MODULES_FILE]);
                modulesFile = s.text(s.remaining(), "modules file text");
            } catch (TraceFormatException e) {
                warnings.note(e.getMessage() + "; the MODULES_FILE section is skipped");
            }
        }
        if (sectionOffsets[OptionId.BTF_FILE] != 0) {
            try {
                btfSize = openSection(OptionId.BTF_FILE, sectionOffsets[OptionId.BTF_FILE]).remaining();
            } catch (TraceFormatException e) {
                warnings.note(e.getMessage() + "; the BTF_FILE section is skipped");
            }
        }
        if (layouts.isEmpty() || !layouts.get(0).name.isEmpty()) {
            // no top-level BUFFER option: an empty top-level buffer keeps index 0 meaning "top level"
            BufferLayout top = new BufferLayout();
            top.name = "";
            top.clock = traceClock;
            top.declaredPageSize = pageSize;
            layouts.add(0, top);
        } else {
            // trace-cmd's cpus=N is the larger of CPUCOUNT and the top-level buffer's highest CPU id + 1: a
            // BUFFER option leaves out CPUs that recorded nothing, so the last CPUs may be missing from it
            cpuCount = Math.max(cpuCount, layouts.get(0).slots);
        }
        if (traceClock == null) {
            traceClock = layouts.get(0).clock;
        }
        for (int i = 0; i < layouts.size(); i++) {
            BufferLayout b = layouts.get(i);
            // trace-cmd reads the top-level buffer with the header's page size, instances with their own
            b.readPageSize = i == 0 ? pageSize : b.declaredPageSize;
            if (b.slots > 0) {
                readBufferSectionFlags(b);
            }
        }
    }

    /**
     * The buffer of a v7 file cut inside its data, before the options section that lists where each
     * CPU's data lies (and, for an instance, its name). trace-cmd writes that data as one section
     * right after the options section read last ({@code lastOptionsAt}), each CPU's compressed chunks
     * starting at the next page boundary after the previous CPU's; walking the chunk counts and sizes
     * finds every CPU whose data begins before the cut. Returns null where that cannot be done
     * (uncompressed data of several CPUs carries no lengths to walk: {@link #unwalkable} says so).
     */
    private BufferLayout recoverCutBuffer(long lastOptionsAt, long lostOptionsAt, String name) throws IOException {
        if (lastOptionsAt < 0 || !fits(lastOptionsAt)) {
            return null;
        }
        long sectionSize = MetaReader.ofFile(source, channel, lastOptionsAt + 8, fileSize, bigEndian).u64("section size");
        long at = lastOptionsAt + 16 + sectionSize;
        int flags = 0;
        while (true) {
            // the buffer's data section, past any other sections a writer put before it
            if (at + 16 > fileSize || at >= lostOptionsAt) {
                return null;
            }
            MetaReader h = MetaReader.ofFile(source, channel, at, fileSize, bigEndian);
            int id = h.u16("section id");
            flags = h.u16("section flags");
            if (id == OptionId.BUFFER) {
                break;
            }
            if (id == OptionId.DONE || !fits(at)) {
                return null; // an options section or a cut: no buffer data between
            }
            at += 16 + MetaReader.ofFile(source, channel, at + 8, fileSize, bigEndian).u64("section size");
        }
        if (cpuCount <= 0) {
            return null;
        }
        BufferLayout b = new BufferLayout();
        b.name = name;
        b.clock = traceClock;
        b.offset = at;
        b.declaredPageSize = pageSize;
        b.compressed = (flags & 1) != 0;
        int n = cpuCount;
        b.slots = n;
        b.cpuIds = new int[n];
        b.dataOffsets = new long[n];
        b.dataSizes = new long[n];
        long data = alignUp(at + 16, pageSize);
        if (!b.compressed) {
            if (n != 1) {
                unwalkable = "the CPU table of the buffer data at " + at + " was written after it, and the "
                        + n + " CPUs' uncompressed pages carry no lengths to tell them apart";
                return null;
            }
            b.dataOffsets[0] = data;
            b.dataSizes[0] = Math.max(0, Math.min(fileSize, lostOptionsAt) - data);
            return b;
        }
        int found = 0;
        for (int cpu = 0; cpu < n && data + 4 <= fileSize; cpu++) {
            b.cpuIds[cpu] = cpu;
            b.dataOffsets[cpu] = data;
            long chunks = MetaReader.ofFile(source, channel, data, fileSize, bigEndian).u32("chunk count");
            long p = data + 4;
            long c = 0;
            for (; c < chunks && p + 8 <= fileSize; c++) {
                p += 8 + MetaReader.ofFile(source, channel, p, fileSize, bigEndian).u32("compressed chunk size");
            }
            b.dataSizes[cpu] = p - data;
            found++;
            if (c < chunks || p > fileSize) {
                break; // this CPU's data is cut: the chunk reader keeps what precedes the cut and says so
            }
            data = alignUp(p, pageSize);
        }
        for (int cpu = found; cpu < n; cpu++) {
            b.cpuIds[cpu] = cpu;
            b.dataOffsets[cpu] = fileSize;
        }
        warnings.lost(source + ": the " + (name.isEmpty() ? "top-level buffer's" : "next instance's") + " CPU table is lost with the options section at " + lostOptionsAt
                + "; its data section at " + at + " was walked chunk by chunk: " + found + " of " + n + " CPUs found"
                + " (numbered 0.." + (n - 1) + " in file order, as trace-cmd writes them when every CPU has data)");
        return b;
    }

    private static long alignUp(long at, int page) {
        return (at + page - 1) / page * page;
    }

    /** Collects the STRINGS sections (section descriptions) by walking the sections after the header, as trace-cmd does. */
    private void readStrings(long first) {
        long at = first;
        try {
            while (at + 16 <= fileSize) {
                MetaReader h = MetaReader.ofFile(source, channel, at, fileSize, bigEndian);
                int id = h.u16("section id");
                int flags = h.u16("section flags");
                h.u32("section description");
                long size = h.u64("section size");
                if (size < 0 || size > fileSize - at - 16) {
                    return;
                }
                if (id == OptionId.STRINGS) {
                    MetaReader s = sectionPayload(h, at, size, (flags & 1) != 0, "STRINGS section");
                    byte[] more = s.bytes(s.remaining(), "strings");
                    byte[] all = new byte[strings.length + more.length];
                    System.arraycopy(strings, 0, all, 0, strings.length);
                    System.arraycopy(more, 0, all, strings.length, more.length);
                    strings = all;
                }
                at += 16 + size;
            }
        } catch (IOException e) {
            // descriptions only name sections in messages; a damaged walk just leaves them out
        }
    }

    private String description(long id) {
        if (id < 0 || id >= strings.length) {
            return "";
        }
        int end = (int) id;
        while (end < strings.length && strings[end] != 0) {
            end++;
        }
        return " \"" + new String(strings, (int) id, end - (int) id, StandardCharsets.UTF_8) + "\"";
    }

    /** Reads one options section and applies its options; returns the offset of the next one (0 = last). */
    private long readOptionsSection(long at, long referencedFrom) throws IOException {
        if (at < 0 || at + 16 > fileSize) {
            throw fail(referencedFrom, "options section offset " + at + " is past the end of the file (" + fileSize
                    + " bytes): the file is truncated or damaged");
        }
        MetaReader h = MetaReader.ofFile(source, channel, at, fileSize, bigEndian);
        int id = h.u16("section id");
        int flags = h.u16("section flags");
        h.u32("section description");
        long size = h.u64("section size");
        if (id != OptionId.DONE) {
            throw fail(at, "expected an options section (id 0) here, found section id " + id);
        }
        checkSectionSize(at, size, "options section");
        MetaReader o = sectionPayload(h, at, size, (flags & 1) != 0, "options section at " + at);
        while (o.remaining() >= 6) {
            long optAt = o.position();
            int opt = o.u16("option id");
            long optSize = o.u32("option size");
            byte[] payload = o.bytes(optSize, "payload of option " + OptionId.name(opt));
            long reportAt = (flags & 1) != 0 ? at : optAt;
            if (opt == OptionId.DONE) {
                if (payload.length < 8) {
                    throw o.fail(optAt, "DONE option has " + payload.length + " bytes, expected the 8-byte offset of the next options section");
                }
                return Bytes.u64(payload, 0, bigEndian);
            }
            applyOption(opt, payload, reportAt);
        }
        warnings.lost(source + ": options section at " + at + " has no DONE option; later options sections (if any) were not read");
        return 0;
    }

    /** Whether the section at {@code at}, header and payload, lies inside the file. */
    private boolean fits(long at) throws IOException {
        if (at < 0 || at + 16 > fileSize) {
            return false;
        }
        long size = MetaReader.ofFile(source, channel, at + 8, fileSize, bigEndian).u64("section size");
        return size >= 0 && size <= fileSize - at - 16;
    }

    private void kallsymsRead() {
        if (kallsymsRead != null) {
            kallsymsRead.accept(kallsyms.duplicate());
        }
    }

    private void checkSectionSize(long at, long size, String what) throws TraceFormatException {
        if (size < 0 || size > fileSize - at - 16) {
            throw fail(at, what + " claims " + Long.toUnsignedString(size) + " bytes, but only "
                    + (fileSize - at - 16) + " bytes follow its header");
        }
    }

    /** A reader over the payload of a section whose 16-byte header {@code h} has just been read. */
    private MetaReader sectionPayload(MetaReader h, long at, long size, boolean compressed, String what) throws IOException {
        long dataAt = at + 16;
        if (!compressed) {
            return MetaReader.ofFile(source, channel, dataAt, dataAt + size, bigEndian);
        }
        if (codec == null) {
            throw fail(at, what + " is marked compressed, but the file's compression is \"" + compression + "\"");
        }
        MetaReader c = MetaReader.ofFile(source, channel, dataAt, dataAt + size, bigEndian);
        long csize = c.u32("compressed size");
        long usize = c.u32("uncompressed size");
        if (csize > size - 8) {
            throw fail(dataAt, what + ": compressed block of " + csize + " bytes overruns its section of " + size + " bytes");
        }
        if (usize > MAX_META_BLOCK || usize > csize * MAX_META_RATIO + 4096) {
            throw fail(dataAt, what + ": compressed block of " + csize + " bytes claims " + usize
                    + " uncompressed bytes, which is not believable");
        }
        byte[] z = c.bytes(csize, "compressed bytes of " + what);
        byte[] out;
        try {
            out = new byte[(int) usize];
        } catch (OutOfMemoryError e) {
            throw fail(dataAt, what + ": not enough memory for its " + usize + " uncompressed bytes with a Java heap of "
                    + InputFile.mib(Runtime.getRuntime().maxMemory()) + " (TRACESYM_JAVA_OPTS=-Xmx... raises it)");
        }
        String problem = codec.decompress(z, 0, z.length, out, 0, out.length);
        if (problem != null) {
            throw fail(dataAt, "broken compressed " + what + ": " + problem);
        }
        return MetaReader.ofBlock(source, out, out.length, bigEndian, "compressed " + what, dataAt);
    }

    private MetaReader openSection(int id, long at) throws IOException {
        String name = OptionId.name(id);
        if (at < 0 || at + 16 > fileSize) {
            throw fail(at, name + " section offset " + at + " is past the end of the file (" + fileSize + " bytes)");
        }
        MetaReader h = MetaReader.ofFile(source, channel, at, fileSize, bigEndian);
        int found = h.u16("section id");
        int flags = h.u16("section flags");
        long desc = h.u32("section description");
        long size = h.u64("section size");
        if (found != id) {
            throw fail(at, "expected the " + name + " section (id " + id + ") here, found section id " + found);
        }
        String what = name + " section" + description(desc);
        checkSectionSize(at, size, what);
        return sectionPayload(h, at, size, (flags & 1) != 0, what + " at " + at);
    }

    private void readBufferSectionFlags(BufferLayout b) throws IOException {
        String what = "buffer \"" + b.name + "\"";
        if (b.offset < 0 || b.offset + 16 > fileSize) {
            throw fail(b.offset, what + ": its data section at " + b.offset + " is past the end of the file ("
                    + fileSize + " bytes)");
        }
        MetaReader h = MetaReader.ofFile(source, channel, b.offset, fileSize, bigEndian);
        h.u16("section id");
        int flags = h.u16("section flags");
        b.compressed = (flags & 1) != 0;
        if (b.compressed && codec == null) {
            throw fail(b.offset, what + ": data section is marked compressed, but the file's compression is \"" + compression + "\"");
        }
    }

    // ---- payloads shared by v6 and v7

    private void readHeaderInfo(MetaReader r) throws IOException {
        expectTag(r, "header_page");
        headerPage = r.text(r.u64("header_page size"), "header_page text");
        expectTag(r, "header_event");
        headerEvent = r.text(r.u64("header_event size"), "header_event text");
        if (headerPage.isEmpty()) {
            throw r.fail(r.position(), "header_page is empty: ring buffers of kernels before 2.6.31 are not supported");
        }
        int tsSize = headerFieldSize(headerPage, "timestamp");
        if (tsSize != 8) {
            throw r.fail(r.position(), "header_page gives the page timestamp " + tsSize + " bytes, expected 8");
        }
        int commit = headerFieldSize(headerPage, "commit");
        if (commit <= 0) {
            warnings.note(source + ": header_page has no commit field; assuming the kernel long is " + userLongSize + " bytes");
            commit = userLongSize;
        }
        // kbuffer knows two sizes: 8, and 4 for everything else
        longSize = commit == 8 ? 8 : 4;
    }

    private static int headerFieldSize(String header, String field) {
        Matcher m = Pattern.compile("field:[^;\\n]*\\b" + field + ";\\s*offset:\\s*\\d+;\\s*size:\\s*(\\d+);").matcher(header);
        if (!m.find()) {
            return -1;
        }
        try {
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void expectTag(MetaReader r, String tag) throws IOException {
        long at = r.position();
        byte[] b = r.bytes(tag.length() + 1, "\"" + tag + "\" tag");
        for (int i = 0; i < tag.length(); i++) {
            if (b[i] != tag.charAt(i)) {
                throw r.fail(at, "expected the \"" + tag + "\" tag, found \"" + printable(tagText(b)) + "\"");
            }
        }
        if (b[tag.length()] != 0) {
            throw r.fail(at, "expected the \"" + tag + "\" tag, found \"" + printable(tagText(b)) + "\"");
        }
    }

    private void readFtraceFormats(MetaReader r) throws IOException {
        long at = r.position();
        long n = r.u32("ftrace format count");
        if (n > r.remaining() / 8) {
            throw r.fail(at, "ftrace format count " + n + " is impossible: only " + r.remaining() + " bytes follow");
        }
        List<String> list = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            list.add(formatText(r, r.u64("ftrace format size"), "format file " + (i + 1) + " of event system ftrace"));
        }
        ftraceFormats = Collections.unmodifiableList(list);
    }

    /** One event format text; a NUL inside is refused here, where its offset in the file is known. */
    private static String formatText(MetaReader r, long size, String what) throws IOException {
        long at = r.position();
        String text = r.text(size, what);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw r.fail(at + text.substring(0, nul).getBytes(StandardCharsets.UTF_8).length,
                    "NUL character inside " + what + ": the format section is corrupt");
        }
        return text;
    }

    private void readEventSystems(MetaReader r) throws IOException {
        long at = r.position();
        long n = r.u32("event system count");
        if (n > r.remaining() / 5) {
            throw r.fail(at, "event system count " + n + " is impossible: only " + r.remaining() + " bytes follow");
        }
        List<EventSystem> list = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            String name = r.cstring("event system name");
            long countAt = r.position();
            long count = r.u32("event format count of system " + Excerpt.plain(name));
            if (count > r.remaining() / 8) {
                throw r.fail(countAt, "system " + Excerpt.plain(name) + ": format count " + count + " is impossible: only "
                        + r.remaining() + " bytes follow");
            }
            List<String> formats = new ArrayList<>((int) count);
            for (long j = 0; j < count; j++) {
                formats.add(formatText(r, r.u64("event format size"), "format file " + (j + 1) + " of event system "
                        + Excerpt.plain(name)));
            }
            list.add(new EventSystem(name, formats));
        }
        eventSystems = Collections.unmodifiableList(list);
    }

    // ---- options

    /** Applies one option as trace-cmd's handle_options() does; {@code at} locates it for messages. */
    private void applyOption(int id, byte[] p, long at) throws IOException {
        switch (id) {
            case OptionId.DATE:
                // µs offset to wall-clock time, ASCII "0x..."; trace-cmd report applies it unless --nodate
                if (!timing.ignoreDate() && !timing.raw()) {
                    tsOffsetNs += parseCLong(cstringOf(p)) * 1000;
                }
                break;
            case OptionId.OFFSET:
                if (!timing.raw()) {
                    tsOffsetNs += parseCLong(cstringOf(p));
                }
                break;
            case OptionId.CPUSTAT:
                cpuStats.add(cstringOf(p));
                if (cpuStatText == null) {
                    cpuStatText = new ByteArrayOutputStream();
                }
                if (p.length > 0) {
                    cpuStatText.write(p, 0, p.length - 1);
                    cpuStatText.write('\n');
                }
                break;
            case OptionId.BUFFER:
            case OptionId.BUFFER_TEXT:
                readBufferOption(id, p, at);
                break;
            case OptionId.TRACECLOCK:
                applyClock(cstringOf(p));
                useTraceClock = ts2secs == 0; // --ts2secs replaces the trace clock
                break;
            case OptionId.UNAME:
                uname = cstringOf(p);
                unameBytes = cbytesOf(p);
                break;
            case OptionId.VERSION:
                traceCmdVersion = cstringOf(p);
                versionBytes = cbytesOf(p);
                break;
            case OptionId.CPUCOUNT:
                if (p.length < 4) {
                    throw fail(at, "CPUCOUNT option has " + p.length + " bytes, expected 4");
                }
                cpuCount = checkCpuCount(Bytes.u32(p, 0, bigEndian), at);
                break;
            case OptionId.TSC2NSEC:
                if (p.length >= 16 && !timing.raw()) {
                    tscMult = Bytes.u32(p, 0, bigEndian);
                    tscShift = (int) Bytes.u32(p, 4, bigEndian);
                    timestampsInNs = true;
                }
                break;
            case OptionId.TIME_SHIFT:
                if (p.length >= 16 && !timing.raw()) {
                    warnings.note(source + ": TIME_SHIFT option at " + at
                            + " (guest/host clock sync) is not applied; timestamps are the guest's own");
                }
                break;
            case OptionId.HEADER_INFO:
            case OptionId.FTRACE_EVENTS:
            case OptionId.EVENT_FORMATS:
            case OptionId.KALLSYMS:
            case OptionId.PRINTK:
            case OptionId.CMDLINES:
            case OptionId.BTF_FILE:
            case OptionId.MODULES_FILE:
                if (p.length >= 8) {
                    if (id <= OptionId.CMDLINES && !sectionOptionOrder.contains(id)) {
                        sectionOptionOrder.add(id);
                    }
                    sectionOffsets[id] = Bytes.u64(p, 0, bigEndian);
                }
                break;
            case OptionId.LAST_BOOT_INFO:
                lastBootInfo.add(cstringOf(p));
                break;
            case OptionId.HOOK:
                hooks.add(cstringOf(p));
                break;
            case OptionId.PROCMAPS:
            case OptionId.TRACEID:
            case OptionId.GUEST:
                break; // known, not needed to read events
            default:
                skippedOptions++;
                warnings.note(source + ": skipped option " + OptionId.name(id) + " (" + p.length + " bytes) at " + at);
                break;
        }
    }

    private void readBufferOption(int id, byte[] p, long at) throws IOException {
        MetaReader r = MetaReader.ofBlock(source, p, p.length, bigEndian, OptionId.name(id) + " option", at);
        BufferLayout b = new BufferLayout();
        b.offset = r.u64("buffer offset");
        b.name = r.cstring("buffer name");
        b.latency = id == OptionId.BUFFER_TEXT;
        if (fileVersion >= 7) {
            b.clock = r.cstring("buffer clock");
            if (b.name.isEmpty() && traceClock == null) {
                traceClock = b.clock;
            }
            if (!b.latency) {
                b.declaredPageSize = checkPageSize(r.u32("buffer page size"), at, "BUFFER option of \"" + b.name + "\"");
                long n = r.u32("buffer CPU count");
                if (n > r.remaining() / 20) {
                    throw fail(at, "BUFFER option of \"" + b.name + "\" claims " + n + " CPUs but has room for "
                            + r.remaining() / 20);
                }
                readCpuList(r, b, (int) n, at);
            }
        }
        if (b.latency) {
            warnings.note(source + ": latency (text) buffer \"" + b.name + "\" at " + at + " is not supported; skipped");
            return;
        }
        if (b.name.isEmpty()) {
            if (!layouts.isEmpty() && layouts.get(0).name.isEmpty()) {
                layouts.set(0, b);
            } else {
                layouts.add(0, b);
            }
        } else {
            layouts.add(b);
        }
    }

    private void readCpuList(MetaReader r, BufferLayout b, int n, long at) throws IOException {
        int[] ids = new int[n];
        long[] offs = new long[n];
        long[] sizes = new long[n];
        long max = -1;
        for (int i = 0; i < n; i++) {
            long cpu = r.u32("CPU id");
            if (cpu >= MAX_CPU_ID) {
                // ids index per-CPU tables (here and in every consumer): no machine has this many
                throw fail(at, "BUFFER option of \"" + b.name + "\": CPU id " + cpu + " is impossible (at most "
                        + (MAX_CPU_ID - 1) + ")");
            }
            ids[i] = (int) cpu;
            offs[i] = r.u64("CPU data offset");
            sizes[i] = r.u64("CPU data size");
            max = Math.max(max, cpu);
        }
        // sparse CPU ids: trace-cmd indexes the data by id, so order by id and refuse duplicates
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(ids[x], ids[y]));
        b.cpuIds = new int[n];
        b.dataOffsets = new long[n];
        b.dataSizes = new long[n];
        for (int i = 0; i < n; i++) {
            int k = order[i];
            if (i > 0 && ids[k] == b.cpuIds[i - 1] && (sizes[k] != 0 || b.dataSizes[i - 1] != 0)) {
                throw fail(at, "BUFFER option of \"" + b.name + "\" lists CPU " + ids[k] + " twice");
            }
            b.cpuIds[i] = ids[k];
            b.dataOffsets[i] = offs[k];
            b.dataSizes[i] = sizes[k];
        }
        b.slots = (int) (max + 1);
    }

    /** trace-cmd's parse of trace_clock text: the bracketed word is the active clock. */
    private void applyClock(String text) {
        String clock = null;
        for (String word : text.split(" ")) {
            if (word.startsWith("[")) {
                String inner = word.substring(1);
                int close = inner.indexOf(']');
                if (close >= 0) {
                    inner = inner.substring(0, close);
                }
                // sscanf("%ms"): the first whitespace-delimited word
                inner = inner.strip().split("\\s+", 2)[0];
                clock = inner.isEmpty() ? null : inner;
                break;
            }
        }
        if (clock == null) {
            return;
        }
        traceClock = clock;
        if (timing.raw()) { // --raw-ts: counters, never seconds
            timestampsInNs = false;
        }
        if (tscMult != 0) {
            return;
        }
        boolean ns = clock.equals("local") || clock.equals("global") || clock.equals("uptime") || clock.equals("perf")
                || clock.startsWith("mono") || clock.equals(TSC2NSEC_CLOCK) || clock.equals("tai");
        if (!ns) {
            timestampsInNs = false;
        }
    }

    private static byte[] cbytesOf(byte[] p) {
        int n = 0;
        while (n < p.length && p[n] != 0) {
            n++;
        }
        return Arrays.copyOf(p, n);
    }

    private static String cstringOf(byte[] p) {
        int n = 0;
        while (n < p.length && p[n] != 0) {
            n++;
        }
        return new String(p, 0, n, StandardCharsets.UTF_8);
    }

    /** C {@code strtoll(s, NULL, 0)}: optional sign, 0x hex, leading-0 octal or decimal; stops at the first bad char. */
    static long parseCLong(String s) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        int base = 10;
        if (i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
                && i + 2 < n && Character.digit(s.charAt(i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (i < n && s.charAt(i) == '0') {
            base = 8;
        }
        long v = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0) {
                break;
            }
            if (v > (Long.MAX_VALUE - d) / base) {
                overflow = true;
            } else {
                v = v * base + d;
            }
        }
        if (overflow) {
            return neg ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return neg ? -v : v;
    }

    private List<BufferInfo> bufferInfos() {
        List<BufferInfo> infos = new ArrayList<>();
        for (BufferLayout b : layouts) {
            infos.add(new BufferInfo(b.name, b.clock, b.readPageSize == 0 ? b.declaredPageSize : b.readPageSize, b.slots));
        }
        return List.copyOf(infos);
    }
}
