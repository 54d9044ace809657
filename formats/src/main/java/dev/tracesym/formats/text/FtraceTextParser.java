package dev.tracesym.formats.text;

/**
 * The kernel's own text: the tracefs {@code trace} and {@code trace_pipe} files, with or without
 * the {@code #} header, in the default, {@code record-tgid}, no-{@code irq-info} and
 * {@code latency-format} layouts, with the {@code sym-offset} / {@code sym-addr} options, stack
 * traces, lost-event lines and the function_graph tracer's output (with or without
 * {@code funcgraph-abstime}, {@code funcgraph-proc}, {@code funcgraph-tail}).
 */
final class FtraceTextParser extends LineParser {
    private int frameNo;
    /** The file shows sym-offset forms in ip slots, so a raw ip slot, once named, gets offsets too. */
    private boolean symOffset;

    FtraceTextParser(Interner names) {
        super(names);
    }

    @Override
    void parse(TextLine line) {
        byte[] b = line.buf;
        int s = line.start;
        int e = line.end;
        if (s == e || b[s] == '#') {
            return;
        }
        if (Ascii.startsWith(b, s, e, " => ")) {
            frame(line, s + 4, e);
            return;
        }
        if (Ascii.startsWith(b, s, e, "CPU:") && lost(line, s, e)) {
            return;
        }
        int p = parseContext(line, s, e);
        if (p >= 0) {
            line.kind = TextLine.EVENT;
            frameNo = 0;
            payload(line, p, e);
            return;
        }
        if (graph(line, s, e)) {
            return;
        }
        if (isSeparator(b, s, e)) {
            return;
        }
        line.kind = TextLine.GARBAGE;
    }

    private static boolean isSeparator(byte[] b, int s, int e) {
        int i = Ascii.skipSpaces(b, s, e);
        if (i == e) {
            return true;
        }
        while (i < e && b[i] == '-') {
            i++;
        }
        return i == e && e - s > 8;
    }

    private boolean lost(TextLine line, int s, int e) {
        byte[] b = line.buf;
        int k = Ascii.skipDigits(b, s + 4, e);
        if (k == s + 4 || !Ascii.startsWith(b, k, e, " [LOST ")) {
            return false;
        }
        int n = k + 7;
        int m = Ascii.skipDigits(b, n, e);
        if (m == n || !Ascii.startsWith(b, m, e, " EVENTS]")) {
            return false;
        }
        line.kind = TextLine.LOST;
        line.cpu = (int) Ascii.parseDecimal(b, s + 4, k);
        line.lost = Ascii.parseDecimal(b, n, m);
        return true;
    }

    private void frame(TextLine line, int s, int e) {
        line.kind = TextLine.FRAME;
        line.frame = frameNo++;
        if (parseSymbol(line.buf, s, e, true) && pEnd <= e) {
            int x = commit(line, s, SymbolRefs.STYLE_KERNEL, SymbolRefs.ROLE_FRAME);
            line.syms.frame[x] = line.frame;
        }
    }

    private void payload(TextLine line, int p, int e) {
        byte[] b = line.buf;
        line.payloadStart = p;
        line.payloadEnd = e;
        if (Ascii.equals(b, p, e, "<stack trace>")) {
            line.event = "kernel_stack";
            line.system = "ftrace";
            return;
        }
        if (Ascii.equals(b, p, e, "<user stack trace>")) {
            line.event = "user_stack";
            line.system = "ftrace";
            return;
        }
        if (parseSymbol(b, p, e, true)) {
            boolean strong = pFlags != 0;
            int q = pNext;
            if (q == e) {
                ip(line, p, strong);
                line.event = "function";
                line.system = "ftrace";
                return;
            }
            if (Ascii.startsWith(b, q, e, " <-")) {
                ip(line, p, strong);
                line.event = "function";
                line.system = "ftrace";
                if (parseSymbol(b, q + 3, e, true)) {
                    commit(line, q + 3, SymbolRefs.STYLE_KERNEL, SymbolRefs.ROLE_PARENT);
                }
                return;
            }
            if (b[q] == ':') {
                boolean marker = Ascii.equals(b, p, pNameEnd, "tracing_mark_write");
                if (strong || marker) {
                    ip(line, p, strong);
                    // print, bprint and bputs all read "ip: message" in the kernel's text; which one a
                    // line was is not in it, so every such line is named by the family's own event
                    line.event = "print";
                    line.system = "ftrace";
                    int m = q + 1;
                    if (m < e && b[m] == ' ') {
                        m++;
                    }
                    line.messageStart = m;
                    scanFields(line, m, e, SymbolRefs.STYLE_KERNEL);
                    return;
                }
            }
        }
        int k = Ascii.skipIdent(b, p, e);
        if (k > p && k < e && b[k] == ':') {
            line.event = names.intern(b, p, k);
            int f = k + 1;
            if (f < e && b[f] == ' ') {
                f++;
            }
            line.payloadStart = f;
            scanFields(line, f, e, SymbolRefs.STYLE_KERNEL);
            return;
        }
        scanFields(line, p, e, SymbolRefs.STYLE_KERNEL);
    }

