package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import dev.tracesym.formats.dat.DatFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * The lastboot-3.4 sample: a persistent ring buffer ({@code boot_map}) that holds the previous boot's events,
 * extracted by trace-cmd 3.4 after a reboot with another KASLR slide and other module addresses, with
 * LAST_BOOT_INFO (where boot 1's kernel and modules were). {@code tracesym report --format jsonl}, naming
 * with the trace's own kallsyms (boot 2's), names boot_map's addresses as the kernel named them in boot 1
 * ({@code boot1.trace}, the kernel's own text of that buffer before the reboot), and the top-level buffer's
 * (boot 2's events) as trace-cmd names them.
 */
class PreviousBootNamesTest {
    private static final Pattern LINE = Pattern.compile("^\\s*.*-\\d+\\s+\\[\\d+\\]\\s+\\S+\\s+(\\d+\\.\\d{6}): (.*)$");
    private static final Pattern FUNCTION_FIELD = Pattern.compile("function=(\\S+)");
    private static final Pattern REPORT_FUNCTION = Pattern.compile("^\\s*\\S.*\\[\\d+\\]\\s+(\\d+\\.\\d{6}): function:\\s+(\\S+)$");

    private static final List<JsonNode> EVENTS = new ArrayList<>();

    @BeforeAll
    static void readTheTraceAsJsonLines() throws IOException {
        Path dat = TraceCmd.data("lastboot-3.4/lastboot.v7-zstd.dat");
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(dat.toString(), false, false, ReportPipeline.Format.JSONL,
                null, false), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
        assertEquals(Outcome.OK, r);
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            EVENTS.add(json.readTree(line));
        }
    }

    /** Boot 1's events named as boot 1's kernel named them: every function, caller and timer/work function. */
    @Test
    void thePreviousBootsBufferIsNamedAsOfThatBoot() throws IOException {
        List<String> kernel = new ArrayList<>();
        for (String line : Files.readAllLines(TraceCmd.data("lastboot-3.4/boot1.trace"))) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            String what = m.group(2);
            Matcher f = FUNCTION_FIELD.matcher(what);
            if (what.contains(" <-")) {     // function tracer: "func <-caller"
                kernel.add(m.group(1) + " " + what.strip());
            } else if (f.find()) {          // timer_start, workqueue_queue_work: "function=name"
                kernel.add(m.group(1) + " " + what.substring(0, what.indexOf(':')) + " function=" + f.group(1));
            }
        }
        List<String> named = new ArrayList<>();
        List<JsonNode> offsets = new ArrayList<>();
        for (JsonNode e : EVENTS) {
            if (!e.path("buffer").asText().equals("boot_map")) {
                continue;
            }
            String ts = micros(e.path("ts").asLong());
            JsonNode syms = e.path("syms");
            if (e.path("event").asText().equals("function")) {
                named.add(ts + " " + name(syms.path("ip")) + " <-" + name(syms.path("parent_ip")));
            } else if (syms.has("function")) {
                named.add(ts + " " + e.path("event").asText() + " function=" + name(syms.path("function")));
            }
            for (JsonNode s : syms) {
                offsets.add(s);
            }
        }
        assertTrue(kernel.size() >= 40, "boot1.trace has " + kernel.size() + " events with code addresses");
        assertEquals(kernel, named);
        for (JsonNode s : offsets) {    // each within its symbol, as of boot 1
            assertTrue(s.path("off").asLong() >= 0 && s.path("off").asLong() < s.path("size").asLong(), s.toString());
        }
    }

    /** Boot 2's events (the top-level buffer) keep boot 2's names: those of trace-cmd's report, in order. */
    @Test
    void theReadingBootsBufferKeepsItsNames() throws IOException {
        List<String> traceCmd = new ArrayList<>();
        String report;
        try (InputStream in = new XZInputStream(Files.newInputStream(TraceCmd.data("lastboot-3.4/lastboot.report.txt.xz")))) {
            report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : report.split("\n")) {
            Matcher m = REPORT_FUNCTION.matcher(line);
            if (m.matches() && !line.startsWith("boot_map:")) {
                traceCmd.add(m.group(1) + " " + m.group(2));
            }
        }
        List<String> named = new ArrayList<>();
        for (JsonNode e : EVENTS) {
            if (e.path("buffer").asText().isEmpty() && e.path("event").asText().equals("function")) {
                named.add(micros(e.path("ts").asLong()) + " " + name(e.path("syms").path("ip")));
            }
        }
        assertTrue(traceCmd.size() >= 10, traceCmd.toString());
        assertEquals(traceCmd, named);
    }

    /**
     * The text layout with symbols names every buffer with the reading boot's symbols; for boot_map those
     * names are not boot 1's, so the run says so on stderr (once, naming the buffer) instead of printing
     * them silently, and still prints the report; {@code -q} leaves the warning out.
     */
    @Test
    void theTextLayoutWithSymbolsWarnsAboutThePreviousBootsBuffer() throws IOException {
        Path dat = TraceCmd.data("lastboot-3.4/lastboot.v7-zstd.dat");
        Path kallsyms = Files.createTempFile("lastboot-", ".kallsyms");
        try (DatFile d = DatFile.open(dat)) {
            Files.write(kallsyms, d.kallsymsBytes());
            TraceCmd.Run r = TraceCmd.tracesym(dat.getParent(), "--symbols", kallsyms.toString(), "-i", dat.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().length > 0, "the report is printed");
            assertEquals(1, r.err().split("previous boot's events", -1).length - 1, r.err());
            assertTrue(r.err().contains("warning: buffer boot_map holds a previous boot's events"), r.err());
            TraceCmd.Run quiet = TraceCmd.tracesym(dat.getParent(), "-q", "--symbols", kallsyms.toString(), "-i", dat.toString());
            assertEquals("", quiet.err());
        } finally {
            Files.delete(kallsyms);
        }
    }

    private static String name(JsonNode symbol) {
        return symbol.path("name").asText("<unnamed: " + symbol.path("unknown").asText() + ">");
    }

    /** Seconds with six decimals, rounded to the microsecond as the kernel and trace-cmd print a time. */
    private static String micros(long ns) {
        long us = (ns + 500) / 1000;
        return us / 1_000_000 + "." + String.format("%06d", us % 1_000_000);
    }
}
