package dev.tracesym.formats.report;

import dev.tracesym.formats.event.ResolvedSymbol;
import dev.tracesym.formats.event.SymbolNamer;
import dev.tracesym.formats.filter.FilterNames;

/** What filters compare: the comms of a report's comm table and the names of its namer. */
public final class ReportFilterNames implements FilterNames {
    private final CommTable comms;
    private final SymbolNamer namer;
    private final ResolvedSymbol symbol = new ResolvedSymbol();

    /**
     * @param comms the comm table the report prints with (filters must see the same, lookups change it)
     * @param namer the namer the report prints with
     */
    public ReportFilterNames(CommTable comms, SymbolNamer namer) {
        this.comms = comms;
        this.namer = namer;
    }

    @Override
    public byte[] comm(int pid) {
        return comms.find(pid);
    }

    @Override
    public String function(long addr, long ts) {
        return namer.resolve(ts, addr, symbol) ? symbol.name : null;
    }

    @Override
    public String module(long addr, long ts) {
        return namer.resolve(ts, addr, symbol) ? symbol.module : null;
    }
}
