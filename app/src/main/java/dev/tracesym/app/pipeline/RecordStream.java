package dev.tracesym.app.pipeline;

import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.filter.FilterNames;
import dev.tracesym.formats.filter.RecordFilter;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.formats.report.ReportInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of an opened {@code .dat} taken apart for the structured outputs: each record that
 * the filter keeps is decoded ({@link RecordDecoder}) into a {@link RecordSink}, its addresses named
 * as of its time, the symbolizer fed from the trace's own markers and module events
 * ({@link SymbolFeed}) before any address at or after their time is named.
 * {@code tracesym report --format jsonl|perfetto} and {@link TraceEvents} both read a trace through it.
 */
final class RecordStream {
    private final RecordDecoder decoder;
    private final EventSource source;
    private final RecordFilter filter;
    private final FilterNames names;
    private final RawEvent event = new RawEvent();

    /**
     * @param filter which records to keep (null: all), asking {@code names}
     * @param slices whether the sink wants {@link RecordSink#slice} (timeline writers)
     */
    RecordStream(DatFile dat, ReportInput input, SymbolizerNamer namer, boolean noPlugins, boolean slices,
                 RecordFilter filter, FilterNames names) {
        List<String> buffers = new ArrayList<>();
        for (BufferInfo b : dat.buffers()) {
            buffers.add(b.name());
        }
        this.decoder = new RecordDecoder(input, buffers, namer, noPlugins, slices);
        this.filter = filter;
        this.names = names;
        // decoded on the consuming thread: handing records to another core costs more than decoding them
        EventSource records = dat::next;
        this.source = namer.timeAware() ? new SymbolFeed(records, input.formats(), namer) : records;
    }

    /**
     * Reads up to {@code n} records, decoding those the filter keeps into {@code sink}; how many were
     * read (fewer: the end). Short and called often, so it is compiled as soon as the records flow: one
     * long loop would run interpreted until on-stack replacement, ~0.1 s into a big trace.
     *
     * @throws InputFailure when the trace's data is broken (the records before it were decoded)
     * @throws IOException  when the sink failed
     */
    int decodeSome(RecordSink sink, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            try {
                if (!source.next(event)) {
                    return i;
                }
            } catch (IOException ex) {
                throw new InputFailure(ex);
            }
            if (filter == null || filter.accept(event, names)) { // before anything is decoded
                decoder.decode(event, sink);
            }
        }
        return n;
    }

    /** A failure of the input, told apart from one of the output. */
    static final class InputFailure extends IOException {
        private static final long serialVersionUID = 1L;

        InputFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
