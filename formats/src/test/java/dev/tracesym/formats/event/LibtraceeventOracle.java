package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Developer tool (not a test): renders synthetic records of every event format of a sample trace
 * with the real libtraceevent 1.7.1 and compares with {@link EventPrinter}; with {@code --write}
 * stores records and libtraceevent's output as the fixture {@link OracleFixtureTest} replays.
 * Needs the oracle built from {@code src/test/oracle/libtraceevent-oracle.c}:
 * {@code gcc -I<libtraceevent-1.7.1>/include/traceevent -o oracle libtraceevent-oracle.c -l:libtraceevent.so.1}.
 * Usage: {@code LibtraceeventOracle <oracle binary> <scenario or .dat path> <records per event> [--write]}.
 */
public final class LibtraceeventOracle {
    /**
     * trace_printk formats beyond the sample's few, one group each (a failing bprint format fails
     * the event for good, so each needs a fresh libtraceevent): conversions, flags, and the
     * spellings libtraceevent 1.7.1 reads differently from the kernel.
     */
    static final String[] BPRINT_FORMATS = {
        "a %d b %u c %x d %lu e %llx f %lx", "str [%s] [%s] n %d", "ptr %p %px %pK %pS %ps %pF %pf",
        "width [%5d] [%-5d] [%05d] [%*d] [%.3d]", "strs [%10s] [%.2s] [%.*s] [%-6s]", "len %zu %zd %Lu %ld",
        "char %c then %d", "pct 100%% %d", "hex %#x %#o %08lx %X", "short %hd %hhu %d", "mixed %s=%lu %s=%d %ps",
        "ext %pI4 %pM %pU %d",
    };

