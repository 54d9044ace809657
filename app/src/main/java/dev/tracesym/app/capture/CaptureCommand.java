package dev.tracesym.app.capture;

import dev.tracesym.app.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code tracesym capture}: records the symbol archive on the traced machine, beside the tracer.
 * The archive layout is the one of docs/ARCHIVE.md (the samples' {@code snapshots/} folders).
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = {
            "Records a symbol archive on the traced machine, beside the tracer: a full snapshot of the kernel's"
                + " symbols (kallmodsyms or kallsyms, modules, module sections, System.map and"
                + " modules.builtin.ranges where present), then one snapshot after every module load and unload,"
                + " each announced by an \"epoch: NNN label\" marker in trace_marker so that tracesym can name every"
                + " address as it was at the event's time. The .ko files of loaded modules are copied to ARCHIVE/modules/.",
            "Needs root and tracefs. Module events are followed in a tracefs instance of its own, so the"
                + " user's tracing is left alone. Start it while the tracer records (the markers go to the"
                + " top-level buffer, or to --marker-instance)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  trace-cmd record -p function -e module &",
            "  tracesym capture -o snaps/                      until Ctrl-C",
            "  tracesym capture -o snaps/ --duration 60",
            "  tracesym capture -o snaps/ --append             a second session, same boot",
            "  tracesym capture --script > capture.sh          for a busybox target, no Java:",
            "  sh capture.sh -o snaps/                         same options, same archive",
            "",
            "--proc, --sys, --tracefs, --lib-modules and --boot (not listed) read another",
            "tree, for testing.",
            "Exit codes: 0 ok, 1 failure while capturing, 2 unusable input or usage."})
public final class CaptureCommand implements Callable<Integer> {
    static final String SCRIPT = "tracesym-capture.sh";

    @Spec
    private CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "ARCHIVE",
            description = "The archive folder to write; must be new or empty unless --append.")
    private Path output;

    @Option(names = "--append", description = "Add snapshots to an existing archive of the same boot.")
    private boolean append;

    @Option(names = "--script", description = "Print the capture as a POSIX shell script (busybox sh is enough) and exit.")
    private boolean script;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: at Ctrl-C, SIGTERM or SIGHUP).")
    private Double duration;

    @Option(names = "--no-modules-copy", description = "Do not copy the .ko files of loaded modules into ARCHIVE/modules/.")
    private boolean noModulesCopy;

    @Option(names = "--instance", paramLabel = "NAME", defaultValue = "tracesym-capture",
            description = "The tracefs instance that follows module events (default: ${DEFAULT-VALUE});"
                + " created and removed by the capture, or used and left in place if it exists.")
    private String instance;

    @Option(names = "--marker-instance", paramLabel = "NAME",
            description = "Write the epoch markers to this instance's trace_marker (trace-cmd record -B NAME)"
                + " instead of the top-level one.")
    private String markerInstance;

    @Option(names = "--proc", paramLabel = "DIR", defaultValue = "/proc", hidden = true)
    private Path proc;

    @Option(names = "--sys", paramLabel = "DIR", defaultValue = "/sys", hidden = true)
    private Path sys;

    @Option(names = "--tracefs", paramLabel = "DIR", hidden = true)
    private Path tracefs;

    @Option(names = "--lib-modules", paramLabel = "DIR", hidden = true,
            description = "The folder of modules.dep (default /lib/modules/RELEASE).")
    private Path libModules;

    @Option(names = "--boot", paramLabel = "DIR", defaultValue = "/boot", hidden = true)
    private Path boot;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (script) {
            out.print(script());
            out.flush();
            return ExitCodes.OK;
        }
        String usage = usageProblem();
        if (usage != null) {
            err.println("tracesym capture: " + usage);
            err.println("Try 'tracesym capture --help' for more information.");
            err.flush();
            return ExitCodes.UNUSABLE;
        }
        long nanos = duration == null ? 0 : (long) (duration * 1e9);
        CaptureSession session = new CaptureSession(new KernelRoots(proc, sys, tracefs, libModules, boot), output,
                append, nanos, !noModulesCopy, instance, markerInstance, err);
        try (StopSignals signals = StopSignals.install(session::requestStop)) {
            session.run();
            return ExitCodes.OK;
        } catch (CaptureRefusedException e) {
            err.println("tracesym capture: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        } catch (IOException e) {
            err.println("tracesym capture: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("tracesym capture: interrupted");
            return ExitCodes.FAILURE;
        } finally {
            err.flush();
        }
    }

    private String usageProblem() {
        if (output == null) return "missing -o ARCHIVE (or --script)";
        if (duration != null && !(duration > 0 && duration < 1e9)) return "--duration must be a positive number of seconds";
        if (!ModuleEvent.validName(instance.replace('.', '_'))) return "--instance: not a tracefs instance name: " + instance;
        if (markerInstance != null && !ModuleEvent.validName(markerInstance.replace('.', '_'))) {
            return "--marker-instance: not a tracefs instance name: " + markerInstance;
        }
        return null;
    }

    /** The POSIX shell version of the capture, as {@code --script} prints it. */
    static String script() {
        try (InputStream in = CaptureCommand.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IllegalStateException(SCRIPT + " is missing from the tracesym jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
