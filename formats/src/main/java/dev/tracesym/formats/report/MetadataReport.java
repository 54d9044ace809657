package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.PrintkFormats;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The texts {@code trace-cmd report} 3.1.6 prints about a trace instead of its events: {@code -e}
 * (endianness), {@code -P} (printk formats), {@code -E} (stored event formats), {@code --cpus} with
 * {@code --first-event} / {@code --last-event}, and {@code --stat}, {@code --uname}, {@code --version}
 * (what follows the {@code cpus=N} line). Each method returns the bytes of one input's part.
 */
public final class MetadataReport {
    private MetadataReport() {
    }

    /** {@code -e}: the file's byte order and this machine's. */
    public static byte[] endianness(boolean fileBigEndian) {
        String host = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? "big" : "little";
        return ("file is " + (fileBigEndian ? "big" : "little") + " endian and host is " + host + " endian\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code -P}: every printk format, {@code %016llx fmt} by address (libtraceevent's {@code tep_print_printk}). */
    public static byte[] printk(String printkFormats) {
        PrintkFormats listed = PrintkFormats.listed(printkFormats);
        LineBuffer out = new LineBuffer(64 + listed.size() * 48);
        for (int i = 0; i < listed.size(); i++) {
            out.appendHex(listed.address(i), 16);
            out.append((byte) ' ');
            out.append(listed.string(i).getBytes(StandardCharsets.UTF_8));
            out.append((byte) '\n');
        }
        return out.toBytes();
    }

    /**
     * {@code -E}: {@code system:name} of every event format stored, ordered by system, then name (byte
     * order, as strcmp), then id.
     */
    public static byte[] events(EventFormats formats) {
        List<Listed> all = new ArrayList<>();
        for (EventFormats.Name n : formats.names()) {
            all.add(new Listed(n.system().getBytes(StandardCharsets.UTF_8), n.name().getBytes(StandardCharsets.UTF_8), n.id()));
        }
        all.sort((a, b) -> {
            int c = Arrays.compareUnsigned(a.system, b.system);
            if (c == 0) {
                c = Arrays.compareUnsigned(a.name, b.name);
            }
            return c != 0 ? c : Integer.compare(a.id, b.id);
        });
        LineBuffer out = new LineBuffer(64 + all.size() * 32);
        for (Listed l : all) {
            out.append(l.system);
            out.append((byte) ':');
            out.append(l.name);
            out.append((byte) '\n');
        }
        return out.toBytes();
    }

    private record Listed(byte[] system, byte[] name, int id) {
    }

    /**
     * {@code --cpus}: the CPUs of the top-level buffer that hold records, each with the time of its first
     * and/or last record for {@code --first-event} / {@code --last-event}.
     *
     * @param shown        the input as the user named it (trace-cmd prints it as given)
     * @param microseconds the clock counts ns (times as seconds with a fraction), else a raw counter
     * @param nsTimestamps {@code -t}: nine digits of fraction instead of six
     */
    public static byte[] cpus(String shown, List<DatFile.CpuRecords> cpus, boolean first, boolean last,
                              boolean microseconds, boolean nsTimestamps) {
        LineBuffer out = new LineBuffer(128 + cpus.size() * 48);
        out.append("List of CPUs in ");
        out.append(shown.getBytes(StandardCharsets.UTF_8));
        out.append(" with data:\n");
        for (DatFile.CpuRecords c : cpus) {
            out.append("  ");
            out.appendSigned(c.cpu());
            if (first) {
                out.append("\tFirst event:");
                time(out, c.firstTs(), microseconds, nsTimestamps);
            }
            if (last) {
                out.append("\tLast event:");
                time(out, c.lastTs(), microseconds, nsTimestamps);
            }
            out.append((byte) '\n');
        }
        return out.toBytes();
    }

    /**
     * libtraceevent's time without the report line's leading blank: {@code %5llu.%06llu} of the rounded
     * microseconds, {@code %5llu.%09llu} of the ns with -t, {@code %12llu} for a raw counter.
     */
    static void time(LineBuffer out, long ts, boolean microseconds, boolean nsTimestamps) {
        if (!microseconds) {
            out.appendUnsigned(ts, 12, (byte) ' ');
            return;
        }
        long seconds;
        long fraction;
        if (nsTimestamps) {
            seconds = Long.divideUnsigned(ts, 1_000_000_000L);
            fraction = ts - seconds * 1_000_000_000L;
        } else {
            long us = Long.divideUnsigned(ts + 500, 1000); // C unsigned arithmetic
            seconds = us / 1_000_000L;
            fraction = us - seconds * 1_000_000L;
        }
        out.appendUnsigned(seconds, 5, (byte) ' ');
        out.append((byte) '.');
        out.appendFixedDigits((int) fraction, nsTimestamps ? 9 : 6);
    }

    /**
     * {@code --stat}, after the {@code cpus=N} line: the kernel's ring-buffer statistics saved at the end of
     * the recording, then where each CPU's data of the top-level buffer lies ({@link DatFile#cpuData()}).
     */
    public static byte[] stat(DatFile dat) throws IOException {
        LineBuffer out = new LineBuffer(4096);
        out.append("\nKernel buffer statistics:\n"
                + "  Note: \"entries\" are the entries left in the kernel ring buffer and are not\n"
                + "        recorded in the trace data. They should all be zero.\n\n");
        byte[] stats = dat.cpuStatText();
        if (stats != null) {
            out.append(stats);
            out.append((byte) '\n');
        } else {
            out.append(" No stats in this file\n");
        }
        for (DatFile.CpuData c : dat.cpuData()) {
            out.append("CPU");
            out.appendSigned(c.cpu());
            out.append(" data recorded at offset=0x");
            out.appendHex(c.offset());
            out.append("\n    ");
            out.appendSigned(c.size());
            out.append(" bytes in size\n");
        }
        return out.toBytes();
    }

    /** {@code --uname}, after the {@code cpus=N} line: the recording machine's uname, then (as trace-cmd does) {@link #version}. */
    public static byte[] uname(DatFile dat) {
        LineBuffer out = new LineBuffer(256);
        saved(out, dat.unameBytes(), " uname was not recorded in this file\n");
        saved(out, dat.traceCmdVersionBytes(), " version was not recorded in this file\n");
        return out.toBytes();
    }

    /** {@code --version}, after the {@code cpus=N} line: the version of the trace-cmd that recorded the file. */
    public static byte[] version(DatFile dat) {
        LineBuffer out = new LineBuffer(128);
        saved(out, dat.traceCmdVersionBytes(), " version was not recorded in this file\n");
        return out.toBytes();
    }

    private static void saved(LineBuffer out, byte[] text, String absent) {
        if (text == null) {
            out.append(absent);
        } else {
            out.append(text);
            out.append((byte) '\n');
        }
    }
}
