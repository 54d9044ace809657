package dev.tracesym.app.pipeline;

import dev.tracesym.app.cli.FailureText;
import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.Timing;
import dev.tracesym.formats.json.EventRecord;
import dev.tracesym.symbolizer.Symbolizer;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The events of one {@code .dat}, one at a time, each with its fields and a symbol entry for every
 * kernel-address field, named as of its time: exactly what {@code tracesym report --format jsonl}
 * writes (docs/JSONL.md), as an {@link EventRecord} to read before asking for the next (the Spark
 * data source makes its rows from it). Memory stays flat whatever the trace's size. For one thread.
 */
public final class TraceEvents implements Closeable {
    private final DatFile dat;
    private final RecordStream stream;
    private final EventRecordSink sink;
    private final List<String> skipped;

    private TraceEvents(DatFile dat, Symbolizer names, List<String> skipped) throws IOException {
        this.dat = dat;
        this.skipped = skipped;
        SymbolizerNamer namer = SymbolizerNamer.of(names);
        ReportPipeline.previousBoots(dat, namer);
        this.stream = new RecordStream(dat, ReportCommand.inputOf(dat, SymbolicFormats::rewrite), namer, false, false,
                null, null);
        this.sink = new EventRecordSink(namer, r -> { });
    }

    /**
     * Opens the trace {@code name}, then its names: from {@code symbols}, refused as {@code tracesym
     * report} refuses them when they do not belong to the trace ({@link SymbolCheck}; a warning about
     * module files missing for {@code __init} code is one of {@link #warnings()}), or (null) from the
     * kallsyms the trace carries (a malformed line of it skipped, as trace-cmd skips it, and told by
     * {@link #warnings()}). The trace is closed again when anything fails.
     *
     * @throws IOException with a message as {@code tracesym report} prints it ({@link #message});
     *                     {@link SymbolCheck.Mismatch} for symbols of another kernel or boot
     */
    public static TraceEvents open(DatFile.Opener trace, String name, SymbolSource symbols) throws IOException {
        DatFile dat = trace.open(Timing.DEFAULT);
        try {
            List<String> skipped = new ArrayList<>();
            if (symbols == null) {
                return new TraceEvents(dat, ReportPipeline.embedded(dat, "trace", skipped), skipped);
            }
            Symbolizer names = symbols.open();
            SymbolCheck.require(symbols, names, ReportPipeline.kernelOf(dat, name));
            String warning = SymbolCheck.initWarning(symbols, names);
            if (warning != null) {
                skipped.add(warning);
            }
            return new TraceEvents(dat, names, skipped);
        } catch (IOException | RuntimeException e) {
            dat.close();
            throw e;
        }
    }

    /**
     * Reads the next event into {@link #event()}.
     *
     * @return false after the last event
     * @throws IOException when the trace's data is broken: every event before it was given
     */
    public boolean next() throws IOException {
        try {
            return stream.decodeSome(sink, 1) == 1;
        } catch (RecordStream.InputFailure e) {
            throw e.getCause();
        }
    }

    /** The event {@link #next()} read; reused by the next call. */
    public EventRecord event() {
        return sink.record();
    }

    /**
     * What was cut short or skipped so far (a truncated trace, a corrupt page, a malformed kallsyms
     * line, an unknown option), and a warning about the names, one line each.
     */
    public List<String> warnings() {
        if (skipped.isEmpty()) {
            return dat.warnings();
        }
        List<String> all = new ArrayList<>(skipped);
        all.addAll(dat.warnings());
        return all;
    }

    /** True once a warning so far says events are missing ({@link DatFile#eventsLost()}): the trace is damaged. */
    public boolean eventsLost() {
        return dat.eventsLost();
    }

    /** A failure as {@code tracesym report} words it for a user: the file, where, what was expected. */
    public static String message(Throwable e) {
        return FailureText.of(e);
    }

    @Override
    public void close() throws IOException {
        dat.close();
    }
}
