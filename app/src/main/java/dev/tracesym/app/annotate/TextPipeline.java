package dev.tracesym.app.annotate;

import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.json.JsonLinesWriter;
import dev.tracesym.formats.json.PerfettoWriter;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.input.InputException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One call from an opened text trace to one of the three outputs, for the CLI: the annotated text
 * in the input's own layout, JSON Lines, or Perfetto trace-event JSON. The caller opens the reader
 * ({@link TextTraceReader#open}) with its warning sink and owns both streams.
 */
public final class TextPipeline {
    /** What to write. */
    public enum Output {
        /** The input text with its symbols re-annotated ({@link TextAnnotator}). */
        TEXT,
        /** One JSON object per event ({@link JsonLinesWriter}). */
        JSONL,
        /** Chrome / Perfetto trace-event JSON ({@link PerfettoWriter}). */
        PERFETTO
    }

    private final SymbolNamer namer;
    private final NameIndex index;
    private final TraceEventListener listener;
    private TextEvidence evidence;

    /**
     * @param index may be null (names without addresses stay as they are)
     * @param listener may be null; the time-aware namer's feed from the text's own module events
     */
    public TextPipeline(SymbolNamer namer, NameIndex index, TraceEventListener listener) {
        this.namer = namer;
        this.index = index;
        this.listener = listener;
    }

    /**
     * Checks the symbols against the text's own names on the way: nothing is written until
     * {@code evidence} accepts them ({@link HeldOutput}), and {@link #run} stops with
     * {@link TextEvidence.Refused} when it refuses them.
     */
    public TextPipeline checkedBy(TextEvidence evidence) {
        this.evidence = evidence;
        return this;
    }

    /** Reads all of {@code in} and writes {@code output} to {@code out} (flushed, not closed); returns lines or events written. */
    public long run(TextTraceReader in, Output output, OutputStream out) throws IOException {
        OutputStream o = evidence == null ? out : new HeldOutput(out, evidence);
        try {
            switch (output) {
                case TEXT:
                    return new TextAnnotator(namer, index, listener).checkedBy(evidence).annotate(in, o).lines;
                case JSONL:
                    try (JsonLinesWriter w = new JsonLinesWriter(o)) {
                        in.onStall(w::flush);
                        return new TextEvents(namer, index, listener).checkedBy(evidence).run(in, w::write);
                    }
                default:
                    try (PerfettoWriter w = new PerfettoWriter(o)) {
                        return new TextEvents(namer, index, listener).checkedBy(evidence).run(in, w::write);
                    }
            }
        } catch (InputException e) {
            // the input is damaged: the lines before the damage still go out, judged on the names seen so far
            if (evidence != null) {
                o.flush();
                evidence.check();
            }
            throw e;
        }
    }
}
