package dev.tracesym.app.pipeline;

import dev.tracesym.symbolizer.SourceCheck;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TraceKernel;
import java.io.IOException;
import java.util.List;

/**
 * The commands' side of {@link SourceCheck}: a symbol source that does not belong to the trace is
 * refused before anything is written ({@link Mismatch}, exit 2) unless the user forced it
 * ({@code --force-symbols}), and module files missing for code traced while a module's init ran
 * get a one-line warning.
 */
public final class SymbolCheck {
    /** The option that uses symbols even where they disagree with the trace. */
    public static final String FORCE_OPTION = "--force-symbols";
    /** Module names listed in the warning before "and N more". */
    private static final int LISTED = 5;

    private SymbolCheck() {
    }

    /** Symbols refused for a trace: the message says what disagrees and how to use them anyway. */
    public static final class Mismatch extends IOException {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message);
        }
    }

    /**
     * Refuses {@code symbols} (opened from {@code source}) for the trace {@code trace} (null: no trace,
     * only the source's own consistency) when anything disagrees, unless the source is forced.
     */
    public static void require(SymbolSource source, Symbolizer symbols, TraceKernel trace) throws Mismatch {
        if (source.forced()) {
            return;
        }
        List<String> why = trace == null ? SourceCheck.disagreements(symbols) : SourceCheck.disagreements(symbols, trace);
        if (!why.isEmpty()) {
            throw refusal(source, trace == null ? null : trace.origin(), why);
        }
    }

    /** The refusal of {@code source} for the trace called {@code trace} (null: none), for the reasons {@code why}. */
    public static Mismatch refusal(SymbolSource source, String trace, List<String> why) {
        StringBuilder m = new StringBuilder();
        m.append(source.describe()).append(trace == null ? " is not consistent" : " does not belong to " + trace)
                .append(": every name would be wrong (").append(FORCE_OPTION).append(" uses it anyway):");
        for (String w : why) {
            m.append("\n  ").append(w);
        }
        return new Mismatch(m.toString());
    }

    /**
     * One line saying which modules' {@code __init} code will print without names because no module
     * file was given for them, or null when there is none.
     */
    public static String initWarning(SymbolSource source, Symbolizer symbols) {
        List<String> missing = SourceCheck.initCodeWithoutFile(symbols);
        if (missing.isEmpty()) {
            return null;
        }
        StringBuilder b = new StringBuilder("warning: ");
        String folder = source.moduleFolder();
        b.append(folder == null ? "no --modules" : "no module file in " + folder)
                .append(" for ");
        for (int i = 0; i < missing.size() && i < LISTED; i++) {
            b.append(i == 0 ? "" : ", ").append(missing.get(i));
        }
        if (missing.size() > LISTED) {
            b.append(" and ").append(missing.size() - LISTED).append(" more");
        }
        b.append(", loaded while tracing: their __init code prints as bare addresses while it runs");
        return b.toString();
    }
}
