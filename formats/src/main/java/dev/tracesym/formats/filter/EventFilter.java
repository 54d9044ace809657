package dev.tracesym.formats.filter;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.FieldFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One {@code -F} filter compiled for one trace, libtraceevent's {@code tep_event_filter} after
 * {@code tep_filter_add_filter_str}: {@code EVENTS[:EXPRESSION]}, where EVENTS is a comma-separated
 * list of {@code SYSTEM/EVENT}, {@code SYSTEM} or {@code EVENT} names, each a POSIX basic regular
 * expression matched whole and case-insensitively (a lone name matches a system or an event), and the
 * expression is read for each matching event on its own ({@link ExpressionParser}); without one, every
 * record of those events matches.
 */
public final class EventFilter {
    /** {@link #match} results, as {@code tep_filter_match}'s. */
    public static final int MATCH = 0, MISS = 1, NOT_FOUND = 2, ERROR = 3;

    private final String text;
    private final boolean bigEndian;
    /** The expression of each event id the filter names (null: not named). */
    private final Node[] byId;
    private final EventFormat[] formatById;
    /** Each named event's common_pid field (null where it has none). */
    private final FieldFormat[] pidById;
    private final List<String> shown;

    private EventFilter(String text, boolean bigEndian, Node[] byId, EventFormat[] formatById, FieldFormat[] pidById,
                        List<String> shown) {
        this.text = text;
        this.bigEndian = bigEndian;
        this.byId = byId;
        this.formatById = formatById;
        this.pidById = pidById;
        this.shown = shown;
    }

    /**
     * Compiles {@code text} for the events of a trace.
     *
     * @throws FilterException when an event name matches nothing or is not a valid expression, or the
     *                         expression does not parse for one of the events
     */
    public static EventFilter compile(String text, EventFormats formats) throws FilterException {
        int colon = text.indexOf(':');
        String names = colon < 0 ? text : text.substring(0, colon);
        String expression = colon < 0 ? null : text.substring(colon + 1);
        List<EventFormat> all = formats.all();
        List<EventFormat> events = new ArrayList<>();
        for (String name : names.split(",", -1)) {
            String[] parts = systemAndEvent(name);
            if (parts == null) {
                throw new FilterException("'" + text + "': no event name before " + (colon < 0 ? "the end" : "the ':'"));
            }
            // libtraceevent prepends each match to its list: the last match comes first
            List<EventFormat> found = find(all, parts[0], parts[1], text);
            for (EventFormat e : found) {
                events.add(0, e);
            }
        }
        int maxId = 0;
        for (EventFormat e : events) {
            maxId = Math.max(maxId, e.id);
        }
        Node[] byId = new Node[maxId + 1];
        EventFormat[] formatById = new EventFormat[maxId + 1];
        FieldFormat[] pidById = new FieldFormat[maxId + 1];
        List<String> shown = new ArrayList<>();
        FilterException failure = null;
        for (EventFormat e : events) {
            Node n;
            try {
                n = expression == null ? Node.bool(true) : ExpressionParser.parse(e, expression);
            } catch (FilterException ex) {
                // libtraceevent goes on with the other events, then refuses the whole filter
                failure = new FilterException("'" + text + "' for " + e.system + ":" + e.name + ": " + ex.getMessage());
                continue;
            }
            byId[e.id] = n;
            formatById[e.id] = e;
            pidById[e.id] = e.field("common_pid");
            String s = n.show();
            if (s != null) {
                shown.add(" '" + e.name + ": " + s + "'");
            }
        }
        if (failure != null) {
            throw new FilterException(failure.getMessage(), shown);
        }
        return new EventFilter(text, formats.bigEndian(), byId, formatById, pidById, List.copyOf(shown));
    }

    /**
     * {@code SYSTEM/EVENT} split as strtok does (empty parts skipped, a third part ignored), each part
     * trimmed; {@code {null, NAME}} for a lone name; null when there is no name at all.
     */
    private static String[] systemAndEvent(String name) {
        String[] parts = Arrays.stream(name.split("/")).filter(p -> !p.isEmpty()).toArray(String[]::new);
        if (parts.length == 0) {
            return null;
        }
        if (parts.length == 1) {
            return new String[] {null, parts[0].strip()};
        }
        return new String[] {parts[0].strip(), parts[1].strip()};
    }

    private static List<EventFormat> find(List<EventFormat> all, String system, String event, String text)
            throws FilterException {
        Pattern e = whole(event, text);
        Pattern s = system == null ? null : whole(system, text);
        List<EventFormat> found = new ArrayList<>();
        for (EventFormat f : all) {
            boolean hit = s != null
                    ? s.matcher(f.system).find() && e.matcher(f.name).find()
                    : e.matcher(f.system).find() || e.matcher(f.name).find();
            if (hit) {
                found.add(f);
            }
        }
        if (found.isEmpty()) {
            throw new FilterException("'" + text + "': no event matches " + (system == null ? "" : system + "/") + event);
        }
        return found;
    }

