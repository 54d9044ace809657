package dev.tracesym.app.cli;

/**
 * Every option of {@code tracesym report}: all of {@code trace-cmd report}'s (3.1.6, same spelling and
 * meaning) and tracesym's own. This one table is read by the command-line parser ({@link ReportArgs}),
 * the {@code --help} text, the man page and the bash completion ({@link ReportCli#spec()}).
 *
 * <p>To add an option: a constant here (in the group it belongs to), a field in {@link ReportSettings}
 * and a case in {@link ReportSettings#apply}.
 */
enum ReportOption {
    // ---------------------------------------------------------------- input
    INPUT('i', null, Arg.REQUIRED, "FILE", Group.INPUT,
            "Input trace (default trace.dat; '-' reads standard input). Repeat for several traces: they are "
                    + "merged by time and every line starts with its file's name."),
    TS_OFFSET(0, "ts-offset", Arg.REQUIRED, "NS", Group.INPUT,
            "Add NS nanoseconds to every timestamp of the -i file before it (may be negative)."),
    TS2SECS(0, "ts2secs", Arg.REQUIRED, "HZ", Group.INPUT,
            "The timestamps of the -i file before it count at HZ per second: show them as seconds "
                    + "(before any -i: for every file that has no --ts2secs of its own)."),
    NODATE(0, "nodate", Arg.NONE, null, Group.INPUT, "Ignore the time offset 'trace-cmd record --date' stored."),
    RAW_TS(0, "raw-ts", Arg.NONE, null, Group.INPUT, "Timestamps as recorded, without any offset or conversion."),
    ALIGN_TS(0, "align-ts", Arg.NONE, null, Group.INPUT, "Timestamps relative to the first event of all files."),

    // ---------------------------------------------------------------- filters
    FILTER('F', null, Arg.REQUIRED, "FILTER", Group.FILTER,
            "Show only the events FILTER matches: 'EVENTS[:EXPR]', e.g. 'sched_switch: prev_pid == 0', "
                    + "'sched/.*,irq', '.*: COMM =~ \"^kworker\"' (libtraceevent's filter language; several -F: "
                    + "an event is shown when one matches). After -i: for that file only. tracesym adds "
                    + "FIELD.function and FIELD.module, the names at the address in FIELD as of the event's time "
                    + "(with --archive): 'function: ip.module == \"snd\"', 'function: ip.function ~ \"snd_*\"' "
                    + "(~ with a string: a glob)."),
    NEGATE('v', null, Arg.NONE, null, Group.FILTER, "Every -F after this one hides what it matches instead."),
    FILTER_TEST('T', "filter-test", Arg.NONE, null, Group.FILTER,
            "Print the filters as libtraceevent reads them, one per event, and exit."),
    NO_HARDIRQ('I', null, Arg.NONE, null, Group.FILTER, "Hide events recorded in hard interrupt context."),
    NO_SOFTIRQ('S', null, Arg.NONE, null, Group.FILTER, "Hide events recorded in soft interrupt context."),
    CPU(0, "cpu", Arg.REQUIRED, "CPUS", Group.FILTER, "Show only the events of these CPUs: a list such as 0,2-3."),
    PID(0, "pid", Arg.REQUIRED, "PIDS", Group.FILTER,
            "Show only the events of these tasks (common_pid, pid or next_pid): a comma-separated list."),
    COMM(0, "comm", Arg.REQUIRED, "COMMS", Group.FILTER, "Show only the events of the tasks with these names: a list."),

