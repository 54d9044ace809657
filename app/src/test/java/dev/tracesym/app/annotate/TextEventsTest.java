package dev.tracesym.app.annotate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.formats.json.JsonLinesWriter;
import dev.tracesym.formats.json.PerfettoWriter;
import dev.tracesym.formats.text.TextLine;
import dev.tracesym.formats.text.TextTraceReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The structured outputs of real texts, read back with a JSON library. */
class TextEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String[] texts() {
        return Samples.TEXTS;
    }

    static long eventLines(String sample) throws IOException {
        long n = 0;
        try (TextTraceReader r = Samples.reader(sample)) {
            TextLine line = new TextLine();
            while (r.next(line)) {
                if (line.kind == TextLine.EVENT) {
                    n++;
                }
            }
        }
        return n;
    }

    static String jsonl(String sample, dev.tracesym.formats.event.SymbolNamer namer, NameIndex index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TextTraceReader r = Samples.reader(sample); JsonLinesWriter w = new JsonLinesWriter(out)) {
            long n = new TextEvents(namer, index, null).run(r, w::write);
            assertEquals(n, w.written());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void jsonLinesCarryTheContractKeysForEveryEvent(String sample) throws IOException {
        IdentityNamer id = IdentityNamer.of(sample);
        String text = jsonl(sample, id, NameIndex.NONE);
        String[] lines = text.split("\n");
        assertEquals(eventLines(sample), lines.length, "one line per event");
        int syms = 0;
        for (String l : lines) {
            JsonNode e = JSON.readTree(l);
            assertTrue(e.get("ts").isIntegralNumber(), l);
            assertTrue(e.get("cpu").isIntegralNumber(), l);
            assertTrue(e.get("pid").isIntegralNumber(), l);
            assertTrue(e.get("comm").isTextual(), l);
            assertTrue(e.get("event").isTextual(), l);
            assertTrue(e.get("system").isTextual(), l);
            assertTrue(e.get("buffer").isTextual(), l);
            assertTrue(e.get("fields").isObject(), l);
            assertTrue(e.get("syms").isObject(), l);
            for (Iterator<Map.Entry<String, JsonNode>> it = e.get("syms").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> s = it.next();
                JsonNode v = s.getValue();
                assertTrue(v.has("addr"), l);
                assertTrue(v.get("addr").isNull() || v.get("addr").asText().startsWith("0x"), l);
                assertTrue(v.has("name") ^ v.has("unknown"), l);
                if (v.has("name")) {
                    assertTrue(v.get("off").isIntegralNumber() && v.get("size").isIntegralNumber() && v.has("module") && v.has("object"), l);
                }
                syms++;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = e.get("fields").fields(); it.hasNext();) {
                JsonNode v = it.next().getValue();
                assertTrue(!v.isNumber() || Math.abs(v.asLong()) <= 1L << 53, "big numbers are strings: " + l);
            }
        }
        assertTrue(syms > 0, sample);
    }

    @Test
    void functionAndStackEventsNameTheirAddressesAtTheirTime() throws IOException {
        IdentityNamer id = IdentityNamer.of("text/reuse-042-final.trace.xz");
        String[] lines = jsonl("text/reuse-042-final.trace.xz", id, NameIndex.NONE).split("\n");
        JsonNode first = null;
        for (String l : lines) {
            JsonNode e = JSON.readTree(l);
            if (e.get("event").asText().equals("function") && e.get("syms").has("parent_ip")) {
                first = e;
                break;
            }
        }
        // "__x64_sys_finit_module+0x0/0x20 <ffffffff85f4bb50> <-do_syscall_64+0x5d/0xb0 <ffffffff86843e1d>"
        assertEquals("ftrace", first.get("system").asText());
        assertEquals("0xffffffff85f4bb50", first.get("fields").get("ip").asText());
        JsonNode ip = first.get("syms").get("ip");
        assertEquals("__x64_sys_finit_module", ip.get("name").asText());
        assertEquals(0, ip.get("off").asInt());
        assertEquals(0x20, ip.get("size").asInt());
        assertEquals("do_syscall_64", first.get("syms").get("parent_ip").get("name").asText());

        String[] stacks = jsonl("text/events-009-final.trace.xz", IdentityNamer.of("text/events-009-final.trace.xz"), NameIndex.NONE)
                .split("\n");
        int withCallers = 0;
        for (String l : stacks) {
            JsonNode e = JSON.readTree(l);
            if (e.get("event").asText().equals("kernel_stack")) {
                JsonNode callers = e.get("fields").get("caller");
                assertTrue(callers.isArray() && callers.size() > 0, l);
                for (int i = 0; i < callers.size(); i++) {
                    assertEquals(callers.get(i).asText(), e.get("syms").get("caller[" + i + "]").get("addr").asText());
                }
                withCallers++;
            }
        }
        assertEquals(859, withCallers, "the <stack trace> entries of events-009");
    }

    @Test
    void namesTheTextCannotConfirmAreFlagged() throws IOException {
        // trace-cmd names without addresses; a namer that knows nothing leaves them unverified
        String[] lines = jsonl("reuse/reuse.report.txt.xz", dev.tracesym.formats.event.SymbolNamer.NONE, NameIndex.NONE).split("\n");
        JsonNode fn = null;
        for (String l : lines) {
            JsonNode e = JSON.readTree(l);
            if (e.get("event").asText().equals("function")) {
                fn = e;
                break;
            }
        }
        JsonNode ip = fn.get("syms").get("ip");
        assertTrue(ip.get("addr").isNull());
        assertEquals("unverified", ip.get("uncertain").asText());
        assertEquals(fn.get("fields").get("ip").asText(), ip.get("name").asText());
    }

    /** function_graph as Perfetto trace events: nested, balanced slices per thread, named threads. */
    @Test
    void functionGraphBecomesBalancedSlices() throws IOException {
        for (String sample : new String[] {"text/funcgraph-004-final.trace.xz", "funcgraph/funcgraph.report.txt.xz",
                "funcgraph/funcgraph.report-N-t.txt.xz"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long entries = 0;
            try (TextTraceReader r = Samples.reader(sample); PerfettoWriter w = new PerfettoWriter(out)) {
                new TextEvents(IdentityNamer.of(sample), NameIndex.NONE, null).run(r, w::write);
            }
            try (TextTraceReader r = Samples.reader(sample)) {
                TextLine line = new TextLine();
                while (r.next(line)) {
                    if (line.graph == TextLine.GRAPH_ENTRY || line.graph == TextLine.GRAPH_LEAF) {
                        entries++;
                    }
                }
            }
            JsonNode root = JSON.readTree(out.toByteArray());
            assertEquals("ns", root.get("displayTimeUnit").asText());
            Map<String, Integer> depth = new HashMap<>();
            Map<String, String> threadNames = new HashMap<>();
            long begins = 0;
            long completes = 0;
            long instants = 0;
            for (JsonNode e : root.get("traceEvents")) {
                String ph = e.get("ph").asText();
                String thread = e.get("pid").asInt() + "/" + e.get("tid").asInt();
                switch (ph) {
                    case "M" -> {
                        if (e.get("name").asText().equals("thread_name")) {
                            threadNames.put(thread, e.get("args").get("name").asText());
                        }
                    }
                    case "B" -> {
                        begins++;
                        depth.merge(thread, 1, Integer::sum);
                        assertTrue(threadNames.containsKey(thread), "named before use: " + thread);
                        assertFalse(e.get("name").asText().isEmpty());
                    }
                    case "E" -> assertTrue(depth.merge(thread, -1, Integer::sum) >= 0, "E without B on " + thread);
                    case "X" -> {
                        completes++;
                        assertTrue(e.get("dur").asDouble() >= 0);
                    }
                    case "i" -> {
                        instants++;
                        assertEquals("t", e.get("s").asText());
                    }
                    default -> throw new AssertionError(ph);
                }
                if (!ph.equals("M")) {
                    assertTrue(e.get("ts").isNumber(), e.toString());
                }
            }
            depth.forEach((t, d) -> assertEquals(0, d, sample + " thread " + t + " balanced"));
            assertTrue(threadNames.values().stream().anyMatch(n -> n.startsWith("modprob")), sample);
            assertTrue(begins > 1000, sample + " B " + begins);
            assertTrue(instants > 0, sample + " module_load etc.");
            // every entry is a B or an X (a return without its entry may add X slices)
            assertTrue(begins + completes >= entries, sample + ": " + begins + "+" + completes + " vs " + entries);
        }
    }

    @Test
    void perfSamplesBecomeEventsWithCallchains() throws IOException {
        KallsymsNamer ks = KallsymsNamer.of("text/perf-kallsyms-after.txt.xz");
        String[] lines = jsonl("text/perf-script.txt.xz", ks, ks).split("\n");
        int modules = 0;
        for (String l : lines) {
            JsonNode e = JSON.readTree(l);
            assertEquals("cpu-clock", e.get("event").asText());
            for (Iterator<Map.Entry<String, JsonNode>> it = e.get("syms").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> s = it.next();
                assertTrue(s.getKey().startsWith("caller["), s.getKey());
                if (!s.getValue().path("module").isNull() && s.getValue().has("module")) {
                    modules++;
                }
            }
        }
        assertTrue(modules >= 4, "module frames " + modules);
    }
}
