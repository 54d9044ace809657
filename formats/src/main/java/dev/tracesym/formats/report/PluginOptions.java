package dev.tracesym.formats.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of the plugins {@code trace-cmd report} 3.1.6 loads, as its {@code -O [plugin:]option[=value]}
 * sets them: libtraceevent's function plugin ({@code ftrace:parent}, {@code ftrace:indent},
 * {@code ftrace:offset}) and trace-cmd's own function_graph handlers ({@code fgraph:tailprint},
 * {@code fgraph:depth}). Every one is a boolean.
 *
 * <p>{@link #of} applies the settings as libtraceevent does: settings are kept in a list (a repeated
 * {@code [plugin:]option} changes its value where it stands, a new one goes to the front); when the
 * plugins load, each option takes the first setting naming its plugin and then the first naming no
 * plugin. A setting without a value toggles the option; {@code 1}/{@code true} and
 * {@code 0}/{@code false} set and clear it; any other value, and any option no plugin has, changes nothing.
 */
public final class PluginOptions {
    /** The plugin (alias) and name of each option, and whether it is on without settings. */
    private static final String[][] KNOWN = {
        {"ftrace", "parent", "0"}, {"ftrace", "indent", "1"}, {"ftrace", "offset", "0"},
        {"fgraph", "tailprint", "0"}, {"fgraph", "depth", "0"},
    };
    private static final int PARENT = 0, INDENT = 1, OFFSET = 2, TAILPRINT = 3, DEPTH = 4;

    /** Every option as it is without {@code -O}. */
    public static final PluginOptions DEFAULT = of(List.of());

    private final boolean[] set = new boolean[KNOWN.length];

    private PluginOptions() {
        for (int i = 0; i < KNOWN.length; i++) {
            set[i] = KNOWN[i][2].equals("1");
        }
    }

    /** The options after the {@code -O} settings {@code [plugin:]option[=value]}, in command-line order. */
    public static PluginOptions of(List<String> settings) {
        // tep_plugin_add_option's list: {plugin or null, option, value or null}, newest first
        List<String[]> list = new ArrayList<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            String name = eq < 0 ? s : s.substring(0, eq);
            String value = eq < 0 ? null : s.substring(eq + 1);
            int colon = name.indexOf(':');
            String plugin = colon < 0 ? null : name.substring(0, colon);
            String option = colon < 0 ? name : name.substring(colon + 1);
            String[] found = null;
            for (String[] e : list) {
                if ((plugin == null ? e[0] == null : plugin.equals(e[0])) && option.equals(e[1])) {
                    found = e;
                    break;
                }
            }
            if (found != null) {
                found[2] = value;
            } else {
                list.add(0, new String[] {plugin, option, value});
            }
        }
        PluginOptions o = new PluginOptions();
        for (int i = 0; i < KNOWN.length; i++) {
            for (boolean named : new boolean[] {true, false}) {
                for (String[] e : list) {
                    if ((named ? KNOWN[i][0].equals(e[0]) : e[0] == null) && KNOWN[i][1].equals(e[1])) {
                        o.update(i, e[2]);
                        break;
                    }
                }
            }
        }
        return o;
    }

    /** update_option_value of a boolean option. */
    private void update(int i, String value) {
        if (value == null) {
            set[i] = !set[i];
        } else if (value.equals("1") || value.equals("true")) {
            set[i] = true;
        } else if (value.equals("0") || value.equals("false")) {
            set[i] = false;
        }
    }

    /** {@code ftrace:parent}: function events also show their parent, {@code func <-- parent}. */
    public boolean functionParent() {
        return set[PARENT];
    }

    /** {@code ftrace:indent} (on by default): function events indented by their call depth. */
    public boolean functionIndent() {
        return set[INDENT];
    }

    /** {@code ftrace:offset}: function names with their offset, {@code func+0x1c }. */
    public boolean functionOffset() {
        return set[OFFSET];
    }

    /** {@code fgraph:tailprint}: the closing brace of a function_graph return is followed by the function's name in a C comment. */
    public boolean graphTailprint() {
        return set[TAILPRINT];
    }

    /** {@code fgraph:depth}: function_graph lines end with their depth, {@code (3)}. */
    public boolean graphDepth() {
        return set[DEPTH];
    }
}
