package dev.tracesym.app.pipeline;

import static dev.tracesym.app.pipeline.PipelineSamples.archive;
import static dev.tracesym.app.pipeline.PipelineSamples.data;
import static dev.tracesym.app.pipeline.PipelineSamples.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tracesym.app.cli.ExitCodes;
import dev.tracesym.app.pipeline.PipelineSamples.Run;
import dev.tracesym.app.pipeline.ReportPipeline.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/** {@code tracesym report} on the real samples: text with and without symbols, JSON Lines, Perfetto, damaged input. */
class ReportPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;

    @Test
    void withoutSymbolsTheTextIsTraceCmdsByteForByte() throws IOException {
        Run r = PipelineSamples.report(data("reuse/reuse.v7-zstd.dat").toString(), Format.TEXT, null, false);
        assertEquals(new ReportPipeline.Result(ExitCodes.OK, true), r.result());
        assertEquals("", r.err());
        try (XZInputStream in = new XZInputStream(Files.newInputStream(data("reuse/reuse.report.txt.xz")))) {
            assertTrue(java.util.Arrays.equals(in.readAllBytes(), r.out()), "identical to trace-cmd report");
        }
    }

    /** trace-cmd names module addresses with the kallsyms of the end of the recording; tracesym as of each event. */
    @Test
    void withAnArchiveModuleAddressesAreNamedAsOfTheirTime() {
        Run r = PipelineSamples.report(data("reuse/reuse.v7-zstd.dat").toString(), Format.TEXT, archive("reuse"), false);
        assertEquals(ExitCodes.OK, r.result().exitCode(), r.err());
        String text = r.text();
        // same layout: header and one line per record as trace-cmd prints them
        assertTrue(text.startsWith("cpus=2\n"), text.substring(0, 20));
        assertEquals(lines(decompressed("reuse/reuse.report.txt.xz")), lines(text));
        // trace-cmd report says crc_itu_t here: the module that was at that address at the end of the recording
        assertTrue(text.contains("6.499434: function:                   init_soundcore [soundcore]\n"), "init_soundcore");
        assertTrue(text.contains("7.963997: function:                   alsa_sound_init [snd]\n"), "alsa_sound_init");
        // one address, several functions over the recording (samples/data/reuse/address-reuse.txt)
        assertTrue(text.contains("create_port [snd_seq_dummy]"), "create_port");
        assertTrue(text.contains("sha3_generic_mod_init [sha3_generic]"), "sha3_generic_mod_init");
        assertTrue(text.contains("blowfish_mod_init [blowfish_generic]"), "blowfish_mod_init");
        // core kernel functions keep trace-cmd's bare name
        assertTrue(text.contains("function:             do_init_module\n"), "do_init_module");
    }

    @Test
    void everyKindOfAddressFieldIsNamedInTheKernelsForm() {
        Run r = PipelineSamples.report(data("events/events.v7-zstd.dat").toString(), Format.TEXT, archive("events"), false);
        assertEquals(ExitCodes.OK, r.result().exitCode(), r.err());
        String t = r.text();
        // kprobe / kretprobe addresses as the kernel prints them (%pS), not trace-cmd's bare hex
        assertTrue(t.contains("corpus_open:          (do_sys_openat2+0x0/0x170) dfd=-100\n"), "kprobe");
        assertTrue(t.contains("corpus_open_ret:      (do_sys_openat2+0x0/0x170 <- __x64_sys_openat+0x6a/0xa0) ret=3\n"),
                "kretprobe");
        // kmem call sites: %pS with the symbol's size, in the plugin's place and in the print fmt
        assertTrue(t.contains("kmalloc:              (alloc_pipe_info+0x5c/0x220) call_site=alloc_pipe_info+0x5c/0x220 "),
                "kmalloc");
        // timers and workqueues: %ps
        assertTrue(t.contains("function=tick_sched_timer/0x0 expires="), "hrtimer plugin layout");
        assertTrue(t.contains("work struct=0xffffffffa933b730 function=process_srcu workqueue=rcu_gp"), "workqueue");
        // trace_printk: the ip and the %ps argument with the module
        assertTrue(t.contains("bprint:               corpus_printk_init [corpus_printk]: corpus_printk: init, timer fn=corpus_timer_fn [corpus_printk] at"),
                "bprint");
        assertTrue(t.contains("bputs:                corpus_printk_tick [corpus_printk]: corpus_printk: bputs constant string"),
                "bputs");
        // stack frames
        assertTrue(t.contains("=> ftrace_syscall_enter (ffffffffa79db7bb)\n"), "stack frame");
    }

    @Test
    void jsonLinesWithoutSymbolsNameFromTheTracesOwnKallsyms() throws IOException {
        Run r = PipelineSamples.report(data("reuse/reuse.v7-zstd.dat").toString(), Format.JSONL, null, false);
        assertEquals(ExitCodes.OK, r.result().exitCode(), r.err());
        List<JsonNode> events = jsonLines(r.out());
        assertEquals(12719, events.size(), "one object per event");
        JsonNode f = first(events, "function");
        assertEquals("0xffffffff85f4bb50", f.get("fields").get("ip").asText());
        JsonNode ip = f.get("syms").get("ip");
        assertEquals("__x64_sys_finit_module", ip.get("name").asText());
        assertEquals(0, ip.get("off").asInt());
        assertEquals(32, ip.get("size").asInt());
        assertTrue(ip.get("module").isNull());
        assertEquals("do_syscall_64", f.get("syms").get("parent_ip").get("name").asText());
        // the end-of-recording table: the stale name trace-cmd prints too
        JsonNode stale = events.stream().filter(e -> e.path("fields").path("ip").asText().equals("0xffffffffc02d4000"))
                .findFirst().orElseThrow();
        assertEquals("crc_itu_t", stale.get("syms").get("ip").get("name").asText());
        assertEquals("crc_itu_t", stale.get("syms").get("ip").get("module").asText());
    }

    @Test
    void jsonLinesCarryEveryFieldAndSymbolKind() throws IOException {
        Run r = PipelineSamples.report(data("events/events.v7-zstd.dat").toString(), Format.JSONL, archive("events"), false);
        assertEquals(ExitCodes.OK, r.result().exitCode(), r.err());
        List<JsonNode> events = jsonLines(r.out());
        JsonNode kmalloc = first(events, "kmalloc");
        assertTrue(kmalloc.get("fields").get("bytes_req").isIntegralNumber());
        assertTrue(kmalloc.get("fields").get("call_site").asText().startsWith("0xffffffff"));
        assertTrue(kmalloc.get("syms").has("call_site"));
        JsonNode stack = first(events, "kernel_stack");
        int frames = stack.get("fields").get("caller").size();
        assertTrue(frames > 3);
        for (int i = 0; i < frames; i++) {
            assertEquals(stack.get("fields").get("caller").get(i).asText(), stack.get("syms").get("caller[" + i + "]").get("addr").asText());
        }
        JsonNode bprint = events.stream().filter(e -> e.get("event").asText().equals("bprint")
                && e.get("fields").get("msg").asText().contains("tick 1 ")).findFirst().orElseThrow();
        assertEquals("corpus_printk_tick", bprint.get("syms").get("ip").get("name").asText());
        // "tick %d jiffies=%lu fn=%ps": the symbol is argument 2
        assertEquals("corpus_printk_tick", bprint.get("syms").get("arg[2]").get("name").asText());
        assertEquals("corpus_printk", bprint.get("syms").get("arg[2]").get("module").asText());
        JsonNode probe = first(events, "corpus_open");
        assertEquals("do_sys_openat2", probe.get("syms").get("__probe_ip").get("name").asText());
        JsonNode ret = first(events, "corpus_open_ret");
        assertEquals("__x64_sys_openat", ret.get("syms").get("__probe_ret_ip").get("name").asText());
        JsonNode timer = first(events, "hrtimer_start");
        assertEquals("tick_sched_timer", timer.get("syms").get("function").get("name").asText());
        // the instance's events say which buffer they come from
        assertTrue(events.stream().anyMatch(e -> e.get("buffer").asText().equals("foo")));
        JsonNode load = first(events, "module_load");
        assertEquals("corpus_printk", load.get("fields").get("name").asText());
        assertTrue(load.get("syms").isEmpty());
    }

    /** Every address of reuse's address-reuse table carries, in JSON Lines, the same sequence of functions as the kernel said. */
    @Test
    void reusedAddressesCarryTheirFunctionsInTurn() throws IOException {
        Run r = PipelineSamples.report(data("reuse/reuse.v7-zstd.dat").toString(), Format.JSONL, archive("reuse"), false);
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (JsonNode e : jsonLines(r.out())) {
            if (!e.get("event").asText().equals("function")) {
                continue;
            }
            JsonNode ip = e.get("syms").get("ip");
            List<String> seq = seen.computeIfAbsent(ip.get("addr").asText().substring(2), k -> new ArrayList<>());
            String name = ip.path("name").asText("?") + " [" + ip.path("module").asText("") + "]";
            if (ip.get("off").asLong() == 0 && (seq.isEmpty() || !seq.get(seq.size() - 1).equals(name))) {
                seq.add(name);
            }
        }
        Pattern step = Pattern.compile("\\] (\\S+) \\[([^\\]]*)\\]");
        int checked = 0;
        for (String line : Files.readAllLines(data("reuse/address-reuse.txt"))) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            List<String> want = new ArrayList<>();
            Matcher m = step.matcher(parts[1]);
            while (m.find()) {
                want.add(m.group(1) + " [" + m.group(2) + "]");
            }
            assertEquals(want, seen.get(parts[0]), parts[0]);
            checked++;
        }
        assertEquals(6, checked);
    }

    @Test
    void perfettoNestsFunctionGraphCallsPerThread() throws IOException {
        Run r = PipelineSamples.report(data("funcgraph/funcgraph.v7-zstd.dat").toString(), Format.PERFETTO, null, false);
        assertEquals(ExitCodes.OK, r.result().exitCode(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        Map<Integer, Integer> depth = new HashMap<>();
        int begins = 0;
        for (JsonNode e : doc.get("traceEvents")) {
            String ph = e.get("ph").asText();
            int tid = e.path("tid").asInt();
            if (ph.equals("B")) {
                begins++;
                depth.merge(tid, 1, Integer::sum);
                assertFalse(e.get("name").asText().isEmpty());
            } else if (ph.equals("E")) {
                int d = depth.merge(tid, -1, Integer::sum);
                assertTrue(d >= 0, "an end without its begin on thread " + tid);
            }
        }
        assertTrue(begins > 1000, "function_graph entries become slices: " + begins);
        depth.forEach((tid, d) -> assertEquals(0, d, "slices left open on thread " + tid));
    }

    @Test
    void damagedDataIsAFailureAfterTheRecordsBeforeTheDamage() throws IOException {
        Path intact = plain("reuse/reuse.v6.dat.xz", temp);
        byte[] b = Files.readAllBytes(intact);
        Path cut = temp.resolve("cut.dat");
        Files.write(cut, java.util.Arrays.copyOf(b, b.length - 200_000));
        Run r = PipelineSamples.report(cut.toString(), Format.TEXT, null, false);
        assertEquals(new ReportPipeline.Result(ExitCodes.FAILURE, true), r.result());
        assertTrue(r.err().contains("warning: cut.dat: CPU 1 data truncated at"), r.err());
        assertTrue(r.err().contains("--partial-ok"), r.err());
        int written = lines(r.text());
        assertTrue(written > 5000 && written < 12720, "the records before the cut: " + written);
        Run ok = PipelineSamples.report(cut.toString(), Format.JSONL, null, true);
        assertEquals(new ReportPipeline.Result(ExitCodes.OK, true), ok.result());
        assertTrue(ok.err().contains("truncated"), ok.err());
    }

    @Test
    void unusableInputIsExitTwoWithOneMessage() throws IOException {
        Run missing = PipelineSamples.report(temp.resolve("nope.dat").toString(), Format.JSONL, null, false);
        assertEquals(ExitCodes.UNUSABLE, missing.result().exitCode());
        assertTrue(missing.err().startsWith("tracesym report: ") && missing.err().contains("nope.dat"), missing.err());
        assertEquals(1, missing.err().lines().count(), missing.err());
        Path text = temp.resolve("text.dat");
        Files.writeString(text, "cpus=2\nnot a trace\n");
        Run notDat = PipelineSamples.report(text.toString(), Format.TEXT, archive("reuse"), false);
        assertEquals(ExitCodes.UNUSABLE, notDat.result().exitCode());
        Run noArchive = PipelineSamples.report(data("reuse/reuse.v7-zstd.dat").toString(), Format.TEXT,
                SymbolSource.archive(temp.resolve("no-archive"), null), false);
        assertEquals(ExitCodes.UNUSABLE, noArchive.result().exitCode());
        assertTrue(noArchive.err().contains("no-archive: no such file"), noArchive.err());
        assertEquals(0, noArchive.out().length, "nothing written");
    }

    // ---------------------------------------------------------------- helpers

    static List<JsonNode> jsonLines(byte[] out) throws IOException {
        List<JsonNode> l = new ArrayList<>();
        for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
            l.add(JSON.readTree(line));
        }
        return l;
    }

    private static JsonNode first(List<JsonNode> events, String name) {
        return events.stream().filter(e -> e.get("event").asText().equals(name)).findFirst().orElseThrow();
    }

    private static int lines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    private static String decompressed(String relative) {
        try (XZInputStream in = new XZInputStream(Files.newInputStream(data(relative)))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
