package dev.tracesym.formats.event;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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


    /**
     * A record's first line: "comm-pid [CPU] seconds.frac: name: " then padding to 20 name columns;
     * null for continuation lines.
     */
    static Record header(String line) {
        int b = line.indexOf(" [");
        while (b >= 0) {
            int p = b + 2;
            if (p + 4 <= line.length() && Character.isDigit(line.charAt(p)) && Character.isDigit(line.charAt(p + 1))
                    && Character.isDigit(line.charAt(p + 2)) && line.charAt(p + 3) == ']') {
                int cpu = Integer.parseInt(line.substring(p, p + 3));
                int q = p + 4;
                while (q < line.length() && line.charAt(q) == ' ') q++;
                int ts = q;
                while (q < line.length() && (Character.isDigit(line.charAt(q)) || line.charAt(q) == '.')) q++;
                if (q > ts && line.startsWith(": ", q)) {
                    int ns = q + 2;
                    int ne = line.indexOf(": ", ns);
                    if (ne > ns && line.indexOf(' ', ns) > ne) {
                        String name = line.substring(ns, ne);
                        int start = Math.min(line.length(), ne + 2 + Math.max(0, 20 - name.length()));
                        return new Record(line, name, cpu, line.substring(ts, q), line.substring(start));
                    }
                }
            }
            b = line.indexOf(" [", b + 1);
        }
        return null;
    }

    static List<Record> read(String scenario) throws IOException {
        return parse(Samples.reportLines(scenario));
    }

    static List<Record> parse(List<String> lines) {
        List<Record> out = new ArrayList<>();
        for (String line : lines) {
            Record h = header(line);
            if (h != null) {
                out.add(h);
            } else if (!out.isEmpty()) {
                Record r = out.get(out.size() - 1);
                r.info = r.info + "\n" + line;
            }
        }
        return out;
    }
}
