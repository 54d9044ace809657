package dev.tracesym.formats.report;

import dev.tracesym.formats.dat.RawEvent;
import dev.tracesym.formats.event.EventFields;
import dev.tracesym.formats.event.EventFormat;
import dev.tracesym.formats.event.EventFormats;
import dev.tracesym.formats.event.EventPrinter;
import dev.tracesym.formats.event.FieldFormat;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Per event id, once: which handler prints it (trace-cmd's built-in ones and the libtraceevent
 * plugins, or none), the fields that handler reads, and the padded name column.
 */
final class EventKinds {
    static final int GENERIC = 0;
    static final int FUNCTION = 1;
    static final int FUNCGRAPH_ENTRY = 2;
    static final int FUNCGRAPH_EXIT = 3;
    static final int KERNEL_STACK = 4;
    static final int SCHED_SWITCH = 5;
    static final int SCHED_WAKEUP = 6;
    static final int KMEM = 7;
    static final int HRTIMER_EXPIRE_ENTRY = 8;
    static final int HRTIMER_START = 9;
    static final int RAW_DATA = 10;
    static final int FUNC_REPEATS = 11;
    /** -N: the function event with the kernel's standard print fmt, rendered without the generic renderer. */
    static final int FUNCTION_FAST_RAW = 12;
    /** -R, -r: the event's own fields as {@code name=value}. */
    static final int RAW_FIELDS = 13;
    static final int TLB_FLUSH = 14;
    static final int FUTEX = 15;
    static final int KVM_EXIT = 16;
    static final int KVM_ENTRY = 17;
    static final int KVM_EMULATE_INSN = 18;
    static final int KVM_NESTED_VMEXIT = 19;
    static final int KVM_NESTED_VMEXIT_INJECT = 20;
    static final int KVM_MMU_GET_PAGE = 21;
    static final int KVM_MMU_ROLE = 22;
    static final int MAC80211_BSS = 23;

    /** The fields plugin_mac80211 prints of drv_bss_info_changed, in its order (see {@link Kind#named}). */
    static final String[] BSS_FIELDS = {"wiphy_name", "vif_name", "vif_type", "assoc", "aid", "cts", "shortpre",
        "shortslot", "dtimper", "bcnint", "assoc_cap", "basic_rates", "enable_beacon", "ht_operation_mode"};

    /** The function event's print fmt in every kernel since 2009; only then is the -N fast path taken. */
    static final String FUNCTION_PRINT_FMT = "\" %ps <-- %ps\", (void *)REC->ip, (void *)REC->parent_ip";

    /** One event type as the report prints it. */
    static final class Kind {
        final EventFormat format;
        final int kind;
        /** {@code ": name: "}: the colon after the time, then the name padded to its 20 columns. */
        final byte[] nameColumn;
        final FieldFormat type;
        final FieldFormat pid;
        final boolean bigEndian;
        FieldFormat f1, f2, f3, f4, f5, f6, f7;
        /** Handlers that read more fields: them by name, in the handler's order (null when absent). */
        FieldFormat[] named;
        /**
         * How a record of this kind is written: {@link RenderBatch#RAW} by the render thread, else the
         * {@link RenderBatch} line kind it plans and {@link BatchFormatter} assembles.
         */
        byte assembled = RenderBatch.RAW;
        /**
         * For an assembled kind whose pid is a 4-byte and whose two addresses are 8-byte little-endian
         * fields: the end of the last of them (a record reaching that far is read without the general
         * size switch); else 0.
         */
        int plainEnd;
        /** {@link EventPrinter#stateless} of the format: 0 not asked yet, 1 yes, 2 no. */
        private byte stateless;
        /** Where the format's last own field ends: how far its raw fields read (past a short record too). */
        final int fieldsEnd;

        Kind(EventFormat format, int kind, boolean bigEndian) {
            this.format = format;
            this.kind = kind;
            this.bigEndian = bigEndian;
            this.type = common(format, "common_type");
            this.pid = common(format, "common_pid");
            StringBuilder sb = new StringBuilder(": ").append(format.name).append(": ");
            for (int i = format.name.length(); i < 20; i++) {
                sb.append(' ');
            }
            this.nameColumn = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            int end = 0;
            for (FieldFormat f : format.fields) {
                end = Math.max(end, f.offset + Math.max(f.size, 0));
            }
            this.fieldsEnd = end;
        }

        /** Whether the format's text depends on its record alone (asked of {@code printer} once). */
        boolean stateless(EventPrinter printer) {
            if (stateless == 0) {
                stateless = printer.stateless(format) ? (byte) 1 : (byte) 2;
            }
            return stateless == 1;
        }

