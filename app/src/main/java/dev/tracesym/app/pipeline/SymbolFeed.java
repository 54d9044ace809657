package dev.tracesym.app.pipeline;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import dev.tracesym.formats.report.EventSource;
import dev.tracesym.symbolizer.Symbolizer;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Passes the records of a trace through unchanged and tells the symbolizer, as each record goes by,
 * what it says about the kernel's symbols: every {@code ftrace:print} text ({@code epoch: NNN label}
 * markers place archive snapshots), {@code module:module_load} and {@code module:module_free}, a
 * {@code module:module_put} whose call site is {@code do_init_module} (that module's init code is
 * freed), and a {@code function}/{@code funcgraph_entry} hit of {@code do_free_init} (every finished
 * module's init code is freed). Records come in time order, so each change reaches the symbolizer
 * before any record at or after its time is named.
 */
public final class SymbolFeed implements EventSource {
    /** What a record told the symbolizer. */
    public enum Change {
        /** An {@code ftrace:print} text ({@link #text()}). */
        MARKER,
        /** {@code module_load} of module {@link #text()}. */
        MODULE_LOAD,
        /** {@code module_free} of module {@link #text()}. */
        MODULE_FREE,
        /** Module {@link #text()} finished its init ({@code module_put} from {@code do_init_module}). */
        INIT_DONE,
        /** A hit of {@code do_free_init}: the init code of every finished module is freed. */
        FREE_INIT
    }

    private static final byte OTHER = 0;
    private static final byte PRINT = 1;
    private static final byte LOAD = 2;
    private static final byte FREE = 3;
    private static final byte PUT = 4;
    private static final byte HIT = 5;

    private final EventSource source;
    private final SymbolizerNamer namer;
    private final Symbolizer symbolizer;
    private final EventFormats formats;
    private final boolean bigEndian;
    private final byte[] role = new byte[65536];
    /** Per event id: the field that carries the text, the module name, or the code address. */
    private final FieldFormat[] textField = new FieldFormat[65536];
    private final FieldFormat[] addrField = new FieldFormat[65536];
    /** Start of {@code do_free_init}, or 0 when the kernel table has no such function. */
    private final long freeInit;
    private final StringBuilder text = new StringBuilder(256);
    private final Map<String, String> names = new HashMap<>();

    /**
     * @param source the records, in time order
     * @param formats the trace's event formats
     * @param namer the namer whose symbolizer is fed (and which names the call site of module_put)
     */
    public SymbolFeed(EventSource source, EventFormats formats, SymbolizerNamer namer) {
        this(formats, namer, source);
    }

    /**
     * A feed for a caller that reads the records itself and hands each to {@link #observe} (its
     * {@link #next} has nothing to read).
     */
    public SymbolFeed(EventFormats formats, SymbolizerNamer namer) {
        this(formats, namer, into -> false);
    }

    private SymbolFeed(EventFormats formats, SymbolizerNamer namer, EventSource source) {
        this.source = source;
        this.namer = namer;
        this.symbolizer = namer.symbolizer();
        this.formats = formats;
        this.bigEndian = formats.bigEndian();
        this.freeInit = namer.addressOf("do_free_init");
        // only the event types that can play a role: the others' formats need not be read
        String[][] roles = {{"ftrace", "print"}, {"ftrace", "function"}, {"ftrace", "funcgraph_entry"},
            {"module", "module_load"}, {"module", "module_free"}, {"module", "module_put"}};
        for (String[] r : roles) {
            for (EventFormat f : formats.named(r[0], r[1])) {
                assign(f);
            }
        }
    }

    private void assign(EventFormat f) {
        if (f.id < 0 || f.id >= role.length) {
            return;
        }
        byte r = OTHER;
        if (f.system.equals("ftrace")) {
            switch (f.name) {
                case "print" -> {
                    r = PRINT;
                    textField[f.id] = f.field("buf");
                }
                case "function" -> {
                    r = freeInit != 0 ? HIT : OTHER;
                    addrField[f.id] = f.field("ip");
                }
                case "funcgraph_entry" -> {
                    r = freeInit != 0 ? HIT : OTHER;
                    addrField[f.id] = f.field("func");
                }
                default -> {
                }
            }
        } else if (f.system.equals("module")) {
            switch (f.name) {
                case "module_load" -> r = LOAD;
                case "module_free" -> r = FREE;
                case "module_put" -> {
                    r = PUT;
                    addrField[f.id] = f.field("ip");
                }
                default -> {
                }
            }
            textField[f.id] = f.field("name");
        }
        boolean usable = switch (r) {
            case PRINT, LOAD, FREE -> textField[f.id] != null;
            case PUT -> textField[f.id] != null && addrField[f.id] != null;
            case HIT -> addrField[f.id] != null;
            default -> false;
        };
        role[f.id] = usable ? r : OTHER;
    }

    @Override
    public boolean next(RawEvent into) throws IOException {
        if (!source.next(into)) {
            return false;
        }
        observe(into);
        return true;
    }

    /**
     * Tells the symbolizer what {@code e} says, if anything.
     *
     * @return what it said ({@link #text()} holds the marker text or module name), or null for nothing
     */
    public Change observe(RawEvent e) {
        if (namer.otherBoot(e.buffer)) {
            return null;        // a previous boot's events say nothing of this boot's symbols
        }
        namer.buffer(e.buffer);
        int id = formats.typeOf(e);
        if (id < 0 || id >= role.length) {
            return null;
        }
        switch (role[id]) {
            case HIT: {
                long a = EventFields.unsigned(e, addrField[id], bigEndian);
                // the traced address is the function's start, or just after its endbr64 with IBT
                if (a - freeInit >= 0 && a - freeInit < 16) {
                    symbolizer.moduleInitDone(e.ts, null);
                    return Change.FREE_INIT;
                }
                return null;
            }
            case PRINT:
                text.setLength(0);
                EventFields.appendString(text, e, textField[id], bigEndian);
                symbolizer.marker(e.ts, text);
                return Change.MARKER;
            case LOAD:
                symbolizer.moduleLoad(e.ts, moduleName(e, id));
                return Change.MODULE_LOAD;
            case FREE:
                symbolizer.moduleFree(e.ts, moduleName(e, id));
                return Change.MODULE_FREE;
            case PUT: {
                int c = namer.symbolCode(e.ts, EventFields.unsigned(e, addrField[id], bigEndian));
                if (c >= 0 && namer.name(c).equals("do_init_module")) {
                    symbolizer.moduleInitDone(e.ts, moduleName(e, id));
                    return Change.INIT_DONE;
                }
                return null;
            }
            default:
                return null;
        }
    }

    /** The marker text or module name of the last change {@link #observe} reported. */
    public String text() {
        return text.toString();
    }

    private String moduleName(RawEvent e, int id) {
        text.setLength(0);
        EventFields.appendString(text, e, textField[id], bigEndian);
        String n = text.toString();
        return names.computeIfAbsent(n, k -> k);
    }
}
