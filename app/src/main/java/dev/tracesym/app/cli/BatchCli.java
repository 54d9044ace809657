package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.formats.text.TextInput;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code tracesym batch}: re-symbolizes many {@code .dat} traces on all cores, each output written
 * to a temporary file and renamed into place; a bad trace is reported at the end, the rest done.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Re-symbolizes many traces at once, on all cores.",
            "Inputs are .dat files (also xz / gzip / zstd / bzip2 compressed), folders (searched recursively)",
            "and quoted globs. Each output is written to a temporary file in OUTDIR and renamed into place;",
            "an input is never overwritten; a trace that fails is reported at the end and the rest go on."},
        footerHeading = "%nExamples:%n",
        footer = {"  tracesym batch --archive snaps/ --modules ko/ -o out/ traces/",
            "  tracesym batch --format jsonl -o out/ 'archive/**/*.dat.xz'",
            "",
            "Exit codes: 0 every trace done, 1 some traces failed (listed on stderr), 2 no",
            "usable input or wrong usage."})
public final class BatchCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SymbolOptions symbols;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "OUTDIR", required = true,
            description = "Folder for the outputs (created if missing).")
    Path outDir;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (trace-cmd report layout), jsonl or perfetto. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Traces at once (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--partial-ok", description = "A trace cut short counts as done (its events before the damage are written).")
    boolean partialOk;

    @Option(names = "--trace-cmd-forms", description = "Text outputs keep trace-cmd report's forms exactly and change only "
            + "the names (no /0xsize, [module], {object} or #n), for scripts written against trace-cmd's text.")
    boolean traceCmdForms;

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Option(names = "--verbose", description = "Stack traces with error messages.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "TRACE", description = "Trace files, folders or quoted globs.")
    List<String> traces;

    /** Every input of this run: no output may land on any of them. */
    private List<Path> allInputs = List.of();

    /** One input and what became of it. */
    private record Job(Path input, Path output) {}

    @Override
    public Integer call() throws Exception {
        ReportPipeline.Format fmt = switch (format) {
            case "text" -> ReportPipeline.Format.TEXT;
            case "jsonl" -> ReportPipeline.Format.JSONL;
            case "perfetto" -> ReportPipeline.Format.PERFETTO;
            default -> throw new ParameterException(spec.commandLine(), "--format must be text, jsonl or perfetto, not " + format);
        };
        SymbolSource source = symbols.source(spec);
        List<Path> inputs;
        try {
            inputs = expand(traces);
        } catch (IOException e) {
            System.err.println("tracesym batch: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        allInputs = inputs;
        if (inputs.isEmpty()) {
            System.err.println("tracesym batch: no trace files found in " + String.join(" ", traces));
            return ExitCodes.UNUSABLE;
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            System.err.println("tracesym batch: cannot create the output folder " + outDir + ": "
                    + (e.getMessage() == null || e.getMessage().equals(outDir.toString()) ? "permission denied or not a folder" : e.getMessage()));
            return ExitCodes.UNUSABLE;
        }
        List<Job> jobs = plan(inputs, fmt);
        List<String> failures = new ArrayList<>();
        boolean bar = !noProgress && System.console() != null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(this.jobs, jobs.size())));
        try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("tracesym").setInitialMax(jobs.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build() : null) {
            List<Future<String>> results = new ArrayList<>();
            for (Job j : jobs) results.add(pool.submit(() -> runOne(j, fmt, source)));
            for (int i = 0; i < jobs.size(); i++) {
                String failure = results.get(i).get();
                if (failure != null) failures.add(jobs.get(i).input() + ": " + failure);
                if (pb != null) pb.step();
            }
        } finally {
            pool.shutdownNow();
        }
        int done = jobs.size() - failures.size();
        System.err.println("tracesym batch: " + done + " of " + jobs.size() + " traces written to " + outDir);
        for (String f : failures) System.err.println("  failed: " + f);
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** Runs one trace; returns null when it went well, else why it failed. */
    private String runOne(Job job, ReportPipeline.Format fmt, SymbolSource source) {
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        Path plain = null;
        try {
            Path input = job.input();
            if (compressed(input)) {
                // The .dat reader needs to seek: unpack next to the outputs, never next to the input.
                plain = Files.createTempFile(outDir, ".tracesym-batch-", ".dat");
                try (InputStream in = TextInput.open(input)) {
                    Files.copy(in, plain, StandardCopyOption.REPLACE_EXISTING);
                }
                input = plain;
            }
            List<Path> all = new ArrayList<>(source == null ? List.of() : source.inputs());
            all.addAll(allInputs);
            try (AtomicOutput out = AtomicOutput.open(job.output(), all)) {
                Outcome r = ReportPipeline.run(new ReportPipeline.Request(input.toString(), false, false,
                        fmt, source, verbose).withTraceCmdForms(traceCmdForms), out.stream(), err);
                if (r == Outcome.DAMAGED && !partialOk) {
                    return failureOf(errBytes, "the trace is damaged") + " (--partial-ok keeps what was read)";
                }
                if (r != Outcome.OK && r != Outcome.DAMAGED) return failureOf(errBytes, r.toString().toLowerCase());
                out.commit();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return FailureText.of(e);
        } finally {
            if (plain != null) {
                try { Files.deleteIfExists(plain); } catch (IOException ignored) { /* temp file, best effort */ }
            }
        }
    }

    /** What the report said of the failure: its messages without warnings, continuation lines kept. */
    private static String failureOf(ByteArrayOutputStream bytes, String fallback) {
        StringBuilder b = new StringBuilder();
        for (String line : bytes.toString(StandardCharsets.UTF_8).strip().split("\n")) {
            if (line.startsWith("tracesym report: warning: ")) continue;
            String m = line.startsWith("tracesym report: ") ? line.substring("tracesym report: ".length()) : line.strip();
            b.append(b.length() == 0 ? "" : "\n    ").append(m);
        }
        return b.length() == 0 ? fallback : b.toString();
    }

    private static final String[] COMPRESSED = {".xz", ".gz", ".zst", ".bz2"};

    private static boolean compressed(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(6);
            if (m.length >= 2 && (m[0] & 0xff) == 0x1f && (m[1] & 0xff) == 0x8b) return true;              // gzip
            if (m.length >= 6 && (m[0] & 0xff) == 0xfd && m[1] == '7' && m[2] == 'z' && m[3] == 'X') return true; // xz
            if (m.length >= 4 && (m[0] & 0xff) == 0x28 && (m[1] & 0xff) == 0xb5 && (m[2] & 0xff) == 0x2f && (m[3] & 0xff) == 0xfd) return true; // zstd
            return m.length >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h';                              // bzip2
        }
    }

    /** Output names: the input's name without its compression suffix, plus the format's ending; unique in OUTDIR. */
    private List<Job> plan(List<Path> inputs, ReportPipeline.Format fmt) {
        String ext = switch (fmt) { case TEXT -> ".report.txt"; case JSONL -> ".jsonl"; case PERFETTO -> ".perfetto.json"; };
        Set<String> used = new LinkedHashSet<>();
        List<Job> jobs = new ArrayList<>();
        for (Path in : inputs) {
            String name = in.getFileName().toString();
            for (String c : COMPRESSED) if (name.endsWith(c)) { name = name.substring(0, name.length() - c.length()); break; }
            if (name.endsWith(".dat")) name = name.substring(0, name.length() - 4);
            String candidate = name + ext;
            for (int n = 2; !used.add(candidate); n++) candidate = name + "-" + n + ext;
            jobs.add(new Job(in, outDir.resolve(candidate)));
        }
        return jobs;
    }

    /** Files as given, folders walked, globs matched (for shells that did not expand them). */
    static List<Path> expand(List<String> args) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String a : args) {
            Path p = Path.of(a);
            if (Files.isRegularFile(p)) {
                out.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(Files::isRegularFile).filter(BatchCli::looksLikeTrace).sorted().forEach(out::add);
                }
            } else if (a.indexOf('*') >= 0 || a.indexOf('?') >= 0 || a.indexOf('[') >= 0) {
                int cut = 0;
                String[] parts = a.split("/", -1);
                StringBuilder base = new StringBuilder();
                for (; cut < parts.length - 1; cut++) {
                    String part = parts[cut];
                    if (part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0) break;
                    base.append(part).append('/');
                }
                Path root = base.length() == 0 ? Path.of(".") : Path.of(base.toString());
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + a);
                if (Files.isDirectory(root)) {
                    try (Stream<Path> s = Files.walk(root)) {
                        s.filter(Files::isRegularFile)
                                .filter(f -> m.matches(base.length() == 0 ? root.relativize(f) : f))
                                .sorted().forEach(out::add);
                    }
                }
            } else {
                throw new IOException(a + ": no such file or folder");
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean looksLikeTrace(Path p) {
        String n = p.getFileName().toString();
        for (String c : COMPRESSED) if (n.endsWith(c)) n = n.substring(0, n.length() - c.length());
        return n.endsWith(".dat");
    }
}