        /** tep_read_number of a field (callers check {@link #readable}); bytes past the data read as 0. */
        long read(RawEvent e, FieldFormat f) {
            if (f == null) {
                return -1; // libtraceevent's common-field parse failure
            }
            return readAt(e, f.offset, f.size);
        }

        /** An unsigned number of {@code size} (1, 2, 4, 8) bytes at payload offset {@code at}; 0 outside the data. */
        long readAt(RawEvent e, int at, int size) {
            return number(e.data, e.offset + at, size, bigEndian);
        }
    }

    /** Sets {@link Kind#plainEnd} for an assembled kind. */
    private static Kind plain(Kind k) {
        if (!k.bigEndian && k.pid != null && k.pid.size == 4 && k.f1.size == 8 && k.f2.size == 8) {
            k.plainEnd = Math.max(k.pid.offset + 4, Math.max(k.f1.offset, k.f2.offset) + 8);
        }
        return k;
    }

    static int le32(byte[] d, int p) {
        return EventFields.le32(d, p);
    }

    static long le64(byte[] d, int p) {
        return EventFields.le64(d, p);
    }

    /** tep_read_number at {@code p}: 0 for other sizes, and where the array ends (C would read on). */
    static long number(byte[] d, int p, int size, boolean bigEndian) {
        if (p < 0 || p > d.length - size) {
            return 0;
        }
        return EventFields.number(d, p, size, bigEndian);
    }

    private final EventFormats formats;
    private final boolean noPlugins;
    private final Kind[] byId = new Kind[65536];
    private final boolean[] known = new boolean[65536];
    private final Kind graphExit;

    private final int typeOffset;
    private final int typeSize;

    /** -R: every event's raw fields; -r and -n: the events (regular expressions) shown raw or without handler. */
    private final boolean raw;
    private final Pattern[] rawEvents, noHandler;
    /** Whether function lines may be assembled off the planning thread (not with -l and --ts-diff). */
    private final boolean assemble;

    EventKinds(EventFormats formats, boolean noPlugins) {
        this(formats, noPlugins, false, new Pattern[0], new Pattern[0], true);
    }

    /**
     * @param rawEvents events whose name or system matches (whole, as trace-cmd's regcomp) are shown raw
     * @param noHandler events whose name or system matches are shown by their print fmt, without handler
     * @param assemble  false: every line is written by the planning thread (views that add per-record columns)
     */
    EventKinds(EventFormats formats, boolean noPlugins, boolean raw, Pattern[] rawEvents, Pattern[] noHandler,
               boolean assemble) {
        this.formats = formats;
        this.noPlugins = noPlugins;
        this.raw = raw;
        this.rawEvents = rawEvents;
        this.noHandler = noHandler;
        this.assemble = assemble;
        // libtraceevent reads common_type where the first event format puts it
        FieldFormat type = null;
        for (EventFormat f : formats.all()) {
            type = common(f, "common_type");
            break;
        }
        this.typeOffset = type == null ? 0 : type.offset;
        this.typeSize = type == null ? 2 : type.size;
        this.plainType = typeOffset == 0 && typeSize == 2 && !formats.bigEndian();
        EventFormat exit = formats.find("ftrace", "funcgraph_exit");
        // the entry's handler reads the exit event's fields whatever prints the exit records themselves (-n, -r)
        this.graphExit = exit == null ? null : graphExitKind(exit, formats.bigEndian());
    }

    /** The event id of a record (its common_type); -1 when the record is too short to hold it. */
    int typeOf(RawEvent e) {
        if (typeOffset + typeSize > e.length) {
            return -1;
        }
        return (int) number(e.data, e.offset + typeOffset, typeSize, formats.bigEndian());
    }

    /**
     * {@code of(typeOf(e))} in one call: a little-endian u16 type is read directly, and the kind of the
     * previous record is reused when the id repeats (records of one kind come in long runs).
     */
    Kind kindOf(RawEvent e) {
        int id;
        if (plainType && e.length >= 2 && e.offset >= 0 && e.offset + 2 <= e.data.length) {
            id = (e.data[e.offset] & 0xff) | (e.data[e.offset + 1] & 0xff) << 8;
        } else {
            id = typeOf(e);
        }
        if (id == lastId) {
            return lastKind;
        }
        Kind k = of(id);
        lastId = id;
        lastKind = k;
        return k;
    }

    /** common_type is a little-endian u16 at offset 0 (every trace-cmd trace of an x86 or arm64 kernel). */
    private final boolean plainType;
    private int lastId = Integer.MIN_VALUE;
    private Kind lastKind;

    /** The funcgraph_exit event trace-cmd's function_graph handlers need; null when the trace has none. */
    Kind graphExit() {
        return graphExit;
    }

