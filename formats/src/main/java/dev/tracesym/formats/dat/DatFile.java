package dev.tracesym.formats.dat;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.input.Compression;
import dev.tracesym.input.InputFile;
import dev.tracesym.input.Spool;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/**
 * A trace-cmd {@code .dat} file, version 6 or 7 (v7 uncompressed, zlib or zstd), read as
 * {@code trace-cmd report} 3.1.6 reads it (FORMATS.md §1).
 *
 * <p>Opening reads all metadata (headers, event formats, kallsyms, printk formats, saved cmdlines,
 * options). The events are then streamed with {@link #next(RawEvent)}: one cursor per CPU per buffer,
 * each holding one page window or one decompressed chunk, merged by timestamp exactly in the order
 * trace-cmd report prints them. The trace itself is never held in memory.
 *
 * <p>Malformed metadata throws {@link TraceFormatException}. Event data that ends early (a truncated
 * file) or a corrupt ring-buffer page stops only that CPU: the events before the damage are returned
 * and {@link #warnings()} says what was cut. A compressed chunk that does not decompress throws.
 *
 * <p>Not thread-safe.
 */
public final class DatFile implements Closeable {
    private final DatMetadata meta;
    /** {@link #kallsyms()}, decoded on first use (a racing second decoding gives an equal string). */
    private volatile String kallsymsText;
    private final EventMerge merge;
    private IOException failure;
    private boolean closed;

    private DatFile(String source, TraceBytes bytes, Timing timing, Consumer<ByteBuffer> kallsymsRead) throws IOException {
        this.meta = new DatMetadata(source, bytes, timing, kallsymsRead);
        this.merge = new EventMerge(meta);
    }

    /**
     * Opens a {@code .dat} file and reads its metadata. A compressed file (xz, gzip, zstd, bzip2,
     * recognised by its magic) or a named pipe is first copied, decompressed, to an unnamed
     * temporary file ({@link Spool}) within the decompression budget of {@link InputFile}; a device
     * or a folder is refused.
     *
     * @throws TraceFormatException if the file is not a trace-cmd file of version 6 or 7, or its
     *                              metadata is malformed
     */
    public static DatFile open(Path file) throws IOException {
        return open(file, Timing.DEFAULT);
    }

    /**
     * Opens a {@code .dat} file whose timestamps are changed as {@code timing} says (trace-cmd report's
     * {@code --nodate}, {@code --raw-ts}, {@code --ts2secs}, {@code --ts-offset}).
     *
     * @throws TraceFormatException as {@link #open(Path)}
     */
    public static DatFile open(Path file, Timing timing) throws IOException {
        return open(file, timing, null);
    }

    /**
     * {@link #open(Path, Timing)} that hands the trace's kallsyms text (empty when it has none) to
     * {@code kallsymsRead} on this thread as soon as it is read, before the rest of the metadata
     * (the event formats of a version 7 file), so that work on it can start meanwhile; not called
     * when opening fails before.
     */
    public static DatFile open(Path file, Timing timing, Consumer<ByteBuffer> kallsymsRead) throws IOException {
        InputFile.requireReadable(file);
        Path fileName = file.getFileName();
        String name = fileName == null ? file.toString() : fileName.toString();
        if (Files.isRegularFile(file)) {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            try {
                if (compression(ch) == Compression.NONE) {
                    return new DatFile(name, TraceBytes.of(ch), timing, kallsymsRead);
                }
            } catch (IOException | RuntimeException | Error e) {
                ch.close();
                throw e;
            }
            ch.close();
        }
        // compressed, or a pipe: opened once (a named pipe's writer must not lose its reader)
        try (InputStream in = InputFile.open(file, name)) {
            return spooled(in, name, timing, kallsymsRead);
        }
    }

    /**
     * Reads a {@code .dat} file from a stream (e.g. standard input), plain or compressed: its first
     * bytes are checked, then it is copied to an unnamed temporary file that vanishes with the
     * process ({@link Spool}), so memory use stays flat and a stream that is no trace fills no disk.
     *
     * @param name what to call the input in messages, e.g. {@code <stdin>}
     */
    public static DatFile open(InputStream in, String name) throws IOException {
        return open(in, name, Timing.DEFAULT);
    }

