package dev.tracesym.symbolizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample's ground truth ({@code groundtruth.tsv}: one row per event with the kernel's own name
 * for its address and parent address; {@code groundtruth-stack.tsv}: one row per stack frame).
 */
final class GroundTruth {
    /** One event row. */
    static final class Row {
        int cpu;
        int idx;
        String timestamp;
        long ts;
        String event;
        long addr;
        String symbol;
        String offset;
        String size;
        String module;
        long parentAddr;
        String parentSymbol;
        String parentOffset;
        String parentSize;
        String parentModule;
        String source;
        String info;
        final List<Frame> frames = new ArrayList<>();
    }

    /** One expected name: address, symbol, offset and size (hex text, may be empty), module. */
    static final class Frame {
        int frame;
        long addr;
        String symbol;
        String offset;
        String size;
        String module;
        String source;
    }

    final List<Row> rows;

    private GroundTruth(List<Row> rows) {
        this.rows = rows;
    }

    static GroundTruth load(String sample) throws IOException {
        List<Row> rows = new ArrayList<>();
        Map<Long, Row> byKey = new HashMap<>();
        String[] lines = SampleData.text(sample, "groundtruth.tsv").split("\n");
        List<String> head = Arrays.asList(lines[0].split("\t", -1));
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] f = lines[i].split("\t", -1);
            Row r = new Row();
            r.cpu = Integer.parseInt(f[head.indexOf("cpu")]);
            r.idx = Integer.parseInt(f[head.indexOf("idx")]);
            r.timestamp = f[head.indexOf("timestamp")];
            r.ts = microsToNanos(r.timestamp);
            r.event = f[head.indexOf("event")];
            r.addr = hex(f[head.indexOf("addr")]);
            r.symbol = f[head.indexOf("symbol")];
            r.offset = f[head.indexOf("offset")];
            r.size = f[head.indexOf("size")];
            r.module = f[head.indexOf("module")];
            r.parentAddr = hex(f[head.indexOf("parent_addr")]);
            r.parentSymbol = f[head.indexOf("parent_symbol")];
            r.parentOffset = f[head.indexOf("parent_offset")];
            r.parentSize = f[head.indexOf("parent_size")];
            r.parentModule = f[head.indexOf("parent_module")];
            r.source = f[head.indexOf("source")];
            r.info = f[head.indexOf("info")];
            rows.add(r);
            byKey.put(((long) r.cpu << 32) | r.idx, r);
        }
        if (java.nio.file.Files.exists(SampleData.path(sample, "groundtruth-stack.tsv.xz"))) {
            String[] st = SampleData.text(sample, "groundtruth-stack.tsv").split("\n");
            List<String> sh = Arrays.asList(st[0].split("\t", -1));
            for (int i = 1; i < st.length; i++) {
                if (st[i].isEmpty()) {
                    continue;
                }
                String[] f = st[i].split("\t", -1);
                Frame fr = new Frame();
                int cpu = Integer.parseInt(f[sh.indexOf("cpu")]);
                int idx = Integer.parseInt(f[sh.indexOf("idx")]);
                fr.frame = Integer.parseInt(f[sh.indexOf("frame")]);
                fr.addr = hex(f[sh.indexOf("addr")]);
                fr.symbol = f[sh.indexOf("symbol")];
                fr.offset = f[sh.indexOf("offset")];
                fr.size = f[sh.indexOf("size")];
                fr.module = f[sh.indexOf("module")];
                fr.source = f[sh.indexOf("source")];
                byKey.get(((long) cpu << 32) | idx).frames.add(fr);
            }
        }
        // the order a pipeline sees them: by time, ties to the lower CPU, then buffer position
        rows.sort(Comparator.<Row>comparingLong(r -> r.ts).thenComparingInt(r -> r.cpu).thenComparingInt(r -> r.idx));
        return new GroundTruth(rows);
    }

    /** {@code 6.499365} (seconds with microseconds) to nanoseconds, digit by digit. */
    static long microsToNanos(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(s) * 1_000_000_000L;
        }
        String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
        return Long.parseLong(s.substring(0, dot)) * 1_000_000_000L + Long.parseLong(frac);
    }

    static long hex(String s) {
        return s.isEmpty() ? 0 : Long.parseUnsignedLong(s, 16);
    }
}
