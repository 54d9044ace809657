package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.app.report.TraceCmdExit;
import dev.tracesym.formats.dat.Timing;
import dev.tracesym.formats.filter.PosixRegex;
import dev.tracesym.formats.filter.RecordFilter;
import dev.tracesym.formats.report.ReportView;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * {@code tracesym report}: a trace-cmd {@code .dat} as trace-cmd report text, JSON Lines or Perfetto JSON,
 * with every option of {@code trace-cmd report} 3.1.6 ({@link ReportOption}).
 *
 * <p>The command line is read by {@link ReportArgs} as trace-cmd reads it, without picocli (whose
 * reflection costs more than a small trace takes to print, and whose class files load slowly: no class
 * of it is loaded by a report); {@link ReportHelp#spec()} declares the same options to picocli for
 * {@code --help}, the man page and the bash completion.
 */
public final class ReportCli {
    private static final String PREFIX = "tracesym report: ";

    /**
     * Options read but not done yet: refused with a message rather than ignored (a report that silently
     * drops an option would be wrong without saying so).
     */
    static final Set<ReportOption> NOT_DONE = EnumSet.complementOf(EnumSet.of(
            ReportOption.INPUT, ReportOption.TS_OFFSET, ReportOption.TS2SECS, ReportOption.NODATE, ReportOption.RAW_TS,
            ReportOption.ALIGN_TS, ReportOption.NS_TIMESTAMPS, ReportOption.NO_PLUGINS, ReportOption.LOCAL_PLUGINS,
            ReportOption.FILTER, ReportOption.NEGATE, ReportOption.FILTER_TEST, ReportOption.NO_HARDIRQ,
            ReportOption.NO_SOFTIRQ, ReportOption.CPU, ReportOption.PID, ReportOption.COMM, ReportOption.RAW,
            ReportOption.RAW_EVENTS, ReportOption.NO_HANDLER,
            ReportOption.LATENCY, ReportOption.TS_DIFF, ReportOption.TS_CHECK, ReportOption.PLUGIN_OPTION,
            ReportOption.VERBOSE, ReportOption.QUIET, ReportOption.HELP, ReportOption.ARCHIVE, ReportOption.MODULES,
            ReportOption.SYMBOLS, ReportOption.FORCE_SYMBOLS, ReportOption.TRACE_CMD_FORMS, ReportOption.FORMAT,
            ReportOption.TIME_WINDOW, ReportOption.OUTPUT, ReportOption.PARTIAL_OK,
            // what the file holds, and the profile (ReportModes)
            ReportOption.PAGE_SIZE, ReportOption.ENDIAN, ReportOption.EVENT_FORMATS, ReportOption.EVENT_FORMAT, ReportOption.FUNCTIONS, ReportOption.PRINTK,
            ReportOption.EVENTS_LIST, ReportOption.CPUS, ReportOption.FIRST_EVENT, ReportOption.LAST_EVENT,
            ReportOption.CHECK_EVENTS, ReportOption.STAT, ReportOption.UNAME, ReportOption.VERSION,
            ReportOption.PROFILE, ReportOption.GLOBAL_IRQS, ReportOption.HOOK, ReportOption.BY_COMM,
            ReportOption.WAKEUP, ReportOption.KALLSYMS));

    private ReportCli() {
    }

    /** Runs {@code tracesym report} alone (for scripts and benchmarks); exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs {@code tracesym report ARGS} (the arguments after {@code report}).
     *
     * @param help where {@code --help} goes (standard output); the report itself goes to the real standard
     *             output or to {@code -o}
     * @return the exit code: 0 ok, 1 failure while processing, 2 unusable input or usage
     */
    public static int run(String[] args, PrintStream help, PrintStream err) {
        ReportSettings s;
        try {
            s = ReportArgs.parse(args);
            if (s.help) {
                PrintWriter w = new PrintWriter(help, true);
                ReportHelp.usage(w);
                w.flush();
                return ExitCodes.OK;
            }
            return run(s, s.quiet ? new WithoutWarnings(err) : err);
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println("Try 'tracesym report --help' for more information.");
            return e.status;
        }
    }

    private static int run(ReportSettings s, PrintStream err) throws UsageException {
        for (ReportOption o : s.given) {
            if (NOT_DONE.contains(o)) {
                throw new UsageException(o.shown() + " is not supported yet");
            }
        }
        Integer refused = refusedEventPattern(s, err);
        if (refused != null) {
            return refused;
        }
        if (ReportModes.wanted(s)) {
            return ReportModes.run(s, err);
        }
        ReportPipeline.Format f = format(s.format);
        SymbolSource source = s.symbols.source();
        if (s.kallsyms != null && source != null) {
            throw new UsageException("--kallsyms adds to the trace's own names; --archive and --symbols replace them");
        }
        if (s.wakeup && s.inputs.size() > 1) {
            throw UsageException.ofTraceCmd("-w reads one trace (as trace-cmd: \"Wakeup tracing can only be done on a single "
                    + "input file\")");
        }
        if (s.inputs.size() > 1 && (source != null || f != ReportPipeline.Format.TEXT)) {
            throw new UsageException("several traces are reported together only as text with the traces' own names "
                    + "(without --archive, --symbols or --format jsonl/perfetto)");
        }
        List<ReportCommand.Trace> traces = traces(s);
        AtomicOutput out = output(s, source, err);
        if (out == null) {
            return ExitCodes.UNUSABLE;
        }
        try (out) {
            ReportModes.hooks(s, out.stream(), err); // trace-cmd echoes them whatever it prints
            TraceCmdExit exit = traceCmdExit(s);
            Outcome o = ReportPipeline.run(new ReportPipeline.Request(traces, s.alignTs, view(s), s.filterTest, f, source,
                    s.verbose, s.traceCmdForms), out.stream(), err, exit);
            int code = ExitCodes.of(o, out, s.partialOk, err, "tracesym report", "the trace");
            return o == Outcome.UNUSABLE ? exit.or(code) : code;
        } catch (IOException e) {
            return AtomicOutput.failed("tracesym report", s.output, e, err);
        }
    }

    /**
     * A {@code -r} or {@code -n} event name that is no regular expression: trace-cmd 3.1.6 compiles them after
     * opening and parsing the first file, and means to die there with the errno that left; it misreads regcomp's
     * result and crashes (SIGSEGV) instead. Refused with the status it means (and nothing printed), where it
     * gets that far: not for the views that answer before (page size, byte order, formats, functions, printk
     * formats, event list, CPU lists). Null when every name compiles or the run does not look at them.
     */
    private static Integer refusedEventPattern(ReportSettings s, PrintStream err) {
        if (s.pageSize || s.endian || s.eventFormats || s.eventFormat != null || s.checkEvents || s.functions
                || s.printk || s.eventList || s.cpuList || s.firstEvent || s.lastEvent) {
            return null;
        }
        String bad = invalidEventName("-n", s.noHandlerEvents); // trace-cmd compiles the -n names first
        if (bad == null) {
            bad = invalidEventName("-r", s.rawEvents);
        }
        if (bad != null) {
            err.println(PREFIX + bad);
            TraceCmdExit exit = traceCmdExit(s);
            exit.refuseAfterParsingOf(traces(s).subList(0, 1));
            return exit.or(ExitCodes.UNUSABLE);
        }
        return null;
    }

    /** Why the first of {@code names} (given with {@code option}) that regcomp refuses is refused; null for none. */
    private static String invalidEventName(String option, List<String> names) {
        for (String name : names) {
            try {
                PosixRegex.compile("^" + name + "$");
            } catch (PosixRegex.Invalid e) {
                return option + " " + name + ": not a valid event name pattern (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    /**
     * Where a run keeps trace-cmd 3.1.6's exit status for a refusal trace-cmd makes too (issue 16: {@code tracesym
     * report} exits as trace-cmd report there; every other refusal is tracesym's 2).
     */
    static TraceCmdExit traceCmdExit(ReportSettings s) {
        return new TraceCmdExit(s.noPlugins, !(s.noPlugins || s.localPlugins), s.kallsyms);
    }

    /** The inputs of a run, each with the options for every file and those given after its -i. */
    static List<ReportCommand.Trace> traces(ReportSettings s) {
        List<ReportCommand.Trace> traces = new ArrayList<>();
        for (ReportSettings.Input in : s.inputs) {
            traces.add(trace(s, in));
        }
        return traces;
    }

    /**
     * The run's output (-o, or standard output), opened so that it replaces none of the files the run reads:
     * the traces, standard input's file, the symbol source's files and folders, the --kallsyms file. Null, the
     * reason told on {@code err}, when it would.
     */
    static AtomicOutput output(ReportSettings s, SymbolSource source, PrintStream err) {
        List<Path> read = new ArrayList<>();
        for (ReportSettings.Input in : s.inputs) {
            read.addAll(SymbolOptions.filesRead(in.path, null));
        }
        read.addAll(SymbolOptions.filesRead("-", source));
        if (s.kallsyms != null) {
            read.add(s.kallsyms);
        }
        try {
            return AtomicOutput.open(s.output, read);
        } catch (IllegalArgumentException | IOException e) {
            err.println(PREFIX + e.getMessage());
            return null;
        }
    }

    /** trace-cmd report's view of one input: the options for every file and those given after its -i. */
    static ReportView view(ReportSettings s, ReportSettings.Input in) {
        return view(s).withSelection(trace(s, in).selection());
    }

    /** trace-cmd report's view, the same for every trace (the selections are each trace's). */
    private static ReportView view(ReportSettings s) {
        return new ReportView(s.noPlugins || s.localPlugins, s.nsTimestamps, s.raw, s.rawEvents, s.noHandlerEvents,
                s.latency, s.tsDiff, s.tsCheck, s.pluginOptions, RecordFilter.Options.ALL, s.wakeup, s.kallsyms);
    }

    /**
     * One input as trace-cmd report reads it: the filters for every file, then those given after its -i;
     * its --ts-offset, its --ts2secs or else the one given before any second -i.
     */
    static ReportCommand.Trace trace(ReportSettings s, ReportSettings.Input in) {
        List<RecordFilter.FilterText> filters = new ArrayList<>(s.filters);
        filters.addAll(in.filters);
        RecordFilter.Options selection = new RecordFilter.Options(filters, s.cpus, s.noHardIrq, s.noSoftIrq, s.pids,
                s.comms, s.windowFromNs, s.windowUntilNs);
        Timing timing = new Timing(s.noDate, s.rawTs, in.ts2secs != 0 ? in.ts2secs : s.ts2secs,
                in.tsOffset == null ? 0 : in.tsOffset);
        return new ReportCommand.Trace(in.path, timing, selection);
    }

    private static ReportPipeline.Format format(String format) throws UsageException {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "text":
                return ReportPipeline.Format.TEXT;
            case "jsonl":
                return ReportPipeline.Format.JSONL;
            case "perfetto":
                return ReportPipeline.Format.PERFETTO;
            default:
                throw new UsageException("--format must be text, jsonl or perfetto, not '" + format + "'");
        }
    }
}
