package dev.tracesym.formats.profile;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.report.CommTable;
import dev.tracesym.formats.report.LineBuffer;
import dev.tracesym.formats.report.ReportInput;
import dev.tracesym.formats.report.ReportNamer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * {@code trace-cmd report --profile} (3.1.6): where tasks spent their time — per task, each event's count
 * and, for events that start and end something, total, average, maximum and minimum time, with the
 * kernel stacks seen there as a call tree. Fed the records of a trace in report order (after any filter),
 * it prints the same tables as trace-cmd, names included ({@link ReportNamer}).
 *
 * <p>Each buffer is profiled on its own: the top-level buffer's tables come first, then each instance's
 * under a {@code buffer: NAME} line (trace-cmd 3.1.6 dies on the first record of an instance,
 * "Handle not found?").
 */
public final class Profile {
    private final ProfileTables[] buffers;
    private final List<String> names;
    private final boolean byComm;
    private final String warnings;

    /**
     * How to profile.
     *
     * @param global {@code -G}: interrupts and softirqs are counted per CPU, not per task
     * @param byComm {@code --by-comm}: tasks with one comm are merged
     * @param hooks     {@code -H} hooks in the order given
     * @param fileHooks the hooks the trace file saved (its HOOK options), in file order
     */
    public record Options(boolean global, boolean byComm, List<Hook> hooks, List<Hook> fileHooks) {
        public Options {
            hooks = List.copyOf(hooks);
            fileHooks = List.copyOf(fileHooks);
        }
    }

    /**
     * Starts a profile of a trace.
     *
     * @param cpus CPU slots of each buffer, in {@link ReportInput#bufferNames()} order
     * @throws IllegalArgumentException when an event the profile pairs, or a hook, lacks a field it needs
     */
    public Profile(ReportInput input, int[] cpus, ReportNamer namer, Options options) {
        Objects.requireNonNull(namer, "namer");
        this.names = input.bufferNames();
        this.byComm = options.byComm();
        this.buffers = new ProfileTables[names.size()];
        // trace-cmd prepends each hook to its list: the last given is applied first, the file's come after
        List<Hook> hooks = new ArrayList<>(options.hooks());
        Collections.reverse(hooks);
        List<Hook> saved = new ArrayList<>(options.fileHooks());
        Collections.reverse(saved);
        hooks.addAll(saved);
        StringBuilder warned = new StringBuilder();
        for (int i = 0; i < buffers.length; i++) {
            CommTable comms = CommTable.parseSavedCmdlines(input.savedCmdlines());
            buffers[i] = new ProfileTables(input.formats(), namer, comms, i < cpus.length ? cpus[i] : input.cpus(),
                    options.global(), hooks, i == 0 ? warned : new StringBuilder());
        }
        this.warnings = warned.toString();
    }

    /** What trace-cmd warns about while setting up (hook events the trace does not have), one line each. */
    public String warnings() {
        return warnings;
    }

    /** Takes one record; records must come in report order. */
    public void add(RawEvent e) {
        int b = e.buffer >= 0 && e.buffer < buffers.length ? e.buffer : 0;
        buffers[b].add(e);
    }

    /** The tables, as trace-cmd prints them after the {@code cpus=N} line. */
    public byte[] tables() {
        LineBuffer out = new LineBuffer(1 << 16);
        for (int i = 0; i < buffers.length; i++) {
            if (i > 0) {
                out.append("\nbuffer: ");
                out.append(names.get(i).getBytes(StandardCharsets.UTF_8));
                out.append((byte) '\n');
            }
            ProfileOutput.write(buffers[i], byComm, out);
        }
        return out.toBytes();
    }
}
