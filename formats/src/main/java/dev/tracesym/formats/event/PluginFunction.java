package dev.tracesym.formats.event;

/**
 * The print-fmt helper functions that trace-cmd's libtraceevent plugins register before the
 * formats are parsed (so print fmts calling them parse instead of failing). Unknown helpers make
 * libtraceevent fail the event, which is what an absent entry here does too.
 */
final class PluginFunction {
    static final int INT = 0, LONG = 1, PTR = 2, STRING = 3;

    final String name;
    /** Argument kinds: numbers are evaluated, {@link #STRING} arguments rendered as text. */
    final int[] args;

    private PluginFunction(String name, int... args) {
        this.name = name;
        this.args = args;
    }

    private static final PluginFunction[] KNOWN = {
        new PluginFunction("__le16_to_cpup", PTR),          // plugin_cfg80211
        new PluginFunction("jbd2_dev_to_name", INT),        // plugin_jbd2
        new PluginFunction("jiffies_to_msecs", LONG),       // plugin_jbd2
        new PluginFunction("is_writable_pte", LONG),        // plugin_kvm
        new PluginFunction("scsi_trace_parse_cdb", PTR, PTR, INT), // plugin_scsi
        new PluginFunction("xen_hypercall_name", INT),      // plugin_xen
    };

    private static final String[] XEN_HYPERCALLS = new String[56];

    static {
        String[] names = {"set_trap_table", "mmu_update", "set_gdt", "stack_switch", "set_callbacks",
            "fpu_taskswitch", "sched_op_compat", "dom0_op", "set_debugreg", "get_debugreg", "update_descriptor",
            null, "memory_op", "multicall", "update_va_mapping", "set_timer_op", "event_channel_op_compat",
            "xen_version", "console_io", "physdev_op_compat", "grant_table_op", "vm_assist",
            "update_va_mapping_otherdomain", "iret", "vcpu_op", "set_segment_base", "mmuext_op", "acm_op",
            "nmi_op", "sched_op", "callback_op", "xenoprof_op", "event_channel_op", "physdev_op", "hvm_op"};
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) XEN_HYPERCALLS[i] = "(" + names[i] + ")";
        }
        for (int i = 0; i < 8; i++) XEN_HYPERCALLS[48 + i] = "(arch_" + i + ")";
    }

    /** A byte of the record; past its end 0 (libtraceevent reads on into whatever memory follows). */
    static int byteAt(byte[] d, int base, int size, int off) {
        return off >= 0 && off < size && base + off < d.length ? d[base + off] & 0xff : 0;
    }

    static PluginFunction find(String name) {
        for (PluginFunction f : KNOWN) {
            if (f.name.equals(name)) return f;
        }
        return null;
    }

    /**
     * Runs the helper: text goes to {@code out} (which the caller discards in numeric contexts), the
     * result is the helper's return value. A pointer argument {@code i} that points into the record
     * (a {@code __get_dynamic_array}) has its payload offset in {@code at[i]}, else -1: a helper that
     * follows any other pointer would read the memory of the traced machine (libtraceevent crashes or
     * reads its own memory), so it prints nothing and returns 0 here.
     *
     * @param d, base, size the record: payload bytes {@code d[base .. base + size)}
     */
    long call(StringBuilder out, long[] a, int[] at, byte[] d, int base, int size) {
        switch (name) {
            case "__le16_to_cpup":
                // le16toh(*p), 0 for a NULL pointer
                return at[0] < 0 ? 0 : byteAt(d, base, size, at[0]) | byteAt(d, base, size, at[0] + 1) << 8;
            case "scsi_trace_parse_cdb":
                if (at[1] >= 0) {
                    ScsiCdb.parse(out, d, base, size, at[1]);
                }
                return 0;
            case "jbd2_dev_to_name": {
                int dev = (int) a[0];
                out.append(dev >>> 20).append(':').append(dev & ((1 << 20) - 1));
                return 0;
            }
            case "jiffies_to_msecs":
                out.append(a[0]);
                return a[0];
            case "is_writable_pte":
                return a[0] & 2;
            case "xen_hypercall_name": {
                long op = a[0] & 0xffffffffL;
                if (op < XEN_HYPERCALLS.length && XEN_HYPERCALLS[(int) op] != null) out.append(XEN_HYPERCALLS[(int) op]);
                return 0;
            }
            default:
                return 0;
        }
    }
}
