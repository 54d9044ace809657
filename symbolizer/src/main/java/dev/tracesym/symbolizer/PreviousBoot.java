package dev.tracesym.symbolizer;

import dev.tracesym.symbolizer.table.KernelSymbols;
import dev.tracesym.symbolizer.table.KernelTable;
import dev.tracesym.symbolizer.table.ModuleSymbols;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the kernel and its modules lay in the boot that wrote a persistent ring buffer
 * ({@code reserve_mem=SIZE:ALIGN:trace trace_instance=NAME@trace}), read in a later boot: the
 * instance's tracefs file {@code last_boot_info}. The buffer's addresses are that boot's; another KASLR
 * slide and other module addresses make every name of the reading boot's symbols wrong.
 * {@link #over} names them with the reading boot's symbols all the same: an address of the previous
 * kernel image moves by the difference of the two boots' {@code _text}, one of a previous module by the
 * difference of that module's two load addresses, and the answer is told in the previous boot's
 * addresses again (same name, size and offset; the symbol's address as it was then).
 *
 * <p>The file has two forms. Linux 6.15 and later list {@code ADDRESS\t[kernel]}, the previous boot's
 * {@code _text}, then {@code ADDRESS\tMODULE}, each module's load address in that boot. Linux 6.12-6.14
 * give {@code text delta:\tN}, this boot's {@code _text} minus the previous boot's (0 while the buffer
 * holds this boot's own events), and nothing of modules: a module address of another boot is then
 * unnamed. A first line {@code # Current} (the buffer is this boot's) or an empty text means the
 * addresses need no moving.
 */
public final class PreviousBoot {
    /** Whether the previous {@code _text} is known: as an address ({@code text}) or as a delta ({@code textDelta}). */
    private final boolean hasText;
    private final boolean delta;
    private final long text;
    private final long textDelta;
    private final String[] module;
    private final long[] base;
    private final boolean current;

    private PreviousBoot(boolean hasText, boolean delta, long text, long textDelta, String[] module, long[] base,
                         boolean current) {
        this.hasText = hasText;
        this.delta = delta;
        this.text = text;
        this.textDelta = textDelta;
        this.module = module;
        this.base = base;
        this.current = current;
    }

    /**
     * Reads a {@code last_boot_info} text (either form).
     *
     * @throws SymbolSourceException for a line of neither form, naming it and {@code origin}
     */
    public static PreviousBoot parse(String text, String origin) throws SymbolSourceException {
        boolean hasText = false;
        boolean delta = false;
        long kernel = 0;
        long textDelta = 0;
        List<String> names = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        String[] lines = text.split("\n");
        if (lines.length > 0 && lines[0].startsWith("# Current")) {
            return new PreviousBoot(false, false, 0, 0, new String[0], new long[0], true);
        }
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            try {
                if (line.startsWith("text delta:")) {
                    textDelta = Long.parseLong(line.substring(colon + 1).strip());
                    hasText = true;
                    delta = true;
                    continue;
                }
                if (line.startsWith("data delta:")) {
                    Long.parseLong(line.substring(colon + 1).strip());
                    continue;
                }
                String[] f = line.split("\\s+");
                if (f.length == 2) {
                    long a = Long.parseUnsignedLong(f[0], 16);
                    if (f[1].equals("[kernel]")) {
                        kernel = a;
                        hasText = true;
                    } else {
                        names.add(f[1]);
                        bases.add(a);
                    }
                    continue;
                }
            } catch (NumberFormatException e) {
                // told below
            }
            throw SymbolSourceException.atLine(origin, n + 1, "a last_boot_info line is \"ADDRESS<tab>[kernel]\","
                    + " \"ADDRESS<tab>MODULE\" or \"text delta: N\", not: " + line);
        }
        // by address, for the search of the module that holds an address
        Integer[] order = new Integer[bases.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Long.compareUnsigned(bases.get(x), bases.get(y)));
        String[] m = new String[order.length];
        long[] b = new long[order.length];
        for (int i = 0; i < order.length; i++) {
            m[i] = names.get(order[i]);
            b[i] = bases.get(order[i]);
        }
        return new PreviousBoot(hasText, delta, kernel, textDelta, m, b, !hasText && m.length == 0);
    }

    /** True when the text says nothing moved (the buffer is this boot's, or the file lists nothing). */
    public boolean sameBoot() {
        return current || (delta && textDelta == 0 && module.length == 0);
    }

    /** The modules the previous boot had loaded, by load address. */
    public List<String> modules() {
        return List.of(module);
    }

    /**
     * This previous boot's addresses named with {@code now}, the symbols of the boot that read the buffer
     * (at any time: the previous boot's clock is not this boot's).
     */
    public Names over(KernelSymbols now) {
        return new Names(now);
    }

    /** A previous boot's addresses named with the reading boot's symbols. */
    public final class Names {
        private final KernelSymbols now;
        /** This boot's {@code _text} minus the previous boot's; 0 when not known. */
        private final long shift;
        private final long kernelStart;
        private final long kernelEnd;

        private Names(KernelSymbols now) {
            this.now = now;
            KernelTable k = now.kernel();
            long s = 0;
            if (k != null && hasText) {
                if (delta) {
                    s = textDelta;
                } else {
                    long t = k.addressOf("_text");
                    s = (t == -1 ? k.start() : t) - text;
                }
            }
            this.shift = s;
            // the previous boot's kernel image: this one's range, where it lay then
            this.kernelStart = k == null ? 0 : k.start() - s;
            this.kernelEnd = k == null ? 0 : k.end() - s;
        }

        /**
         * Resolves {@code address}, one of the previous boot's, into {@code out} (which it resets first), as
         * {@link KernelSymbols#resolve} does but told in the previous boot's addresses.
         *
         * @return {@code out.found}
         */
        public boolean resolve(long address, Resolution out) {
            if (sameBoot()) {
                return now.resolve(address, out);
            }
            if (hasText && Long.compareUnsigned(address, kernelStart) >= 0 && Long.compareUnsigned(address, kernelEnd) < 0) {
                return moved(address, address + shift, out);
            }
            int m = floor(address);
            if (m >= 0) {
                ModuleSymbols loaded = now.module(module[m]);
                long off = address - base[m];
                if (loaded != null && Long.compareUnsigned(off, loaded.loadedSize()) < 0) {
                    return moved(address, loaded.base() + off, out);
                }
            }
            out.reset(address);
            return out.notFound(m >= 0 || (delta && textDelta != 0) ? UnknownReason.MODULE_NOT_LOADED
                    : UnknownReason.UNMAPPED);
        }

        /** Resolves {@code there} (this boot's address of {@code address}) and tells it as of the previous boot. */
        private boolean moved(long address, long there, Resolution out) {
            boolean found = now.resolve(there, out);
            out.address = address;
            if (found) {
                out.symbolAddress -= there - address;
            }
            return found;
        }
    }

    /** Index of the previous boot's module with the highest load address at or below {@code address}, or -1. */
    private int floor(long address) {
        int lo = 0;
        int hi = base.length - 1;
        int best = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(base[mid], address) <= 0) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }
}
