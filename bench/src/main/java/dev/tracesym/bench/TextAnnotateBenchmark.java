package dev.tracesym.bench;

import dev.tracesym.app.annotate.AnnotationStats;
import dev.tracesym.app.annotate.NameIndex;
import dev.tracesym.app.annotate.TextAnnotator;
import dev.tracesym.app.pipeline.SymbolizerNamer;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.input.InputFile;
import dev.tracesym.formats.text.TextTraceReader;
import dev.tracesym.formats.text.WarningSink;
import dev.tracesym.symbolizer.Resolution;
import dev.tracesym.symbolizer.StaticSymbolizer;
import dev.tracesym.symbolizer.Symbolizer;
import dev.tracesym.symbolizer.TimeAwareSymbolizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Text annotation: {@link TextAnnotator} re-naming every symbol of function-tracer text printed
 * with {@code sym-offset} and {@code sym-addr} ({@code name+0xoff/0xsize <addr> <-parent+0xoff/0xsize <addr>}).
 * Output goes to a null stream; names come from tracesym's own {@link SymbolizerNamer} (every symbol
 * text carries its address, so no by-name index is needed). {@code items} = lines/s.
 * <ul>
 *   <li>{@code reuse}: the reuse sample's own ftrace text (reuse-042-final.trace.xz, 12,731 lines)
 *       against its symbol archive, time-aware (the archive's state fed once from the .dat's
 *       markers and module events);</li>
 *   <li>{@code big}: the first million function events of the big sample (shared corpus), printed
 *       as the kernel prints them with those options, against kallsyms-at-extract.txt.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TextAnnotateBenchmark {
    @Param({"reuse"})
    public String input;

    private byte[] text;
    private TextAnnotator annotator;

    @Setup
    public void setup() throws IOException {
        Symbolizer symbolizer;
        if (input.equals("big")) {
            StaticSymbolizer s = StaticSymbolizer.open(SampleFiles.sharedFile("big/kallsyms-at-extract.txt"));
            text = functionText(LoadedTrace.read(SampleFiles.trace("big.v7-zstd"), 1_000_000), s);
            symbolizer = s;
        } else {
            Path data = SampleFiles.data();
            TimeAwareSymbolizer s = TimeAwareSymbolizer.open(data.resolve("reuse/snapshots"), data.resolve("modules-6.1.0-56-amd64"));
            StateFeed.feed(LoadedTrace.read(SampleFiles.trace("reuse.v7-zstd"), Integer.MAX_VALUE), s);
            try (InputStream in = InputFile.open(data.resolve("text/reuse-042-final.trace.xz"))) {
                text = in.readAllBytes();
            }
            symbolizer = s;
        }
        annotator = new TextAnnotator(SymbolizerNamer.of(symbolizer), NameIndex.NONE, null);
        AnnotationStats st = annotate();
        if (st.renamed < st.lines / 2) throw new IllegalStateException(input + ": only " + st);
    }

    @Benchmark
    public long annotateAll(EventCounter counter, CpuCounter cpu) throws IOException {
        long cpu0 = cpu.begin();
        AnnotationStats st = annotate();
        counter.items += st.lines;
        cpu.end(cpu0, st.lines);
        return st.symbols;
    }

    private AnnotationStats annotate() throws IOException {
        try (TextTraceReader in = TextTraceReader.open(new ByteArrayInputStream(text), input, WarningSink.IGNORE)) {
            return annotator.annotate(in, OutputStream.nullOutputStream());
        }
    }

    /** The function events of {@code t} as the kernel's trace file prints them with sym-offset and sym-addr. */
    static byte[] functionText(LoadedTrace t, Symbolizer names) {
        EventFormat function = t.formats.find("ftrace", "function");
        FieldFormat pid = function.field("common_pid");
        boolean big = t.formats.bigEndian();
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.count * 140);
        out.writeBytes("# tracer: function\n#\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder b = new StringBuilder(256);
        Resolution r = new Resolution();
        RawEvent e = new RawEvent();
        int a = 0;
        for (int i = 0; i < t.count; i++) {
            t.event(i, e);
            if (t.formats.typeOf(e) != function.id) continue;
            long ip = t.addr[a++];
            long parent = t.addr[a++];
            b.setLength(0);
            String comm = "<...>-" + EventFields.signed(e, pid, big);
            for (int k = comm.length(); k < 22; k++) b.append(' ');
            b.append(comm).append("     [").append(String.format("%03d", e.cpu)).append("] ..... ");
            String sec = Long.toString(e.ts / 1_000_000_000L);
            for (int k = sec.length(); k < 5; k++) b.append(' ');
            b.append(sec).append('.');
            String us = Long.toString(e.ts / 1000 % 1_000_000);
            for (int k = us.length(); k < 6; k++) b.append('0');
            b.append(us).append(": ");
            symbol(b, names, e.ts, ip, r);
            b.append(" <-");
            symbol(b, names, e.ts, parent, r);
            b.append('\n');
            out.writeBytes(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    private static void symbol(StringBuilder b, Symbolizer names, long ts, long addr, Resolution r) {
        r.reset(addr);
        if (names.resolve(ts, addr, r)) {
            b.append(r.name).append("+0x").append(Long.toHexString(r.offset)).append("/0x").append(Long.toHexString(r.size));
            if (r.module != null) b.append(" [").append(r.module).append(']');
        } else {
            b.append("0x").append(Long.toHexString(addr));
        }
        b.append(" <").append(String.format("%016x", addr)).append('>');
    }
}
