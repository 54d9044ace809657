package dev.tracesym.formats.text;

import dev.tracesym.formats.TraceFormatException;
import dev.tracesym.input.InputFile;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Reads ftrace, trace-cmd or perf script text line by line with bounded memory. The format is
 * sniffed from the first lines; compression from the magic bytes ({@link dev.tracesym.input.InputFile}). Every line
 * comes out, in order: lines the parser does not understand come out as {@link TextLine#GARBAGE}
 * (and are reported to the {@link WarningSink} with their line number) so a writer can pass them
 * through unchanged.
 */
public final class TextTraceReader implements Closeable {
    /** How many garbage lines are reported one by one before only counting them. */
    static final int MAX_REPORTED = 100;
    /** How many leading lines the sniffer looks at. */
    static final int SNIFF_LINES = 400;

    private final LineSource lines;
    private final String source;
    private final TextFormat format;
    private final LineParser parser;
    private final WarningSink warnings;
    private final Interner names;
    private long garbage;
    private boolean summarized;

    private TextTraceReader(LineSource lines, String source, TextFormat format, Interner names, WarningSink warnings) {
        this.lines = lines;
        this.source = source;
        this.format = format;
        this.names = names;
        this.parser = format.parser(names);
        this.warnings = warnings;
    }

    /** Opens a file (plain or compressed) and sniffs its format. */
    public static TextTraceReader open(Path file, WarningSink warnings) throws IOException {
        InputStream in = InputFile.open(file);
        try {
            return open(in, file.toString(), warnings);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Reads {@code in} (plain or compressed, e.g. standard input) and sniffs its format. */
    public static TextTraceReader open(InputStream in, String sourceName, WarningSink warnings) throws IOException {
        return open(in, sourceName, null, warnings);
    }

    /** As {@link #open(InputStream, String, WarningSink)} but with the format given (null: sniff). */
    public static TextTraceReader open(InputStream in, String sourceName, TextFormat format, WarningSink warnings)
            throws IOException {
        LineSource ls = new LineSource(InputFile.decompressed(in, sourceName), sourceName);
        Interner names = new Interner();
        TextFormat f = format != null ? format : sniff(ls, sourceName, names);
        return new TextTraceReader(ls, sourceName, f, names, warnings);
    }

    /** The format this reader parses. */
    public TextFormat format() {
        return format;
    }

    /** File name or {@code <stdin>}. */
    public String source() {
        return source;
    }

    /** Lines reported as garbage so far. */
    public long garbageLines() {
        return garbage;
    }

    /** The reader's string table (comm, event and symbol names), shared with consumers that intern too. */
    public Interner names() {
        return names;
    }

    /** Called when reading would wait for more input. */
    @FunctionalInterface
    public interface Stall {
        /** The input has nothing more yet (a pipe): flush the output written so far. */
        void stalled() throws IOException;
    }

    /**
     * Sets what to do whenever {@link #next} is about to wait for more input (null: nothing), so that
     * output written from a slow pipe reaches the reader line by line.
     */
    public void onStall(Stall stall) {
        lines.stall = stall;
    }

    /** Fills {@code line} with the next line; false at the end of the input. */
    public boolean next(TextLine line) throws IOException {
        if (!lines.next()) {
            if (garbage > MAX_REPORTED && !summarized) {
                summarized = true;
                warnings.warn(source, lines.number, (garbage - MAX_REPORTED) + " more lines not understood as "
                        + format + " text were passed through unchanged");
            }
            return false;
        }
        line.reset(lines.buf, lines.start, lines.end, lines.termEnd, lines.number);
        parser.parse(line);
        if (line.kind == TextLine.GARBAGE && ++garbage <= MAX_REPORTED) {
            warnings.warn(source, line.number, "not understood as " + format + " text, passed through unchanged: "
                    + abbreviate(line));
        }
        return true;
    }

    private static String abbreviate(TextLine line) {
        int n = Math.min(line.end - line.start, 120);
        String s = line.text(line.start, line.start + n);
        return n < line.end - line.start ? s + "..." : s;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    // ---------------------------------------------------------------- sniffing

    /**
     * Picks the format from the first lines: {@code # tracer:} means the kernel's text,
     * {@code cpus=N} trace-cmd's; otherwise each parser scores the lines and the best one wins.
     */
    private static TextFormat sniff(LineSource ls, String source, Interner names) throws IOException {
        byte[] b = ls.peek(1 << 16);
        int limit = ls.peekLimit();
        TextFormat[] all = TextFormat.values();
        LineParser[] parsers = new LineParser[all.length];
        int[] scores = new int[all.length];
        for (int k = 0; k < all.length; k++) {
            parsers[k] = all[k].parser(names);
        }
        TextLine line = new TextLine();
        int pos = ls.peekStart();
        int count = 0;
        boolean any = false;
        while (pos < limit && count < SNIFF_LINES) {
            int nl = Ascii.indexOf(b, pos, limit, (byte) '\n');
            int end = nl < 0 ? limit : nl;
            int termEnd = nl < 0 ? limit : nl + 1;
            if (nl < 0 && !ls.peekReachedEnd() && count > 0) {
                break; // partial last line of the window
            }
            int ce = end > pos && b[end - 1] == '\r' ? end - 1 : end;
            if (count == 0 || !any) {
                if (Ascii.startsWith(b, pos, ce, "# tracer:")) {
                    return TextFormat.FTRACE;
                }
                if (Ascii.startsWith(b, pos, ce, "cpus=") || Ascii.startsWith(b, pos, ce, "version = ")) {
                    return TextFormat.TRACE_CMD;
                }
            }
            if (ce > pos) {
                any = true;
            }
            for (int k = 0; k < all.length; k++) {
                line.reset(b, pos, ce, termEnd, count + 1);
                parsers[k].parse(line);
                scores[k] += parsers[k].score(line);
            }
            count++;
            pos = termEnd;
        }
        if (!any) {
            return TextFormat.FTRACE; // empty input: nothing to parse either way
        }
        int best = -1;
        for (int k = 0; k < all.length; k++) {
            if (scores[k] > 0 && (best < 0 || scores[k] > scores[best])) {
                best = k;
            }
        }
        if (best < 0) {
            throw TraceFormatException.atLine(source, 1,
                    "not ftrace, trace-cmd report or perf script text (no line of the first " + count
                            + " has an event's context, e.g. \"comm-pid [cpu] ts:\")");
        }
        return all[best];
    }
}
