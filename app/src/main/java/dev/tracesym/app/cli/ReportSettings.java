package dev.tracesym.app.cli;

import dev.tracesym.formats.event.CNumbers;
import dev.tracesym.formats.filter.RecordFilter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a {@code tracesym report} command line asks for, option by option ({@link ReportOption}), with
 * trace-cmd report's rules for the options that belong to one input file ({@code -F}, {@code --ts-offset},
 * {@code --ts2secs} after {@code -i}).
 */
final class ReportSettings {
    /** The trace read when no input is named, as trace-cmd. */
    static final String DEFAULT_INPUT = "trace.dat";
    /** libtraceevent's log levels: none, crit, err, warn, info, debug, all. */
    private static final String[] LEVELS = {"none", "crit", "err", "warn", "info", "debug", "all"};
    /** The level trace-cmd report starts with (errors). */
    static final int DEFAULT_LOG_LEVEL = 2;
    /** No real machine has more CPUs; a bigger number in --cpu is a typing error. */
    static final int MAX_CPU = 1 << 16;

    /** One input file and the options that belong to it. */
    static final class Input {
        final String path;
        final List<RecordFilter.FilterText> filters = new ArrayList<>();
        /** {@code --ts-offset} in ns, or null. */
        Long tsOffset;
        /** {@code --ts2secs} of this file (0: none of its own). */
        long ts2secs;

        Input(String path) {
            this.path = path;
        }
    }

    /** Every option given, in the order of the table (for the checks of what is not done yet). */
    final Set<ReportOption> given = EnumSet.noneOf(ReportOption.class);

    // input
    final List<Input> inputs = new ArrayList<>();
    /** Inputs named by {@code -i} (the others were plain arguments). */
    private int namedInputs;
    /** {@code --ts2secs} before any second input: the default of every file. */
    long ts2secs;
    boolean noDate, rawTs, alignTs;

    // filters
    /** {@code -F} given before any {@code -i}: for every input. */
    final List<RecordFilter.FilterText> filters = new ArrayList<>();
    /** {@code -v} seen: every later -F hides. */
    boolean negate;
    boolean filterTest, noHardIrq, noSoftIrq;
    /** {@code --cpu}: the CPUs to show, or null for all. */
    BitSet cpus;
    /** {@code --pid} and {@code --comm} values, in the order given. */
    final List<String> pids = new ArrayList<>(), comms = new ArrayList<>();

    // views
    boolean nsTimestamps, raw, noPlugins, localPlugins, latency, tsDiff, tsCheck, wakeup;
    final List<String> rawEvents = new ArrayList<>(), noHandlerEvents = new ArrayList<>(),
            pluginOptions = new ArrayList<>();

    // what the file holds
    boolean endian, functions, printk, eventList, cpuList, firstEvent, lastEvent, checkEvents, stat, uname, version,
            pageSize, eventFormats;
    String eventFormat;
    Path kallsyms;

    // profile
    boolean profile, globalIrqs, byComm;
    final List<String> hooks = new ArrayList<>();

    // messages
    /** libtraceevent's log level, 0 (none) to 6 (all). */
    int logLevel = DEFAULT_LOG_LEVEL;
    /** -V or --verbose given: also stack traces with errors. */
    boolean verbose;
    boolean quiet, debug, boundary, help;

    // tracesym's own
    final SymbolOptions symbols = new SymbolOptions();
    String format = "text";
    Path output;
    boolean partialOk;
    /** {@code --trace-cmd-forms}: trace-cmd's forms, only the names change. */
    boolean traceCmdForms;
    /** {@code --time-window}: the events shown are from {@code windowFromNs} up to, not including, {@code windowUntilNs}. */
    long windowFromNs = Long.MIN_VALUE;
    long windowUntilNs = Long.MAX_VALUE;