    /** The kind for event id {@code id} (a record's common_type), or null when the trace does not define it. */
    Kind of(int id) {
        if (id < 0 || id >= byId.length) {
            return null;
        }
        if (!known[id]) {
            EventFormat f = formats.byId(id);
            byId[id] = f == null ? null : build(f);
            known[id] = true;
        }
        return byId[id];
    }

    private Kind build(EventFormat f) {
        Kind k = handled(f);
        if (!assemble) {
            k.assembled = RenderBatch.RAW;
        }
        return k;
    }

    private static boolean matches(Pattern[] patterns, EventFormat f) {
        for (Pattern p : patterns) {
            if (p.matcher(f.name).find() || p.matcher(f.system).find()) {
                return true;
            }
        }
        return false;
    }

    /** Who prints events of this format (libtraceevent's print_event_info: raw first, then handler or print fmt). */
    private Kind handled(EventFormat f) {
        boolean be = formats.bigEndian();
        if (raw || matches(rawEvents, f)) {
            return new Kind(f, RAW_FIELDS, be);
        }
        if (noPlugins || matches(noHandler, f)) {
            if (f.system.equals("ftrace") && f.name.equals("function") && f.printFmt.equals(FUNCTION_PRINT_FMT)
                    && sized(own(f, "ip"), formats.longSize()) && sized(own(f, "parent_ip"), formats.longSize())) {
                Kind k = new Kind(f, FUNCTION_FAST_RAW, be);
                k.f1 = own(f, "ip");
                k.f2 = own(f, "parent_ip");
                k.assembled = RenderBatch.FUNCTION_RAW;
                return plain(k);
            }
            return new Kind(f, GENERIC, be);
        }
        String s = f.system;
        String n = f.name;
        Kind k;
        if (s.equals("ftrace")) {
            switch (n) {
                case "function":
                    k = new Kind(f, FUNCTION, be);
                    k.f1 = own(f, "ip");
                    k.f2 = own(f, "parent_ip");
                    if (k.f1 != null && readable(k.f1) && k.f2 != null && readable(k.f2)) {
                        k.assembled = RenderBatch.FUNCTION; // the handler cannot fail
                        plain(k);
                    }
                    return k;
                case "funcgraph_entry":
                    k = new Kind(f, FUNCGRAPH_ENTRY, be);
                    k.f1 = own(f, "func");
                    k.f2 = own(f, "depth");
                    return k;
                case "funcgraph_exit":
                    return graphExitKind(f, be);
                case "kernel_stack":
                    k = new Kind(f, KERNEL_STACK, be);
                    k.f1 = any(f, "caller");
                    return k;
                case "raw_data":
                    k = new Kind(f, RAW_DATA, be);
                    k.f1 = own(f, "id");
                    k.f2 = any(f, "buf");
                    return k;
                case "func_repeats":
                    k = new Kind(f, FUNC_REPEATS, be);
                    k.f1 = own(f, "ip");
                    k.f2 = own(f, "parent_ip");
                    k.f3 = own(f, "count");
                    k.f4 = own(f, "top_delta_ts");
                    k.f5 = own(f, "bottom_delta_ts");
                    return k;
                default:
                    break;
            }
        } else if (s.equals("sched")) {
            if (n.equals("sched_switch")) {
                k = new Kind(f, SCHED_SWITCH, be);
                k.f1 = own(f, "prev_pid");
                k.f2 = any(f, "prev_comm");
                k.f3 = own(f, "prev_prio");
                k.f4 = own(f, "prev_state");
                k.f5 = own(f, "next_pid");
                k.f6 = any(f, "next_comm");
                k.f7 = own(f, "next_prio");
                return k;
            }
            if (n.equals("sched_wakeup") || n.equals("sched_wakeup_new")) {
                k = new Kind(f, SCHED_WAKEUP, be);
                k.f1 = own(f, "pid");
                k.f2 = any(f, "comm");
                k.f3 = own(f, "prio");
                k.f4 = own(f, "success");
                k.f5 = own(f, "target_cpu");
                return k;
            }
        } else if (s.equals("kmem")) {
            switch (n) {
                case "kfree":
                case "kmalloc":
                case "kmalloc_node":
                case "kmem_cache_alloc":
                case "kmem_cache_alloc_node":
                case "kmem_cache_free":
                    k = new Kind(f, KMEM, be);
                    k.f1 = own(f, "call_site");
                    return k;
                default:
                    break;
            }
        } else if (s.equals("tlb")) {
            if (n.equals("tlb_flush")) {
                k = new Kind(f, TLB_FLUSH, be);
                k.f1 = own(f, "pages");
                k.f2 = own(f, "reason");
                return k;
            }
        } else if (s.equals("syscalls")) {
            if (n.equals("sys_enter_futex")) {
                k = new Kind(f, FUTEX, be);
                k.f1 = own(f, "uaddr");
                k.f2 = own(f, "op");
                k.f3 = own(f, "val");
                k.f4 = own(f, "utime");
                k.f5 = own(f, "uaddr2");
                k.f6 = own(f, "val3");
                return k;
            }
        } else if (s.equals("kvm")) {
            switch (n) {
                case "kvm_exit":
                    k = new Kind(f, KVM_EXIT, be);
                    k.f1 = own(f, "exit_reason");
                    k.f2 = own(f, "isa");
                    k.f3 = own(f, "guest_rip");
                    k.f4 = own(f, "info1");
                    k.f5 = own(f, "info2");
                    return k;
                case "kvm_entry":
                    k = new Kind(f, KVM_ENTRY, be);
                    k.f1 = own(f, "vcpu_id");
                    k.f2 = own(f, "rip");
                    return k;
                case "kvm_emulate_insn":
                    k = new Kind(f, KVM_EMULATE_INSN, be);
                    k.f1 = own(f, "rip");
                    k.f2 = own(f, "csbase");
                    k.f3 = own(f, "len");
                    k.f4 = own(f, "flags");
                    k.f5 = own(f, "failed");
                    k.f6 = own(f, "insn");
                    return k;
                case "kvm_nested_vmexit":
                case "kvm_nested_vmexit_inject":
                    k = new Kind(f, n.equals("kvm_nested_vmexit") ? KVM_NESTED_VMEXIT : KVM_NESTED_VMEXIT_INJECT, be);
                    k.f1 = own(f, "rip");
                    k.f2 = own(f, "exit_code");
                    k.f3 = own(f, "isa");
                    k.f4 = own(f, "exit_info1");
                    k.f5 = own(f, "exit_info2");
                    k.f6 = own(f, "exit_int_info");
                    k.f7 = own(f, "exit_int_info_err");
                    return k;
                default:
                    break;
            }
        } else if (s.equals("kvmmmu")) {
            switch (n) {
                case "kvm_mmu_get_page":
                case "kvm_mmu_sync_page":
                case "kvm_mmu_unsync_page":
                case "kvm_mmu_zap_page":
                case "kvm_mmu_prepare_zap_page":
                    k = new Kind(f, n.equals("kvm_mmu_get_page") ? KVM_MMU_GET_PAGE : KVM_MMU_ROLE, be);
                    k.f1 = own(f, "created");
                    k.f2 = own(f, "gfn");
                    k.f3 = own(f, "role");
                    k.f4 = own(f, "root_count");
                    k.f5 = own(f, "unsync");
                    return k;
                default:
                    break;
            }
        } else if (s.equals("mac80211")) {
            if (n.equals("drv_bss_info_changed")) {
                k = new Kind(f, MAC80211_BSS, be);
                k.named = new FieldFormat[BSS_FIELDS.length];
                for (int i = 0; i < BSS_FIELDS.length; i++) {
                    k.named[i] = own(f, BSS_FIELDS[i]);
                }
                return k;
            }
        } else if (s.equals("timer")) {
            if (n.equals("hrtimer_expire_entry") || n.equals("hrtimer_start")) {
                k = new Kind(f, n.equals("hrtimer_start") ? HRTIMER_START : HRTIMER_EXPIRE_ENTRY, be);
                k.f1 = own(f, "timer");
                k.f2 = own(f, "hrtimer");
                k.f3 = own(f, "now");
                k.f4 = own(f, "function");
                k.f5 = own(f, "expires");
                k.f6 = own(f, "softexpires");
                return k;
            }
        }
        return new Kind(f, GENERIC, be);
    }

    private static Kind graphExitKind(EventFormat f, boolean be) {
        Kind k = new Kind(f, FUNCGRAPH_EXIT, be);
        k.f1 = own(f, "func");
        k.f2 = own(f, "depth");
        k.f3 = own(f, "rettime");
        k.f4 = own(f, "calltime");
        return k;
    }

    /** Sizes libtraceevent can read as a number. */
    static boolean readable(FieldFormat f) {
        int s = f.size;
        return s == 1 || s == 2 || s == 4 || s == 8;
    }

    private static boolean sized(FieldFormat f, int size) {
        return f != null && f.size == size;
    }

    /** tep_find_field: the event's own fields only. */
    static FieldFormat own(EventFormat f, String name) {
        for (FieldFormat x : f.fields) {
            if (x.name.equals(name)) {
                return x;
            }
        }
        return null;
    }

    /** tep_find_common_field. */
    static FieldFormat common(EventFormat f, String name) {
        for (FieldFormat x : f.commonFields) {
            if (x.name.equals(name)) {
                return x;
            }
        }
        return null;
    }

    /** tep_find_any_field: common fields first. */
    static FieldFormat any(EventFormat f, String name) {
        FieldFormat c = common(f, name);
        return c != null ? c : own(f, name);
    }
}
