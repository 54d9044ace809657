package dev.tracesym.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.tukaani.xz.XZInputStream;

/**
 * The sample traces as trace-cmd reads them, in one folder: the v6 files decompressed, the others linked,
 * each named after its sample folder ({@code events-arm64.v7-zstd.dat}).
 */
final class SampleTraces {
    /**
     * Every kept sample trace, each file variant once, but the zlib one: Debian's trace-cmd 3.1.6 is built
     * without zlib and refuses it ("error reading header").
     */
    static final List<String> ALL = List.of("reuse.v7-zstd.dat", "reuse.v6.dat", "events.v7-zstd.dat", "events.v6.dat",
            "funcgraph.v7-zstd.dat", "funcgraph.v6.dat", "builtin.v7-zstd.dat", "reuse-arm64.v7-zstd.dat",
            "reuse-arm64.v6.dat", "events-arm64.v7-zstd.dat", "events-arm64.v6.dat", "events-s390x.v7-zstd.dat",
            "newer-3.3.3.v7-zstd.dat", "newer-3.4.v7-zstd.dat", "retval-3.3.3.v7-zstd.dat", "retval-3.4.v7-zstd.dat",
            "args-3.4.v7-zstd.dat", "lastboot-3.4.v7-zstd.dat",
            "kallmodsyms.v7-zstd.dat", "allevents.v7-zstd.dat",
            "allevents.v6.dat", "allevents-6.12.v7-zstd.dat", "allevents-6.12.v6.dat");

    /** FOLDER/NAME of the samples not kept as NAME[-ARCH|-VERSION]/NAME.VARIANT. */
    private static final Map<String, String> ELSEWHERE = Map.of("builtin", "builtin-6.12/builtin",
            "kallmodsyms", "kallmodsyms-6.12/builtin");

    private static final Map<String, Boolean> INSTANCES = new HashMap<>();

    private SampleTraces() {
    }

    /** Fills {@code dir} with {@link #ALL} (once) and returns it. */
    static synchronized Path in(Path dir) {
        for (String name : ALL) {
            Path target = dir.resolve(name);
            if (Files.exists(target)) {
                continue;
            }
            // NAME[-ARCH|-VERSION].VARIANT is samples/data/NAME[-ARCH|-VERSION]/NAME.VARIANT, but ELSEWHERE
            int variant = name.indexOf(".v");
            String sample = name.substring(0, variant);
            Path source = TraceCmd.data(ELSEWHERE.getOrDefault(sample, sample + "/" + sample.replaceFirst("-.*", ""))
                    + name.substring(variant));
            String file = source.getFileName().toString();
            try {
                if (name.endsWith(".v6.dat")) {
                    try (InputStream in = new XZInputStream(Files.newInputStream(source.resolveSibling(file + ".xz")))) {
                        Files.copy(in, target);
                    }
                } else {
                    Files.createSymbolicLink(target, source.toAbsolutePath());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    /**
     * The arguments that ask trace-cmd 3.1.6 for what tracesym's {@code args} ask on {@code trace}: the same,
     * but {@code --cpu LIST} on a trace with buffer instances, where trace-cmd counts CPU slots across the
     * buffers, becomes {@code -F '.*:CPU==N||...'}, CPU N of every buffer (docs/REPORT-OPTIONS.md).
     */
    static String[] forTraceCmd(Path dir, String trace, String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        int cpu = a.indexOf("--cpu");
        if (cpu >= 0 && hasInstances(dir, trace)) {
            a.set(cpu, "-F");
            a.set(cpu + 1, cpuFilter(a.get(cpu + 1)));
        }
        return a.toArray(new String[0]);
    }

    /** Whether the trace has buffer instances, as trace-cmd --stat tells (a "Buffer: NAME" part). */
    static synchronized boolean hasInstances(Path dir, String trace) throws Exception {
        Boolean known = INSTANCES.get(trace);
        if (known == null) {
            known = TraceCmd.traceCmd(dir, "--stat", "-i", dir.resolve(trace).toString()).text().contains("\nBuffer: ");
            INSTANCES.put(trace, known);
        }
        return known;
    }

    /**
     * Whether the trace has sched_switch but no sched_wakeup event (recorded with {@code -e sched:sched_switch}
     * alone, as the retval samples): trace-cmd refuses a filter naming sched_wakeup there.
     */
    static synchronized boolean switchWithoutWakeup(Path dir, String trace) throws Exception {
        Boolean known = WAKEUPLESS.get(trace);
        if (known == null) {
            String path = dir.resolve(trace).toString();
            known = TraceCmd.traceCmd(dir, "-F", "sched_wakeup", "-i", path).code() == 255
                    && TraceCmd.traceCmd(dir, "-F", "sched_switch", "-i", path).code() == 0;
            WAKEUPLESS.put(trace, known);
        }
        return known;
    }

    private static final Map<String, Boolean> WAKEUPLESS = new HashMap<>();

    /** trace-cmd's filter for the CPUs of a --cpu list ("0-1,3": CPU == 0 || CPU == 1 || CPU == 3), on every event. */
    static String cpuFilter(String cpus) {
        List<String> terms = new ArrayList<>();
        for (String part : cpus.split(",")) {
            String[] range = part.split("-");
            for (int c = Integer.parseInt(range[0]); c <= Integer.parseInt(range[range.length - 1]); c++) {
                terms.add("CPU==" + c);
            }
        }
        return ".*:" + String.join("||", terms);
    }

    /** Each option set on each trace of {@link #ALL}, as test arguments (options, trace). */
    static Stream<Arguments> cases(List<String> optionSets) {
        List<Arguments> all = new ArrayList<>();
        for (String trace : ALL) {
            for (String options : optionSets) {
                all.add(Arguments.of(options, trace));
            }
        }
        return all.stream();
    }

    /**
     * The arguments of one run: the options (split at blanks), then the traces of {@code dir}, each with
     * {@code -i} and its absolute path (which some outputs print, as given).
     */
    static String[] args(Path dir, String options, String... traces) {
        List<String> a = new ArrayList<>(List.of(options.split(" ")));
        for (String t : traces) {
            a.add("-i");
            a.add(dir.resolve(t).toAbsolutePath().toString());
        }
        return a.toArray(new String[0]);
    }
}
