package dev.tracesym.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --time-window START,END}: only the events from START up to, not including, END, in every
 * format; consecutive windows split a trace too big for one Perfetto file without losing or repeating
 * an event.
 */
class ReportTimeWindowTest {
    private static final String EVENTS = "events/events.v7-zstd.dat";

    @TempDir
    Path temp;

    private record Run(int code, String out, String err) {
    }

    private Run report(String... args) throws IOException {
        Path out = temp.resolve("out-" + System.nanoTime());
        List<String> all = new ArrayList<>(List.of("-o", out.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = ReportCli.run(all.toArray(new String[0]), ps, ps);
        String text = Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        return new Run(code, text, err.toString(StandardCharsets.UTF_8));
    }

    private static String trace() {
        return ReportCliTest.data(EVENTS).toString();
    }

    /** A record's first line in a {@code -t} report: {@code comm-pid [cpu] SECONDS.NANOS: ...}. */
    private static final Pattern HEAD = Pattern.compile("^.*?\\[\\d+\\]\\s+(\\d+\\.\\d{9}): .*");

    /** The records of a {@code -t} text report, each with the lines that follow it (a stack's frames). */
    private static List<String> records(String text) {
        List<String> records = new ArrayList<>();
        for (String l : text.split("\n")) {
            if (HEAD.matcher(l).matches() || records.isEmpty()) {
                records.add(l);
            } else {
                records.set(records.size() - 1, records.get(records.size() - 1) + "\n" + l);
            }
        }
        records.remove(0); // cpus=
        return records;
    }

    /** The ns time of a record. */
    private static long ns(String record) {
        Matcher m = HEAD.matcher(record.lines().findFirst().orElseThrow());
        assertTrue(m.matches(), record);
        return new BigDecimal(m.group(1)).movePointRight(9).longValueExact();
    }

    /** The time {@code num/den} of the way from the first record to the last. */
    private static long timeAt(List<String> records, int num, int den) {
        long first = ns(records.get(0));
        long last = ns(records.get(records.size() - 1));
        return first + num * (last - first) / den;
    }

    @Test
    void theTextShowsTheRecordsOfTheWindowAsTheWholeReportShowsThem() throws IOException {
        List<String> whole = records(report("-t", trace()).out());
        long from = timeAt(whole, 1, 3);
        long until = timeAt(whole, 2, 3);
        Run r = report("-t", "--time-window", seconds(from) + "," + seconds(until), trace());
        assertEquals(0, r.code(), r.err());
        List<String> expected = new ArrayList<>();
        for (String l : whole) {
            if (ns(l) >= from && ns(l) < until) {
                expected.add(l);
            }
        }
        assertTrue(expected.size() > 1000 && expected.size() < whole.size() - 1000, "a window inside the trace: " + expected.size());
        assertEquals(expected, records(r.out()));
    }

    @Test
    void consecutiveWindowsSplitAPerfettoTraceWithoutLosingOrRepeatingAnEvent() throws IOException {
        List<String> whole = records(report("-t", trace()).out());
        long cut1 = timeAt(whole, 1, 4);
        long cut2 = timeAt(whole, 1, 2);
        String[] windows = {"," + seconds(cut1), seconds(cut1) + "," + seconds(cut2), seconds(cut2) + ","};
        long[][] bounds = {{Long.MIN_VALUE, cut1}, {cut1, cut2}, {cut2, Long.MAX_VALUE}};
        int events = 0;
        for (int w = 0; w < windows.length; w++) {
            Run r = report("--format", "perfetto", "--time-window", windows[w], trace());
            assertEquals(0, r.code(), r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            for (JsonNode ev : doc.get("traceEvents")) {
                if (ev.get("ph").asText().equals("M")) {
                    continue;
                }
                long t = new BigDecimal(ev.get("ts").asText()).movePointRight(3).longValueExact();
                assertTrue(t >= bounds[w][0] && t < bounds[w][1], windows[w] + ": " + ev);
                events++;
            }
        }
        assertEquals(whole.size(), events, "every record in exactly one window");
    }

    @Test
    void aWindowThatIsNoneIsRefusedBeforeAnyOutput() throws IOException {
        for (String bad : new String[] {"5", ",", "5,4", "5,5", "a,b", "1.0000000001,2", "1,,2"}) {
            Run r = report("--time-window", bad, trace());
            assertEquals(ExitCodes.UNUSABLE, r.code(), bad);
            assertTrue(r.err().contains("--time-window"), r.err());
            assertEquals("", r.out(), bad);
        }
    }

    private static String seconds(long ns) {
        return BigDecimal.valueOf(ns).movePointLeft(9).toPlainString();
    }
}
