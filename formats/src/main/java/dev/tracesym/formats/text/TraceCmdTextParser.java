package dev.tracesym.formats.text;

/**
 * {@code trace-cmd report} text: the default layout, {@code -N -t} (no plugins, ns times),
 * {@code -l} (latency columns), {@code -R} (raw fields), several buffers ({@code foo:} prefixes),
 * stack frames {@code => name (addr)} and {@code \t=> name}.
 */
final class TraceCmdTextParser extends LineParser {
    private int frameNo;
    private boolean padded;

    TraceCmdTextParser(Interner names) {
        super(names);
    }

    @Override
    void parse(TextLine line) {
        byte[] b = line.buf;
        int s = line.start;
        int e = line.end;
        padded = false;
        if (s == e) {
            return;
        }
        int i = Ascii.skipSpaces(b, s, e);
        if (Ascii.startsWith(b, i, e, "=> ")) {
            frame(line, i + 3, e);
            return;
        }
        if (Ascii.startsWith(b, s, e, "CPU:") && lost(line, s, e)) {
            return;
        }
        if (isHeader(b, s, e)) {
            return;
        }
        int c = s;
        int k = Ascii.skipIdent(b, s, e);
        if (k > s && k + 1 < e && b[k] == ':' && b[k + 1] == ' ') {
            // instance prefix "foo:" (the comm column is right-aligned, so it never starts a line)
            int p = parseContext(line, k + 1, e);
            if (p >= 0) {
                line.buffer = names.intern(b, s, k);
                event(line, p, e);
                return;
            }
        }
        int p = parseContext(line, c, e);
        if (p >= 0) {
            event(line, p, e);
            return;
        }
        line.kind = TextLine.GARBAGE;
    }

    private static boolean isHeader(byte[] b, int s, int e) {
        return b[s] == '#' || Ascii.startsWith(b, s, e, "cpus=") || Ascii.startsWith(b, s, e, "version = ")
                || (Ascii.startsWith(b, s, e, "CPU ") && Ascii.indexOf(b, s, e, " is empty") > 0)
                || Ascii.startsWith(b, s, e, "CPU:") && Ascii.indexOf(b, s, e, "[SUBBUFFER START]") > 0;
    }

    private boolean lost(TextLine line, int s, int e) {
        byte[] b = line.buf;
        int k = Ascii.skipDigits(b, s + 4, e);
        if (k == s + 4 || !Ascii.startsWith(b, k, e, " [")) {
            return false;
        }
        int n = k + 2;
        int m = Ascii.skipDigits(b, n, e);
        if (!Ascii.startsWith(b, m, e, m == n ? "EVENTS DROPPED]" : " EVENTS DROPPED]")) {
            return false;
        }
        line.kind = TextLine.LOST;
        line.cpu = (int) Ascii.parseDecimal(b, s + 4, k);
        line.lost = m == n ? -1 : Ascii.parseDecimal(b, n, m);
        return true;
    }

    private void frame(TextLine line, int s, int e) {
        line.kind = TextLine.FRAME;
        line.frame = frameNo++;
        frameSymbol(line, s, e);
    }

    /** {@code name (addr)}, {@code name} or {@code 0x0}. */
    private void frameSymbol(TextLine line, int s, int e) {
        byte[] b = line.buf;
        if (!parseSymbol(b, s, e, true)) {
            return;
        }
        int x = commit(line, s, SymbolRefs.STYLE_TRACE_CMD, SymbolRefs.ROLE_FRAME);
        line.syms.frame[x] = line.frame;
        int q = pEnd;
        if (q + 3 < e && b[q] == ' ' && b[q + 1] == '(') {
            int h = Ascii.skipHex(b, q + 2, e);
            if (h > q + 2 && h < e && b[h] == ')') {
                line.syms.addr[x] = Ascii.parseHex(b, q + 2, h);
                line.syms.flags[x] |= SymbolRefs.HAS_ADDR;
            }
        }
    }

    private void event(TextLine line, int p, int e) {
        byte[] b = line.buf;
        line.kind = TextLine.EVENT;
        frameNo = 0;
        int k = Ascii.skipSpaces(b, p, e);
        // --ts-diff column: "(+123)" padded to 8, blank on the first event
        if (k < e && b[k] == '(') {
            int close = Ascii.indexOf(b, k, e, (byte) ')');
            if (close > 0 && k + 1 < e && b[k + 1] == '+') {
                k = Ascii.skipSpaces(b, close + 1, e);
            }
        }
        int n = k;
        while (n < e && b[n] != ':' && b[n] != ' ') {
            n++;
        }
        if (n == k || n >= e || b[n] != ':') {
            line.payloadStart = p;
            line.payloadEnd = e;
            scanFields(line, p, e, SymbolRefs.STYLE_TRACE_CMD);
            return;
        }
        line.event = names.intern(b, k, n);
        int f = Ascii.skipSpaces(b, n + 1, e);
        padded = n - k < 19 && f - n > 2 || n - k >= 19;
        line.payloadStart = f;
        line.payloadEnd = e;
        String ev = line.event;
        switch (ev) {
            case "function":
                line.system = "ftrace";
                function(line, f, e);
                return;
            case "kernel_stack":
                line.system = "ftrace";
                if (Ascii.startsWith(b, f, e, "=> ")) {
                    line.frame = frameNo++;
                    frameSymbol(line, f + 3, e);
                } else {
                    scanFields(line, f, e, SymbolRefs.STYLE_TRACE_CMD);
                }
                return;
            case "funcgraph_entry":
            case "funcgraph_exit":
                line.system = "ftrace";
                graph(line, n + 1, e, ev);
                return;
            case "print":
            case "bprint":
            case "bputs":
                line.system = "ftrace";
                message(line, f, e);
                return;
            default:
                scanFields(line, f, e, SymbolRefs.STYLE_TRACE_CMD);
        }
    }

