package dev.tracesym.app.pipeline;

import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.annotate.NameIndex;
import dev.tracesym.app.annotate.TextEvidence;
import dev.tracesym.app.annotate.TextPipeline;
import dev.tracesym.app.annotate.TraceEventListener;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import dev.tracesym.input.InputException;
import dev.tracesym.input.InputFile;
import dev.tracesym.symbolizer.Symbolizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code tracesym annotate}: trace text (ftrace, trace-cmd report, perf script) with its kernel
 * symbols named as of each line's time ({@link TextPipeline}), written as text in the input's own
 * layout, JSON Lines or Perfetto JSON. The symbolizer is adapted to the text pipeline's three
 * interfaces: {@link SymbolizerNamer} names addresses, {@link SymbolNameIndex} confirms names the
 * text gives without an address, and the text's own markers and module events feed the symbolizer
 * before any later line is named. Lines reach the output as soon as the input pauses.
 */
public final class AnnotatePipeline {
    private static final String PREFIX = "tracesym annotate: ";
    /** Garbage lines reported one by one (the reader summarizes the rest). */
    private static final int MAX_WARNINGS = 20;

    /**
     * One annotation to make.
     *
     * @param input   a text file (plain or compressed), or {@code "-"} for standard input
     * @param format  what to write
     * @param symbols where names come from; null leaves the text's names as they are
     * @param verbose stack traces with error messages
     */
    public record Request(String input, TextPipeline.Output format, SymbolSource symbols, boolean verbose) {
        public Request {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(format, "format");
        }
    }

    private AnnotatePipeline() {
    }

    /**
     * Writes the annotated trace to {@code out} (flushed, not closed); messages go to {@code err}.
     */
    public static Outcome run(Request r, InputStream stdin, OutputStream out, PrintStream err) {
        String shown = "-".equals(r.input()) ? "<stdin>" : r.input();
        SymbolNamer namer = SymbolNamer.NONE;
        NameIndex index = NameIndex.NONE;
        TraceEventListener listener = TraceEventListener.NONE;
        TextEvidence evidence = null;
        if (r.symbols() != null) {
            try {
                Symbolizer symbols = r.symbols().open();
                SymbolCheck.require(r.symbols(), symbols, null);
                String warning = SymbolCheck.initWarning(r.symbols(), symbols);
                if (warning != null) {
                    err.println(PREFIX + warning);
                }
                evidence = r.symbols().forced() ? null : new TextEvidence();
                SymbolizerNamer n = SymbolizerNamer.of(symbols);
                namer = n;
                NameIndex byName = SymbolNameIndex.of(n);
                index = byName != null ? byName : NameIndex.NONE;
                listener = new Feed(n.symbolizer());
            } catch (IOException | RuntimeException e) {
                report(err, e, "loading the symbols for " + shown, r.verbose());
                return Outcome.UNUSABLE;
            } catch (OutOfMemoryError e) {
                err.println(PREFIX + InputFile.outOfMemory(r.symbols().inputs().get(0).toString()));
                return Outcome.UNUSABLE;
            }
        }
        int[] warnings = new int[1];
        WarningSink sink = (source, line, message) -> {
            if (warnings[0]++ < MAX_WARNINGS) {
                err.println(PREFIX + "warning: " + source + ":" + line + ": " + message);
            }
        };
        TextTraceReader in;
        try {
            in = "-".equals(r.input()) ? TextTraceReader.open(stdin, "<stdin>", sink)
                    : TextTraceReader.open(Path.of(r.input()), sink);
        } catch (IOException | RuntimeException e) {
            report(err, e, "opening " + shown, r.verbose());
            return Outcome.UNUSABLE;
        }
        try (in) {
            new TextPipeline(namer, index, listener).checkedBy(evidence).run(in, r.format(), out);
            return Outcome.OK;
        } catch (TextEvidence.Refused e) {
            String name = "-".equals(r.input()) ? "<stdin>" : Path.of(r.input()).getFileName().toString();
            report(err, SymbolCheck.refusal(r.symbols(), name, List.of(e.getMessage())), "checking the symbols against " + shown,
                    false);
            return Outcome.UNUSABLE;
        } catch (InputException e) {
            // the input is damaged (cut short, a line too long): every line before it was written
            report(err, e, "reading " + shown, r.verbose());
            return Outcome.DAMAGED;
        } catch (IOException e) {
            if (ExitCodes.closedPipe(e)) {
                return Outcome.CLOSED;          // `| head` closing early is not worth a message
            }
            report(err, e, "annotating " + shown, r.verbose());
            return Outcome.FAILED;
        } catch (OutOfMemoryError e) {
            err.println(PREFIX + InputFile.outOfMemory(shown));
            return Outcome.UNUSABLE;
        }
    }

    /** The text's own module layout events, passed on to the symbolizer. */
    private static final class Feed implements TraceEventListener {
        private final Symbolizer symbolizer;

        Feed(Symbolizer symbolizer) {
            this.symbolizer = symbolizer;
        }

        @Override
        public void marker(long ts, CharSequence text) {
            symbolizer.marker(ts, text);
        }

        @Override
        public void moduleLoad(long ts, String module) {
            symbolizer.moduleLoad(ts, module);
        }

        @Override
        public void moduleFree(long ts, String module) {
            symbolizer.moduleFree(ts, module);
        }

        @Override
        public void moduleInitDone(long ts, String module) {
            symbolizer.moduleInitDone(ts, module);
        }
    }

    /** Prints the failure of {@code e} while {@code doing} ("reading t.txt"), and with {@code verbose} its stack trace. */
    private static void report(PrintStream err, Throwable e, String doing, boolean verbose) {
        err.println(PREFIX + FailureText.of(e, doing));
        if (verbose) {
            e.printStackTrace(err);
        }
    }
}