    private void ip(TextLine line, int p, boolean strong) {
        int x = commit(line, p, SymbolRefs.STYLE_KERNEL, SymbolRefs.ROLE_IP);
        SymbolRefs r = line.syms;
        if ((r.flags[x] & SymbolRefs.HAS_OFFSET) != 0) {
            symOffset = true;
        }
        if (symOffset && (r.flags[x] & SymbolRefs.RAW) != 0) {
            r.flags[x] |= SymbolRefs.WANTS_OFFSET;
        }
    }

    /** function_graph: {@code [abstime |] [cpu)] [task |] [flags |] [duration |] body}. */
    private boolean graph(TextLine line, int s, int e) {
        byte[] b = line.buf;
        int i = Ascii.skipSpaces(b, s, e);
        int k = Ascii.skipDigits(b, i, e);
        if (k > i && k < e && b[k] == '.') {
            int f = Ascii.skipDigits(b, k + 1, e);
            int bar = Ascii.skipSpaces(b, f, e);
            if (bar < e && b[bar] == '|') {
                line.ts = Ascii.parseTimestamp(b, i, f);
                line.hasTs = line.ts != Ascii.NOT_A_NUMBER;
                i = Ascii.skipSpaces(b, bar + 1, e);
                k = Ascii.skipDigits(b, i, e);
            }
        }
        if (k > i && k < e && b[k] == ')') {
            line.cpu = (int) Ascii.parseDecimal(b, i, k);
            i = k + 1;
            if (Ascii.indexOf(b, i, e, (byte) '|') < 0 && Ascii.indexOf(b, i, e, " => ") >= 0) {
                return taskSwitch(line, i, e);
            }
        } else if (!line.hasTs && Ascii.indexOf(b, i, e, (byte) '|') < 0) {
            return false;
        }
        int save = line.syms.count;
        line.kind = TextLine.EVENT;
        if (!parseGraphTail(line, i, e, SymbolRefs.STYLE_KERNEL)) {
            line.syms.count = save;
            line.kind = TextLine.OTHER;
            line.graph = TextLine.GRAPH_NONE;
            return false;
        }
        if (line.kind == TextLine.EVENT) {
            line.system = "ftrace";
            frameNo = 0;
        }
        return true;
    }

    private boolean taskSwitch(TextLine line, int s, int e) {
        byte[] b = line.buf;
        int arrow = Ascii.indexOf(b, s, e, " => ");
        int a = Ascii.skipSpaces(b, s, arrow);
        int ae = Ascii.skipBackSpaces(b, arrow, a);
        int c = Ascii.skipSpaces(b, arrow + 4, e);
        int ce = Ascii.skipBackSpaces(b, e, c);
        int d1 = Ascii.lastIndexOf(b, a, ae, (byte) '-');
        int d2 = Ascii.lastIndexOf(b, c, ce, (byte) '-');
        if (d1 <= a || d2 <= c) {
            return false;
        }
        long pid = Ascii.parseDecimal(b, d1 + 1, ae);
        long next = Ascii.parseDecimal(b, d2 + 1, ce);
        if (pid == Ascii.NOT_A_NUMBER || next == Ascii.NOT_A_NUMBER) {
            return false;
        }
        line.kind = TextLine.TASK_SWITCH;
        line.comm = names.intern(b, a, d1);
        line.pid = (int) pid;
        line.nextComm = names.intern(b, c, d2);
        line.nextPid = (int) next;
        return true;
    }

    @Override
    int score(TextLine line) {
        switch (line.kind) {
            case TextLine.EVENT:
                // trace-cmd pads event names; the kernel writes "name: " with one space
                if (line.event != null && line.graph == TextLine.GRAPH_NONE && line.payloadStart > 0
                        && line.payloadStart < line.end && line.buf[line.payloadStart] == ' ') {
                    return 1;
                }
                return cFlagsStart >= 0 || line.graph != TextLine.GRAPH_NONE ? 3 : 2;
            case TextLine.FRAME:
            case TextLine.TASK_SWITCH:
            case TextLine.LOST:
                return 2;
            case TextLine.GARBAGE:
                return -3;
            default:
                return 0;
        }
    }
}
