package dev.tracesym.symbolizer.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tracesym.symbolizer.SymbolSourceException;
import dev.tracesym.symbolizer.source.KallsymsListing;
import dev.tracesym.symbolizer.source.KallsymsParser;
import dev.tracesym.symbolizer.source.Names;
import dev.tracesym.symbolizer.source.TextSource;

/**
 * Fuzz target for the kallsyms / kallmodsyms / System.map parser, whole listings and module lines
 * only: any bytes give a listing whose every line can be read back, or a located
 * {@link SymbolSourceException}. Seeds: real kallsyms and System.map lines ({@code KallsymsParserFuzzTestInputs/}).
 */
class KallsymsParserFuzzTest {
    private static final String NAME = "fuzz.kallsyms";

    @FuzzTest(maxDuration = "5m")
    void kallsyms(byte[] data) {
        for (boolean modulesOnly : new boolean[] {false, true}) {
            try {
                TextSource src = TextSource.of(data, NAME);
                KallsymsListing l = modulesOnly ? KallsymsParser.parseModuleLines(src, new Names())
                        : KallsymsParser.parse(src, new Names());
                for (int i = 0; i < l.count(); i++) {
                    l.address(i);
                    l.size(i);
                    l.type(i);
                    l.name(i).length();
                    for (int j = 0; j < l.moduleCount(i); j++) {
                        l.module(i, j).length();
                    }
                    l.modules(i);
                    l.object(i);
                }
            } catch (SymbolSourceException expected) {
                FuzzChecks.located(expected, NAME);
            }
        }
    }
}
