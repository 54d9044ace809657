package dev.tracesym.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tukaani.xz.XZInputStream;

/**
 * The scoring of the corpus' {@code tools/check-groundtruth.py}, re-implemented line by line: JSON
 * Lines events of the top-level buffer are matched to the ground truth by (cpu, position in that CPU's
 * stream), must have the ground truth's event name and lie within 1.5 µs of its time (otherwise the
 * row counts as misaligned), and the {@code syms} entry of the field that carries the symbol must have
 * its name, module (a {@code builtin} entry counts as no module), and offset and size where the ground
 * truth gives them; stack frames are {@code caller[N]}; {@code groundtruth-builtin.tsv} rows check the
 * built-in module(s) and object of the ip. {@link #mismatches()} and {@link #compared()} are the two
 * numbers of the checker's last line, {@code mismatches: M of N}. Every failing row is kept with what
 * was expected and found, so a test can say why each one fails.
 */
final class GroundTruthScore {
    /** Event name → the field whose symbol the ground truth's symbol column names (the checker's PRIMARY). */
    static final Map<String, String> PRIMARY = Map.ofEntries(
            Map.entry("function", "ip"), Map.entry("print", "ip"), Map.entry("bprint", "ip"), Map.entry("bputs", "ip"),
            Map.entry("kmalloc", "call_site"), Map.entry("kfree", "call_site"), Map.entry("kmalloc_node", "call_site"),
            Map.entry("kmem_cache_alloc", "call_site"), Map.entry("kmem_cache_free", "call_site"),
            Map.entry("timer_start", "function"), Map.entry("timer_expire_entry", "function"),
            Map.entry("hrtimer_start", "function"), Map.entry("hrtimer_expire_entry", "function"),
            Map.entry("workqueue_queue_work", "function"), Map.entry("workqueue_execute_start", "function"),
            Map.entry("workqueue_execute_end", "function"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One ground-truth comparison that failed. */
    static final class Miss {
        /** {@code cpuC#I}. */
        final String where;
        final String timestamp;
        /** The ground truth's event name. */
        final String event;
        /** The syms key, or null for a misaligned event. */
        final String field;
        final String expectedName;
        final String expectedModule;
        final String source;
        /** The JSON Lines event at that place (null past the end of its CPU's events). */
        final JsonNode got;

        Miss(String where, String timestamp, String event, String field, String expectedName, String expectedModule,
             String source, JsonNode got) {
            this.where = where;
            this.timestamp = timestamp;
            this.event = event;
            this.field = field;
            this.expectedName = expectedName;
            this.expectedModule = expectedModule;
            this.source = source;
            this.got = got;
        }

        /** The syms entry compared (null when misaligned or absent). */
        JsonNode symbol() {
            return field == null || got == null ? null : got.path("syms").get(field);
        }

        @Override
        public String toString() {
            String mod = expectedModule.isEmpty() ? "" : " [" + expectedModule + "]";
            if (field == null) {
                return where + " " + timestamp + " " + event + ": misaligned, the JSON Lines event there is "
                        + (got == null ? "missing" : got.path("event").asText() + " at " + got.path("ts").asLong() + " ns");
            }
            return where + " " + timestamp + " " + event + " " + field + " (" + source + "): expected " + expectedName + mod
                    + ", got " + symbol();
        }
    }

    private final Map<Integer, List<JsonNode>> events = new HashMap<>();
    private int checked;
    private int bad;
    private int misaligned;
    final List<Miss> misses = new ArrayList<>();

    private GroundTruthScore() {
    }

    /**
     * Scores JSON Lines output against the ground truth in {@code sampleDir} ({@code groundtruth.tsv[.xz]},
     * and where present {@code groundtruth-stack.tsv[.xz]} and, with {@code builtin}, {@code groundtruth-builtin.tsv[.xz]}).
     */
    static GroundTruthScore of(Path sampleDir, byte[] jsonl, boolean builtin) throws IOException {
        GroundTruthScore s = new GroundTruthScore();
        s.load(jsonl);
        s.primary(table(sampleDir, "groundtruth.tsv"));
        List<Map<String, String>> stack = table(sampleDir, "groundtruth-stack.tsv");
        if (stack != null) {
            s.stack(stack);
        }
        List<Map<String, String>> objects = builtin ? table(sampleDir, "groundtruth-builtin.tsv") : null;
        if (objects != null) {
            s.builtin(objects);
        }
        return s;
    }

    /** The checker's M: failed comparisons plus misaligned rows. */
    int mismatches() {
        return bad + misaligned;
    }

    /** The checker's N: comparisons plus misaligned rows. */
    int compared() {
        return checked + misaligned;
    }

    /** The checker's last line. */
    String summary() {
        return "mismatches: " + mismatches() + " of " + compared();
    }

    private void load(byte[] jsonl) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(jsonl), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode ev = JSON.readTree(line);
                String buffer = ev.path("buffer").isNull() ? "" : ev.path("buffer").asText("");
                if (!buffer.isEmpty()) {
                    continue;
                }
                events.computeIfAbsent(ev.get("cpu").asInt(), k -> new ArrayList<>()).add(ev);
            }
        }
    }

    /** The kernel's text cannot tell bprint and bputs from print: its ground truth calls all three print. */
    private static String textEvent(String event) {
        return event.equals("bprint") || event.equals("bputs") ? "print" : event;
    }

    /** The event at (cpu, idx) when it lines up with the row, else null (and the row is counted misaligned). */
    private JsonNode eventAt(int cpu, int idx, String timestamp, String event, String where, String source) {
        List<JsonNode> evs = events.getOrDefault(cpu, List.of());
        JsonNode ev = idx < evs.size() ? evs.get(idx) : null;
        double tsUs = Double.parseDouble(timestamp) * 1e6;
        if (ev == null || Math.abs(ev.get("ts").asLong() / 1000.0 - tsUs) > 1.5
                || (event != null && !event.equals(textEvent(ev.path("event").asText())))) {
            misaligned++;
            misses.add(new Miss(where, timestamp, event, null, "", "", source, ev));
            return null;
        }
        return ev;
    }

    private void primary(List<Map<String, String>> rows) {
        for (Map<String, String> r : rows) {
            if (r.get("symbol").isEmpty()) {
                continue;
            }
            int cpu = Integer.parseInt(r.get("cpu"));
            int idx = Integer.parseInt(r.get("idx"));
            String where = "cpu" + cpu + "#" + idx;
            JsonNode ev = eventAt(cpu, idx, r.get("timestamp"), r.get("event"), where, r.get("source"));
            String field = PRIMARY.get(r.get("event"));
            if (ev == null || field == null) {
                continue;
            }
            check(where, r, ev, field, r.get("symbol"), r.get("offset"), r.get("size"), r.get("module"));
            if (r.get("event").equals("function") && !r.getOrDefault("parent_symbol", "").isEmpty()) {
                check(where, r, ev, "parent_ip", r.get("parent_symbol"), r.get("parent_offset"), r.get("parent_size"),
                        r.get("parent_module"));
            }
        }
    }

    private void stack(List<Map<String, String>> rows) {
        for (Map<String, String> r : rows) {
            int cpu = Integer.parseInt(r.get("cpu"));
            int idx = Integer.parseInt(r.get("idx"));
            String where = "cpu" + cpu + "#" + idx;
            JsonNode ev = eventAt(cpu, idx, r.get("timestamp"), "kernel_stack", where, r.get("source"));
            if (ev == null) {
                continue;
            }
            Map<String, String> row = new HashMap<>(r);
            row.put("event", "kernel_stack");
            check(where, row, ev, "caller[" + r.get("frame") + "]", r.get("symbol"), r.get("offset"), r.get("size"),
                    r.get("module"));
        }
    }

    private void builtin(List<Map<String, String>> rows) {
        for (Map<String, String> r : rows) {
            int cpu = Integer.parseInt(r.get("cpu"));
            int idx = Integer.parseInt(r.get("idx"));
            String where = "cpu" + cpu + "#" + idx;
            JsonNode ev = eventAt(cpu, idx, r.get("timestamp"), "function", where, "builtin");
            if (ev == null) {
                continue;
            }
            checked++;
            JsonNode sym = ev.path("syms").path("ip");
            List<String> mods = new ArrayList<>();
            if (sym.has("modules")) {
                sym.get("modules").forEach(m -> mods.add(m.asText()));
            } else if (sym.hasNonNull("module") && !sym.get("module").asText().isEmpty()) {
                mods.add(sym.get("module").asText());
            }
            String obj = sym.hasNonNull("object") ? sym.get("object").asText() : "";
            List<String> want = new ArrayList<>(List.of(r.get("modules").split(" ")));
            want.removeIf(String::isEmpty);
            List<String> a = new ArrayList<>(mods);
            a.sort(null);
            want.sort(null);
            boolean ok = sym.path("builtin").asBoolean(false) && sym.path("builtin").isBoolean() && a.equals(want)
                    && !obj.isEmpty() && (r.get("object").equals(obj) || r.get("object").endsWith("/" + obj));
            if (!ok) {
                bad++;
                misses.add(new Miss(where, r.get("timestamp"), "function", "ip", r.get("symbol") + " {" + r.get("object") + "}",
                        r.get("modules"), "builtin", ev));
            }
        }
    }

    private void check(String where, Map<String, String> r, JsonNode ev, String field, String name, String off, String size,
                       String module) {
        checked++;
        JsonNode sym = ev.path("syms").get(field);
        if (!same(sym, name, hex(off), hex(size), module)) {
            bad++;
            misses.add(new Miss(where, r.get("timestamp"), r.get("event"), field, name, module, r.get("source"), ev));
        }
    }

    private static Long hex(String s) {
        return s == null || s.isEmpty() ? null : Long.parseUnsignedLong(s, 16);
    }

    /**
     * The checker's same(): name, module (builtin counts as none), and offset/size where given; where the
     * kernel printed a bare address, an entry without a name for that address.
     */
    static boolean same(JsonNode sym, String name, Long off, Long size, String module) {
        if (sym == null) {
            return false;
        }
        if (name.startsWith("0x")) { // the kernel printed no name: neither may we
            return !sym.has("name") && sym.has("addr")
                    && Long.parseUnsignedLong(sym.get("addr").asText().substring(2), 16) == Long.parseUnsignedLong(name.substring(2), 16);
        }
        if (!sym.has("name")) {
            return false;
        }
        if (!sym.get("name").asText().equals(name)) {
            return false;
        }
        String m = sym.path("builtin").asBoolean(false) ? "" : (sym.hasNonNull("module") ? sym.get("module").asText() : "");
        if (!m.equals(module == null ? "" : module)) {
            return false;
        }
        if (off != null && !(sym.has("off") && sym.get("off").isIntegralNumber() && sym.get("off").asLong() == off)) {
            return false;
        }
        return size == null || (sym.has("size") && sym.get("size").isIntegralNumber() && sym.get("size").asLong() == size);
    }

    /** A TSV of the sample (plain or {@code .xz}) as rows keyed by its header; null when the sample has none. */
    static List<Map<String, String>> table(Path dir, String name) throws IOException {
        Path plain = dir.resolve(name);
        Path xz = dir.resolve(name + ".xz");
        byte[] b;
        if (Files.exists(plain)) {
            b = Files.readAllBytes(plain);
        } else if (Files.exists(xz)) {
            try (XZInputStream in = new XZInputStream(Files.newInputStream(xz))) {
                b = in.readAllBytes();
            }
        } else {
            return null;
        }
        String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
        String[] head = lines[0].split("\t", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int k = 0; k < head.length; k++) {
                row.put(head[k], k < f.length ? f[k] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    @Override
    public String toString() {
        return summary() + Objects.toString(misses.isEmpty() ? "" : " (" + misses.size() + " failing comparisons)");
    }
}
