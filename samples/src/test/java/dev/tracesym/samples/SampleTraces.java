package dev.tracesym.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            "reuse-arm64.v6.dat", "events-arm64.v7-zstd.dat", "events-arm64.v6.dat", "events-s390x.v7-zstd.dat");

    private SampleTraces() {
    }

    /** Fills {@code dir} with {@link #ALL} (once) and returns it. */
    static synchronized Path in(Path dir) {
        for (String name : ALL) {
            Path target = dir.resolve(name);
            if (Files.exists(target)) {
                continue;
            }
            // NAME[-ARCH].VARIANT is samples/data/NAME[-ARCH]/NAME.VARIANT (builtin: builtin-6.12)
            String sample = name.substring(0, name.indexOf('.'));
            String file = sample.replaceFirst("-.*", "") + name.substring(name.indexOf('.'));
            Path source = TraceCmd.data((sample.equals("builtin") ? "builtin-6.12" : sample) + "/" + file);
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
