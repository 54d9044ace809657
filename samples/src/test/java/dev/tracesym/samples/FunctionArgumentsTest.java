package dev.tracesym.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.app.pipeline.Outcome;
import dev.tracesym.app.pipeline.ReportPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The args-3.4 sample: function_graph with funcgraph-args on Debian's 6.16 (trace-cmd 3.4). Each
 * funcgraph_entry carries the entered function's argument registers; {@code tracesym report --format jsonl}
 * gives them as the kernel recorded them, as its own text shows them (args.trace): {@code
 * do_sys_openat2(dfd=4294967196, ...)} (AT_FDCWD) and {@code alloc_fd(start=0, end=1024, ...)}.
 */
class FunctionArgumentsTest {
    @Test
    void everyEntryCarriesTheArgumentsTheKernelRecorded() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Outcome r = ReportPipeline.run(new ReportPipeline.Request(TraceCmd.data("args-3.4/args.v7-zstd.dat").toString(),
                false, false, ReportPipeline.Format.JSONL, null, false), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing on stderr");
        assertEquals(Outcome.OK, r);
        ObjectMapper json = new ObjectMapper();
        Map<String, List<String>> firstTwo = new TreeMap<>();
        int entries = 0;
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.contains("\"event\":\"funcgraph_entry\"")) {
                continue;
            }
            JsonNode e = json.readTree(line);
            JsonNode args = e.path("fields").path("args");
            assertEquals(6, args.size(), "the six argument registers: " + line);
            entries++;
            String f = e.path("syms").path("func").path("name").asText();
            if (f.equals("do_sys_openat2") || f.equals("alloc_fd")) {
                firstTwo.computeIfAbsent(f, k -> new ArrayList<>()).add(args.get(0).asText() + " " + args.get(1).asText());
            }
        }
        assertTrue(entries > 20_000, entries + " entries");
        assertTrue(firstTwo.get("do_sys_openat2").size() >= 3, firstTwo.toString());
        for (String a : firstTwo.get("do_sys_openat2")) {
            assertTrue(a.startsWith("0xffffff9c "), "dfd is AT_FDCWD (-100 as an int): " + a);
        }
        for (String a : firstTwo.get("alloc_fd")) {
            assertEquals("0x0 0x400", a, "alloc_fd(start=0, end=1024)");
        }
    }
}
