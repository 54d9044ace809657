package dev.tracesym.app.annotate;

/**
 * The system of well-known events, for text that prints an event's name but not its system
 * (ftrace and trace-cmd text). Unknown names (kprobes, custom events) get none.
 */
final class EventSystems {
    private EventSystems() {}

    static String of(String event) {
        if (event == null) {
            return null;
        }
        switch (event) {
            case "function": case "funcgraph_entry": case "funcgraph_exit": case "print": case "bprint":
            case "bputs": case "kernel_stack": case "user_stack": case "raw_data": case "hwlat": case "func_repeats":
                return "ftrace";
            case "kmalloc": case "kfree": case "kmalloc_node": case "kmem_cache_alloc": case "kmem_cache_free":
            case "kmem_cache_alloc_node": case "mm_page_alloc": case "mm_page_free": case "rss_stat":
                return "kmem";
            case "softirq_raise": case "softirq_entry": case "softirq_exit": case "irq_handler_entry":
            case "irq_handler_exit": case "tasklet_entry": case "tasklet_exit":
                return "irq";
            case "timer_init": case "timer_start": case "timer_expire_entry": case "timer_expire_exit":
            case "timer_cancel": case "hrtimer_init": case "hrtimer_start": case "hrtimer_expire_entry":
            case "hrtimer_expire_exit": case "hrtimer_cancel": case "itimer_state": case "itimer_expire":
            case "tick_stop":
                return "timer";
            case "workqueue_queue_work": case "workqueue_activate_work": case "workqueue_execute_start":
            case "workqueue_execute_end":
                return "workqueue";
            case "module_load": case "module_free": case "module_get": case "module_put": case "module_request":
                return "module";
            default:
                break;
        }
        if (event.startsWith("sched_")) {
            return "sched";
        }
        if (event.startsWith("sys_enter") || event.startsWith("sys_exit")) {
            return "syscalls";
        }
        return null;
    }
}
