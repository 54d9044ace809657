package dev.tracesym.app.report;

import dev.tracesym.formats.event.ByteText;
import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.report.ReportNamer;
import java.util.concurrent.CompletableFuture;

/**
 * trace-cmd's lookup ({@link TraceCmdNamer}) while its table is still being read from the trace's
 * kallsyms on another thread: the report starts at once, and the first question that needs a name waits
 * for the table. Not thread-safe, as the namer it stands for.
 */
final class PendingNamer implements ReportNamer {
    private final CompletableFuture<TraceCmdNamer> pending;
    private TraceCmdNamer namer;

    PendingNamer(CompletableFuture<TraceCmdNamer> pending) {
        this.pending = pending;
    }

    private TraceCmdNamer namer() {
        TraceCmdNamer n = namer;
        return n != null ? n : (namer = pending.join());
    }

    @Override
    public int find(long ts, long addr) {
        return namer().find(ts, addr);
    }

    /** One table for the whole trace, as trace-cmd has. */
    @Override
    public Object stateAt(long ts) {
        return this;
    }

    @Override
    public ReportNamer forAnotherThread() {
        return new PendingNamer(pending.thenApply(n -> (TraceCmdNamer) n.forAnotherThread()));
    }

    @Override
    public int nameKey(int symbol) {
        return namer().nameKey(symbol);
    }

    @Override
    public long start(int symbol) {
        return namer().start(symbol);
    }

    @Override
    public void append(ByteText out, int symbol, long addr, int style) {
        namer().append(out, symbol, addr, style);
    }

    @Override
    public boolean append(ByteText out, long ts, long addr, int style) {
        return namer().append(out, ts, addr, style);
    }

    @Override
    public boolean append(StringBuilder out, long ts, long addr, int style) {
        return namer().append(out, ts, addr, style);
    }

    @Override
    public boolean resolve(long ts, long addr, ResolvedSymbol out) {
        return namer().resolve(ts, addr, out);
    }

    @Override
    public String functionName(int symbol) {
        return namer().functionName(symbol);
    }

    @Override
    public String moduleName(int symbol) {
        return namer().moduleName(symbol);
    }

    @Override
    public long addressOf(String name) {
        return namer().addressOf(name);
    }
}
