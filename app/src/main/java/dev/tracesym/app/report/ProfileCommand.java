package dev.tracesym.app.report;

import dev.tracesym.formats.dat.BufferInfo;
import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.filter.FilterException;
import dev.tracesym.formats.filter.FilterNames;
import dev.tracesym.formats.filter.RecordFilter;
import dev.tracesym.formats.profile.Hook;
import dev.tracesym.formats.profile.Profile;
import dev.tracesym.formats.report.CommTable;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.report.ReportFilterNames;
import dev.tracesym.formats.report.ReportNamer;
import dev.tracesym.formats.report.ReportWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tracesym report --profile}: the {@code cpus=N} line, then trace-cmd's profile tables
 * ({@link Profile}) instead of the events, names from the file's kallsyms as trace-cmd gives them or
 * from a {@link ReportCommand.Naming}.
 */
public final class ProfileCommand {
    private ProfileCommand() {
    }

    /**
     * Profiles {@code input} into {@code out}.
     *
     * @param file      the trace, its timing ({@code --ts-offset} ...) and which records the profile sees
     *                  ({@code -F}, {@code --cpu}, {@code -I}, {@code -S}), as the report would show them
     * @param alignTs   {@code --align-ts}: times from the trace's first record
     * @param kallsyms  {@code --kallsyms}: a file whose functions add to the trace's own names; null for none
     * @param naming    null for trace-cmd's own names
     * @return {@link ReportCommand#OK}, {@link ReportCommand#OUTPUT_FAILED}, {@link ReportCommand#BAD_INPUT} or
     *         {@link ReportCommand#DAMAGED} (the tables of the records before the damage were written)
     */
    public static int run(ReportCommand.Trace file, boolean alignTs, boolean global, boolean byComm, List<Hook> hooks,
                          Path kallsyms, OutputStream out, PrintStream err, ReportCommand.Naming naming) {
        return run(file, alignTs, global, byComm, hooks, kallsyms, out, err, naming, null);
    }

    /**
     * {@link #run(ReportCommand.Trace, boolean, boolean, boolean, List, Path, OutputStream, PrintStream,
     * ReportCommand.Naming)} keeping in {@code exit} (when not null) trace-cmd 3.1.6's exit status where the
     * run is refused as trace-cmd refuses it (the trace, a filter, a {@code -H} field its event lacks).
     */
    public static int run(ReportCommand.Trace file, boolean alignTs, boolean global, boolean byComm, List<Hook> hooks,
                          Path kallsyms, OutputStream out, PrintStream err, ReportCommand.Naming naming,
                          TraceCmdExit exit) {
        String input = file.path();
        RecordFilter.Options selection = file.selection();
        DatFile dat;
        try {
            dat = MetadataCommand.open(List.of(file), 0, exit);
        } catch (MetadataCommand.UnusableInput e) {
            err.println("tracesym report: " + e.getMessage());
            return ReportCommand.BAD_INPUT;
        }
        try (dat) {
            ReportInput trace;
            ReportNamer namer;
            Profile profile;
            RecordFilter filter;
            try {
                if (alignTs) {
                    dat.shiftTimestamps(-dat.firstTimestamp());
                }
                trace = naming == null ? ReportCommand.inputOf(dat) : naming.input(dat);
                namer = naming == null ? ReportCommand.namerOf(dat, kallsyms == null ? null : ReportCommand.readKallsyms(kallsyms))
                        : naming.namer(dat, trace);
                List<Hook> saved = new ArrayList<>();
                for (String h : dat.hooks()) {
                    saved.add(Hook.parse(h, new StringBuilder()));
                }
                int[] cpus = new int[dat.buffers().size()];
                for (int i = 0; i < cpus.length; i++) {
                    BufferInfo b = dat.buffers().get(i);
                    cpus[i] = i == 0 ? dat.cpuCount() : b.cpus();
                }
                // trace-cmd compiles the filters first, then finds the -H fields: both die() with the errno its parsing left
                filter = ReportWriter.filter(selection, trace.formats());
                profile = new Profile(trace, cpus, namer, new Profile.Options(global, byComm, hooks, saved));
            } catch (IOException | RuntimeException | FilterException e) {
                err.println("tracesym report: " + MetadataCommand.message(input, e));
                if (exit != null) {
                    if (e instanceof FilterException) {
                        exit.refuseFilter(List.of(dat), selection.comms());
                    } else if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("does not have field")) {
                        exit.refuseAfterParsing(List.of(dat));
                        try { // trace-cmd finds the -H fields after it printed the cpus= line
                            out.write(("cpus=" + dat.cpuCount() + "\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        } catch (IOException ex) {
                            // the refusal is what matters
                        }
                    } else if (e instanceof NoSuchFileException) { // --kallsyms FILE
                        exit.refuse(TraceCmdExit.die(2));
                    }
                }
                return ReportCommand.BAD_INPUT;
            }
            profile.warnings().lines().forEach(w -> err.println("tracesym report: warning: " + w));
            EventSource source = dat::next;
            if (naming != null) {
                source = naming.records(source, trace);
            }
            boolean broken = false;
            // the comms a filter sees are the saved ones: nothing renders the records to learn more
            FilterNames names = new ReportFilterNames(CommTable.parseSavedCmdlines(trace.savedCmdlines()), namer);
            RawEvent e = new RawEvent();
            try {
                while (source.next(e)) {
                    if (filter == null || filter.accept(e, names)) {
                        profile.add(e);
                    }
                }
            } catch (IOException ex) { // the tables of the records before the damage are still worth having
                err.println("tracesym report: " + MetadataCommand.message(input, ex));
                broken = true;
            }
            try {
                out.write(("cpus=" + dat.cpuCount() + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(profile.tables());
                out.flush();
            } catch (IOException ex) {
                if (!String.valueOf(ex.getMessage()).contains("Broken pipe")) {
                    err.println("tracesym report: cannot write the report: " + ex.getMessage());
                }
                return ReportCommand.OUTPUT_FAILED;
            }
            for (String w : dat.warnings()) {
                err.println("tracesym report: warning: " + w);
            }
            return broken || dat.eventsLost() ? ReportCommand.DAMAGED : ReportCommand.OK;
        } catch (IOException e) { // closing the input
            err.println("tracesym report: " + MetadataCommand.message(input, e));
            return ReportCommand.BAD_INPUT;
        }
    }
}
