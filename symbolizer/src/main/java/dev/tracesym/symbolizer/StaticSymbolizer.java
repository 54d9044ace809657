package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.ModuleList;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;
import dev.tracesym.symbolizer.table.KallsymsSplit;
import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModMap;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import dev.tracesym.symbolizer.table.PseudoModules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One symbol table without time: a {@code /proc/kallsyms}, {@code /proc/kallmodsyms},
 * {@code System.map} or the kallsyms text a trace file embeds. Every address is resolved against
 * it whatever its time, as {@code trace-cmd report} does. State events are ignored.
 */
public final class StaticSymbolizer implements Symbolizer {
    private final KernelSymbols state;

    private StaticSymbolizer(KernelSymbols state) {
        this.state = state;
    }

    /**
     * Reads a symbol file (plain or xz/gzip/zstd-compressed). A file whose name contains
     * {@code System.map} is ordered as scripts/kallsyms.c orders the kernel's table; any other is
     * taken as kallsyms or kallmodsyms text, already in the kernel's order.
     */
    public static StaticSymbolizer open(Path file) throws IOException {
        TextSource src = TextSource.read(file);
        boolean map = file.getFileName().toString().contains("System.map");
        return of(KallsymsParser.parse(src, new Names()), null, map ? KernelTable.Order.LINK_MAP : KernelTable.Order.KERNEL);
    }

    /** Parses kallsyms text held in memory, e.g. the kallsyms section of a trace-cmd file. */
    public static StaticSymbolizer fromKallsyms(String text, String origin) throws SymbolSourceException {
        return of(KallsymsParser.parse(TextSource.of(text, origin), new Names()), null, KernelTable.Order.KERNEL);
    }

    /**
     * A symbolizer over a parsed listing; {@code modules} ({@code /proc/modules} of the same
     * moment, may be null) gives the modules' exact memory ranges.
     */
    public static StaticSymbolizer of(KallsymsListing listing, ModuleList modules, KernelTable.Order order) {
        KallsymsSplit split = KallsymsSplit.of(listing, modules);
        KernelTable kernel = split.kernel.length == 0 ? null : KernelTable.build(listing, split.kernel, order);
        List<ModuleSymbols> live = new ArrayList<>();
        long areaStart = -1;
        long areaEnd = 0;
        for (KallsymsSplit.Block b : split.modules) {
            int mi = modules == null ? -1 : modules.indexOf(b.module);
            ModuleSymbols m = ModuleSymbols.build(b.module, listing, b.lines, mi < 0 ? 0 : modules.base(mi),
                    mi < 0 ? 0 : modules.size(mi), null);
            live.add(m);
            for (int r = 0; r < m.rangeCount(); r++) {
                if (Long.compareUnsigned(m.rangeStart(r), areaStart) < 0) areaStart = m.rangeStart(r);
                if (Long.compareUnsigned(m.rangeEnd(r), areaEnd) > 0) areaEnd = m.rangeEnd(r);
            }
        }
        List<ModMap> maps = new ArrayList<>();
        for (KallsymsSplit.Block b : split.modMaps) {
            maps.add(ModMap.build(b.module, listing, b.lines, null));
        }
        return new StaticSymbolizer(KernelSymbols.of(kernel, live, new boolean[live.size()], maps, areaStart, areaEnd)
                .withPseudoModules(PseudoModules.of(listing, split.pseudo)));
    }

    @Override
    public void marker(long ts, CharSequence text) {}

    @Override
    public void moduleLoad(long ts, String module) {}

    @Override
    public void moduleFree(long ts, String module) {}

    @Override
    public void moduleInitDone(long ts, String module) {}

    @Override
    public boolean resolve(long ts, long address, Resolution out) {
        return state.resolve(address, out);
    }

    /** The symbol state this symbolizer resolves against. */
    public KernelSymbols state() { return state; }
}
