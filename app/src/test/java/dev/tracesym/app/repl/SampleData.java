package dev.tracesym.app.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tukaani.xz.XZInputStream;

/**
 * The repository's real samples ({@code samples/data}) as the tests use them: the reuse scenario's
 * trace, its symbol archive and module files, and its ground truth (the kernel's own name for
 * every event's address at the event's time).
 */
final class SampleData {
    private SampleData() {}

    private static SymbolQueries reuse;
    private static List<Row> truth;

    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples").resolve("data");
            if (Files.isDirectory(d)) return d;
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath());
    }

    static Path reuseArchive() {
        return dir().resolve("reuse").resolve("snapshots");
    }

    static Path reuseTrace() {
        return dir().resolve("reuse").resolve("reuse.v7-zstd.dat");
    }

    static Path modules() {
        return dir().resolve("modules-6.1.0-56-amd64");
    }

    /** The reuse trace + archive + modules, loaded once for all tests (loading takes seconds). */
    static synchronized SymbolQueries reuse() {
        if (reuse == null) {
            try {
                reuse = SymbolQueries.load(reuseTrace(), reuseArchive(), modules(), null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reuse;
    }

    /** One ground-truth event: its time (µs text as the file has it), event name, address and the kernel's name for it. */
    record Row(String timestamp, long ts, String event, long addr, String symbol, String module, long parentAddr,
               String parentSymbol, String parentModule, String info) {}

    /** The reuse sample's {@code groundtruth.tsv}. */
    static synchronized List<Row> reuseTruth() {
        if (truth != null) return truth;
        List<Row> rows = new ArrayList<>();
        Path p = dir().resolve("reuse").resolve("groundtruth.tsv.xz");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new XZInputStream(Files.newInputStream(p)),
                StandardCharsets.UTF_8))) {
            List<String> head = Arrays.asList(r.readLine().split("\t", -1));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) continue;
                String[] f = line.split("\t", -1);
                String t = f[head.indexOf("timestamp")];
                rows.add(new Row(t, Seconds.parse(t), f[head.indexOf("event")], hex(f[head.indexOf("addr")]),
                        f[head.indexOf("symbol")], f[head.indexOf("module")], hex(f[head.indexOf("parent_addr")]),
                        f[head.indexOf("parent_symbol")], f[head.indexOf("parent_module")], f[head.indexOf("info")]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        truth = rows;
        return rows;
    }

    private static long hex(String s) {
        return s.isEmpty() ? 0 : Long.parseUnsignedLong(s, 16);
    }
}
