package dev.tracesym.formats.dat;

import dev.tracesym.formats.TraceFormatException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;

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
    private final EventMerge merge;
    private IOException failure;
    private boolean closed;

    private DatFile(String source, FileChannel channel) throws IOException {
        this.meta = new DatMetadata(source, channel);
        this.merge = new EventMerge(meta);
    }

    /**
     * Opens a {@code .dat} file and reads its metadata.
     *
     * @throws TraceFormatException if the file is not a trace-cmd file of version 6 or 7, or its
     *                              metadata is malformed
     */
    public static DatFile open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Path name = file.getFileName();
            return new DatFile(name == null ? file.toString() : name.toString(), ch);
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads a {@code .dat} file from a stream (e.g. standard input): the stream is first copied to a
     * temporary file, deleted again on {@link #close()}, so memory use stays flat.
     *
     * @param name what to call the input in messages, e.g. {@code <stdin>}
     */
    public static DatFile open(InputStream in, String name) throws IOException {
        Path tmp = Files.createTempFile("tracesym-", ".dat");
        FileChannel ch = null;
        try {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.DELETE_ON_CLOSE);
            return new DatFile(name, ch);
        } catch (IOException | RuntimeException | Error e) {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(tmp);
            throw e;
        }
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

    /** Raw {@code /proc/kallsyms} text stored in the file ({@code ""} when absent). */
    public String kallsyms() { return meta.kallsyms; }

    /** Raw {@code printk_formats} text ({@code ""} when absent). */
    public String printkFormats() { return meta.printkFormats; }

    /** Raw {@code saved_cmdlines} text, "pid comm" lines ({@code ""} when absent). */
    public String cmdlines() { return meta.cmdlines; }

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

    /** Offset added to every timestamp (DATE option ×1000 plus OFFSET options), in ns. */
    public long tsOffsetNs() { return meta.tsOffsetNs; }

    /** Texts of the CPUSTAT options (per-CPU ring-buffer statistics), in file order. */
    public List<String> cpuStats() { return Collections.unmodifiableList(meta.cpuStats); }

    /** How many options or v7 sections with an id this reader does not use were skipped. */
    public int skippedOptions() { return meta.skippedOptions; }

    /** Problems that did not stop reading (data cut short, unsupported options, ...), one line each. */
    public List<String> warnings() { return Collections.unmodifiableList(meta.warnings); }

    // ---------------------------------------------------------------- events

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

    /** Closes the file (and deletes the spooled copy of a stream). */
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
