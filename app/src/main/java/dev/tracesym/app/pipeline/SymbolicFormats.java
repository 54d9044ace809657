package dev.tracesym.app.pipeline;

/**
 * Event format texts as tracesym prints them with symbols: a kprobe's probed address and a
 * kretprobe's function and return address are printed {@code %pS}, as the kernel's own text shows
 * them ({@code (do_sys_openat2+0x0/0x150)}), where the format file says {@code %lx}.
 */
final class SymbolicFormats {
    private static final String KPROBE = "print fmt: \"(%lx)";
    private static final String KRETPROBE = "print fmt: \"(%lx <- %lx)";

    private SymbolicFormats() {
    }

    /** The format text with the probe addresses printed as symbols; other texts unchanged. */
    static String rewrite(String format) {
        if (format.contains(" __probe_ip;") && format.contains(KPROBE)) {
            return format.replace(KPROBE, "print fmt: \"(%pS)");
        }
        if (format.contains(" __probe_func;") && format.contains(" __probe_ret_ip;") && format.contains(KRETPROBE)) {
            return format.replace(KRETPROBE, "print fmt: \"(%pS <- %pS)");
        }
        return format;
    }
}
