package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.PrintkFormats;
import dev.tracesym.formats.filter.PosixRegex;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The texts {@code trace-cmd report} 3.1.6 prints about a trace instead of its events: {@code -e}
 * (endianness), {@code --events} / {@code --event} (format texts), {@code -P} (printk formats), {@code -E}
 * (stored event formats), {@code --cpus} with
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
     * {@code --events} ({@code regex} ".*") and {@code --event REGEX}: the stored event formats whose system
     * or name matches, each text as stored, those of a system other than ftrace under a
     * {@code system: NAME} line. REGEX is {@code SYSTEM:EVENT}, or one expression for both (a system it
     * matches is printed whole); each a POSIX basic expression found anywhere, ignoring case (trace-cmd's
     * {@code tracecmd_print_events}). trace-cmd 3.1.6 prints this only for v6 files and never the ftrace
     * formats (it drops the expression there); here both are printed for every file.
     *
     * @throws PosixRegex.Invalid        when an expression does not compile
     * @throws IllegalArgumentException when there is none
     */
    public static byte[] formatTexts(DatFile dat, String regex) throws PosixRegex.Invalid {
        List<String> tokens = new ArrayList<>(); // strtok(":"): empty pieces are skipped
        for (String piece : regex.split(":", -1)) {
            if (!piece.isEmpty()) {
                tokens.add(piece);
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("no expression (trace-cmd crashes on this)");
        }
        boolean unique = tokens.size() > 1; // a system and an event were named
        Pattern system = PosixRegex.compile(tokens.get(0));
        Pattern event = PosixRegex.compile(unique ? tokens.get(1) : tokens.get(0));
        LineBuffer out = new LineBuffer(1 << 16);
        List<EventSystem> all = new ArrayList<>();
        all.add(new EventSystem("ftrace", dat.ftraceFormats()));
        all.addAll(dat.eventSystems());
        for (EventSystem sys : all) {
            boolean whole = false;
            Pattern names = event;
            if (system.matcher(sys.name()).find()) {
                whole = !unique;
            } else if (unique) {
                names = null; // another system was named
            }
            boolean headed = sys.name().equals("ftrace"); // trace-cmd prints no system line for ftrace's
            for (String text : sys.formats()) {
                if (names == null || !(whole || names.matcher(nameLine(text)).find())) {
                    continue;
                }
                if (!headed) {
                    out.append("\nsystem: ");
                    out.append(sys.name().getBytes(StandardCharsets.UTF_8));
                    out.append((byte) '\n');
                    headed = true;
                }
                out.append(text.getBytes(StandardCharsets.UTF_8));
                out.append((byte) '\n');
            }
        }
        return out.toBytes();
    }

    /** The first line of a format text without its {@code name: }, what the event expression is matched with. */
    private static String nameLine(String text) {
        int from = 0;
        while (from < text.length() && text.charAt(from) == '\n') {
            from++;
        }
        int end = text.indexOf('\n', from);
        String line = text.substring(from, end < 0 ? text.length() : end);
        return line.startsWith("name: ") ? line.substring(6) : line;
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
