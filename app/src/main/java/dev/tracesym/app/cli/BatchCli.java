package dev.tracesym.app.cli;

import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.app.pipeline.SymbolSource;
import dev.tracesym.symbolizer.ArchiveLayout;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
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
            "an input is never overwritten; a trace that fails is reported at the end and the rest go on.",
            "Without --archive or --symbols each trace uses its own archive: NAME.archive/ beside NAME.dat,",
            "else snapshots/ (and modules/) beside it (docs/ARCHIVE.md); a trace with neither is named with",
            "the kallsyms it carries."},
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

    /** One input, where its names come from (null: its own kallsyms), and its output. */
    private record Job(Path input, SymbolSource source, Path output) {}

    @Override
    public Integer call() throws Exception {
        ReportPipeline.Format fmt = switch (format) {
            case "text" -> ReportPipeline.Format.TEXT;
            case "jsonl" -> ReportPipeline.Format.JSONL;
            case "perfetto" -> ReportPipeline.Format.PERFETTO;
            default -> throw new ParameterException(spec.commandLine(), "--format must be text, jsonl or perfetto, not " + format);
        };
        SymbolSource source = symbols.source(spec, true);
        List<Path> inputs;
        try {
            inputs = expand(traces);
        } catch (IOException e) {
            System.err.println("tracesym batch: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        if (inputs.isEmpty()) {
            System.err.println("tracesym batch: no trace files found in " + String.join(" ", traces));
            return ExitCodes.UNUSABLE;
        }
        List<Job> jobs = plan(inputs, fmt, source);
        List<Path> read = new ArrayList<>(inputs);
        for (Job j : jobs) {
            if (j.source() != null) read.addAll(j.source().inputs());
        }
        allInputs = read;
        try {
            AtomicOutput.refuseFolderInInputs(outDir, read);
        } catch (AtomicOutput.RefusedException e) {
            System.err.println("tracesym batch: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            System.err.println("tracesym batch: cannot create the output folder " + outDir + ": "
                    + (e.getMessage() == null || e.getMessage().equals(outDir.toString()) ? "permission denied or not a folder" : e.getMessage()));
            return ExitCodes.UNUSABLE;
        }
        List<String> failures = new ArrayList<>();
        boolean bar = !noProgress && System.console() != null;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(this.jobs, jobs.size())));
        try (ProgressBar pb = bar ? new ProgressBarBuilder().setTaskName("tracesym").setInitialMax(jobs.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .build() : null) {
            List<Future<String>> results = new ArrayList<>();
            for (Job j : jobs) results.add(pool.submit(() -> runOne(j, fmt)));
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
        if (source == null) {
            long own = jobs.stream().filter(j -> j.source() != null).count();
            System.err.println("  names: " + own + " with the archive beside the trace, " + (jobs.size() - own)
                    + " from the trace's own kallsyms (no archive beside it)");
        }
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /**
     * Runs one trace; returns null when it went well, else why it failed. A compressed trace is
     * unpacked by the reader into an unnamed temporary file within the decompression budget, never
     * into OUTDIR.
     */
    private String runOne(Job job, ReportPipeline.Format fmt) {
        SymbolSource source = job.source();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        try {
            try (AtomicOutput out = AtomicOutput.open(job.output(), allInputs)) {
                Outcome r = ReportPipeline.run(new ReportPipeline.Request(job.input().toString(), false, false,
                        fmt, source, verbose).withTraceCmdForms(traceCmdForms), out.stream(), err);
                String failure = failure(r, errBytes.toString(StandardCharsets.UTF_8), partialOk);
                if (failure != null) return failure;
                out.commit();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return FailureText.of(e, "writing " + job.output());
        }
    }

    /**
     * Why a trace counts as failed, given how its report ended and what the report printed on its
     * error stream ({@link #reportMessage}); null when it is done (a damaged trace is done only with
     * {@code partialOk}).
     */
    public static String failure(Outcome r, String errText, boolean partialOk) {
        if (r == Outcome.DAMAGED && !partialOk) {
            return reportMessage(errText, "the trace is damaged") + " (--partial-ok keeps what was read)";
        }
        if (r != Outcome.OK && r != Outcome.DAMAGED) return reportMessage(errText, r.toString().toLowerCase());
        return null;
    }

    /**
     * What a report said of its failure: its messages without warnings and without the
     * {@code tracesym report: } prefix (the tally already says which trace), continuation lines kept
     * (a refusal of symbols says what disagrees on the lines after the first); its first warning when
     * it said nothing else (a trace cut short); {@code fallback} when it said nothing.
     */
    public static String reportMessage(String errText, String fallback) {
        String prefix = "tracesym report: ";
        StringBuilder b = new StringBuilder();
        String warning = null;
        for (String line : errText.strip().split("\n")) {
            if (line.isBlank()) continue;
            if (line.startsWith(prefix + "warning: ")) {
                if (warning == null) warning = line.substring(prefix.length());
                continue;
            }
            String m = line.startsWith(prefix) ? line.substring(prefix.length()) : line.strip();
            b.append(b.length() == 0 ? "" : "\n    ").append(m);
        }
        return b.length() > 0 ? b.toString() : warning != null ? warning : fallback;
    }

    /**
     * Each input's symbol source ({@code given}, else the archive beside it, else none) and output
     * ({@link #outputNames}).
     */
    private List<Job> plan(List<Path> inputs, ReportPipeline.Format fmt, SymbolSource given) {
        List<String> names = outputNames(inputs.stream().map(p -> p.getFileName().toString()).toList(), fmt);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Path in = inputs.get(i);
            SymbolSource source = given;
            if (source == null) {
                source = SymbolSource.besideTrace(in);
                if (source != null && symbols.forced()) {
                    source = source.forcing();
                }
            }
            jobs.add(new Job(in, source, outDir.resolve(names.get(i))));
        }
        return jobs;
    }

    /**
     * The output file name of each input, in order: the trace's name without {@code .dat} and
     * compression suffix ({@link ArchiveLayout#traceName}), plus the format's ending; a name taken
     * by an earlier input gets {@code -2}, {@code -3}, ...
     */
    public static List<String> outputNames(List<String> inputFileNames, ReportPipeline.Format fmt) {
        String ext = switch (fmt) { case TEXT -> ".report.txt"; case JSONL -> ".jsonl"; case PERFETTO -> ".perfetto.json"; };
        List<String> out = new ArrayList<>();
        for (String name : traceNames(inputFileNames)) out.add(name + ext);
        return out;
    }

    /**
     * Each trace's name, in order: its file name without {@code .dat} and compression suffix
     * ({@link ArchiveLayout#traceName}), {@code -2}, {@code -3}, ... added where an earlier one
     * has it: the names outputs get, unique among the traces of one run.
     */
    public static List<String> traceNames(List<String> inputFileNames) {
        Set<String> used = new LinkedHashSet<>();
        List<String> out = new ArrayList<>();
        for (String fileName : inputFileNames) {
            String name = ArchiveLayout.traceName(fileName);
            String candidate = name;
            for (int n = 2; !used.add(candidate); n++) candidate = name + "-" + n;
            out.add(candidate);
        }
        return out;
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
        return ArchiveLayout.isTraceName(p.getFileName().toString());
    }
}
