package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;
import picocli.CommandLine;

/** {@code tracesym resolve} as a user runs it, on the reuse sample, checked against its ground truth. */
class ResolveCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new ResolveCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static String[] args(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all.toArray(new String[0]);
    }

    @Test
    void anAddressOfSndSeqDummyBeforeItsUnloadAndOfAnotherModuleAfter() {
        long freed = SampleData.reuseTruth().stream()
                .filter(r -> r.event().equals("module_free") && r.info().strip().equals("snd_seq_dummy"))
                .mapToLong(SampleData.Row::ts).findFirst().orElseThrow();
        SampleData.Row before = null, after = null;
        for (SampleData.Row r : ReplSessionTest.reusedAddressRows()) {
            if (before == null && r.module().equals("snd_seq_dummy")) before = r;
            else if (before != null && r.addr() == before.addr() && r.ts() > freed && after == null) after = r;
        }
        assertTrue(before != null && after != null, "the sample reuses an address of snd_seq_dummy after its unload");
        List<String> sources = List.of("--trace", SampleData.reuseTrace().toString(), "--archive",
                SampleData.reuseArchive().toString(), "--modules", SampleData.modules().toString());
        String addr = Long.toHexString(before.addr());
        for (SampleData.Row r : List.of(before, after)) {
            Run got = run(args(sources, "--at", r.timestamp(), addr));
            assertEquals(0, got.code(), got.err());
            assertTrue(got.out().startsWith("0x" + addr + " " + r.symbol() + "+0x0/"), got.out());
            assertTrue(got.out().matches("(?s).* \\[" + r.module() + "\\]  from (kallsyms|\\.ko)( \\(.*\\))?\n"), got.out());
        }
        assertTrue(!before.module().equals(after.module()));
    }

    /** The "name [module]" texts a snapshot's own kallsyms lists at {@code addr}. */
    private static List<String> listedAt(Path archive, String[] manifestLine, long addr) throws IOException {
        Path p = archive.resolve(manifestLine[0] + "-" + manifestLine[1] + ".modsyms.xz");
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new XZInputStream(Files.newInputStream(p)),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("[ \t]+");
                if (Long.parseUnsignedLong(f[0], 16) == addr) out.add(f[2] + " " + f[3]);
            }
        }
        return out;
    }

    @Test
    void anArchiveAloneTakesItsTimesFromTheManifest() throws IOException {
        // at the manifest time of a snapshot, the answer is what that snapshot's own kallsyms lists
        // at the address: snd_seq_dummy's code while it is loaded, another module's name after
        Path archive = SampleData.reuseArchive();
        String[] loaded = null, unloaded = null;
        for (String line : Files.readAllLines(archive.resolve("manifest.tsv"))) {
            String[] f = line.split("\t");
            if (f[1].equals("after-unload-snd_seq_dummy")) unloaded = f;
            if (f[1].equals("after-load-snd_seq_dummy")) loaded = f;
        }
        long base = 0;
        for (String line : Files.readAllLines(archive.resolve(loaded[0] + "-" + loaded[1] + ".modules"))) {
            if (line.startsWith("snd_seq_dummy ")) base = Long.parseUnsignedLong(line.substring(line.lastIndexOf("0x") + 2), 16);
        }
        String addr = Long.toHexString(base);
        for (String[] snapshot : List.of(loaded, unloaded)) {
            Run got = run("--archive", archive.toString(), "--at", snapshot[2], addr);
            assertEquals(0, got.code(), got.err());
            String name = got.out().replaceAll("^0x\\w+ (\\w+)\\+0x0/0x\\w+ (\\[\\w+\\])  from kallsyms\n$", "$1 $2");
            List<String> listed = listedAt(archive, snapshot, base);
            assertTrue(listed.contains(name), "snapshot " + snapshot[1] + " lists " + listed + ", got " + got.out());
            assertEquals(snapshot == loaded, name.endsWith("[snd_seq_dummy]"), got.out());
        }
    }

    @Test
    void aTableWithoutTimeAndTheTracesOwnKallsymsNameKernelCode() {
        SampleData.Row call = SampleData.reuseTruth().stream()
                .filter(r -> r.event().equals("function") && r.parentSymbol().equals("do_one_initcall"))
                .findFirst().orElseThrow();
        String addr = Long.toHexString(call.parentAddr());
        Run table = run("--symbols", SampleData.reuseArchive().resolve("001-start.kallsyms.xz").toString(), addr, "0x10");
        assertEquals(0, table.code(), table.err());
        String[] lines = table.out().split("\n");
        assertTrue(lines[0].startsWith("0x" + addr + " do_one_initcall+0x"), table.out());
        assertTrue(lines[1].startsWith("0x10 not found: "), table.out());
        Run trace = run("--trace", SampleData.reuseTrace().toString(), addr);
        assertEquals(lines[0] + "\n", trace.out(), "the kernel core is the same in the trace's kallsyms");
    }

    @Test
    void builtinModulesAndObjectFilesShowWhenTheTableHasThem(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        // the kallmodsyms lines quoted in the v10 cover letter (docs/FORMATS.md 4.1), framed by the
        // kernel image's start and end markers: code shared by two built-in modules, which the real
        // table of kallmodsyms-6.12 (KallmodsymsSourcesTest) does not have
        Path table = tmp.resolve("kallmodsyms");
        Files.writeString(table, String.join("\n",
                "ffffffff97000000 T _stext",
                "ffffffff97606f80 t test_msr\t[rapl]",
                "ffffffff97d82520 t lio_ethtool_get_channels\t[liquidio] [liquidio_vf]",
                "ffffffff97d91a80 t cn23xx_vf_mbox_thread\t[liquidio] [liquidio_vf] {cn23xx_vf_device.o}",
                "ffffffffa6007710 t amd_pmu_event_map\t{core.o}",
                "ffffffffa6007800 T _etext",
                "ffffffffa8000000 B _end", ""));
        Run r = run("--symbols", table.toString(), "ffffffff97606f90", "ffffffff97d91a80", "ffffffffa6007714");
        assertEquals(0, r.code(), r.err());
        assertEquals(String.join("\n",
                "0xffffffff97606f90 test_msr+0x10/0x77b5a0 [rapl] builtin=rapl  from kallmodsyms",
                "0xffffffff97d91a80 cn23xx_vf_mbox_thread+0x0/0xe275c90 [liquidio] [liquidio_vf] {cn23xx_vf_device.o} "
                        + "builtin=liquidio,liquidio_vf object=cn23xx_vf_device.o  from kallmodsyms",
                "0xffffffffa6007714 amd_pmu_event_map+0x4/0xf0 {core.o} object=core.o  from kallmodsyms", ""), r.out());
    }

    @Test
    void unusableInputExitsWithTwoAndSaysWhy() {
        Run noSource = run("ffffffffc02c9000");
        assertEquals(2, noSource.code());
        assertTrue(noSource.err().contains("give --trace, --archive or --symbols"), noSource.err());
        Run badAddr = run("--symbols", "x", "zzz");
        assertEquals(2, badAddr.code());
        assertTrue(badAddr.err().contains("'zzz' is not an address"), badAddr.err());
        Run both = run("--archive", "a", "--symbols", "b", "0x1");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("not both"), both.err());
        Run missing = run("--archive", "/no/such/archive", "0x1");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("/no/such/archive"), missing.err());
        Run badTime = run("--symbols", "x", "--at", "soon", "0x1");
        assertEquals(2, badTime.code());
        assertTrue(badTime.err().contains("'soon' is not a time"), badTime.err());
        Run noAddr = run("--symbols", "x");
        assertEquals(2, noAddr.code());
        assertTrue(noAddr.err().contains("ADDR"), noAddr.err());
    }

    @Test
    void helpHasExamples() {
        Run help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Examples:") && help.out().contains("tracesym resolve --archive"), help.out());
    }
}
