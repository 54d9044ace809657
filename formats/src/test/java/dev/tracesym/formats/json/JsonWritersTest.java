package dev.tracesym.formats.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.formats.event.ResolvedSymbol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The writers' output read back with a JSON library, against the JSON Lines contract and the trace-event format. */
class JsonWritersTest {
    private final ObjectMapper json = new ObjectMapper();

    static void function(EventRecord e, long ts, String name, String module, long addr) {
        e.clear();
        e.ts = ts;
        e.cpu = 1;
        e.pid = 122;
        e.comm = "modprobe";
        e.event = "function";
        e.system = "ftrace";
        e.addAddress("ip", addr);
        e.addInt("big", 1L << 60);
        e.addInt("small", -5);
        ResolvedSymbol s = e.addSymbol("ip", addr, true);
        s.name = name;
        s.offset = 0x4a;
        s.size = 0x1f0;
        s.module = module;
    }

    @Test
    void jsonLinesHaveTheContractKeysAndTypes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventRecord e = new EventRecord();
        try (JsonLinesWriter w = new JsonLinesWriter(out)) {
            function(e, 6_499_365_011L, "do_init_module", null, 0xffffffff85f493aaL);
            w.write(e);
            function(e, 6_499_434_000L, "crc_itu_t", "crc_itu_t", 0xffffffffc02d4000L);
            e.buffer = "foo";
            ResolvedSymbol gone = e.addSymbol("parent_ip", 0xffffffffc0280000L, true);
            gone.unknown = "module-not-loaded";
            ResolvedSymbol named = e.addSymbol("function", 0, false);
            named.name = "crc7_be";
            named.module = "crc7";
            e.markUncertain("absent");
            w.write(e);
            assertEquals(2, w.written());
        }
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);
        JsonNode a = json.readTree(lines[0]);
        for (String k : new String[] {"ts", "cpu", "pid", "comm", "event", "system", "buffer", "fields", "syms"}) {
            assertTrue(a.has(k), k);
        }
        assertEquals(6_499_365_011L, a.get("ts").asLong());
        assertTrue(a.get("ts").isIntegralNumber());
        assertEquals("", a.get("buffer").asText());
        assertEquals("0xffffffff85f493aa", a.get("fields").get("ip").asText());
        assertEquals("0x1000000000000000", a.get("fields").get("big").asText());
        assertEquals(-5, a.get("fields").get("small").asInt());
        JsonNode ip = a.get("syms").get("ip");
        assertEquals("0xffffffff85f493aa", ip.get("addr").asText());
        assertEquals("do_init_module", ip.get("name").asText());
        assertEquals(0x4a, ip.get("off").asInt());
        assertEquals(0x1f0, ip.get("size").asInt());
        assertTrue(ip.get("module").isNull());
        assertTrue(ip.get("object").isNull());
        JsonNode b = json.readTree(lines[1]);
        assertEquals("foo", b.get("buffer").asText());
        assertEquals("crc_itu_t", b.get("syms").get("ip").get("module").asText());
        assertEquals("module-not-loaded", b.get("syms").get("parent_ip").get("unknown").asText());
        assertFalse(b.get("syms").get("parent_ip").has("name"));
        JsonNode f = b.get("syms").get("function");
        assertTrue(f.get("addr").isNull());
        assertEquals("absent", f.get("uncertain").asText());
    }

    @Test
    void perfettoSlicesNestAndBalancePerThread() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EventRecord e = new EventRecord();
        try (PerfettoWriter w = new PerfettoWriter(out)) {
            // a return whose entry is not in the trace, with its duration: becomes an X slice
            graph(e, 1_000, EventRecord.END, "orphan", 400, 7);
            w.write(e);
            graph(e, 2_000, EventRecord.BEGIN, "outer", -1, 7);
            w.write(e);
            graph(e, 2_100, EventRecord.COMPLETE, "leaf", 1_234, 7);
            w.write(e);
            graph(e, 2_200, EventRecord.BEGIN, "still_open", -1, 8);
            w.write(e);
            graph(e, 3_000, EventRecord.END, null, 1_000, 7);
            w.write(e);
            graph(e, 3_500, EventRecord.BEGIN, "open_at_end", -1, 7);
            w.write(e);
            graph(e, 3_600, EventRecord.INSTANT, null, -1, 7);
            e.event = "module_load";
            e.system = "module";
            e.addString("name", "dummy");
            w.write(e);
        }
        JsonNode root = json.readTree(out.toByteArray());
        JsonNode events = root.get("traceEvents");
        java.util.Map<Integer, Integer> depth = new java.util.HashMap<>();
        int b = 0;
        int x = 0;
        int m = 0;
        int i = 0;
        for (JsonNode ev : events) {
            String ph = ev.get("ph").asText();
            int tid = ev.get("tid").asInt();
            switch (ph) {
                case "B" -> { b++; depth.merge(tid, 1, Integer::sum); }
                case "E" -> {
                    int d = depth.merge(tid, -1, Integer::sum);
                    assertTrue(d >= 0, "E without B on thread " + tid);
                }
                case "X" -> { x++; assertTrue(ev.get("dur").asDouble() >= 0); }
                case "M" -> { m++; assertTrue(ev.get("args").get("name").isTextual()); }
                case "i" -> { i++; assertEquals("dummy", ev.get("args").get("fields").get("name").asText()); }
                default -> throw new AssertionError(ph);
            }
            if (!ph.equals("M")) {
                assertTrue(ev.get("ts").isNumber());
            }
        }
        depth.values().forEach(d -> assertEquals(0, d, "balanced"));
        assertEquals(3, b);
        assertEquals(2, x);
        assertEquals(1, i);
        assertTrue(m >= 3, "thread and process names");
        JsonNode orphan = events.get(2);
        assertEquals("X", orphan.get("ph").asText());
        assertEquals(0.6, orphan.get("ts").asDouble(), 1e-9);
        assertEquals(0.4, orphan.get("dur").asDouble(), 1e-9);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("\"ts\":2.100,"), "ns precision written from integers: " + text);
        assertTrue(text.contains("\"dur\":1.234,"), text);
    }

    static void graph(EventRecord e, long ts, byte phase, String name, long dur, int pid) {
        e.clear();
        e.ts = ts;
        e.cpu = 0;
        e.pid = pid;
        e.comm = "task" + pid;
        e.event = phase == EventRecord.END ? "funcgraph_exit" : "funcgraph_entry";
        e.system = "ftrace";
        e.phase = phase;
        e.durationNs = dur;
        e.sliceName = name;
    }
}