    private void function(TextLine line, int f, int e) {
        byte[] b = line.buf;
        int k = Ascii.skipIdent(b, f, e);
        if (k > f && k < e && b[k] == '=') {
            scanFields(line, f, e, SymbolRefs.STYLE_TRACE_CMD);
            return;
        }
        if (!parseSymbol(b, f, e, true)) {
            return;
        }
        commit(line, f, SymbolRefs.STYLE_TRACE_CMD, SymbolRefs.ROLE_IP);
        int q = pNext;
        if (Ascii.startsWith(b, q, e, " <-- ") && parseSymbol(b, q + 5, e, true)) {
            commit(line, q + 5, SymbolRefs.STYLE_TRACE_CMD, SymbolRefs.ROLE_PARENT);
        }
    }

    private void graph(TextLine line, int s, int e, String ev) {
        byte[] b = line.buf;
        int f = Ascii.skipSpaces(b, s, e);
        if (Ascii.startsWith(b, f, e, "--> ") || Ascii.startsWith(b, f, e, "<-- ")) {
            boolean entry = b[f] == '-';
            int n = f + 4;
            if (parseSymbol(b, n, e, true)) {
                commit(line, n, SymbolRefs.STYLE_TRACE_CMD, SymbolRefs.ROLE_FUNC);
                int q = pEnd;
                if (q + 2 < e && b[q] == ' ' && b[q + 1] == '(') {
                    int d = Ascii.skipDigits(b, q + 2, e);
                    line.depth = (int) Ascii.parseDecimal(b, q + 2, d);
                    if (!entry) {
                        int st = Ascii.indexOf(b, d, e, "(start: ");
                        int en = Ascii.indexOf(b, d, e, "end: ");
                        if (st > 0 && en > 0) {
                            int h1 = Ascii.skipHex(b, st + 8, e);
                            int h2 = Ascii.skipHex(b, en + 5, e);
                            long a = Ascii.parseHex(b, st + 8, h1);
                            long z = Ascii.parseHex(b, en + 5, h2);
                            if (a != Ascii.NOT_A_NUMBER && z != Ascii.NOT_A_NUMBER) {
                                line.durationNs = z - a;
                            }
                        }
                    }
                }
            }
            line.graph = entry ? TextLine.GRAPH_ENTRY : TextLine.GRAPH_EXIT;
            return;
        }
        if (!parseGraphTail(line, s, e, SymbolRefs.STYLE_TRACE_CMD)) {
            scanFields(line, f, e, SymbolRefs.STYLE_TRACE_CMD);
        }
        line.event = ev;
    }

    /** print / bprint / bputs: {@code ip: message}, or -R fields {@code ip=... buf=...}. */
    private void message(TextLine line, int f, int e) {
        byte[] b = line.buf;
        int k = Ascii.skipIdent(b, f, e);
        if (k > f && k < e && b[k] == '=') {
            int buf = Ascii.indexOf(b, f, e, " buf=");
            if (buf > 0) {
                line.messageStart = buf + 5;
            }
            scanFields(line, f, e, SymbolRefs.STYLE_TRACE_CMD);
            return;
        }
        if (parseSymbol(b, f, e, true) && pNext < e && b[pNext] == ':') {
            commit(line, f, SymbolRefs.STYLE_TRACE_CMD, SymbolRefs.ROLE_IP);
            int m = pNext + 1;
            if (m < e && b[m] == ' ') {
                m++;
            }
            line.messageStart = m;
            scanFields(line, m, e, SymbolRefs.STYLE_TRACE_CMD);
            return;
        }
        line.messageStart = f;
        scanFields(line, f, e, SymbolRefs.STYLE_TRACE_CMD);
    }

    @Override
    int score(TextLine line) {
        switch (line.kind) {
            case TextLine.EVENT:
                return padded ? 3 : 1;
            case TextLine.FRAME:
            case TextLine.LOST:
                return 2;
            case TextLine.GARBAGE:
                return -3;
            default:
                return 0;
        }
    }
}
