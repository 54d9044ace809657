package dev.tracesym.app.pipeline;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.json.EventRecord;
import java.io.IOException;

/** Fills an {@link EventRecord} (reused) and hands it to a writer of the formats module when complete. */
final class EventRecordSink implements RecordSink {
    /** Takes each finished record. */
    @FunctionalInterface
    interface Writer {
        void write(EventRecord r) throws IOException;
    }

    private final SymbolizerNamer namer;
    private final Writer writer;
    private final EventRecord rec = new EventRecord();

    EventRecordSink(SymbolizerNamer namer, Writer writer) {
        this.namer = namer;
        this.writer = writer;
    }

    /** The record being filled, complete after {@link #end()}. */
    EventRecord record() {
        return rec;
    }

    @Override
    public void begin(long ts, int cpu, int pid, String comm, EventName event, BufferName buffer) {
        rec.clear();
        rec.ts = ts;
        rec.cpu = cpu;
        rec.pid = pid;
        rec.comm = comm;
        rec.event = event.event();
        rec.system = event.system();
        rec.buffer = buffer.name();
    }

    @Override
    public void integer(Key k, long v) {
        rec.addInt(k.name(), v);
    }

    @Override
    public void address(Key k, long v) {
        rec.addAddress(k.name(), v);
    }

    @Override
    public void text(Key k, byte[] b, int off, int len) {
        rec.addText(k.name(), b, off, len);
    }

    @Override
    public void string(Key k, String s) {
        rec.addString(k.name(), s);
    }

    @Override
    public void addresses(Key k, long[] a, int n) {
        rec.addAddressList(k.name(), a, n);
    }

    @Override
    public void symbol(Key k, long addr, int code) {
        ResolvedSymbol s = rec.addSymbol(k.name(), addr, true);
        if (code < 0) {
            s.unknown = SymbolizerNamer.reason(code);
        } else {
            namer.fill(code, addr, s);
        }
    }

    @Override
    public void slice(byte phase, long durationNs, long funcAddr, int code) {
        rec.phase = phase;
        rec.durationNs = durationNs;
        if (code != NO_FUNCTION) {
            rec.sliceName = code >= 0 ? namer.display(code) : "0x" + Long.toHexString(funcAddr);
        }
    }

    @Override
    public void end() throws IOException {
        writer.write(rec);
    }
}
