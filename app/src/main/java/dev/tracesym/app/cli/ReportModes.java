package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.app.report.MetadataCommand;
import dev.tracesym.app.report.ProfileCommand;
import dev.tracesym.app.report.ReportCommand;
import dev.tracesym.app.report.TraceCmdExit;
import dev.tracesym.formats.profile.Hook;
import dev.tracesym.input.InputFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runs of {@code tracesym report} that print something other than the events, as trace-cmd report
 * 3.1.6 does: what the file holds ({@code -p -e --events --event -f -P -E --check-events --cpus --first-event
 * --last-event --stat --uname --version}, {@link MetadataCommand}) and {@code --profile} ({@link ProfileCommand}). The
 * {@code -H} hooks are read (and echoed, as trace-cmd echoes them) whatever the run.
 */
final class ReportModes {
    private static final String PREFIX = "tracesym report: ";

    private ReportModes() {
    }

    /** Whether {@code s} asks for one of these runs instead of the events. */
    static boolean wanted(ReportSettings s) {
        return s.profile || metadata(s);
    }

    private static boolean metadata(ReportSettings s) {
        return s.pageSize || s.endian || s.eventFormats || s.eventFormat != null || s.checkEvents || s.functions || s.printk || s.eventList || s.cpuList
                || s.firstEvent || s.lastEvent || s.stat || s.uname || s.version;
    }

    /**
     * The hooks of {@code -H}, as trace-cmd reads them when it reads its command line: each echoed on
     * standard output ({@code start SYS:EVENT:MATCH (PID) end SYS:EVENT:MATCH (FLAGS)}), unknown flags
     * warned about.
     *
     * @throws UsageException for one that is not a hook (trace-cmd 3.1.6 crashes on it)
     */
    static List<Hook> hooks(ReportSettings s, OutputStream out, PrintStream err) throws UsageException, IOException {
        List<Hook> hooks = new ArrayList<>();
        StringBuilder echo = new StringBuilder();
        for (String h : s.hooks) {
            StringBuilder unknown = new StringBuilder();
            Hook hook;
            try {
                hook = Hook.parse(h, unknown);
            } catch (IllegalArgumentException e) {
                // trace-cmd 3.1.6 crashes on it (SIGSEGV) while it reads its options: refused as an option it cannot read
                throw UsageException.ofTraceCmd("-H: " + e.getMessage());
            }
            for (int i = 0; i < unknown.length(); i++) {
                err.println(PREFIX + "-H: unknown flag " + unknown.charAt(i) + " (in " + h + ")");
            }
            hooks.add(hook);
            echo.append(hook.describe());
        }
        out.write(echo.toString().getBytes(StandardCharsets.UTF_8));
        return hooks;
    }

    /**
     * Runs what {@code s} asks for ({@link #wanted}); the output goes to standard output or {@code -o} (a
     * temporary file renamed when done).
     *
     * @return the exit code: trace-cmd's 22 for {@code --check-events} on an unreadable format, else 0, 1 or 2
     */
    static int run(ReportSettings s, PrintStream err) throws UsageException {
        if (!"text".equals(s.format.toLowerCase(Locale.ROOT))) {
            throw new UsageException("--format " + s.format + " is for the events; "
                    + (s.profile && !metadata(s) ? "--profile" : "this option") + " prints text");
        }
        SymbolSource source = s.symbols.source();
        if (s.kallsyms != null && source != null) {
            throw new UsageException("--kallsyms adds to the trace's own names; --archive and --symbols replace them");
        }
        List<ReportCommand.Trace> inputs = ReportCli.traces(s);
        AtomicOutput out = ReportCli.output(s, source, err);
        if (out == null) {
            return ExitCodes.UNUSABLE;
        }
        TraceCmdExit exit = ReportCli.traceCmdExit(s);
        try (out) {
            List<Hook> hooks = hooks(s, out.stream(), err);
            int code;
            if (metadata(s)) {
                code = metadata(s, inputs, out.stream(), err, exit);
            } else if (s.filterTest && inputs.stream().anyMatch(ReportModes::filtered)) {
                // trace-cmd shows the filters of the first file that has some and stops (its cpus= lines before)
                code = ReportCommand.run(inputs, false, ReportCli.view(s, s.inputs.get(0)), true, out.stream(), err, null, exit);
            } else if (inputs.size() > 1) {
                // what trace-cmd refuses of several traces (a file, a filter) is refused as trace-cmd refuses it
                code = ReportCommand.refusalOfSeveral(inputs, out.stream(), err, exit);
                if (code == ReportCommand.OK) {
                    throw new UsageException("--profile reads one trace");
                }
            } else {
                ReportCommand.Naming naming = source == null ? null : ReportPipeline.naming(source, inputs.get(0).path(), err);
                code = ProfileCommand.run(inputs.get(0), s.alignTs, s.globalIrqs, s.byComm, hooks, s.kallsyms, out.stream(),
                        err, naming, exit);
            }
            return finish(code, s, out, err, exit);
        } catch (IOException e) {
            err.println(PREFIX + "cannot write " + (s.output == null ? "the output" : s.output) + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (OutOfMemoryError e) {
            // the output is dropped with the run (never committed half-written)
            err.println(PREFIX + InputFile.outOfMemory(String.join(", ", inputs.stream()
                    .map(t -> "-".equals(t.path()) ? "<stdin>" : t.path()).toList())));
            return ExitCodes.UNUSABLE;
        }
    }

    /** Whether trace-cmd compiles a filter for {@code t}: a {@code -F}, or a {@code --pid}/{@code --comm} made one. */
    private static boolean filtered(ReportCommand.Trace t) {
        return !t.selection().filters().isEmpty() || !t.selection().pids().isEmpty() || !t.selection().comms().isEmpty();
    }

    private static int metadata(ReportSettings s, List<ReportCommand.Trace> inputs, OutputStream out, PrintStream err,
                                TraceCmdExit exit) throws IOException {
        if (s.pageSize) { // trace-cmd answers it before anything else, for the first file
            return MetadataCommand.pageSize(inputs.get(0).path(), out, err, exit);
        }
        String formats = s.eventFormats ? ".*" : s.eventFormat; // trace-cmd: --events before --event
        MetadataCommand.Request r = new MetadataCommand.Request(inputs, s.endian, formats, s.functions, s.printk, s.eventList,
                s.checkEvents, s.cpuList, s.firstEvent, s.lastEvent, s.stat, s.uname, s.version, s.nsTimestamps,
                s.kallsyms, s.filterTest);
        return MetadataCommand.run(r, out, err, exit);
    }

    private static int finish(int code, ReportSettings s, AtomicOutput out, PrintStream err, TraceCmdExit exit)
            throws IOException {
        switch (code) {
            case ReportCommand.OK, MetadataCommand.FORMATS_UNREADABLE -> {
                out.commit();
                return code;
            }
            case ReportCommand.DAMAGED -> { // the tables of the records before the damage: keep them
                out.commit();
                if (s.partialOk) {
                    return ExitCodes.OK;
                }
                err.println(PREFIX + "the trace is damaged: the tables stop at the damage (--partial-ok accepts that)");
                return ExitCodes.FAILURE;
            }
            case ReportCommand.OUTPUT_FAILED -> {
                return ExitCodes.FAILURE;
            }
            default -> {
                return exit.or(ExitCodes.UNUSABLE);
            }
        }
    }
}
