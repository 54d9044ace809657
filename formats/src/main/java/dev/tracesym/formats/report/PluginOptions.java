package dev.tracesym.formats.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The plugin options of a report ({@code trace-cmd report -O [plugin:]option[=value]}), resolved as
 * libtraceevent 1.7.1 resolves them when a plugin registers its options: for each option, the last
 * {@code -O plugin:option} given and then the last {@code -O option} apply, in that order; a value
 * {@code 1}/{@code true} sets it, {@code 0}/{@code false} clears it (other values, {@code TRUE}
 * included, change nothing: libtraceevent compares before lowering the case), and no value toggles
 * it, so {@code -O parent -O ftrace:parent} leaves it off. The function plugin's options (plugin
 * {@code ftrace}) register once per trace file, so with several input files every toggle is made once
 * per file. Unknown options and plugins are ignored, as in trace-cmd.
 */
public final class PluginOptions {
    /** function plugin (plugin name {@code ftrace}): print the parent function. */
    final boolean parent;
    /** function plugin: indent by call depth (on by default). */
    final boolean indent;
    /** function plugin: print the offset in the function ({@code name+0x1c }) for functions and stack frames. */
    final boolean offset;
    /** trace-cmd's function_graph ({@code fgraph}): the function name after a closing brace. */
    final boolean tailprint;
    /** fgraph: the depth after each entry and exit. */
    final boolean depth;

    /** trace-cmd's defaults: indent on, everything else off. */
    public static final PluginOptions DEFAULT = new PluginOptions(false, true, false, false, false);

    private PluginOptions(boolean parent, boolean indent, boolean offset, boolean tailprint, boolean depth) {
        this.parent = parent;
        this.indent = indent;
        this.offset = offset;
        this.tailprint = tailprint;
        this.depth = depth;
    }

    /** One {@code -O}: plugin (null when none), option name, value (null when none). */
    private record Given(String plugin, String option, String value) {
    }

    /**
     * Resolves {@code -O} arguments.
     *
     * @param args  the arguments of each {@code -O}, in command-line order
     * @param files how many trace files the report reads (the function plugin registers once per file)
     */
    public static PluginOptions resolve(List<String> args, int files) {
        // libtraceevent's trace_plugin_options: one entry per plugin:option, the newest first
        List<Given> list = new ArrayList<>();
        for (String a : args) {
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (eq >= 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String plugin = null;
            int colon = name.indexOf(':');
            if (colon >= 0) {
                plugin = name.substring(0, colon);
                name = name.substring(colon + 1);
            }
            boolean updated = false;
            for (int i = 0; i < list.size(); i++) {
                Given g = list.get(i);
                if (java.util.Objects.equals(g.plugin(), plugin) && g.option().equals(name)) {
                    list.set(i, new Given(plugin, name, value));
                    updated = true;
                    break;
                }
            }
            if (!updated) {
                list.add(0, new Given(plugin, name, value));
            }
        }
        boolean parent = apply(list, "ftrace", "parent", false, files);
        boolean indent = apply(list, "ftrace", "indent", true, files);
        boolean offset = apply(list, "ftrace", "offset", false, files);
        // trace-cmd registers its function_graph options once per trace file too
        boolean tailprint = apply(list, "fgraph", "tailprint", false, files);
        boolean depth = apply(list, "fgraph", "depth", false, files);
        return new PluginOptions(parent, indent, offset, tailprint, depth);
    }

    /** update_option, {@code times} times: the named entry, then the unnamed one. */
    private static boolean apply(List<Given> list, String plugin, String option, boolean set, int times) {
        for (int t = 0; t < times; t++) {
            for (Given g : list) {
                if (plugin.equals(g.plugin()) && option.equals(g.option())) {
                    set = value(set, g.value());
                    break;
                }
            }
            for (Given g : list) {
                if (g.plugin() == null && option.equals(g.option())) {
                    set = value(set, g.value());
                    break;
                }
            }
        }
        return set;
    }

    /** update_option_value for a boolean option. */
    private static boolean value(boolean set, String value) {
        if (value == null) {
            return !set;
        }
        if (value.equals("1") || value.equals("true")) {
            return true;
        }
        if (value.equals("0") || value.equals("false")) {
            return false;
        }
        return set;
    }

    /** Whether the function lines differ from the default ones (then they are not assembled off-thread). */
    boolean functionChanged() {
        return parent || !indent || offset;
    }
}
