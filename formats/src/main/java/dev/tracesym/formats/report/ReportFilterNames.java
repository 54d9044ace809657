package dev.tracesym.formats.report;

import dev.tracesym.formats.filter.FilterNames;

/** What filters compare: the comms of a report's comm table and the symbols of its namer. */
public final class ReportFilterNames implements FilterNames {
    private final CommTable comms;
    private final ReportNamer namer;

    /**
     * @param comms the comm table the report prints with (filters must see the same, lookups change it)
     * @param namer the namer the report prints with
     */
    public ReportFilterNames(CommTable comms, ReportNamer namer) {
        this.comms = comms;
        this.namer = namer;
    }

    @Override
    public byte[] comm(int pid) {
        return comms.find(pid);
    }

    @Override
    public int symbol(long addr, long ts) {
        int s = namer.find(ts, addr);
        return s == ReportNamer.NONE ? -1 : s;
    }

    @Override
    public String function(int symbol) {
        return namer.functionName(symbol);
    }

    @Override
    public String module(int symbol) {
        return namer.moduleName(symbol);
    }
}
