package dev.tracesym.samples;

import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.app.report.TraceCmdNamer;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.PrintkFormats;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.report.ReportWriter;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tukaani.xz.XZInputStream;

/**
 * Replays what trace-cmd report 3.1.6 printed for generated records of every event format of a
 * kernel (made by {@code tools/tep-oracle/run.sh} with libtracecmd and libtraceevent themselves) through
 * tracesym's own report writer, with plugins and with {@code -N}, and collects every difference.
 *
 * <p>The expectation file: a {@code G<TAB>printk line} line starts a group (one trace-cmd handle: a
 * bprint format libtraceevent cannot parse fails the event for good, so each extra trace_printk format
 * is a group of its own; {@code -} for none), then one line per record:
 * {@code system:name<TAB>record bytes in hex<TAB>info with plugins<TAB>info with -N}; an info is
 * escaped (backslash, newline, bytes outside 0x20-0x7e as {@code \xNN}) or {@code <CRASH>} (libtraceevent
 * crashed) or {@code <UNDEFINED>} (the output changed with the bytes behind the record) or
 * {@code <LONG length fnv1a-64>} (an info over 64 KiB).
 */
final class OracleReplay {
    /** Every generated record has pid 0, CPU 0 and time 1000 ns: each line starts with this. */
    private static final String HEAD = String.format("%16s-%-5d [%03d] %5d.%06d", "<idle>", 0, 0, 0, 1);
    private static final int MAX_SHOWN = 60;

    int records;
    int compared;
    int skipped;
    /** Records whose info from trace-cmd is over 64 KiB: a damaged width or depth; tracesym bounds those. */
    int overBound;
    int groups;
    final Set<String> events = new HashSet<>();
    /** Per event (and -N), how many renderings differ; the first difference of each is in {@link #differences}. */
    final java.util.Map<String, Integer> differing = new java.util.TreeMap<>();
    final List<String> differences = new ArrayList<>();