    /** Applies one option and its value (null when it has none). */
    void apply(ReportOption o, String value) throws UsageException {
        given.add(o);
        switch (o) {
            case INPUT -> {
                inputs.add(new Input(value));
                namedInputs++;
            }
            case TS_OFFSET -> {
                if (inputs.isEmpty()) {
                    throw UsageException.ofTraceCmd("--ts-offset must come after the -i it is for");
                }
                last().tsOffset = CNumbers.atoll(value);
            }
            case TS2SECS -> {
                // trace-cmd: the previous file's from the second -i on, before that everyone's
                if (inputs.size() >= 2) {
                    last().ts2secs = CNumbers.atoll(value);
                } else {
                    ts2secs = CNumbers.atoll(value);
                }
            }
            case NODATE -> noDate = true;
            case RAW_TS -> rawTs = true;
            case ALIGN_TS -> alignTs = true;
            case FILTER -> (inputs.isEmpty() ? filters : last().filters).add(new RecordFilter.FilterText(value, negate));
            case NEGATE -> {
                if (negate) {
                    throw UsageException.ofTraceCmd("only one -v can be given (it applies to every -F after it)");
                }
                negate = true;
            }
            case FILTER_TEST -> filterTest = true;
            case NO_HARDIRQ -> noHardIrq = true;
            case NO_SOFTIRQ -> noSoftIrq = true;
            case CPU -> addCpus(value);
            case PID -> split(value, pids);
            case COMM -> split(value, comms);
            case NS_TIMESTAMPS -> nsTimestamps = true;
            case RAW -> raw = true;
            case RAW_EVENTS -> rawEvents.add(value);
            case NO_PLUGINS -> noPlugins = true;
            case LOCAL_PLUGINS -> localPlugins = true;
            case NO_HANDLER -> noHandlerEvents.add(value);
            case LATENCY -> latency = true;
            case PLUGIN_OPTION -> pluginOptions.add(value);
            case TS_DIFF -> tsDiff = true;
            case TS_CHECK -> tsCheck = true;
            case WAKEUP -> wakeup = true;
            case ENDIAN -> endian = true;
            case FUNCTIONS -> functions = true;
            case PRINTK -> printk = true;
            case EVENTS_LIST -> eventList = true;
            case CPUS -> cpuList = true;
            case FIRST_EVENT -> {
                firstEvent = true;
                cpuList = true;
            }
            case LAST_EVENT -> {
                lastEvent = true;
                cpuList = true;
            }
            case CHECK_EVENTS -> checkEvents = true;
            case STAT -> stat = true;
            case UNAME -> uname = true;
            case VERSION -> version = true;
            case PAGE_SIZE -> pageSize = true;
            case EVENT_FORMATS -> eventFormats = true;
            case EVENT_FORMAT -> eventFormat = value;
            case KALLSYMS -> kallsyms = path(o, value);
            case PROFILE -> profile = true;
            case GLOBAL_IRQS -> globalIrqs = true;
            case HOOK -> hooks.add(value);
            case BY_COMM -> byComm = true;
            case VERBOSE -> {
                verbose = true;
                logLevel = logLevel(value);
            }
            case QUIET -> quiet = true;
            case DEBUG -> debug = true;
            case BOUNDARY -> boundary = true;
            case HELP -> help = true;
            case ARCHIVE -> symbols.archive = path(o, value);
            case MODULES -> symbols.modules = path(o, value);
            case SYMBOLS -> symbols.symbols = path(o, value);
            case FORCE_SYMBOLS -> symbols.force = true;
            case TRACE_CMD_FORMS -> traceCmdForms = true;
            case FORMAT -> format = value;
            case TIME_WINDOW -> timeWindow(value);
            case OUTPUT -> output = path(o, value);
            case PARTIAL_OK -> partialOk = true;
            default -> throw new IllegalStateException(o.name());
        }
    }

    /** {@code START,END} in seconds, either side empty for the trace's start or end. */
    private void timeWindow(String value) throws UsageException {
        int comma = value.indexOf(',');
        if (comma < 0 || value.indexOf(',', comma + 1) >= 0 || comma == 0 && value.length() == 1) {
            throw windowUsage(value);
        }
        String from = value.substring(0, comma).trim();
        String until = value.substring(comma + 1).trim();
        windowFromNs = from.isEmpty() ? Long.MIN_VALUE : nanoseconds(from, value);
        windowUntilNs = until.isEmpty() ? Long.MAX_VALUE : nanoseconds(until, value);
        if (windowFromNs >= windowUntilNs) {
            throw new UsageException("--time-window " + value + ": the window ends where or before it starts");
        }
    }

