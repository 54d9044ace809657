package dev.tracesym.formats.event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reference {@code trace-cmd report} split into records: event name and the info text after it. */
final class ReferenceReport {
    static final class Record {
        final String line;
        final String name;
        final int cpu;
        final String time;
        /** Text after "name: " and its padding; continuation lines joined with '\n'. */
        String info;

        Record(String line, String name, int cpu, String time, String info) {
            this.line = line;
            this.name = name;
            this.cpu = cpu;
            this.time = time;
            this.info = info;
        }
    }

    private static final Pattern HEADER =
            Pattern.compile("^.*-(\\d+) +\\[(\\d{3})\\] +(\\d+\\.\\d+): (\\S+?): ");

    static List<Record> read(String scenario) throws IOException {
        List<Record> out = new ArrayList<>();
        for (String line : Samples.reportLines(scenario)) {
            Matcher m = HEADER.matcher(line);
            if (m.find()) {
                String name = m.group(4);
                int start = m.end() + Math.max(0, 20 - name.length());
                String info = start <= line.length() ? line.substring(start) : "";
                out.add(new Record(line, name, Integer.parseInt(m.group(2)), m.group(3), info));
            } else if (!out.isEmpty()) {
                Record r = out.get(out.size() - 1);
                r.info = r.info + "\n" + line;
            }
        }
        return out;
    }
}
