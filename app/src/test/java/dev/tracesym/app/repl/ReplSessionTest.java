package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The REPL's commands without a terminal, on the reuse sample (trace + archive + .ko files), checked
 * against the sample's ground truth: the kernel's own names for each event's addresses, at the event's time.
 */
class ReplSessionTest {
    private static final long MICRO = 1000;

    private final ReplSession session = new ReplSession(SampleData.reuse());

    private String run(String line) {
        StringWriter w = new StringWriter();
        try (PrintWriter out = new PrintWriter(w)) {
            assertTrue(session.execute(line, out), line + " must not end the session");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** First function event of each distinct (symbol, module) at every address that carried several over time. */
    static List<SampleData.Row> reusedAddressRows() {
        Map<Long, Map<String, SampleData.Row>> byAddr = new LinkedHashMap<>();
        for (SampleData.Row r : SampleData.reuseTruth()) {
            if (!r.event().equals("function") || r.module().isEmpty()) continue;
            byAddr.computeIfAbsent(r.addr(), a -> new LinkedHashMap<>()).putIfAbsent(r.symbol() + " [" + r.module() + "]", r);
        }
        List<SampleData.Row> out = new ArrayList<>();
        for (Map<String, SampleData.Row> names : byAddr.values()) {
            if (names.size() > 1) out.addAll(names.values());
        }
        return out;
    }

    @Test
    void resolveNamesEachReusedAddressAsTheKernelDidAtThatTime() {
        List<SampleData.Row> rows = reusedAddressRows();
        assertTrue(rows.size() >= 12, "the reuse sample has addresses that carried several names: " + rows.size());
        for (SampleData.Row r : rows) {
            String got = run("resolve " + Long.toHexString(r.addr()) + " at " + r.timestamp()).strip();
            assertTrue(got.startsWith("0x" + Long.toHexString(r.addr()) + " " + r.symbol() + "+0x0/")
                    && got.replaceFirst("  from .*$", "").endsWith("[" + r.module() + "]"), "at " + r.timestamp() + ": expected " + r.symbol()
                    + " [" + r.module() + "], got " + got);
        }
    }

    @Test
    void atSetsTheTimeThatResolveUsesByDefault() {
        List<SampleData.Row> rows = reusedAddressRows();
        SampleData.Row a = rows.get(0), b = rows.get(1);
        assertEquals(a.addr(), b.addr());
        String atOut = run("at " + a.timestamp());
        assertTrue(atOut.startsWith("at " + a.timestamp()), atOut);
        assertTrue(run("resolve " + Long.toHexString(a.addr())).contains(a.symbol() + "+0x0/"));
        run("at " + b.timestamp());
        assertTrue(run("resolve " + Long.toHexString(a.addr())).contains(b.symbol() + "+0x0/"));
    }

    private static final Pattern RANGE = Pattern.compile("(\\S+) \\.\\. (\\S+)$");

    private static boolean covers(String line, long ts) {
        Matcher m = RANGE.matcher(line.strip());
        if (!m.find()) return line.strip().endsWith("always");
        // the ground truth has µs, the REPL ns: allow a µs either way
        boolean afterStart = m.group(1).equals("start") || ts >= Seconds.parse(m.group(1)) - MICRO;
        boolean beforeEnd = m.group(2).equals("end") || ts < Seconds.parse(m.group(2)) + MICRO;
        return afterStart && beforeEnd;
    }

    @Test
    void lookupListsTheAddressAndModuleEachNameHadWhenTheKernelUsedIt() {
        for (SampleData.Row r : reusedAddressRows()) {
            String got = run("lookup " + r.symbol());
            boolean found = false;
            for (String line : got.split("\n")) {
                found |= line.contains(Hex.format(r.addr())) && line.contains("[" + r.module() + "]") && covers(line, r.ts());
            }
            assertTrue(found, "lookup " + r.symbol() + " should list " + Hex.format(r.addr()) + " [" + r.module()
                    + "] around " + r.timestamp() + ":\n" + got);
        }
        assertEquals("no_such_symbol_anywhere: no such symbol at any time\n", run("lookup no_such_symbol_anywhere"));
    }

    /**
     * A name's validity as lookup lists it is exactly when resolve gives that name there: an __init
     * function answers while its init code lives, then under ftrace's saved name, until another
     * module's code takes the address (snd_timer at 9.515722 s takes snd_info_init's).
     */
    @Test
    void lookupOfAnInitNameEndsWhenItsCodeIsFreedOrTaken() {
        String got = run("lookup snd_info_init");
        String[] lines = got.strip().split("\n");
        assertTrue(lines[0].contains("0xffffffffc0301131  [snd]  (init)") && lines[0].endsWith("7.963880371 .. 7.965034865"), got);
        assertTrue(lines[1].contains("0xffffffffc0301131  [snd]  (init, freed: ftrace's saved name)")
                && lines[1].endsWith("7.965034865 .. 9.515722288"), got);
        assertTrue(run("resolve ffffffffc0301131 at 9.6").contains(" snd_timer_reschedule+0x41/0xa0 [snd_timer]"));
        java.util.regex.Pattern span = java.util.regex.Pattern.compile(".*(0x[0-9a-f]{16}) .*  (\\d+\\.\\d+) \\.\\. (\\d+\\.\\d+|end)$");
        for (String name : List.of("snd_info_init", "alsa_sound_init", "init_soundcore", "alsa_timer_init")) {
            for (String line : run("lookup " + name).strip().split("\n")) {
                java.util.regex.Matcher m = span.matcher(line);
                assertTrue(m.matches(), line);
                long from = Seconds.parse(m.group(2));
                long to = m.group(3).equals("end") ? Long.MAX_VALUE : Seconds.parse(m.group(3));
                String addr = m.group(1).substring(2);
                for (long t : new long[] {from, to == Long.MAX_VALUE ? from + 1 : to - 1}) {
                    String r = run("resolve " + addr + " at " + Seconds.format(t));
                    assertTrue(r.contains(" " + name + "+0x"), name + " at " + Seconds.format(t) + ": " + line + " but " + r);
                }
                if (to != Long.MAX_VALUE && !run("lookup " + name).contains(Seconds.format(to) + " .. ")) {
                    String r = run("resolve " + addr + " at " + Seconds.format(to));
                    assertFalse(r.contains(" " + name + "+0x"), name + " after " + line + ": " + r);
                }
            }
        }
    }

    @Test
    void copiesOfASharedNameAreToldApart() {
        String got = run("lookup init_once");
        List<String> names = new ArrayList<>();
        for (String line : got.strip().split("\n")) names.add(line.substring(0, line.indexOf(' ')));
        assertEquals(List.of("init_once#1", "init_once#2", "init_once#3", "init_once#4", "init_once#5", "init_once#6",
                "init_once#7"), names, got);
    }

    @Test
    void lookupOfACoreKernelNameListsEveryCopy() {
        // the kernel core never changes: every copy of a duplicated name stays, with its own address
        String got = run("lookup do_one_initcall");
        assertTrue(got.contains("vmlinux") && got.strip().endsWith("always"), got);
        long parent = 0;
        for (SampleData.Row r : SampleData.reuseTruth()) {
            if (r.parentSymbol().equals("do_one_initcall")) parent = r.parentAddr();
        }
        assertTrue(parent != 0);
        String resolved = run("resolve " + Long.toHexString(parent));
        assertTrue(resolved.contains(" do_one_initcall+0x"), resolved);
    }

    private static String moduleOf(SampleData.Row r) {
        return r.info().strip().split(" ")[0];
    }

    @Test
    void modulesListsWhatWasLoadedAtATime() {
        int loads = 0, frees = 0;
        for (SampleData.Row r : SampleData.reuseTruth()) {
            String m = moduleOf(r);
            if (r.event().equals("module_load")) {
                String got = run("modules at " + Seconds.format(r.ts() + MICRO));
                assertTrue(got.contains("\n  " + m + " "), "after module_load " + m + " at " + r.timestamp() + ":\n" + got);
                loads++;
            } else if (r.event().equals("module_free")) {
                String got = run("modules at " + Seconds.format(r.ts() + MICRO));
                assertFalse(got.contains("\n  " + m + " "), "after module_free " + m + " at " + r.timestamp() + ":\n" + got);
                frees++;
            }
        }
        assertTrue(loads >= 10 && frees >= 8, loads + " loads, " + frees + " frees");
    }

    @Test
    void timelineHasOneSpanPerLoadStartingAtTheLoad() {
        Map<String, List<Long>> loads = new LinkedHashMap<>();
        for (SampleData.Row r : SampleData.reuseTruth()) {
            if (r.event().equals("module_load")) loads.computeIfAbsent(moduleOf(r), k -> new ArrayList<>()).add(r.ts());
        }
        loads.values().forEach(l -> l.sort(null)); // the ground truth lists events CPU by CPU
        assertTrue(loads.values().stream().anyMatch(l -> l.size() == 2), "a module is loaded twice: " + loads);
        for (Map.Entry<String, List<Long>> e : loads.entrySet()) {
            String[] lines = run("timeline " + e.getKey()).strip().split("\n");
            assertEquals(e.getValue().size(), lines.length, String.join("\n", lines));
            for (int i = 0; i < lines.length; i++) {
                Matcher m = RANGE.matcher(lines[i].replaceAll("\\s+\\(.*\\)$", ""));
                assertTrue(m.find(), lines[i]);
                long start = Seconds.parse(m.group(1));
                assertTrue(Math.abs(e.getValue().get(i) - start) <= MICRO, "load at " + e.getValue().get(i) + ": " + lines[i]);
            }
        }
        String reloaded = loads.entrySet().stream().filter(x -> x.getValue().size() == 2).findFirst().get().getKey();
        String[] spans = run("timeline " + reloaded).strip().split("\n");
        assertFalse(spans[0].split("\\s+")[1].equals(spans[1].split("\\s+")[1]), "reloaded at another address: " + spans[0] + " / " + spans[1]);
        assertEquals(run("timeline snd_seq_dummy"), run("timeline snd-seq-dummy"), "file names work too");
        assertEquals("snd_seq_dumm: never loaded (did you mean snd_seq_dummy?)\n", run("timeline snd_seq_dumm"));
        assertTrue(run("timeline ext4").startsWith("ext4: never loaded (known modules: "));
    }

    @Test
    void diffShowsTheModuleEventsBetweenTwoTimes() {
        for (SampleData.Row r : SampleData.reuseTruth()) {
            boolean load = r.event().equals("module_load");
            if (!load && !r.event().equals("module_free")) continue;
            String m = moduleOf(r);
            String got = run("diff " + Seconds.format(r.ts() - 2 * MICRO) + " " + Seconds.format(r.ts() + MICRO));
            assertTrue(got.contains(r.event() + " " + m + "\n"), got);
            assertTrue(got.contains(load ? "  + " + m + " " : "  - " + m + " "), got);
        }
        assertTrue(run("diff 16 16.000001").contains("no change"));
    }

    @Test
    void theEndOfAModulesInitIsAChangeOfState() {
        // module_put from do_init_module: the module's __init code is freed right after; it
        // changes names only for modules that have init code (their init function ran, called
        // by do_one_initcall; crc_itu_t has none)
        java.util.Set<String> withInit = new java.util.HashSet<>();
        for (SampleData.Row r : SampleData.reuseTruth()) {
            if (r.event().equals("function") && r.parentSymbol().equals("do_one_initcall")) withInit.add(r.module());
        }
        int n = 0;
        for (SampleData.Row r : SampleData.reuseTruth()) {
            if (!r.event().equals("module_put") || !r.info().contains("call_site=do_init_module")) continue;
            String m = moduleOf(r);
            if (!withInit.contains(m)) continue;
            String got = run("diff " + Seconds.format(r.ts() - 2 * MICRO) + " " + Seconds.format(r.ts() + MICRO));
            assertTrue(got.contains("init done " + m + "\n"), got);
            n++;
        }
        assertTrue(n >= 10, "module inits in the sample: " + n);
    }

    @Test
    void eventsFindsEveryEventThatHitAnAddressAndNamesItAtItsTime() {
        for (long addr : reusedAddressRows().stream().mapToLong(SampleData.Row::addr).distinct().toArray()) {
            int expected = 0;
            Map<String, Integer> names = new LinkedHashMap<>();
            for (SampleData.Row r : SampleData.reuseTruth()) {
                if (!r.event().equals("function")) continue;
                if (r.addr() == addr) {
                    expected++;
                    names.merge(r.symbol() + "+0x0/", 1, Integer::sum);
                }
                if (r.parentAddr() == addr) {
                    expected++;
                    names.merge(r.parentSymbol() + "+0x", 1, Integer::sum);
                }
            }
            String got = run("events " + Long.toHexString(addr) + " all");
            assertTrue(got.contains("\n" + expected + " of ") || got.startsWith(expected + " of "), "expected " + expected + " hits:\n" + got);
            for (Map.Entry<String, Integer> n : names.entrySet()) {
                assertTrue(got.contains(" " + n.getValue() + " x " + n.getKey()), n + " in\n" + got);
            }
        }
    }

    @Test
    void aFailingCommandSaysWhyAndTheSessionGoesOn() throws IOException {
        assertEquals("'zz' is not an address: expected hex such as 0xffffffffc02c9000",
                assertThrows(IllegalArgumentException.class, () -> run("resolve zz")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("frobnicate")).getMessage().contains("unknown command"));
        assertEquals("usage: diff TS1 TS2", assertThrows(IllegalArgumentException.class, () -> run("diff 1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> run("at yesterday")).getMessage().contains("not a time"));
        assertTrue(run("help").contains("timeline MODULE"));
        assertEquals("", run("   "));
        StringWriter w = new StringWriter();
        assertFalse(session.execute("quit", new PrintWriter(w)));
        assertFalse(session.execute("exit", new PrintWriter(w)));
    }

    @Test
    void completesCommandsSymbolsAndModules() {
        assertEquals(List.of("resolve"), session.completions(List.of(), "res"));
        assertEquals(10, session.completions(List.of(), "").size());
        assertTrue(session.completions(List.of("lookup"), "sha3_generic_mod_i").contains("sha3_generic_mod_init"));
        assertTrue(session.completions(List.of("lookup"), "do_one_init").contains("do_one_initcall"));
        assertEquals(List.of("snd_seq", "snd_seq_device", "snd_seq_dummy"), session.completions(List.of("timeline"), "snd_seq"));
        assertEquals(List.of("at"), session.completions(List.of("modules"), ""));
        assertEquals(List.of("end"), session.completions(List.of("modules", "at"), "e"));
        assertEquals(List.of("at"), session.completions(List.of("resolve", "ffffffffc02c9000"), "a"));
        assertTrue(session.completions(List.of("resolve"), "ff").isEmpty(), "addresses are not completed");
    }
}