    // ---------------------------------------------------------------- views
    NS_TIMESTAMPS('t', null, Arg.NONE, null, Group.VIEW, "Timestamps with nanoseconds."),
    RAW('R', null, Arg.NONE, null, Group.VIEW, "Every event as its raw fields (name=value), not its print format."),
    RAW_EVENTS('r', null, Arg.REQUIRED, "EVENTS", Group.VIEW,
            "The events whose name or system matches the regular expression EVENTS as raw fields."),
    NO_PLUGINS('N', null, Arg.NONE, null, Group.VIEW,
            "No plugins: every event by its print format (function events too)."),
    LOCAL_PLUGINS('L', null, Arg.NONE, null, Group.VIEW,
            "Only the plugins of ~/.trace-cmd/plugins (tracesym has none of its own there: as -N)."),
    NO_HANDLER('n', null, Arg.REQUIRED, "EVENTS", Group.VIEW,
            "The events whose name or system matches EVENTS by their print format, not their plugin."),
    LATENCY('l', null, Arg.NONE, null, Group.VIEW,
            "Latency format: the irqs-off, need-resched, hard/soft-irq and preempt-depth columns."),
    PLUGIN_OPTION('O', null, Arg.REQUIRED, "[PLUGIN:]VAR[=VAL]", Group.VIEW,
            "A plugin option, e.g. parent, offset, indent (function) or fgraph:tailprint, fgraph:depth=N."),
    TS_DIFF(0, "ts-diff", Arg.NONE, null, Group.VIEW, "Show the time since the previous event."),
    TS_CHECK(0, "ts-check", Arg.NONE, null, Group.VIEW, "Warn when a CPU's timestamps go backwards."),
    WAKEUP('w', null, Arg.NONE, null, Group.VIEW, "Show wakeup latencies (and their summary at the end)."),

    // ---------------------------------------------------------------- what the file holds
    ENDIAN('e', null, Arg.NONE, null, Group.METADATA, "Show the byte order of the file and of this machine, then exit."),
    FUNCTIONS('f', null, Arg.NONE, null, Group.METADATA, "Show the function list (kallsyms) of the file, then exit."),
    PRINTK('P', null, Arg.NONE, null, Group.METADATA, "Show the printk formats of the file, then exit."),
    EVENTS_LIST('E', null, Arg.NONE, null, Group.METADATA, "Show the event formats stored in the file (system:name), then exit."),
    CPUS(0, "cpus", Arg.NONE, null, Group.METADATA, "List the CPUs that have events, then exit."),
    FIRST_EVENT(0, "first-event", Arg.NONE, null, Group.METADATA, "With --cpus: the timestamp of each CPU's first event."),
    LAST_EVENT(0, "last-event", Arg.NONE, null, Group.METADATA, "With --cpus: the timestamp of each CPU's last event."),
    CHECK_EVENTS(0, "check-events", Arg.NONE, null, Group.METADATA,
            "Exit 0 when every event format parses, 22 (EINVAL) when one does not."),
    STAT(0, "stat", Arg.NONE, null, Group.METADATA, "Show the ring-buffer statistics saved at the end of the recording."),
    UNAME(0, "uname", Arg.NONE, null, Group.METADATA, "Show the uname of the traced machine, if it was saved."),
    VERSION(0, "version", Arg.NONE, null, Group.METADATA,
            "Show the version of the trace-cmd that recorded the file (tracesym --version is tracesym's)."),
    PAGE_SIZE('p', null, Arg.NONE, null, Group.METADATA, "Show the page size of the file and of this machine, then exit."),
    EVENT_FORMATS(0, "events", Arg.NONE, null, Group.METADATA, "Print every event format stored in the file, then exit."),
    EVENT_FORMAT(0, "event", Arg.REQUIRED, "EVENT", Group.METADATA, "Print the format of the events matching EVENT, then exit."),
    KALLSYMS(0, "kallsyms", Arg.REQUIRED, "FILE", Group.METADATA, "Add the functions of a kallsyms file to the file's own."),

    // ---------------------------------------------------------------- profile
    PROFILE(0, "profile", Arg.NONE, null, Group.PROFILE, "Report where tasks ran, blocked and waited, instead of the events."),
    GLOBAL_IRQS('G', null, Arg.NONE, null, Group.PROFILE, "With --profile: soft and hard interrupts count globally, not per task."),
    HOOK('H', null, Arg.REQUIRED, "HOOK", Group.PROFILE,
            "With --profile: time from one event to another, "
                    + "[SYS:]START,MATCH[,PID]/[SYS:]END,MATCH[,FLAGS]."),
    BY_COMM(0, "by-comm", Arg.NONE, null, Group.PROFILE, "With --profile: merge the tasks of the same name."),

    // ---------------------------------------------------------------- messages
    VERBOSE('V', "verbose", Arg.OPTIONAL, "LEVEL", Group.MESSAGES,
            "More messages (on standard error): LEVEL 0-6 or none, crit, err, warn, info (the default), "
                    + "debug, all; also stack traces with errors."),
    QUIET('q', null, Arg.NONE, null, Group.MESSAGES, "No warnings."),
    DEBUG(0, "debug", Arg.NONE, null, Group.MESSAGES, "trace-cmd's debugging output (ring-buffer pages and offsets)."),
    BOUNDARY(0, "boundary", Arg.NONE, null, Group.MESSAGES, "Mark where each ring-buffer sub-buffer starts."),
    HELP('h', "help", Arg.NONE, null, Group.MESSAGES, "Show this help and exit."),

