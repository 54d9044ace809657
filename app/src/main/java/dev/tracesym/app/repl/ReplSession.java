package dev.tracesym.app.repl;

import dev.tracesym.app.cli.FailureText;
import dev.tracesym.symbolizer.Resolution;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REPL's commands, without a terminal: {@link #execute} runs one line and writes its answer,
 * {@link #completions} says what may follow. Holds the current time that {@code at} sets and the
 * other commands default to. Tests drive it directly; {@link ReplLoop} puts it on a terminal.
 */
final class ReplSession {
    /** What a command's arguments are, for completion. */
    enum Arg { TIME, ADDRESS, SYMBOL, MODULE, AT_KEYWORD, COMMAND, NONE }

    private record Command(String name, String usage, String summary, Arg[] args) {}

    private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

    static {
        add("at", "at [TS]", "show or set the current time (seconds on the trace clock; 'start', 'end')", Arg.TIME);
        add("resolve", "resolve ADDR... [at TS]", "name addresses as of the current time (or TS), and where each part came from", Arg.ADDRESS);
        add("lookup", "lookup NAME", "every address NAME had over time, with module, object, source and epoch", Arg.SYMBOL);
        add("modules", "modules [at TS]", "modules loaded at the current time (or TS)", Arg.AT_KEYWORD, Arg.TIME);
        add("timeline", "timeline MODULE", "every load of MODULE: when, where, for how long", Arg.MODULE);
        add("diff", "diff TS1 TS2", "what changed in the symbol state between two times", Arg.TIME, Arg.TIME);
        add("events", "events ADDR [all]", "events of the trace whose address fields hold ADDR, named at their time", Arg.ADDRESS);
        add("info", "info", "what is loaded: trace, archive, modules, time range");
        add("help", "help [COMMAND]", "list the commands, or explain one", Arg.COMMAND);
        add("quit", "quit", "leave (also 'exit' or Ctrl-D)");
    }

    private static void add(String name, String usage, String summary, Arg... args) {
        COMMANDS.put(name, new Command(name, usage, summary, args));
    }

    /** How many hits {@code events} lists before it only counts. */
    static final int EVENT_LIST_LIMIT = 20;

    private final SymbolQueries queries;
    private long now;
    private volatile boolean cancelled;

    ReplSession(SymbolQueries queries) {
        this.queries = queries;
        this.now = queries.defaultTime();
    }

    /** The time commands default to, in ns. */
    long now() {
        return now;
    }

    /** Asks the running command to stop (Ctrl-C); the next command starts afresh. */
    void cancel() {
        cancelled = true;
    }

    /**
     * Runs one command line, writing its answer to {@code out}.
     *
     * @return false when the line asks to leave
     * @throws IllegalArgumentException for a line that is not a valid command, with what to type instead
     * @throws IOException when a file the command needs cannot be read
     */
    boolean execute(String line, PrintWriter out) throws IOException {
        cancelled = false;
        String[] words = line.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty() || words[0].startsWith("#")) return true;
        String name = words[0].toLowerCase();
        List<String> args = Arrays.asList(words).subList(1, words.length);
        switch (name) {
            case "quit", "exit" -> {
                return false;
            }
            case "help", "?" -> help(args, out);
            case "info" -> out.print(queries.describe());
            case "at" -> at(args, out);
            case "resolve" -> resolve(args, out);
            case "lookup" -> lookup(args, out);
            case "modules" -> modules(args, out);
            case "timeline" -> timeline(args, out);
            case "diff" -> diff(args, out);
            case "events" -> events(args, out);
            default -> throw new IllegalArgumentException("unknown command '" + words[0] + "'; type 'help' for the list");
        }
        return true;
    }

    // ---- commands

    private void help(List<String> args, PrintWriter out) {
        if (!args.isEmpty()) {
            Command c = COMMANDS.get(args.get(0).toLowerCase());
            if (c == null) throw new IllegalArgumentException("no command '" + args.get(0) + "'; type 'help' for the list");
            out.println(c.usage);
            out.println("  " + c.summary);
            return;
        }
        for (Command c : COMMANDS.values()) out.printf("  %-24s %s%n", c.usage, c.summary);
        out.println("Times are seconds on the trace clock (15.4453, or 15445300000ns); addresses are hex.");
    }

    private void at(List<String> args, PrintWriter out) {
        if (args.size() > 1) throw usage("at");
        if (args.size() == 1) now = time(args.get(0));
        out.println("at " + Seconds.format(now) + queries.epochNote(now));
    }

    private void resolve(List<String> args, PrintWriter out) {
        int end = args.size();
        long ts = now;
        if (end >= 2 && args.get(end - 2).equalsIgnoreCase("at")) {
            ts = time(args.get(end - 1));
            end -= 2;
        }
        if (end == 0) throw usage("resolve");
        Resolution r = new Resolution();
        for (String a : args.subList(0, end)) {
            long addr = Hex.parseAddress(a);
            queries.resolve(ts, addr, r);
            out.println(ResolveLine.format(addr, r, ts));
        }
    }

    private void lookup(List<String> args, PrintWriter out) {
        if (args.size() != 1) throw usage("lookup");
        List<SymbolQueries.NameHit> hits = queries.lookup(args.get(0));
        if (hits.isEmpty()) {
            out.println(args.get(0) + ": no such symbol at any time");
            return;
        }
        for (SymbolQueries.NameHit h : hits) out.println(h.format());
    }

    private void modules(List<String> args, PrintWriter out) {
        long ts = now;
        if (args.size() == 2 && args.get(0).equalsIgnoreCase("at")) ts = time(args.get(1));
        else if (args.size() == 1) ts = time(args.get(0));
        else if (!args.isEmpty()) throw usage("modules");
        List<SymbolQueries.ModuleSpan> mods = queries.modulesAt(ts);
        out.println(mods.size() + " modules loaded at " + Seconds.format(ts));
        for (SymbolQueries.ModuleSpan m : mods) out.println("  " + m.format());
    }

    private void timeline(List<String> args, PrintWriter out) {
        if (args.size() != 1) throw usage("timeline");
        List<SymbolQueries.ModuleSpan> spans = queries.timeline(args.get(0));
        if (spans.isEmpty()) {
            out.println(args.get(0) + ": never loaded" + queries.moduleHint(args.get(0)));
            return;
        }
        for (SymbolQueries.ModuleSpan m : spans) out.println("  " + m.format());
    }

    private void diff(List<String> args, PrintWriter out) {
        if (args.size() != 2) throw usage("diff");
        long a = time(args.get(0)), b = time(args.get(1));
        out.print(queries.diff(a, b));
    }

    private void events(List<String> args, PrintWriter out) throws IOException {
        if (args.isEmpty() || args.size() > 2 || (args.size() == 2 && !args.get(1).equalsIgnoreCase("all"))) {
            throw usage("events");
        }
        long addr = Hex.parseAddress(args.get(0));
        int limit = args.size() == 2 ? Integer.MAX_VALUE : EVENT_LIST_LIMIT;
        out.print(queries.events(addr, limit, () -> cancelled));
    }

    // ---- completion

    /**
     * Words that may complete {@code prefix}, given the words before it on the line.
     */
    List<String> completions(List<String> before, String prefix) {
        List<String> out = new ArrayList<>();
        if (before.isEmpty()) {
            for (String c : COMMANDS.keySet()) if (c.startsWith(prefix)) out.add(c);
            return out;
        }
        Command c = COMMANDS.get(before.get(0).toLowerCase());
        if (c == null) return out;
        Arg kind = argAt(c, before);
        switch (kind) {
            case SYMBOL -> out.addAll(queries.symbolNames(prefix, 500));
            case MODULE -> {
                for (String m : queries.moduleNames()) if (m.startsWith(prefix)) out.add(m);
            }
            case COMMAND -> {
                for (String n : COMMANDS.keySet()) if (n.startsWith(prefix)) out.add(n);
            }
            case AT_KEYWORD -> {
                if ("at".startsWith(prefix)) out.add("at");
            }
            case TIME -> {
                for (String t : List.of("start", "end")) if (t.startsWith(prefix)) out.add(t);
            }
            default -> { }
        }
        return out;
    }

    private static Arg argAt(Command c, List<String> before) {
        int i = before.size() - 1; // index among the command's arguments
        if (c.args.length == 0) return Arg.NONE;
        String last = before.get(before.size() - 1);
        if (last.equalsIgnoreCase("at") && i > 0) return Arg.TIME;
        if (c.name.equals("resolve")) return i >= 1 ? Arg.AT_KEYWORD : Arg.ADDRESS;
        return i < c.args.length ? c.args[i] : Arg.NONE;
    }

    // ---- arguments

    private long time(String text) {
        if (text.equalsIgnoreCase("start")) return queries.startTime();
        if (text.equalsIgnoreCase("end")) return queries.endTime();
        return Seconds.parse(text);
    }

    private static IllegalArgumentException usage(String command) {
        return new IllegalArgumentException("usage: " + COMMANDS.get(command).usage);
    }

    /** A user-facing message for a failure while {@code doing} ("running 'at 1.5'", "loading t.dat"). */
    static String messageOf(Throwable e, String doing) {
        return FailureText.of(e, doing);
    }
}
