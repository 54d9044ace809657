package dev.tracesym.symbolizer;

/** Why an address has no symbol at a given time; {@link #text()} is the fixed short form of the JSON output. */
public enum UnknownReason {
    /** The symbolizer has no symbol table at all. */
    NO_SYMBOLS("no-symbols"),
    /** Neither in the kernel image nor in the module area. */
    UNMAPPED("unmapped"),
    /** In the module area, but no module (nor saved init function) covered it at that time. */
    MODULE_NOT_LOADED("module-not-loaded"),
    /** Inside a kernel or module range, but no symbol precedes it there. */
    GAP("gap"),
    /** In an ftrace trampoline ({@code [__builtin__ftrace]}): the kernel names none. */
    FTRACE_TRAMPOLINE("ftrace-trampoline"),
    /** In a kprobe instruction page ({@code [__builtin__kprobes]}): the kernel's %pS names none. */
    KPROBE_PAGE("kprobe-page"),
    /** In a BPF program ({@code [bpf]}), which this symbolizer does not name. */
    BPF("bpf");

    private final String text;

    UnknownReason(String text) { this.text = text; }

    /** The short fixed text ({@code no-symbols}, {@code unmapped}, ...). */
    public String text() { return text; }
}
