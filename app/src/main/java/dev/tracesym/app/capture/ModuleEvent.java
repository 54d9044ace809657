package dev.tracesym.app.capture;

/**
 * A line of the capture instance's trace_pipe that changes the module layout, e.g.
 * {@code modprobe-122 [000] ..... 6.499119: module_load: soundcore} or
 * {@code rmmod-203 [001] ..... 18.653216: module_free: snd_seq_dummy}, or a note that events were
 * lost (then which modules changed is unknown).
 */
final class ModuleEvent {
    enum Kind { LOAD, FREE, LOST, /** trace_pipe ended or failed */ END, /** the user asked to stop */ STOP }

    static final ModuleEvent END = new ModuleEvent(Kind.END, null);
    static final ModuleEvent STOP = new ModuleEvent(Kind.STOP, null);

    final Kind kind;
    /** The module name; null for the other kinds. */
    final String module;
    /** The event's time as trace_pipe prints it ("28.580264"); "-" when the line has none. */
    final String timestamp;

    private ModuleEvent(Kind kind, String module) {
        this(kind, module, "-");
    }

    private ModuleEvent(Kind kind, String module, String timestamp) {
        this.kind = kind;
        this.module = module;
        this.timestamp = timestamp;
    }

    /** The kernel's name of the event: module_load, module_free or lost. */
    String eventName() {
        return kind == Kind.LOAD ? "module_load" : kind == Kind.FREE ? "module_free" : "lost";
    }

    /** The snapshot label this event leads to, as the samples name them. */
    String label() {
        switch (kind) {
            case LOAD: return "after-load-" + module;
            case FREE: return "after-unload-" + module;
            default: return "after-lost-events";
        }
    }

    /** The event on a trace_pipe line; null for any other line. */
    static ModuleEvent parse(String line) {
        ModuleEvent e = named(line, ": module_load: ", Kind.LOAD);
        if (e == null) e = named(line, ": module_free: ", Kind.FREE);
        if (e == null && line.contains("[LOST ") && line.contains(" EVENTS]")) e = new ModuleEvent(Kind.LOST, null);
        return e;
    }

    private static ModuleEvent named(String line, String tag, Kind kind) {
        int at = line.indexOf(tag);
        if (at < 0) return null;
        int start = at + tag.length();
        int end = start;
        while (end < line.length() && line.charAt(end) != ' ') end++;
        String name = line.substring(start, end);
        if (!validName(name)) return null;
        // "comm-pid [cpu] flags  28.580264: module_load: name": the token before the tag
        int tsEnd = at;
        int tsStart = tsEnd;
        while (tsStart > 0 && line.charAt(tsStart - 1) != ' ') tsStart--;
        String ts = line.substring(tsStart, tsEnd);
        return new ModuleEvent(kind, name, ts.isEmpty() ? "-" : ts);
    }

    /** Module names are C identifiers (the kernel turns dashes into underscores); they become file names. */
    static boolean validName(String name) {
        if (name.isEmpty() || name.length() > 64) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) return false;
        }
        return true;
    }
}