    public static void main(String[] args) throws Exception {
        String oracle = args[0];
        String scenario = args[1];
        int perEvent = Integer.parseInt(args[2]);
        boolean write = args.length > 3 && args[3].equals("--write");
        Path datPath = scenario.contains("/") ? Path.of(scenario) : Samples.dat(scenario);
        try (DatFile dat = DatFile.open(datPath)) {
            EventFormats formats = Samples.formats(dat);
            // group 0: every event; then one group per extra bprint format
            List<List<String[]>> groups = new ArrayList<>();
            List<String> extraPrintk = new ArrayList<>();
            groups.add(generate(formats, dat, perEvent));
            EventFormat bprint = formats.find("ftrace", "bprint");
            TraceCmdNamer namer = new TraceCmdNamer(dat.kallsyms());
            OracleRecords gen = new OracleRecords(7, namer.addresses(), printkAddresses(dat.printkFormats()));
            for (int g = 0; g < BPRINT_FORMATS.length; g++) {
                long addr = 0xffffffffc0fe0000L + 0x100L * g;
                extraPrintk.add("0x" + Long.toHexString(addr) + " : \"" + BPRINT_FORMATS[g] + "\\n\"");
                List<String[]> recs = new ArrayList<>();
                for (int i = 0; i < perEvent * 5; i++) {
                    recs.add(new String[] {Integer.toString(bprint.id), OracleRecords.hex(gen.bprint(bprint, i, addr))});
                }
                groups.add(recs);
            }
            String printkText = dat.printkFormats() + String.join("\n", extraPrintk) + "\n";
            List<List<String>> expected = new ArrayList<>();
            int bad = 0, skipped = 0, total = 0;
            for (List<String[]> records : groups) {
                List<String> want = runOracle(oracle, "0", dat, printkText, records);
                List<String> want2 = runOracle(oracle, "255", dat, printkText, records);
                for (int i = 0; i < want.size(); i++) {
                    // output that changes with the bytes behind the record reads past it: undefined
                    if (!want.get(i).equals(want2.get(i))) want.set(i, "<UNDEFINED>");
                }
                expected.add(want);
                EventPrinter printer = new EventPrinter(formats, PrintkFormats.parse(printkText), namer);
                RawEvent e = new RawEvent();
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < records.size(); i++) {
                    total++;
                    byte[] payload = OracleRecords.unhex(records.get(i)[1]);
                    e.data = payload;
                    e.offset = 0;
                    e.length = payload.length;
                    e.ts = 1000;
                    EventFormat f = formats.byId(formats.typeOf(e));
                    out.setLength(0);
                    printer.printInfo(out, e, f);
                    String got = OracleRecords.escape(out);
                    if (want.get(i).equals("<CRASH>") || want.get(i).equals("<UNDEFINED>")) {
                        skipped++;
                    } else if (!got.equals(want.get(i)) && ++bad <= 60) {
                        System.out.println(f.system + ":" + f.name + " " + records.get(i)[1] + "\n  fmt:  " + f.printFmt
                                + "\n  want: " + want.get(i) + "\n  got:  " + got);
                    }
                }
            }
            System.out.println(total + " records, " + bad + " differ, " + skipped
                    + " crash libtraceevent or read past the record");
            if (write) {
                Path p = Path.of("src/test/resources/dev/tracesym/formats/event/" + scenario + "-oracle.txt.xz");
                Files.createDirectories(p.getParent());
                try (Writer w = new java.io.OutputStreamWriter(new XZOutputStream(Files.newOutputStream(p),
                        new LZMA2Options(9)), StandardCharsets.ISO_8859_1)) {
                    for (String l : extraPrintk) w.write("P\t" + l + "\n");
                    for (int g = 0; g < groups.size(); g++) {
                        w.write("G\n");
                        for (int i = 0; i < groups.get(g).size(); i++) {
                            w.write(groups.get(g).get(i)[1] + "\t" + expected.get(g).get(i) + "\n");
                        }
                    }
                }
                System.out.println("wrote " + p);
            }
        }
    }

    /** {id, hex payload} per record, events in id order. */
    static List<String[]> generate(EventFormats formats, DatFile dat, int perEvent) {
        TraceCmdNamer namer = new TraceCmdNamer(dat.kallsyms());
        long[] printk = printkAddresses(dat.printkFormats());
        OracleRecords gen = new OracleRecords(42, namer.addresses(), printk);
        List<String[]> out = new ArrayList<>();
        for (EventFormat f : formats.all()) {
            for (byte[] r : gen.records(f, perEvent)) out.add(new String[] {Integer.toString(f.id), OracleRecords.hex(r)});
        }
        return out;
    }

    static long[] printkAddresses(String text) {
        List<Long> a = new ArrayList<>();
        for (String l : text.split("\n")) {
            int c = l.indexOf(':');
            if (c > 2) a.add(Long.parseUnsignedLong(l.substring(0, c).trim().replace("0x", ""), 16));
        }
        long[] r = new long[a.size()];
        for (int i = 0; i < r.length; i++) r[i] = a.get(i);
        return r;
    }

    private static List<String> runOracle(String oracle, String fill, DatFile dat, String printk, List<String[]> records) throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        block(in, "K", dat.kallsyms());
        block(in, "P", printk);
        for (String f : dat.ftraceFormats()) block(in, "F ftrace", f);
        for (EventSystem s : dat.eventSystems()) {
            for (String f : s.formats()) block(in, "F " + s.name(), f);
        }
        for (String[] r : records) in.write(("R " + r[1] + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Process p = new ProcessBuilder(oracle, fill).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread feeder = new Thread(() -> {
            try (OutputStream o = p.getOutputStream()) {
                in.writeTo(o);
            } catch (Exception ex) {
                throw new RuntimeException(ex);
            }
        });
        feeder.start();
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.ISO_8859_1))) {
            for (String l; (l = r.readLine()) != null; ) out.add(l);
        }
        feeder.join();
        int rc = p.waitFor();
        if (out.size() != records.size()) {
            throw new IllegalStateException("oracle exit " + rc + " after " + out.size() + " of " + records.size()
                    + " records; next: event " + records.get(out.size())[0] + " " + records.get(out.size())[1]);
        }
        return out;
    }

    private static void block(ByteArrayOutputStream o, String tag, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        o.write((tag + " " + b.length + "\n").getBytes(StandardCharsets.ISO_8859_1));
        o.write(b);
    }
}
