package dev.tracesym.app.cli;

import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.ArchiveLayout;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code tracesym info}: what a trace or a symbol archive holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Shows what a trace or a symbol archive holds.",
            "For a .dat: format version, compression, buffers, CPUs, clock, event counts and module",
            "events; for an archive folder: its snapshots and when each module came and went; for",
            "trace text: its layout and line counts."},
        footerHeading = "%nExamples:%n",
        footer = {"  tracesym info samples/data/events/events.v7-zstd.dat",
            "  tracesym info samples/data/reuse/snapshots",
            "  tracesym info --no-count big.dat      metadata only, no pass over the events"})
public final class InfoCli implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "A .dat trace, a text trace, or a symbol archive folder.")
    List<Path> paths;

    @Option(names = "--modules", paramLabel = "DIR", description = "Folder of module .ko files (with an archive).")
    Path modules;

    @Option(names = "--no-count", description = "Do not read the events (a .dat's metadata only).")
    boolean noCount;

    @Option(names = "--partial-ok", description = "Exit 0 even when a trace's event data is cut short or damaged.")
    boolean partialOk;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        boolean first = true;
        int code = ExitCodes.OK;
        boolean lost = false;
        for (Path p : paths) {
            if (!first) out.println();
            first = false;
            try {
                if (Files.isDirectory(p)) archive(p, out);
                else if (isDat(p)) lost |= dat(p, out);
                else text(p, out);
            } catch (NoSuchFileException e) {
                code = unusable(p + ": no such file");
            } catch (IOException | IllegalArgumentException e) {
                // what is wrong with the input: named in the message (file, place, what was expected)
                code = unusable(FailureText.of(e, "reading " + p));
                if (verbose) e.printStackTrace();
            } catch (OutOfMemoryError e) {
                out.flush();
                System.err.println("tracesym info: " + InputFile.outOfMemory(p.toString()));
                return ExitCodes.UNUSABLE;
            }
        }
        out.flush();
        // a PrintStream keeps write errors to itself: the only one here is a closed pipe (`| head`)
        if (out.checkError()) {
            return ExitCodes.CLOSED_PIPE;
        }
        if (code != ExitCodes.OK) {
            return code;
        }
        if (lost && !partialOk) {
            System.err.println("tracesym info: events are missing from a damaged trace: the counts are those before the damage"
                    + " (--partial-ok accepts that)");
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    private static int unusable(String message) {
        System.err.println("tracesym info: " + message);
        return ExitCodes.UNUSABLE;
    }

    private static boolean isDat(Path p) throws IOException {
        try (InputStream in = InputFile.open(p)) {
            byte[] m = in.readNBytes(10);
            return m.length == 10 && m[0] == 0x17 && m[1] == 0x08 && m[2] == 0x44
                    && new String(m, 3, 7, java.nio.charset.StandardCharsets.ISO_8859_1).equals("tracing");
        }
    }

    /** Describes the trace; true when events were lost (data cut short or damaged). */
    private boolean dat(Path p, PrintStream out) throws IOException {
        try (DatFile dat = DatFile.open(p)) {
            out.println("trace:        " + p);
            out.println("format:       trace-cmd .dat version " + dat.fileVersion()
                    + (dat.fileVersion() >= 7 ? ", compression " + dat.compression()
                        + (dat.compressionVersion() == null || dat.compressionVersion().isEmpty() ? "" : " " + dat.compressionVersion()) : ""));
            out.println("byte order:   " + (dat.bigEndian() ? "big" : "little") + "-endian, kernel long "
                    + dat.longSize() + " bytes, page " + dat.pageSize() + " bytes");
            out.println("cpus:         " + dat.cpuCount());
            if (dat.traceClock() != null) out.println("clock:        " + dat.traceClock().trim());
            if (dat.uname() != null) out.println("uname:        " + dat.uname().trim());
            if (dat.traceCmdVersion() != null) out.println("recorded by:  trace-cmd " + dat.traceCmdVersion().trim());
            if (dat.tsOffsetNs() != 0) out.println("ts offset:    " + dat.tsOffsetNs() + " ns");
            out.println("kallsyms:     " + lines(dat.kallsyms()) + " lines");
            if (dat.modulesFile() != null) {
                out.println("modules:      " + lines(dat.modulesFile()) + " lines of /proc/modules at record time (a symbol source)");
            }
            if (dat.btfSize() > 0) out.println("btf:          " + dat.btfSize() + " bytes of kernel BTF (kept, not decoded)");
            for (String b : dat.lastBootInfo()) {
                out.println("last boot:    " + b.trim().replace("\n", "; "));
            }
            List<BufferInfo> buffers = dat.buffers();
            for (int i = 0; i < buffers.size(); i++) {
                BufferInfo b = buffers.get(i);
                out.println("buffer " + i + ":     " + (b.name().isEmpty() ? "(top level)" : b.name())
                        + ", " + b.cpus() + " cpus" + (b.clock() == null || b.clock().isEmpty() ? "" : ", clock " + b.clock()));
            }
            if (dat.skippedOptions() > 0) out.println("skipped:      " + dat.skippedOptions() + " unknown options/sections");
            if (noCount) {
                for (String w : dat.warnings()) System.err.println("tracesym info: warning: " + w);
                return dat.eventsLost();
            }
            Map<String, List<String>> systems = new LinkedHashMap<>();
            for (EventSystem s : dat.eventSystems()) systems.put(s.name(), s.formats());
            EventFormats formats = EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
            Map<Integer, long[]> counts = new TreeMap<>();
            List<String> moduleEvents = new ArrayList<>();
            RawEvent e = new RawEvent();
            long total = 0, firstTs = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
            EventFormat load = formats.find("module", "module_load");
            EventFormat free = formats.find("module", "module_free");
            StringBuilder sb = new StringBuilder();
            while (dat.next(e)) {
                total++;
                firstTs = Math.min(firstTs, e.ts);
                lastTs = Math.max(lastTs, e.ts);
                int type = formats.typeOf(e);
                long[] c = counts.get(type);
                if (c == null) counts.put(type, c = new long[1]);
                c[0]++;
                EventFormat f = formats.byId(type);
                if (f != null && (f == load || f == free)) {
                    FieldFormat name = f.field("name");
                    if (name != null) {
                        sb.setLength(0);
                        EventFields.appendString(sb, e, name, dat.bigEndian());
                        String buf = buffers.get(e.buffer).name();
                        moduleEvents.add(String.format("  %s %-12s %s%s", seconds(e.ts), f.name, sb,
                                buf.isEmpty() ? "" : "  (buffer " + buf + ")"));
                    }
                }
            }
            out.println("events:       " + total + (total > 0 ? " from " + seconds(firstTs) + " to " + seconds(lastTs) + " s" : ""));
            for (Map.Entry<Integer, long[]> c : counts.entrySet()) {
                EventFormat f = formats.byId(c.getKey());
                String name = f == null ? "(unknown type " + c.getKey() + ")" : f.system + ":" + f.name;
                out.printf("  %-40s %10d%n", name, c.getValue()[0]);
            }
            if (!moduleEvents.isEmpty()) {
                out.println("module events:");
                for (String m : moduleEvents) out.println(m);
            }
            for (String w : dat.warnings()) System.err.println("tracesym info: warning: " + w);
            return dat.eventsLost();
        }
    }

    private void archive(Path dir, PrintStream out) throws IOException {
        if (!ArchiveLayout.holdsListings(dir)) {
            throw new IllegalArgumentException(dir + " is a folder but not a symbol archive: it holds neither manifest.tsv "
                    + "nor NNN-label.kallsyms snapshots (docs/ARCHIVE.md)");
        }
        TimeAwareSymbolizer s = TimeAwareSymbolizer.open(dir, modules);
        out.println("archive:      " + dir);
        KernelTable table = s.kernelTable();
        out.println("kernel:       " + table.size() + " core symbols from " + table.source().text()
                + (table.hasSizeColumn() ? " (with its size column)" : ""));
        if (!s.buildFiles().isEmpty()) {
            StringBuilder files = new StringBuilder();
            for (Path f : s.buildFiles()) files.append(files.length() == 0 ? "" : " ").append(f);
            out.println("build files:  " + files);
        }
        out.println("snapshots:    " + s.snapshotCount());
        Set<String> prev = new HashSet<>();
        for (int i = 0; i < s.snapshotCount(); i++) {
            KernelSymbols st = s.snapshotState(i);
            Set<String> now = new HashSet<>(st.modules());
            List<String> came = new ArrayList<>(), gone = new ArrayList<>();
            for (String m : now) if (!prev.contains(m)) came.add(m);
            for (String m : prev) if (!now.contains(m)) gone.add(m);
            came.sort(null);
            gone.sort(null);
            StringBuilder line = new StringBuilder(String.format("  %-40s %3d modules", s.snapshotName(i), now.size()));
            if (i > 0 && !came.isEmpty()) line.append("  +").append(String.join(" +", came));
            if (!gone.isEmpty()) line.append("  -").append(String.join(" -", gone));
            out.println(line);
            prev = now;
        }
        out.println("modules seen: " + String.join(" ", s.knownModules()));
    }

    private void text(Path p, PrintStream out) throws IOException {
        if (Files.size(p) == 0) {
            throw new IllegalArgumentException(p + ": the file is empty: not a trace");
        }
        long[] warnings = new long[1];
        try (TextTraceReader r = TextTraceReader.open(p, (src, line, msg) -> warnings[0]++)) {
            TextLine line = new TextLine();
            long lines = 0, events = 0, frames = 0;
            while (r.next(line)) {
                lines++;
                if (line.kind == TextLine.EVENT) events++;
                else if (line.kind == TextLine.FRAME) frames++;
            }
            if (events == 0 && frames == 0 && r.garbageLines() == lines) {
                throw new IllegalArgumentException(p + ": not a trace: none of its " + lines
                        + " lines is a .dat header, ftrace, trace-cmd report or perf script text");
            }
            out.println("trace:        " + p);
            out.println("format:       " + r.format() + " text");
            out.println("lines:        " + lines + " (" + events + " events, " + frames + " stack frames, "
                    + r.garbageLines() + " not understood)");
        }
    }

    private static long lines(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }

    private static String seconds(long ns) {
        return String.format("%d.%06d", ns / 1_000_000_000L, (ns % 1_000_000_000L) / 1000);
    }
}