    /** {@link #open(InputStream, String)} with the timestamps changed as {@code timing} says. */
    public static DatFile open(InputStream in, String name, Timing timing) throws IOException {
        return open(in, name, timing, null);
    }

    /** {@link #open(InputStream, String, Timing)} with {@code kallsymsRead} as in {@link #open(Path, Timing, Consumer)}. */
    public static DatFile open(InputStream in, String name, Timing timing, Consumer<ByteBuffer> kallsymsRead) throws IOException {
        return spooled(InputFile.decompressed(in, name), name, timing, kallsymsRead);
    }

    /**
     * The trace in {@code in}, spooled. Compressed data that breaks off (a {@code .dat.xz} cut short)
     * is read as a trace cut there: its events before the break, then a warning; where even the
     * metadata is lost, the decompressor's error is the one thrown.
     */
    private static DatFile spooled(InputStream in, String name, Timing timing, Consumer<ByteBuffer> kallsymsRead) throws IOException {
        Spool.Spooled s = Spool.of(in, name, DatMetadata.MAGIC_LENGTH, (head, n) -> DatMetadata.checkMagic(head, n, name));
        try {
            DatFile dat = new DatFile(name, TraceBytes.of(s.channel()), timing, kallsymsRead);
            if (s.cut() != null) {
                dat.meta.warnings.lost(s.cut().getMessage() + "; the trace is read as cut there");
            }
            return dat;
        } catch (TraceFormatException e) {
            s.channel().close();
            throw s.cut() != null ? s.cut() : e;
        } catch (IOException | RuntimeException | Error e) {
            s.channel().close();
            throw e;
        }
    }

