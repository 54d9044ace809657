package dev.tracesym.bench;

import dev.tracesym.input.InputFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the benchmarks' real inputs are: the repository's {@code samples/data} (found by walking up
 * from the working directory) and the shared corpus ({@code -Dtracesym.shared=DIR}, default
 * {@code ../shared/samples}) for the big sample that is too large for the repository.
 */
final class SampleFiles {
    private SampleFiles() {}

    /** The repository's {@code samples/data}. */
    static Path data() {
        String prop = System.getProperty("tracesym.samples");
        if (prop != null) return Path.of(prop);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path d = p.resolve("samples/data");
            if (Files.isDirectory(d)) return d;
        }
        throw new IllegalStateException("no samples/data above " + Path.of("").toAbsolutePath()
                + "; run from the repository or pass -Dtracesym.samples=DIR");
    }

    /** The shared corpus; null when it is not on this machine. */
    static Path shared() {
        Path p = Path.of(System.getProperty("tracesym.shared", "../shared/samples"));
        return Files.isDirectory(p) ? p : null;
    }

    static Path sharedFile(String relative) {
        Path s = shared();
        if (s == null || !Files.isRegularFile(s.resolve(relative))) {
            throw new IllegalStateException("needs the shared corpus file " + relative + " (-Dtracesym.shared=DIR)");
        }
        return s.resolve(relative);
    }

    /**
     * A {@code .dat} trace by short name: {@code SCENARIO.v7-zstd} is the repository's file (or the
     * shared one for {@code big}), {@code SCENARIO.v6} its v6 form, decompressed from the
     * repository's {@code .xz} (or, for {@code big}, converted with trace-cmd) into {@code ${TMPDIR:-/tmp}} once.
     */
    static Path trace(String name) {
        int dot = name.indexOf('.');
        String scenario = name.substring(0, dot);
        String variant = name.substring(dot + 1);
        if (scenario.equals("big")) {
            Path v7 = sharedFile("big/big.v7-zstd.dat");
            if (variant.equals("v7-zstd")) return v7;
            if (variant.equals("v6")) return convertedV6(v7);
            throw new IllegalArgumentException("unknown trace " + name);
        }
        Path dir = data().resolve(scenario);
        Path plain = dir.resolve(name + ".dat");
        if (Files.isRegularFile(plain)) return plain;
        Path xz = dir.resolve(name + ".dat.xz");
        if (!Files.isRegularFile(xz)) throw new IllegalArgumentException("no trace " + plain + " or " + xz);
        return decompressed(xz);
    }

    /** A temporary plain copy of a compressed sample (reused across forks of one run). */
    static Path decompressed(Path compressed) {
        String base = compressed.getFileName().toString().replaceFirst("\\.(xz|gz|zst)$", "");
        Path out = tmp().resolve("tracesym-bench-" + base);
        try {
            if (!Files.isRegularFile(out) || Files.getLastModifiedTime(out).compareTo(Files.getLastModifiedTime(compressed)) < 0) {
                Path part = Files.createTempFile(tmp(), "tracesym-bench-", ".part");
                try (InputStream in = InputFile.open(compressed)) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The v6 form of a v7 trace, made by {@code trace-cmd convert} (compare.sh caches it under the same name). */
    static Path convertedV6(Path v7) {
        String base = v7.getFileName().toString().replaceFirst("\\.dat$", "");
        Path out = tmp().resolve("tracesym-bench-" + base + ".v6.dat");
        if (Files.isRegularFile(out)) return out;
        try {
            Path part = Files.createTempFile(tmp(), "tracesym-bench-", ".dat");
            Process p = new ProcessBuilder("trace-cmd", "convert", "--file-version", "6", "-i", v7.toString(), "-o", part.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) throw new IOException("trace-cmd convert --file-version 6 of " + v7 + " failed");
            Files.move(part, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path tmp() {
        String t = System.getenv("TMPDIR");
        return Path.of(t == null || t.isEmpty() ? "/tmp" : t);
    }
}