    private static Pattern whole(String name, String text) throws FilterException {
        try {
            return PosixRegex.compile("^" + name + "$");
        } catch (PosixRegex.Invalid ex) {
            throw new FilterException("'" + text + "': " + name + " is not a valid event name pattern (" + ex.getMessage() + ")");
        }
    }

    /** The filter as given. */
    public String text() {
        return text;
    }

    /**
     * What {@code trace-cmd report -T} prints for this filter: {@code  'event: expression'} for each event
     * it names, in libtraceevent's order.
     */
    public List<String> shown() {
        return shown;
    }

    /** Whether the filter names the event with this id. */
    public boolean names(int id) {
        return id >= 0 && id < byId.length && byId[id] != null;
    }

    /**
     * Tests a record whose event id is {@code id}: {@link #MATCH}, {@link #MISS}, {@link #NOT_FOUND} (the
     * filter does not name its event) or {@link #ERROR} (the expression cannot be evaluated for it, e.g. a
     * division by zero: libtraceevent's error codes).
     */
    public int match(RawEvent e, int id, FilterNames names) {
        if (id < 0 || id >= byId.length || byId[id] == null) {
            return NOT_FOUND;
        }
        Evaluation ev = evaluation;
        ev.e = e;
        ev.event = formatById[id];
        ev.names = names;
        ev.failed = false;
        boolean v = ev.test(byId[id]);
        return ev.failed ? ERROR : v ? MATCH : MISS;
    }

    /** Reused for every record: a filter is used by one thread. */
    private final Evaluation evaluation = new Evaluation();

    /** One record's evaluation (libtraceevent's test_filter with its error flag). */
    private final class Evaluation {
        RawEvent e;
        EventFormat event;
        FilterNames names;
        boolean failed;

        boolean test(Node n) {
            if (failed) {
                return false;
            }
            switch (n.kind) {
                case Node.BOOLEAN:
                    return n.value;
                case Node.OP:
                    return switch (n.op) {
                        case Node.AND -> test(n.left) && test(n.right);
                        case Node.OR -> test(n.left) || test(n.right);
                        default -> !test(n.right);
                    };
                case Node.NUM:
                    return compare(n);
                case Node.STR:
                    return matchString(n);
                default:
                    return value(n) != 0;
            }
        }

        private boolean compare(Node n) {
            long l = value(n.left);
            long r = value(n.right);
            if (failed) {
                return false;
            }
            return switch (n.op) { // unsigned, as C's unsigned long long
                case Node.EQ -> l == r;
                case Node.NE -> l != r;
                case Node.GT -> Long.compareUnsigned(l, r) > 0;
                case Node.LT -> Long.compareUnsigned(l, r) < 0;
                case Node.GE -> Long.compareUnsigned(l, r) >= 0;
                case Node.LE -> Long.compareUnsigned(l, r) <= 0;
                default -> fail();
            };
        }

        private boolean fail() {
            failed = true;
            return false;
        }

        private long value(Node n) {
            switch (n.kind) {
                case Node.FIELD:
                    return fieldValue(n);
                case Node.VALUE:
                    if (n.valueType != Node.NUMBER) {
                        failed = true;
                    }
                    return n.number;
                case Node.EXP: {
                    long l = value(n.left);
                    long r = value(n.right);
                    if (failed) {
                        return 0;
                    }
                    switch (n.op) {
                        case Node.ADD: return l + r;
                        case Node.SUB: return l - r;
                        case Node.MUL: return l * r;
                        case Node.DIV:
                        case Node.MOD:
                            if (r == 0) { // C dies of SIGFPE here: no record matches instead
                                failed = true;
                                return 0;
                            }
                            return n.op == Node.DIV ? Long.divideUnsigned(l, r) : Long.remainderUnsigned(l, r);
                        case Node.RSHIFT: return l >>> r; // the count taken mod 64, as x86 does
                        case Node.LSHIFT: return l << r;
                        case Node.BAND: return l & r;
                        case Node.BOR: return l | r;
                        case Node.XOR: return l ^ r;
                        default:
                            failed = true;
                            return 0;
                    }
                }
                default:
                    failed = true;
                    return 0;
            }
        }

        /** A field's number: sign-extended when signed; COMM reads 0 (C: the address of the name), CPU the record's. */
        private long fieldValue(Node n) {
            if (n.fieldKind == Node.CPU) {
                return e.cpu;
            }
            if (n.fieldKind == Node.COMM) {
                return 0;
            }
            FieldFormat f = n.field;
            if (f.size != 1 && f.size != 2 && f.size != 4 && f.size != 8) {
                return 0;
            }
            return f.signed ? EventFields.signed(e, f, bigEndian) : EventFields.unsigned(e, f, bigEndian);
        }