    // ---------------------------------------------------------------- tracesym's own
    ARCHIVE(0, "archive", Arg.REQUIRED, "DIR", Group.TRACESYM,
            "Symbol archive: kallsyms snapshots taken while tracing (docs/ARCHIVE.md); every address is named "
                    + "as of its event's time."),
    MODULES(0, "modules", Arg.REQUIRED, "DIR", Group.TRACESYM,
            "Folder of the modules' .ko files (also .ko.xz/.gz/.zst), with --archive: exact module code ends, "
                    + "symbol sizes and __init functions."),
    SYMBOLS(0, "symbols", Arg.REQUIRED, "FILE", Group.TRACESYM,
            "One symbol table without time (kallsyms, kallmodsyms or System.map; may be compressed), used for "
                    + "every event."),
    TRACE_CMD_FORMS(0, "trace-cmd-forms", Arg.NONE, null, Group.TRACESYM,
            "With --archive/--symbols, keep trace-cmd report's forms exactly and change only the names: the name "
                    + "alone, call_site=name+0xoff without /0xsize, no [module], {object} or #n, kprobe addresses "
                    + "as trace-cmd prints them (for scripts written against trace-cmd's text)."),
    FORCE_SYMBOLS(0, "force-symbols", Arg.NONE, null, Group.TRACESYM,
            "Name with --archive/--symbols even where they disagree with the trace (another kernel, another boot's "
                    + "KASLR slide, modules at other addresses, module files of another build); without it such "
                    + "symbols are refused before any output, exit 2."),
    FORMAT(0, "format", Arg.REQUIRED, "FORMAT", Group.TRACESYM,
            "text (trace-cmd report's layout, the default), jsonl (one JSON object per event) or perfetto "
                    + "(Chrome/Perfetto trace-event JSON)."),
    TIME_WINDOW(0, "time-window", Arg.REQUIRED, "START,END", Group.TRACESYM,
            "Only the events from START up to (not including) END, in seconds as the report prints times "
                    + "(5.2,5.7; either may be left out: 5.2, or ,5.7), in every format: e.g. consecutive windows "
                    + "of a trace too big for one Perfetto file."),
    OUTPUT('o', "output", Arg.REQUIRED, "FILE", Group.TRACESYM,
            "Write to FILE (through a temporary file, renamed when done) instead of standard output."),
    PARTIAL_OK(0, "partial-ok", Arg.NONE, null, Group.TRACESYM,
            "Exit 0 even when the trace's event data is cut short or damaged.");

    /** Whether an option takes a value: none, always (next argument or attached), or only attached. */
    enum Arg {
        NONE, REQUIRED, OPTIONAL
    }

    /** Where an option is shown in the help. */
    enum Group {
        INPUT, FILTER, VIEW, METADATA, PROFILE, MESSAGES, TRACESYM
    }

    /** The one-letter name (0: none). */
    final char shortName;
    /** The long name without its dashes (null: none). */
    final String longName;
    final Arg arg;
    /** How the value is shown in the help (null without a value). */
    final String label;
    final Group group;
    final String help;

    ReportOption(int shortName, String longName, Arg arg, String label, Group group, String help) {
        this.shortName = (char) shortName;
        this.longName = longName;
        this.arg = arg;
        this.label = label;
        this.group = group;
        this.help = help;
    }

    /** Whether trace-cmd report has it (all but tracesym's own). */
    boolean ofTraceCmd() {
        return group != Group.TRACESYM;
    }

    /** The names as typed: {@code -i}, {@code --cpu}, {@code -V, --verbose}. */
    String[] names() {
        if (shortName != 0 && longName != null) {
            return new String[] {"-" + shortName, "--" + longName};
        }
        return new String[] {shortName != 0 ? "-" + shortName : "--" + longName};
    }

    /** The name to use in messages: the long one if there is one. */
    String shown() {
        return longName != null ? "--" + longName : "-" + shortName;
    }
}
