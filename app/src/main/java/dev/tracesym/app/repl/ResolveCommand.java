package dev.tracesym.app.repl;

import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.symbolizer.Resolution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tracesym resolve}: names addresses as of one time, one line each, without a prompt. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Names kernel addresses as they were at one time: one line per address in the kernel's %%pS form",
            "as kallmodsyms prints it (name+0xoff/0xsize [module] {object}: [module] for built-in modules too,",
            "{object} or #n for a name several symbols share), plus builtin=MODULE and object=FILE where the",
            "symbol source knows them,",
            "then where each part came from: 'from kallsyms', or per part, e.g. 'from kallmodsyms (name, size),",
            "modules.builtin.ranges (builtin), linker maps (object)'; the sources are kallsyms, kallmodsyms,",
            "System.map, .ko, modules.builtin.ranges and linker maps.",
            "An address without a symbol prints 'not found: REASON (why)'."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  tracesym resolve --archive snaps/ --modules ko/ --trace reuse.dat \\",
            "      --at 17.8 0xffffffffc02c9000",
            "    0xffffffffc02c9000 sha3_generic_mod_init+0x0/0x1000 [sha3_generic]",
            "      from kallsyms (name, module), .ko (size)",
            "  tracesym resolve --archive snaps/ --at 16 ffffffffc02c9000 ffffffffc0326000",
            "  tracesym resolve --symbols /proc/kallsyms ffffffff81000000",
            "  tracesym resolve --trace trace.dat ffffffffc02c9000",
            "                                   the trace's own kallsyms, as trace-cmd",
            "",
            "Without --at the time is the end of the trace (or the last snapshot): the final",
            "state.",
            "Exit codes: 0 ok (also when some addresses are not found), 1 failure while",
            "processing (also a trace cut short or damaged, without --partial-ok), 2 unusable",
            "input or usage, also symbols that do not belong to --trace (--force-symbols)."})
public final class ResolveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions sources = new SourceOptions();

    @Option(names = "--at", paramLabel = "SECONDS",
            description = "time on the trace clock, e.g. 17.8 or 17800000000ns; also 'start' or 'end' (default: end)")
    String at;

    @Option(names = "--partial-ok", description = "exit 0 even when the trace is cut short or damaged (its state changes after the damage are missing)")
    boolean partialOk;

    @Parameters(paramLabel = "ADDR", arity = "1..*", description = "addresses in hex, with or without 0x")
    List<String> addresses;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long[] addrs = new long[addresses.size()];
        SymbolQueries q;
        long ts;
        try {
            for (int i = 0; i < addrs.length; i++) addrs[i] = Hex.parseAddress(addresses.get(i));
            boolean end = at == null || at.equalsIgnoreCase("end"), start = !end && at.equalsIgnoreCase("start");
            long given = end || start ? 0 : Seconds.parse(at); // a bad time is refused before the slow load
            q = sources.load(w -> { err.println("tracesym resolve: " + w); err.flush(); });
            ts = end ? q.endTime() : start ? q.startTime() : given;
        } catch (IllegalArgumentException | IOException e) { // all before any output: the input is unusable
            err.println("tracesym resolve: " + ReplSession.messageOf(e, sources.loading()));
            err.flush();
            return ExitCodes.UNUSABLE;
        }
        Resolution r = new Resolution();
        for (long a : addrs) {
            q.resolve(ts, a, r);
            out.println(ResolveLine.format(a, r, ts));
        }
        out.flush();
        for (String w : q.warnings()) {
            err.println("tracesym resolve: warning: " + w);
        }
        // a PrintWriter keeps write errors to itself: the only one here is a closed pipe (`| head`)
        if (out.checkError()) {
            err.flush();
            return ExitCodes.CLOSED_PIPE;
        }
        if (q.eventsLost() && !partialOk) {
            err.println("tracesym resolve: the trace is damaged: module changes after the damage are not known (--partial-ok accepts that)");
            err.flush();
            return ExitCodes.FAILURE;
        }
        err.flush();
        return ExitCodes.OK;
    }
}
