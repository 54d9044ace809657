package dev.tracesym.symbolizer.table;

import dev.tracesym.symbolizer.UnknownReason;
import dev.tracesym.symbolizer.source.KallsymsListing;
import java.util.ArrayList;
import java.util.List;

/**
 * Code kallsyms lists under pseudo-modules that the kernel's {@code %pS} does not name here:
 * ftrace trampolines ({@code [__builtin__ftrace]}), kprobe instruction pages
 * ({@code [__builtin__kprobes]}) and BPF programs ({@code [bpf]}). Only used to say why an
 * address there has no name: each entry covers its page.
 */
public final class PseudoModules {
    static final PseudoModules NONE = new PseudoModules(new long[0], new long[0], new UnknownReason[0]);

    private final long[] start;
    private final long[] end;
    private final UnknownReason[] reason;

    private PseudoModules(long[] start, long[] end, UnknownReason[] reason) {
        this.start = start;
        this.end = end;
        this.reason = reason;
    }

    /** The pseudo-module blocks of a listing ({@link KallsymsSplit#pseudo}). */
    public static PseudoModules of(KallsymsListing l, List<KallsymsSplit.Block> blocks) {
        List<long[]> e = new ArrayList<>();
        List<UnknownReason> r = new ArrayList<>();
        for (KallsymsSplit.Block b : blocks) {
            UnknownReason why = b.module.equals("bpf") ? UnknownReason.BPF
                    : b.module.equals("__builtin__kprobes") ? UnknownReason.KPROBE_PAGE
                    : b.module.equals("__builtin__ftrace") ? UnknownReason.FTRACE_TRAMPOLINE : null;
            if (why == null) {
                continue;
            }
            for (int line : b.lines) {
                long k = l.address(line) ^ Long.MIN_VALUE;
                e.add(new long[] {k, ModuleSymbols.pageUp(k + 1)});
                r.add(why);
            }
        }
        long[] s = new long[e.size()];
        long[] t = new long[e.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = e.get(i)[0];
            t[i] = e.get(i)[1];
        }
        return new PseudoModules(s, t, r.toArray(new UnknownReason[0]));
    }

    /** Why {@code addr} is unnamed if it lies in such code, else null. */
    UnknownReason reason(long addr) {
        long k = addr ^ Long.MIN_VALUE;
        for (int i = 0; i < start.length; i++) {
            if (k >= start[i] && k < end[i]) {
                return reason[i];
            }
        }
        return null;
    }
}
