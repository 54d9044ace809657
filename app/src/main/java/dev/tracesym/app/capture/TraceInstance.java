package dev.tracesym.app.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tracefs instance the capture follows module loads and unloads in (its own ring buffer,
 * so the user's tracing is left alone), and the trace_marker its epoch markers go to.
 */
final class TraceInstance implements Closeable {
    static final String[] EVENTS = {"events/module/module_load/enable", "events/module/module_free/enable"};
    /** Module events are a few dozen bytes; the default per-CPU buffer of an instance is megabytes. */
    private static final String BUFFER_KB = "64";

    private final Path dir;
    private final boolean created;
    private final Map<Path, byte[]> previous = new LinkedHashMap<>();
    private final PrintWriter err;
    private FileChannel marker;
    private FileChannel pipe;
    private boolean markerFailed;

    private TraceInstance(Path dir, boolean created, PrintWriter err) {
        this.dir = dir;
        this.created = created;
        this.err = err;
    }

    /**
     * Creates (or takes, when it exists) instances/NAME, enables the module events in it and opens
     * its trace_pipe; markers go to the trace_marker of {@code markerInstance}, or the top level.
     */
    static TraceInstance open(Path tracefs, String name, String markerInstance, PrintWriter err)
            throws IOException, CaptureRefusedException {
        Path instances = tracefs.resolve("instances");
        if (!Files.isDirectory(instances)) {
            throw new CaptureRefusedException("no tracefs at " + tracefs
                    + " (mount it: mount -t tracefs nodev /sys/kernel/tracing)");
        }
        Path markerFile = (markerInstance == null ? tracefs : instances.resolve(markerInstance)).resolve("trace_marker");
        if (!Files.exists(markerFile)) throw new CaptureRefusedException("no " + markerFile);
        Path dir = instances.resolve(name);
        boolean created;
        try {
            Files.createDirectory(dir);
            created = true;
        } catch (FileAlreadyExistsException e) {
            created = false;
            err.println("tracesym capture: using the existing tracefs instance " + dir
                    + " (if another capture runs in it, both miss events)");
        }
        TraceInstance t = new TraceInstance(dir, created, err);
        try {
            for (String ev : EVENTS) {
                if (!Files.exists(dir.resolve(ev))) {
                    throw new CaptureRefusedException("no " + dir.resolve(ev)
                            + ": this kernel has no module events (CONFIG_MODULES, CONFIG_TRACEPOINTS)");
                }
            }
            if (created && Files.exists(dir.resolve("buffer_size_kb"))) t.set("buffer_size_kb", BUFFER_KB);
            // the traced buffer's clock, so that the times of events.tsv are on the trace's clock
            String clock = selectedClock(markerFile.resolveSibling("trace_clock"));
            if (clock != null && Files.exists(dir.resolve("trace_clock"))) t.set("trace_clock", clock);
            for (String ev : EVENTS) t.set(ev, "1");
            t.set("tracing_on", "1");
            t.pipe = FileChannel.open(dir.resolve("trace_pipe"), StandardOpenOption.READ);
            t.marker = FileChannel.open(markerFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | CaptureRefusedException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** The instance's trace_pipe; reading it consumes the events. */
    FileChannel pipe() {
        return pipe;
    }

    /**
     * Writes one marker line (one write call, so one trace event). Tracing that is off in the
     * marker's instance refuses it: the first failure is reported, the capture goes on.
     */
    void mark(String text) {
        byte[] b = (text + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            marker.write(ByteBuffer.wrap(b));
        } catch (IOException e) {
            if (!markerFailed) {
                err.println("tracesym capture: marker \"" + text + "\" not written (" + e.getMessage()
                        + "): is tracing on? Snapshots without a marker in the trace apply from the previous one's");
                markerFailed = true;
            }
        }
    }

    /** The clock in brackets of a trace_clock file ("local [global] counter ..."); null when unknown. */
    static String selectedClock(Path traceClock) {
        try {
            String s = Files.readString(traceClock, StandardCharsets.US_ASCII);
            int open = s.indexOf('[');
            int close = s.indexOf(']', open + 1);
            return open >= 0 && close > open + 1 ? s.substring(open + 1, close) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void set(String file, String value) throws IOException {
        Path p = dir.resolve(file);
        if (!created && !previous.containsKey(p)) {
            // trace_clock lists every clock; only the selected one can be written back
            String clock = file.equals("trace_clock") ? selectedClock(p) : null;
            previous.put(p, clock != null ? (clock + "\n").getBytes(StandardCharsets.US_ASCII) : Files.readAllBytes(p));
        }
        Files.write(p, (value + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Closes trace_pipe (which also wakes a reader blocked in it) and removes the instance, or,
     * when it existed before, puts back what was changed in it.
     */
    @Override
    public void close() {
        closeQuietly(pipe);
        closeQuietly(marker);
        if (created) {
            try {
                Files.delete(dir);
            } catch (IOException e) {
                err.println("tracesym capture: could not remove " + dir + ": " + e.getMessage());
            }
        } else {
            for (Map.Entry<Path, byte[]> p : previous.entrySet()) {
                try {
                    Files.write(p.getKey(), p.getValue(), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (IOException e) {
                    err.println("tracesym capture: could not restore " + p.getKey() + ": " + e.getMessage());
                }
            }
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was written through it that could be lost
        }
    }
}
