package dev.tracesym.app.repl;

import dev.tracesym.symbolizer.Resolution;

import java.util.LinkedHashMap;

/**
 * One answer line of {@code resolve}: the address, then the kernel's {@code %pS} text in kallmodsyms'
 * form ({@code name+0xoff/0xsize [module] {object}}, {@code [module]} also for a built-in module,
 * {@code {object}} or {@code #n} for a name several symbols share), then what the symbol source adds ({@code builtin=} for
 * code of a module built into vmlinux, {@code object=} for its object file), then where each part
 * came from ({@code from kallmodsyms}, or per part: {@code from kallsyms (name, size),
 * modules.builtin.ranges (builtin), linker maps (object)}). An address without a symbol gets
 * {@code not found:} with the short reason and a sentence.
 */
final class ResolveLine {
    private ResolveLine() {}

    /**
     * Where the parts of {@code r} came from: {@code from SOURCE} when one source gave them all,
     * else {@code from SOURCE (part, part), SOURCE (part)} in the order name, size, module, object.
     * Empty when no part says (a source that does not record it).
     */
    static String sources(Resolution r) {
        Resolution.Source[] from = {r.nameFrom, r.sizeFrom, r.moduleFrom, r.objectFrom};
        String[] part = {"name", "size", r.builtin ? "builtin" : "module", "object"};
        LinkedHashMap<Resolution.Source, StringBuilder> groups = new LinkedHashMap<>();
        for (int i = 0; i < from.length; i++) {
            if (from[i] == null) continue;
            StringBuilder g = groups.computeIfAbsent(from[i], k -> new StringBuilder());
            g.append(g.length() == 0 ? "" : ", ").append(part[i]);
        }
        if (groups.isEmpty()) return "";
        if (groups.size() == 1) return "from " + groups.keySet().iterator().next().text();
        StringBuilder b = new StringBuilder("from ");
        groups.forEach((s, parts) -> b.append(b.length() == 5 ? "" : ", ").append(s.text()).append(" (").append(parts).append(')'));
        return b.toString();
    }

    static String format(long addr, Resolution r, long ts) {
        StringBuilder b = new StringBuilder(96).append(Hex.format(addr)).append(' ');
        if (!r.found) {
            String reason = r.unknown == null ? "no-symbols" : r.unknown.text();
            return b.append("not found: ").append(reason).append(" (").append(explain(r, ts)).append(')').toString();
        }
        r.appendTo(b); // kallmodsyms' form: name+0xoff/0xsize [module] {object}, built-in modules too
        if (r.builtin) b.append(" builtin=").append(r.modules != null ? String.join(",", r.modules) : r.module);
        if (r.object != null) b.append(" object=").append(r.object);
        if (r.gap) b.append(" gap (past the symbol's 0x").append(Long.toHexString(r.trueSize)).append(" bytes)");
        String from = sources(r);
        if (!from.isEmpty()) b.append("  ").append(from);
        return b.toString();
    }

    private static String explain(Resolution r, long ts) {
        if (r.unknown == null) return "no symbol table";
        return switch (r.unknown) {
            case NO_SYMBOLS -> "no symbol table loaded";
            case UNMAPPED -> "outside the kernel image and the module area";
            case MODULE_NOT_LOADED -> "in the module area, but no module held it at " + Seconds.format(ts);
            case GAP -> "inside a kernel or module range, but no symbol precedes it there";
            case FTRACE_TRAMPOLINE -> "in an ftrace trampoline, which the kernel does not name";
            case KPROBE_PAGE -> "in a kprobe instruction page, which the kernel's %pS does not name";
            case BPF -> "in a BPF program, which tracesym does not name";
        };
    }
}
