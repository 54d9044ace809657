package dev.tracesym.formats.text;

/** The kinds of trace text tracesym reads. Chosen from the content, never from the file name. */
public enum TextFormat {
    /** The kernel's own text: tracefs {@code trace} / {@code trace_pipe}, including function_graph. */
    FTRACE,
    /** {@code trace-cmd report} output. */
    TRACE_CMD,
    /** {@code perf script} output. */
    PERF_SCRIPT;

    LineParser parser(Interner names) {
        switch (this) {
            case FTRACE: return new FtraceTextParser(names);
            case TRACE_CMD: return new TraceCmdTextParser(names);
            default: return new PerfScriptParser(names);
        }
    }
}