    /** Replays {@code expectations} (xz or plain text) against the formats, kallsyms and printk of {@code catalog}. */
    void replay(Path catalog, Path expectations) throws IOException {
        try (DatFile dat = DatFile.open(catalog)) {
            ReportInput base = ReportCommand.inputOf(dat);
            String printk = dat.printkFormats();
            List<String[]> group = new ArrayList<>();
            String extra = null;
            try (InputStream raw = Files.newInputStream(expectations);
                 InputStream in = expectations.toString().endsWith(".xz") ? new XZInputStream(raw) : raw;
                 BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("G\t")) {
                        run(dat, base, printk, extra, group);
                        group.clear();
                        extra = line.substring(2).equals("-") ? null : line.substring(2);
                        continue;
                    }
                    String[] f = line.split("\t", -1);
                    if (f.length != 4) {
                        throw new IOException(expectations + ": line not 'event, hex, info, info': " + line);
                    }
                    group.add(f);
                }
            }
            run(dat, base, printk, extra, group);
        }
    }

    private void run(DatFile dat, ReportInput base, String printk, String extra, List<String[]> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        groups++;
        // the records are all of the top-level buffer: no instance prefix
        ReportInput input = new ReportInput(base.formats(),
                extra == null ? base.printk() : PrintkFormats.parse(printk + extra + "\n"), base.savedCmdlines(),
                base.cpus(), List.of(""), true);
        for (int mode = 0; mode < 2; mode++) {
            boolean noPlugins = mode == 1;
            byte[][] payloads = new byte[lines.size()][];
            for (int i = 0; i < payloads.length; i++) {
                payloads[i] = unhex(lines.get(i)[1]);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            TraceCmdNamer namer = ReportCommand.namerOf(dat);
            new ReportWriter(input, namer, noPlugins, false, out).write(source(payloads));
            String text = out.toString(StandardCharsets.ISO_8859_1);
            int pos = text.indexOf('\n') + 1; // after "cpus=N"
            for (int i = 0; i < payloads.length; i++) {
                String[] rec = lines.get(i);
                String prefix = HEAD + column(input, payloads[i]);
                if (!text.startsWith(prefix, pos)) {
                    throw new IOException("record " + i + " (" + rec[0] + "): report line does not start with '" + prefix
                            + "': " + text.substring(pos, Math.min(text.length(), pos + 200)));
                }
                int start = pos + prefix.length();
                int end;
                if (i + 1 < payloads.length) {
                    end = text.indexOf("\n" + HEAD + column(input, payloads[i + 1]), start);
                } else {
                    end = text.length() - 1;
                }
                if (end < 0) {
                    throw new IOException("record " + (i + 1) + " of " + rec[0] + ": no line of its own in the report");
                }
                String got = text.substring(start, end);
                pos = end + 1;
                if (mode == 0) {
                    records++;
                    events.add(rec[0]);
                }
                String want = rec[2 + mode];
                if (want.equals("<CRASH>") || want.equals("<UNDEFINED>")) {
                    skipped++;
                    continue;
                }
                if (want.startsWith("<LONG ")) {
                    overBound++; // tracesym bounds one conversion or indent at 64 KiB, trace-cmd prints gigabytes
                    continue;
                }
                compared++;
                String expected = asReported(unescape(want));
                if (!expected.equals(got)) {
                    String key = (noPlugins ? "-N " : "") + rec[0];
                    if (differing.merge(key, 1, Integer::sum) == 1 && differences.size() < MAX_SHOWN) {
                        EventFormat f = input.formats().byId(input.formats().typeOf(event(payloads[i])));
                        String fmt = f == null ? "?" : f.printFmt;
                        differences.add(key + " " + rec[1] + "\n  fmt:  " + (fmt.length() > 400 ? fmt.substring(0, 400) + "..." : fmt)
                                + "\n  want: " + escape(expected) + "\n  got:  " + escape(got));
                    }
                }
            }
        }
    }

    /** The name column after the time, as trace-cmd prints it: {@code ": name: "} padded to 20. */
    private static String column(ReportInput input, byte[] payload) {
        EventFormat f = input.formats().byId(input.formats().typeOf(event(payload)));
        if (f == null) {
            throw new IllegalStateException("tracesym read no format for event id " + input.formats().typeOf(event(payload)));
        }
        StringBuilder sb = new StringBuilder(": ").append(f.name).append(": ");
        for (int i = f.name.length(); i < 20; i++) {
            sb.append(' ');
        }
        return sb.toString();
    }

    /** trace-cmd report drops one trailing newline of the line and prints it with %.*s, so up to a NUL. */
    static String asReported(String info) {
        if (info.endsWith("\n")) {
            info = info.substring(0, info.length() - 1);
        }
        int nul = info.indexOf('\0');
        return nul >= 0 ? info.substring(0, nul) : info;
    }

    private static RawEvent event(byte[] payload) {
        RawEvent e = new RawEvent();
        e.data = payload;
        e.length = payload.length;
        e.ts = 1000;
        return e;
    }

    private static EventSource source(byte[][] payloads) {
        int[] next = {0};
        return into -> {
            if (next[0] == payloads.length) {
                return false;
            }
            byte[] p = payloads[next[0]++];
            into.data = p;
            into.offset = 0;
            into.length = p.length;
            into.ts = 1000;
            into.cpu = 0;
            into.buffer = 0;
            into.missedBefore = 0;
            return true;
        };
    }

    static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ((Character.digit(s.charAt(2 * i), 16) << 4) | Character.digit(s.charAt(2 * i + 1), 16));
        }
        return b;
    }

    /** The oracle's escaping undone: bytes as ISO-8859-1 chars. */
    static String unescape(String s) {
        StringBuilder o = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                o.append(c);
                continue;
            }
            char n = s.charAt(++i);
            if (n == 'n') {
                o.append('\n');
            } else if (n == 'x' && i + 2 < s.length()) {
                o.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                o.append(n);
            }
        }
        return o.toString();
    }

    static String escape(String s) {
        StringBuilder o = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                o.append("\\\\");
            } else if (c == '\n') {
                o.append("\\n");
            } else if (c < 0x20 || c >= 0x7f) {
                o.append(String.format("\\x%02x", (int) c));
            } else {
                o.append(c);
            }
        }
        return o.toString();
    }
}
