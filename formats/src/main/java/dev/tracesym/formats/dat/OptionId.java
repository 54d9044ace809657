package dev.tracesym.formats.dat;

/**
 * Option and section ids of the trace-cmd {@code .dat} format (trace-cmd's
 * {@code enum tracecmd_file_options}, man pages {@code trace-cmd.dat.v6}/{@code .v7}). In v7 a section
 * carries the id of the option that points to it.
 */
final class OptionId {
    static final int DONE = 0;
    static final int DATE = 1;
    static final int CPUSTAT = 2;
    static final int BUFFER = 3;
    static final int TRACECLOCK = 4;
    static final int UNAME = 5;
    static final int HOOK = 6;
    static final int OFFSET = 7;
    static final int CPUCOUNT = 8;
    static final int VERSION = 9;
    static final int PROCMAPS = 10;
    static final int TRACEID = 11;
    static final int TIME_SHIFT = 12;
    static final int GUEST = 13;
    static final int TSC2NSEC = 14;
    static final int STRINGS = 15;
    static final int HEADER_INFO = 16;
    static final int FTRACE_EVENTS = 17;
    static final int EVENT_FORMATS = 18;
    static final int KALLSYMS = 19;
    static final int PRINTK = 20;
    static final int CMDLINES = 21;
    static final int BUFFER_TEXT = 22;
    static final int BTF_FILE = 23;
    static final int LAST_BOOT_INFO = 24;
    static final int MODULES_FILE = 25;

    private static final String[] NAMES = {
        "DONE", "DATE", "CPUSTAT", "BUFFER", "TRACECLOCK", "UNAME", "HOOK", "OFFSET", "CPUCOUNT",
        "VERSION", "PROCMAPS", "TRACEID", "TIME_SHIFT", "GUEST", "TSC2NSEC", "STRINGS", "HEADER_INFO",
        "FTRACE_EVENTS", "EVENT_FORMATS", "KALLSYMS", "PRINTK", "CMDLINES", "BUFFER_TEXT", "BTF_FILE",
        "LAST_BOOT_INFO", "MODULES_FILE",
    };

    private OptionId() {}

    /** Spec name of an id, or {@code #<id>} for ids this reader does not know. */
    static String name(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "#" + id;
    }
}