    /** Seconds with up to nine decimals ({@code 5}, {@code 5.25}, {@code .5}, {@code -1.5}) as ns, exactly. */
    private static long nanoseconds(String seconds, String value) throws UsageException {
        boolean negative = seconds.startsWith("-");
        String s = negative ? seconds.substring(1) : seconds;
        int dot = s.indexOf('.');
        String whole = dot < 0 ? s : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1);
        if (whole.isEmpty() && fraction.isEmpty() || whole.length() > 9 || fraction.length() > 9
                || !digits(whole) || !digits(fraction)) {
            throw windowUsage(value);
        }
        long ns = (whole.isEmpty() ? 0 : Long.parseLong(whole)) * 1_000_000_000L
                + (fraction.isEmpty() ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9)));
        return negative ? -ns : ns;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static UsageException windowUsage(String value) {
        return new UsageException("--time-window takes START,END in seconds as the report prints times (5.2,5.7; "
                + "either may be left out: 5.2, or ,5.7), not '" + value + "'");
    }

    private Input last() {
        return inputs.get(inputs.size() - 1);
    }

    /**
     * The file names given without {@code -i}: each is an input (trace-cmd 3.1.6 reads only the first;
     * later trace-cmd reads them all); none at all reads {@code trace.dat}.
     */
    void positional(List<String> files) throws UsageException {
        if (namedInputs > 0 && !files.isEmpty()) { // trace-cmd's usage(), also for "-i X X"
            throw UsageException.ofTraceCmd("the inputs are given both with -i and as arguments (" + inputs.get(0).path
                    + ", " + files.get(0) + "): give them one way");
        }
        for (String f : files) {
            inputs.add(new Input(f));
        }
        if (inputs.isEmpty()) {
            inputs.add(new Input(DEFAULT_INPUT));
        }
    }

    /** trace-cmd's {@code --cpu} list: numbers and ranges a-b, separated by ',' or ':', blanks before numbers. */
    private void addCpus(String list) throws UsageException {
        if (cpus == null) {
            cpus = new BitSet();
        }
        int i = 0;
        int n = list.length();
        do {
            int[] at = {i};
            long a = cpuNumber(list, at);
            long b = a;
            i = at[0];
            if (i < n && list.charAt(i) == '-') {
                at[0] = i + 1;
                b = cpuNumber(list, at);
                i = at[0];
            }
            if (a > b) {
                throw UsageException.ofTraceCmd("--cpu " + list + ": a range of CPUs goes from the lower to the greater number");
            }
            if (b >= MAX_CPU) {
                throw new UsageException("--cpu " + list + ": CPU " + b + " is beyond any machine's (at most " + (MAX_CPU - 1) + ")");
            }
            cpus.set((int) a, (int) b + 1);
            if (i < n && (list.charAt(i) == ',' || list.charAt(i) == ':')) {
                i++;
            }
        } while (i < n);
    }

    private static long cpuNumber(String list, int[] at) throws UsageException {
        int i = at[0];
        while (i < list.length() && Character.isWhitespace(list.charAt(i))) {
            i++;
        }
        if (i >= list.length() || list.charAt(i) < '0' || list.charAt(i) > '9') {
            String c = i >= list.length() ? "end of the list" : "'" + list.charAt(i) + "'";
            throw UsageException.ofTraceCmd("--cpu " + list + ": expected a CPU number, found " + c);
        }
        long v = 0;
        while (i < list.length() && list.charAt(i) >= '0' && list.charAt(i) <= '9') {
            v = Math.min(v * 10 + (list.charAt(i) - '0'), Integer.MAX_VALUE);
            i++;
        }
        at[0] = i;
        return v;
    }

    /** A comma-separated list, empty items dropped (as strtok does). */
    private static void split(String value, List<String> into) {
        for (String s : value.split(",")) {
            if (!s.isEmpty()) {
                into.add(s);
            }
        }
    }

    /** trace-cmd's verbose level: none (the default: info), a number (above 6 is 6) or a name's prefix. */
    private static int logLevel(String value) throws UsageException {
        if (value == null) {
            return 4;
        }
        if (!value.isEmpty() && Character.isDigit(value.charAt(0))) {
            return (int) Math.min(CNumbers.atoll(value), LEVELS.length - 1);
        }
        for (int i = 0; i < LEVELS.length; i++) {
            if (value.startsWith(LEVELS[i])) {
                return i;
            }
        }
        throw UsageException.ofTraceCmd("invalid verbose level '" + value + "' (0-6, none, crit, err, warn, info, debug or all)");
    }

    private static Path path(ReportOption o, String value) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(o.shown() + " " + value + ": not a usable path (" + e.getReason() + ")");
        }
    }
}