    private static Compression compression(FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(Compression.MAGIC_BYTES);
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
            // a short file: what there is
        }
        return Compression.of(head.array(), head.position());
    }

    /**
     * Opens a {@code .dat} whose bytes {@code bytes} serves (e.g. through Hadoop's file systems) and
     * reads its metadata; {@code bytes} is closed with the file, or at once when opening fails.
     *
     * @param name what to call the input in messages, e.g. its file name
     * @throws TraceFormatException as {@link #open(Path)}
     */
    public static DatFile open(TraceBytes bytes, String name) throws IOException {
        return open(bytes, name, Timing.DEFAULT);
    }

    /** {@link #open(TraceBytes, String)} with the timestamps changed as {@code timing} says. */
    public static DatFile open(TraceBytes bytes, String name, Timing timing) throws IOException {
        try {
            return new DatFile(name, bytes, timing, null);
        } catch (IOException | RuntimeException | Error e) {
            bytes.close();
            throw e;
        }
    }

    /** Opens a trace when asked: a local file, or one another file system serves. */
    @FunctionalInterface
    public interface Opener {
        /** Opens the trace and reads its metadata, as {@link DatFile#open(Path, Timing)}. */
        DatFile open(Timing timing) throws IOException;
    }

    // ---------------------------------------------------------------- metadata accessors

    /** File format version: 6 or 7. */
    public int fileVersion() { return meta.fileVersion; }

    /** Compression of a v7 file: {@code none}, {@code zlib} or {@code zstd}; {@code none} for v6. */
    public String compression() { return meta.compression; }

    /** Version string of the compression library that wrote the file ({@code ""} when none). */
    public String compressionVersion() { return meta.compressionVersion; }

    /** True when the file (and the traced machine) is big-endian. */
    public boolean bigEndian() { return meta.bigEndian; }

    /** Size in bytes of the traced kernel's {@code long}: the size of {@code commit} in header_page. */
    public int longSize() { return meta.longSize; }

    /** Size of {@code long} of the program that recorded the file (the file header's byte). */
    public int userLongSize() { return meta.userLongSize; }

    /** Page size from the file header (the top-level buffer's page size). */
    public int pageSize() { return meta.pageSize; }

    /** The CPU count {@code trace-cmd report} prints as {@code cpus=N}. */
    public int cpuCount() { return meta.cpuCount; }

    /** Text of {@code events/header_page}. */
    public String headerPage() { return meta.headerPage; }

    /** Text of {@code events/header_event}. */
    public String headerEvent() { return meta.headerEvent; }

    /** Texts of {@code events/ftrace/<event>/format}, in file order. */
    public List<String> ftraceFormats() { return meta.ftraceFormats; }

    /** Event formats of the other systems, in file order. */
    public List<EventSystem> eventSystems() { return meta.eventSystems; }

    /** Raw {@code /proc/kallsyms} text stored in the file, decoded from UTF-8 ({@code ""} when absent). */
    public String kallsyms() {
        String s = kallsymsText;
        if (s == null) {
            ByteBuffer k = meta.kallsyms;
            s = new String(k.array(), k.arrayOffset() + k.position(), k.remaining(), StandardCharsets.UTF_8);
            kallsymsText = s;
        }
        return s;
    }

    /**
     * The {@code /proc/kallsyms} text stored in the file, its bytes as written (empty when absent): what
     * trace-cmd reads, without a decoding to text and back (megabytes at every start). Shared where the
     * file's bytes are (a v6 or uncompressed file), else a copy: do not change it.
     */
    public byte[] kallsymsBytes() {
        ByteBuffer k = meta.kallsyms;
        if (k.arrayOffset() == 0 && k.remaining() == k.array().length) {
            return k.array();
        }
        byte[] copy = new byte[k.remaining()];
        k.duplicate().get(copy);
        return copy;
    }

    /**
     * {@link #kallsymsBytes()} without a copy: a view of the bytes as read (of a compressed file's
     * decompressed section), from its position to its limit. Shared: do not change the bytes.
     */
    public ByteBuffer kallsymsBuffer() { return meta.kallsyms.duplicate(); }

    /** Raw {@code printk_formats} text ({@code ""} when absent). */
    public String printkFormats() { return meta.printkFormats; }

    /** Raw {@code saved_cmdlines} text, "pid comm" lines ({@code ""} when absent). */
    public String cmdlines() { return meta.cmdlines; }

    /** The metadata sections of a trace-cmd file (v7 section ids 16-21; fixed blocks in v6). */
    public enum MetadataSection { HEADER_INFO, FTRACE_EVENTS, EVENT_FORMATS, KALLSYMS, PRINTK, CMDLINES }

    /**
     * The metadata sections in the order trace-cmd 3.1.6 parses them: for v6 the file's order (header
     * page, ftrace formats, event formats, kallsyms, printk formats, saved cmdlines); for v7 the reverse of
     * the order their options are first listed in, as trace-cmd's list of sections is built by putting each
     * new section first (the usual writer lists them from HEADER_INFO to CMDLINES, so the cmdlines and
     * kallsyms are parsed before the event formats). Only sections an option points to are listed for v7.
     */
    public List<MetadataSection> traceCmdParseOrder() {
        MetadataSection[] all = MetadataSection.values();
        if (meta.fileVersion < 7) {
            return List.of(all);
        }
        List<MetadataSection> order = new ArrayList<>();
        for (int id : meta.sectionOptionOrder) {
            order.add(0, all[id - OptionId.HEADER_INFO]);
        }
        return order;
    }

    /**
     * {@code /proc/modules} as it was when the trace was recorded (trace-cmd 3.3+'s MODULES_FILE
     * section, written with a LAST_BOOT_INFO option), or null when the file has none.
     */
    public String modulesFile() { return meta.modulesFile; }

    /** Size of the kernel BTF the file carries (trace-cmd 3.3+, with function arguments), 0 when none. Not decoded. */
    public long btfSize() { return meta.btfSize; }

    /**
     * trace-cmd 3.3+'s LAST_BOOT_INFO options, {@code instance:text}: the instance's
     * {@code last_boot_info} file when its persistent ring buffer held the previous boot's events.
     */
    public List<String> lastBootInfo() { return Collections.unmodifiableList(meta.lastBootInfo); }

    /** The buffers: index 0 is the top-level buffer (name {@code ""}), then instances in file order. */
    public List<BufferInfo> buffers() { return meta.buffers; }

    /** UNAME option, or null. */
    public String uname() { return meta.uname; }

    /** VERSION option (trace-cmd version that wrote the file), or null. */
    public String traceCmdVersion() { return meta.traceCmdVersion; }

    /** Active trace clock (the bracketed one of TRACECLOCK; v7 falls back to the top buffer's clock), or null. */
    public String traceClock() { return meta.traceClock; }

    /**
     * Whether timestamps count nanoseconds, so that trace-cmd report prints them as seconds with a
     * fraction: true unless the clock is a raw counter (e.g. {@code x86-tsc}, {@code counter}) without
     * a TSC2NSEC conversion.
     */
    public boolean timestampsInNs() { return meta.timestampsInNs; }

    /**
     * Whether the file names its trace clock (trace-cmd's {@code use_trace_clock}): then
     * {@code trace-cmd report --ts-diff} counts in microseconds unless {@code -t}.
     */
    public boolean usesTraceClock() { return meta.useTraceClock; }

    /** Offset added to every timestamp (DATE option ×1000 plus OFFSET options), in ns. */
    public long tsOffsetNs() { return meta.tsOffsetNs; }

    /** Texts of the CPUSTAT options (per-CPU ring-buffer statistics), in file order. */
    public List<String> cpuStats() { return Collections.unmodifiableList(meta.cpuStats); }

    /** How many options or v7 sections with an id this reader does not use were skipped. */
    public int skippedOptions() { return meta.skippedOptions; }

    /** Problems that did not stop reading (data cut short, unsupported options, ...), one line each. */
    public List<String> warnings() { return Collections.unmodifiableList(meta.warnings.all); }

    /**
     * True when a warning (given so far: opening, or reading events up to now) says events are
     * missing: data cut short, a corrupt page, a CPU or buffer that could not be read. A skipped
     * unknown option or a guessed clock costs no event and does not count.
     */
    public boolean eventsLost() { return meta.warnings.eventsLost; }

    /**
     * The CPUSTAT options as {@code trace-cmd report --stat} prints them: each option's text with its
     * terminating NUL turned into a newline, all concatenated in file order (instances' statistics
     * included); null when the file has none.
     */
    public byte[] cpuStatText() {
        return meta.cpuStatText == null ? null : meta.cpuStatText.toByteArray();
    }

    /** The UNAME option's bytes up to its first NUL, or null. */
    public byte[] unameBytes() {
        return meta.unameBytes == null ? null : meta.unameBytes.clone();
    }

    /** The VERSION option's bytes up to its first NUL (the trace-cmd that recorded the file), or null. */
    public byte[] traceCmdVersionBytes() {
        return meta.versionBytes == null ? null : meta.versionBytes.clone();
    }

    /** The HOOK options ({@code trace-cmd record -H} hook definitions), in file order. */
    public List<String> hooks() {
        return Collections.unmodifiableList(meta.hooks);
    }

    /**
     * Where one CPU's data of the top-level buffer lies as trace-cmd 3.1.6 accounts it (what
     * {@code trace-cmd report --stat} prints): for uncompressed data the file offset and size; for
     * compressed v7 data trace-cmd places the uncompressed streams one after the other, page-aligned,
     * from one page into a virtual space, so {@code offset} is there and {@code size} is uncompressed.
     * A CPU without data keeps the offset and size of the file's table (0 and 0 for an unlisted id).
     */
    public record CpuData(int cpu, long offset, long size) {}

    /** {@link CpuData} of every CPU slot of the top-level buffer, by CPU id (the {@code cpus=N} count of them). */
    public List<CpuData> cpuData() throws IOException {
        DatMetadata.BufferLayout top = meta.layouts.get(0);
        List<CpuData> out = new ArrayList<>(top.slots);
        long next = meta.pageSize;
        for (int cpu = 0; cpu < top.slots; cpu++) {
            int i = slotIndex(top, cpu);
            if (i < 0) {
                out.add(new CpuData(cpu, 0, 0));
                continue;
            }
            long off = top.dataOffsets[i];
            long size = top.dataSizes[i];
            if (top.compressed && size != 0) {
                size = ChunkedPageSource.uncompressedSize(meta.channel, off, meta.fileSize, meta.bigEndian);
                off = next;
                next = (next + size + meta.pageSize - 1) & -(long) meta.pageSize;
            }
            out.add(new CpuData(cpu, off, size));
        }
        return out;
    }

    private static int slotIndex(DatMetadata.BufferLayout b, int cpu) {
        for (int i = 0; i < b.cpuIds.length; i++) {
            if (b.cpuIds[i] == cpu) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One CPU of the top-level buffer that holds records: the times (as {@link RawEvent#ts}) of its
     * first and last record in file order.
     */
    public record CpuRecords(int cpu, long firstTs, long lastTs) {}

    /**
     * The CPUs of the top-level buffer that hold at least one record, by CPU id, as
     * {@code trace-cmd report --cpus / --first-event / --last-event} list them. Reads each CPU's data
     * on its own, apart from {@link #next}: its first page, and when {@code last} its last pages
     * ({@code lastTs} is the first record's time otherwise).
     */
    public List<CpuRecords> cpuRecords(boolean last) throws IOException {
        DatMetadata.BufferLayout top = meta.layouts.get(0);
        List<CpuRecords> out = new ArrayList<>();
        CompressedScratch scratch = meta.codec == null ? null : new CompressedScratch(meta.bigEndian);
        Warnings ignored = new Warnings(); // the report of the events says what is damaged, not this look-up
        for (int cpu = 0; cpu < top.slots; cpu++) {
            int i = slotIndex(top, cpu);
            CpuCursor c = i < 0 ? null : EventMerge.cursor(meta, 0, i, 0, scratch, ignored);
            if (c == null || !c.advance()) {
                continue;
            }
            long first = c.ts;
            out.add(new CpuRecords(cpu, first, last ? lastRecord(i, scratch, ignored) : first));
        }
        return out;
    }

    /**
     * The time of the last record of top-level CPU entry {@code i}, found as trace-cmd finds it: from the
     * last page (chunk, when compressed) backwards to one that holds a record.
     */
    private long lastRecord(int i, CompressedScratch scratch, Warnings ignored) throws IOException {
        long units = EventMerge.cursor(meta, 0, i, 0, scratch, ignored).pages().units();
        for (long u = units - 1; u >= 0; u--) {
            CpuCursor c = EventMerge.cursor(meta, 0, i, 0, scratch, ignored);
            c.pages().skipUnits(u);
            boolean any = false;
            long ts = 0;
            while (c.advance()) {
                any = true;
                ts = c.ts;
            }
            if (any) {
                return ts;
            }
        }
        throw new IllegalStateException("a CPU with a first record has no last one");
    }

    // ---------------------------------------------------------------- events

    /**
     * trace-cmd's first timestamp of the file ({@code --align-ts}): the earliest time among the first pages
     * of the top-level buffer's CPUs (a page's first record's, as kbuffer holds it once the page is loaded);
     * 0 when there is none. Reads those pages; call before {@link #next}.
     */
    public long firstTimestamp() throws IOException {
        return merge.firstTimestamp();
    }

    /**
     * Adds {@code delta} ns to every timestamp {@link #next} hands out from now on ({@code --align-ts});
     * nothing with {@link Timing#raw()}, whose timestamps are never changed.
     */
    public void shiftTimestamps(long delta) {
        merge.shift(delta);
    }

    /**
     * Fills {@code e} with the next event of all buffers and CPUs, in the order trace-cmd report
     * prints them: smallest timestamp first, ties to the earlier CPU stream (top-level buffer CPUs in
     * CPU order, then each instance's). The payload in {@code e} stays valid until the next call.
     *
     * @return false when there are no more events
     * @throws TraceFormatException if a compressed chunk of event data is broken (later calls throw it again)
     */
    public boolean next(RawEvent e) throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (closed) {
            throw new IOException(meta.source + ": closed");
        }
        try {
            return merge.next(e);
        } catch (IOException ex) {
            failure = ex;
            throw ex;
        }
    }

    /** Closes the file (and frees the spooled copy of a stream). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (meta.codec != null) {
                meta.codec.close();
            }
        } finally {
            meta.channel.close();
        }
    }
}
