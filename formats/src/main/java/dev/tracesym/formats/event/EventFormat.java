package dev.tracesym.formats.event;

/** One event type as its {@code format} file describes it. */
public final class EventFormat {
    /** The event id ({@code common_type} of its records). */
    public final int id;
    /** {@code "ftrace"}, {@code "sched"}, ...; and the event name: {@code "function"}, {@code "sched_switch"}. */
    public final String system, name;
    /** The fields before the blank line ({@code common_*}) and the event's own fields, in file order. */
    public final FieldFormat[] commonFields, fields;
    /** The raw text after {@code "print fmt: "} (to the end of that line); empty when absent. */
    public final String printFmt;

    /**
     * libtraceevent's TEP_EVENT_FL_FAILED for the field list: the fields could not be read, so the
     * event prints as {@code [FAILED TO PARSE]} whatever its print fmt says.
     */
    final boolean fieldsFailed;
    /** Where the print fmt starts in {@link #source}, or -1 when the fields failed to parse. */
    final int printFmtStart;
    /** The whole format file text, kept for the print-fmt compiler (it tokenizes from printFmtStart). */
    final String source;

    EventFormat(int id, String system, String name, FieldFormat[] commonFields, FieldFormat[] fields,
                String printFmt, boolean fieldsFailed, String source, int printFmtStart) {
        this.id = id;
        this.system = system;
        this.name = name;
        this.commonFields = commonFields;
        this.fields = fields;
        this.printFmt = printFmt;
        this.fieldsFailed = fieldsFailed;
        this.source = source;
        this.printFmtStart = printFmtStart;
    }

    /** The common field or own field called {@code name} (common fields first, as libtraceevent looks); null when absent. */
    public FieldFormat field(String name) {
        for (FieldFormat f : commonFields) {
            if (f.name.equals(name)) return f;
        }
        for (FieldFormat f : fields) {
            if (f.name.equals(name)) return f;
        }
        return null;
    }

    @Override
    public String toString() {
        return system + ":" + name + "(" + id + ")";
    }
}
