package dev.tracesym.bench;

import dev.tracesym.formats.dat.DatFile;
import dev.tracesym.formats.dat.EventSystem;
import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.event.PrintkFormats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real trace read into memory once, so that a benchmark times only the step it is about: the
 * records (payload bytes packed into one array), their formats, and the kernel addresses of its
 * function events ({@code ip} and {@code parent_ip}) with their times.
 */
final class LoadedTrace {
    final String kallsyms;
    final String printk;
    final EventFormats formats;
    final int count;
    final byte[] payload;
    final int[] offset;
    final int[] length;
    final long[] ts;
    final int[] cpu;
    final int[] buffer;
    /** ip, parent_ip of every function event, in trace order, and the event's time. */
    final long[] addr;
    final long[] addrTs;
    final int addrCount;

    private LoadedTrace(String kallsyms, String printk, EventFormats formats, int count, byte[] payload,
                        int[] offset, int[] length, long[] ts, int[] cpu, int[] buffer, long[] addr, long[] addrTs, int addrCount) {
        this.kallsyms = kallsyms;
        this.printk = printk;
        this.formats = formats;
        this.count = count;
        this.payload = payload;
        this.offset = offset;
        this.length = length;
        this.ts = ts;
        this.cpu = cpu;
        this.buffer = buffer;
        this.addr = addr;
        this.addrTs = addrTs;
        this.addrCount = addrCount;
    }

    /** Reads at most {@code limit} events of {@code file}. */
    static LoadedTrace read(Path file, int limit) throws IOException {
        try (DatFile dat = DatFile.open(file)) {
            EventFormats formats = formatsOf(dat);
            EventFormat function = formats.find("ftrace", "function");
            FieldFormat ip = function == null ? null : function.field("ip");
            FieldFormat parent = function == null ? null : function.field("parent_ip");
            boolean big = dat.bigEndian();
            int cap = 1 << 16;
            byte[] payload = new byte[cap * 64];
            int[] offset = new int[cap];
            int[] length = new int[cap];
            long[] ts = new long[cap];
            int[] cpu = new int[cap];
            int[] buffer = new int[cap];
            long[] addr = new long[cap * 2];
            long[] addrTs = new long[cap * 2];
            int n = 0, used = 0, na = 0;
            RawEvent e = new RawEvent();
            while (n < limit && dat.next(e)) {
                if (n == offset.length) {
                    int c = n * 2;
                    offset = Arrays.copyOf(offset, c);
                    length = Arrays.copyOf(length, c);
                    ts = Arrays.copyOf(ts, c);
                    cpu = Arrays.copyOf(cpu, c);
                    buffer = Arrays.copyOf(buffer, c);
                }
                if (used + e.length > payload.length) payload = Arrays.copyOf(payload, Math.max(used + e.length, payload.length * 2));
                System.arraycopy(e.data, e.offset, payload, used, e.length);
                offset[n] = used;
                length[n] = e.length;
                ts[n] = e.ts;
                cpu[n] = e.cpu;
                buffer[n] = e.buffer;
                used += e.length;
                n++;
                if (ip != null && formats.typeOf(e) == function.id) {
                    if (na + 2 > addr.length) {
                        addr = Arrays.copyOf(addr, addr.length * 2);
                        addrTs = Arrays.copyOf(addrTs, addrTs.length * 2);
                    }
                    addr[na] = EventFields.unsigned(e, ip, big);
                    addrTs[na++] = e.ts;
                    addr[na] = EventFields.unsigned(e, parent, big);
                    addrTs[na++] = e.ts;
                }
            }
            return new LoadedTrace(dat.kallsyms(), dat.printkFormats(), formats, n, payload, offset, length, ts, cpu, buffer,
                    addr, addrTs, na);
        }
    }

    /** Points {@code e} at record {@code i}. */
    void event(int i, RawEvent e) {
        e.data = payload;
        e.offset = offset[i];
        e.length = length[i];
        e.ts = ts[i];
        e.cpu = cpu[i];
        e.buffer = buffer[i];
    }

    PrintkFormats printkFormats() {
        return printk == null ? PrintkFormats.EMPTY : PrintkFormats.parse(printk);
    }

    static EventFormats formatsOf(DatFile dat) throws IOException {
        Map<String, List<String>> systems = new LinkedHashMap<>();
        for (EventSystem s : dat.eventSystems()) systems.put(s.name(), s.formats());
        return EventFormats.parse(dat.ftraceFormats(), systems, dat.bigEndian(), dat.longSize());
    }
}