        private boolean matchString(Node n) {
            switch (n.fieldKind) {
                case Node.FUNCTION:
                case Node.MODULE:
                    return bySymbol(n);
                case Node.COMM:
                    return byComm(n);
                default:
                    break;
            }
            FieldFormat f = n.field;
            if (f.isString()) {
                return test(n, fieldString(f));
            }
            if (f.mayBeAddress()) {
                return bySymbol(n);
            }
            return test(n, "0x" + Long.toHexString(fieldValue(n)));
        }

        /** libtraceevent's string tests (and tracesym's {@code ~} glob) of {@code v}. */
        private boolean test(Node n, String v) {
            return switch (n.op) {
                case Node.MATCH -> v.equals(n.text);
                case Node.NOT_MATCH -> !v.equals(n.text);
                case Node.REGEX -> n.pattern.matcher(v).find();
                case Node.NOT_REGEX -> !n.pattern.matcher(v).find();
                case Node.GLOB -> n.pattern.matcher(v).matches();
                default -> fail();
            };
        }

        /**
         * A test of the names of the symbol at an address field (its {@code .function}, its {@code .module},
         * or the field itself, which libtraceevent compares as the function's name): decided once per symbol
         * and remembered by the handle the namer gives, so a record costs the namer's address lookup and an
         * array read (no name, no String). An address no symbol covers compares "" ({@code .function},
         * {@code .module}) or {@code 0x<hex>} (the field itself).
         */
        private boolean bySymbol(Node n) {
            long addr = fieldValue(n);
            int sym = names.symbol(addr, e.ts);
            if (n.verdictsOf != names) { // another trace's names: its own handles
                n.verdicts = new byte[256];
                n.verdictsOf = names;
                n.noSymbol = Node.UNKNOWN;
            }
            if (sym < 0) {
                if (n.fieldKind == Node.REAL) {
                    return test(n, "0x" + Long.toHexString(addr));
                }
                if (n.noSymbol == Node.UNKNOWN) {
                    n.noSymbol = verdict(n, "");
                }
                return n.noSymbol == Node.TRUE;
            }
            byte[] v = n.verdicts;
            if (sym >= v.length) {
                v = n.verdicts = Arrays.copyOf(v, Math.max(sym + 1, v.length * 2));
            }
            byte known = v[sym];
            if (known == Node.UNKNOWN) {
                String s = n.fieldKind == Node.MODULE ? names.module(sym) : names.function(sym);
                known = v[sym] = verdict(n, s == null ? "" : s);
            }
            return known == Node.TRUE;
        }

        private byte verdict(Node n, String v) {
            return test(n, v) ? Node.TRUE : Node.FALSE;
        }

        /** A test of the record's comm, decided once per comm a pid has (the comm table hands out the same bytes). */
        private boolean byComm(Node n) {
            int pid = pid();
            byte[] comm = names.comm(pid);
            if (n.commPid == null) {
                n.commPid = new int[256];
                n.commSeen = new byte[256][];
                n.commVerdict = new boolean[256];
            }
            int slot = pid & 255;
            if (n.commSeen[slot] == comm && n.commPid[slot] == pid) {
                return n.commVerdict[slot];
            }
            boolean v = test(n, latin1(comm));
            n.commPid[slot] = pid;
            n.commSeen[slot] = comm;
            n.commVerdict[slot] = v;
            return v;
        }

        /**
         * A string field as C compares it: up to its NUL when its last byte is one; otherwise only the first
         * {@code field.size} bytes (for a dynamic string the 4 bytes of its locator's size: libtraceevent's).
         * C reads on past the record where no NUL comes first: an empty dynamic string (a probe's failed
         * fetch) points at the record's end and compares as the bytes that follow it, as far as the reader
         * holds them.
         */
        private String fieldString(FieldFormat f) {
            int start = e.offset + f.offset;
            int size = f.size;
            if (f.dynamic) {
                start = EventFields.dynamicOffset(e, f, bigEndian);
                size = EventFields.dynamicLength(e, f, bigEndian);
            }
            int end = e.heldEnd();
            if (start < e.offset || start > end) {
                return "";
            }
            int limit = end;
            int last = start + size - 1;
            if (last >= e.offset && last < end && e.data[last] != 0) {
                limit = Math.min(end, start + f.size);
            }
            int i = start;
            while (i < limit && e.data[i] != 0) {
                i++;
            }
            return new String(e.data, start, i - start, StandardCharsets.ISO_8859_1);
        }

        private int pid() {
            FieldFormat p = pidById[event.id];
            return p == null ? 0 : (int) EventFields.unsigned(e, p, bigEndian);
        }
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
