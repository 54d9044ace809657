package dev.tracesym.formats.text;

import static dev.tracesym.formats.text.Ascii.NOT_A_NUMBER;

/**
 * What the three text parsers share: reading a symbol text the way the kernel and trace-cmd print
 * it, the ftrace line context ({@code comm-pid [cpu] flags ts:}) in its layouts, the function_graph
 * body, and the {@code key=value} fields of an event. Hand-written scanning only.
 */
abstract class LineParser {
    final Interner names;

    /** State of the last successful {@link #parseSymbol}. */
    int pEnd;
    int pNext;
    int pNameEnd;
    int pModStart;
    int pModEnd;
    int pFlags;
    long pOffset;
    long pSize;
    long pAddr;

    LineParser(Interner names) {
        this.names = names;
    }

    /** Classifies one line and fills {@code line}; {@link TextLine#reset} was called. */
    abstract void parse(TextLine line);

    /** How typical {@code line} (already parsed) is of this format, for sniffing: higher is surer. */
    abstract int score(TextLine line);

    // ---------------------------------------------------------------- symbols

    /**
     * Reads symbol text at {@code i}: a raw {@code 0xhex}, or a name with optional {@code +0xoff},
     * {@code /0xsize} and {@code " [module]"}, optionally followed by a sym-addr {@code " <hex>"}.
     * A plain name with none of these is accepted only when {@code allowBare}.
     */
    final boolean parseSymbol(byte[] b, int i, int e, boolean allowBare) {
        pFlags = 0;
        pOffset = 0;
        pSize = 0;
        pAddr = 0;
        pModStart = -1;
        pModEnd = -1;
        if (i >= e) {
            return false;
        }
        int j;
        if (b[i] == '0' && i + 2 < e && b[i + 1] == 'x' && Ascii.hexValue(b[i + 2]) >= 0) {
            j = Ascii.skipHex(b, i + 2, e);
            long v = Ascii.parseHex(b, i + 2, j);
            if (v == NOT_A_NUMBER || (j < e && Ascii.isNameChar(b[j]))) {
                return false;
            }
            pAddr = v;
            pFlags = SymbolRefs.RAW | SymbolRefs.HAS_ADDR;
            pNameEnd = j;
        } else {
            if (Ascii.isDigit(b[i])) {
                return false;
            }
            j = Ascii.skipName(b, i, e);
            if (j == i) {
                return false;
            }
            pNameEnd = j;
            if (j + 3 < e && b[j] == '+' && b[j + 1] == '0' && b[j + 2] == 'x') {
                int k = Ascii.skipHex(b, j + 3, e);
                long off = Ascii.parseHex(b, j + 3, k);
                if (off != NOT_A_NUMBER) {
                    pOffset = off;
                    pFlags |= SymbolRefs.HAS_OFFSET;
                    j = k;
                    if (j + 3 < e && b[j] == '/' && b[j + 1] == '0' && b[j + 2] == 'x') {
                        k = Ascii.skipHex(b, j + 3, e);
                        long size = Ascii.parseHex(b, j + 3, k);
                        if (size != NOT_A_NUMBER) {
                            pSize = size;
                            pFlags |= SymbolRefs.HAS_SIZE;
                            j = k;
                        }
                    }
                }
            }
            if (j + 2 < e && b[j] == ' ' && b[j + 1] == '[') {
                int k = j + 2;
                while (k < e && isModuleChar(b[k])) {
                    k++;
                }
                if (k > j + 2 && k < e && b[k] == ']') {
                    pModStart = j + 2;
                    pModEnd = k;
                    pFlags |= SymbolRefs.HAS_MODULE;
                    j = k + 1;
                }
            }
        }
        pEnd = j;
        pNext = j;
        if (j + 3 < e && b[j] == ' ' && b[j + 1] == '<') {
            int k = Ascii.skipHex(b, j + 2, e);
            int digits = k - j - 2;
            if (k < e && b[k] == '>' && (digits == 8 || digits == 16)) {
                pAddr = Ascii.parseHex(b, j + 2, k);
                pFlags |= SymbolRefs.HAS_ADDR;
                pNext = k + 1;
            }
        }
        return allowBare || (pFlags != 0);
    }

    static boolean isModuleChar(byte c) {
        return Ascii.isIdentChar(c) || c == '-';
    }

    /** Records the last parsed symbol, which started at {@code s}, as an entry of {@code line}. */
    final int commit(TextLine line, int s, byte style, byte role) {
        SymbolRefs r = line.syms;
        int i = r.add(s, pEnd, s, pNameEnd, style, role);
        r.modStart[i] = pModStart;
        r.modEnd[i] = pModEnd;
        r.addr[i] = pAddr;
        r.offset[i] = pOffset;
        r.size[i] = pSize;
        r.flags[i] = pFlags;
        return i;
    }

    // ---------------------------------------------------------------- fields

    /** Field names whose value the kernel or trace-cmd prints as a symbol. */
    static boolean isSymbolKey(byte[] b, int s, int e) {
        switch (e - s) {
            case 2: return Ascii.equals(b, s, e, "ip") || Ascii.equals(b, s, e, "fn");
            case 4: return Ascii.equals(b, s, e, "func");
            case 6: return Ascii.equals(b, s, e, "caller");
            case 7: return Ascii.equals(b, s, e, "handler");
            case 8: return Ascii.equals(b, s, e, "function") || Ascii.equals(b, s, e, "callback");
            case 9: return Ascii.equals(b, s, e, "call_site") || Ascii.equals(b, s, e, "parent_ip");
            default: return false;
        }
    }

    /** Lowest address taken as kernel text when it appears as a bare value (x86-64 kernel image and modules). */
    static final long KERNEL_TEXT_START = 0xffffffff80000000L;

    /**
     * Finds symbols among the fields of an event payload {@code [s, e)}: values of symbol keys
     * ({@code call_site=}, {@code function=} ...), any {@code name+0xoff} or {@code name [mod]}
     * value, {@code (sym <addr>)} probe addresses, and bare kernel-text values (structured output only).
     */
    final void scanFields(TextLine line, int s, int e, byte style) {
        byte[] b = line.buf;
        int i = s;
        int arg = 0;
        while (i < e) {
            i = Ascii.skipSpaces(b, i, e);
            if (i >= e) {
                break;
            }
            int k = Ascii.skipIdent(b, i, e);
            if (k > i && k + 1 < e && b[k] == '=') {
                int v = k + 1;
                boolean symKey = isSymbolKey(b, i, k);
                if (parseSymbol(b, v, e, symKey) && endsToken(b, pEnd, e)) {
                    boolean raw = (pFlags & SymbolRefs.RAW) != 0;
                    if (symKey || !raw) {
                        int x = commit(line, v, style, SymbolRefs.ROLE_FIELD);
                        line.syms.keyStart[x] = i;
                        line.syms.keyEnd[x] = k;
                    } else if (Long.compareUnsigned(pAddr, KERNEL_TEXT_START) >= 0) {
                        int x = commit(line, v, style, SymbolRefs.ROLE_FIELD);
                        line.syms.flags[x] |= SymbolRefs.VALUE_ONLY;
                        line.syms.keyStart[x] = i;
                        line.syms.keyEnd[x] = k;
                    }
                    i = pNext;
                    continue;
                }
                i = v;
                if (i < e && b[i] == ' ') {
                    continue;
                }
            } else if (b[i] == '(' && parseSymbol(b, i + 1, e, false) && pNext < e
                    && (b[pNext] == ')' || b[pNext] == ' ') && (pFlags & SymbolRefs.RAW) == 0) {
                int x = commit(line, i + 1, style, SymbolRefs.ROLE_ARG);
                line.syms.frame[x] = arg++;
                i = pNext;
                continue;
            } else if (parseSymbol(b, i, e, false) && pNext > pEnd) {
                // name+0xoff/0xsize <addr> in free text (sym-addr)
                int x = commit(line, i, style, SymbolRefs.ROLE_ARG);
                line.syms.frame[x] = arg++;
                i = pNext;
                continue;
            } else if (bareKernelAddress(b, i, e)) {
                // "(ffffffffa7b63fa0)", "at ffffffffc03d8040": an address printed without a symbol
                int x = line.syms.add(i, i + 16, i, i + 16, style, SymbolRefs.ROLE_ARG);
                line.syms.addr[x] = Ascii.parseHex(b, i, i + 16);
                line.syms.flags[x] = SymbolRefs.HAS_ADDR | SymbolRefs.RAW | SymbolRefs.VALUE_ONLY;
                line.syms.frame[x] = arg++;
                i += 16;
                continue;
            } else if (i < e && Ascii.isNameChar(b[i]) && !Ascii.isDigit(b[i]) && parseSymbol(b, i, e, false)
                    && (pFlags & SymbolRefs.HAS_MODULE) != 0 && (i == s || b[i - 1] == ' ' || b[i - 1] == '=')
                    && endsToken(b, pEnd, e)) {
                // "crc7_be [crc7]": a %ps of a module symbol inside a message
                int x = commit(line, i, style, SymbolRefs.ROLE_ARG);
                line.syms.frame[x] = arg++;
                i = pNext;
                continue;
            }
            while (i < e && b[i] != ' ') {
                i++;
            }
        }
    }

    /** 16 hex digits of a kernel-text address standing alone at {@code i} (after a space or parenthesis). */
    private static boolean bareKernelAddress(byte[] b, int i, int e) {
        if (i + 16 > e || (i + 16 < e && Ascii.hexValue(b[i + 16]) >= 0) || Ascii.skipHex(b, i, i + 16) != i + 16) {
            return false;
        }
        if (i > 0 && b[i - 1] != ' ' && b[i - 1] != '(') {
            return false;
        }
        long v = Ascii.parseHex(b, i, i + 16);
        return Long.compareUnsigned(v, KERNEL_TEXT_START) >= 0 && (i + 16 == e || !Ascii.isNameChar(b[i + 16]));
    }

    /** A symbol value ends at the end, a space, or punctuation that follows values. */
    static boolean endsToken(byte[] b, int i, int e) {
        if (i >= e) {
            return true;
        }
        byte c = b[i];
        return c == ' ' || c == ',' || c == ')' || c == '\t' || c == '/' || c == ']' || c == ';' || c == ':';
    }

    // ---------------------------------------------------------------- context

    /** Flags span of the last {@link #parseContext}. */
    int cFlagsStart;
    int cFlagsEnd;
    /** True when the last context was in latency format (cpu and flags glued, ts in µs). */
    boolean cLatency;

    /**
     * Reads the ftrace / trace-cmd line context starting at {@code s}: {@code comm-pid},
     * optional {@code (tgid)}, {@code [cpu]} or the latency form {@code cpu+flags}, optional flags,
     * and the timestamp with its colon. Fills comm, pid, tgid, cpu, ts; returns the index just
     * after {@code ": "} (or after the colon at the end of the line), or -1.
     */
    final int parseContext(TextLine line, int s, int e) {
        byte[] b = line.buf;
        int i = Ascii.skipSpaces(b, s, e);
        int limit = Math.min(e, i + 40);
        for (int p = i + 1; p < limit; p++) {
            if (b[p] != '-') {
                continue;
            }
            int q = Ascii.skipDigits(b, p + 1, e);
            if (q == p + 1 || q >= e || b[q] != ' ') {
                continue;
            }
            int r = afterPid(line, q, e);
            if (r >= 0) {
                line.comm = names.intern(b, i, p);
                line.pid = (int) Ascii.parseDecimal(b, p + 1, q);
                return r;
            }
        }
        return -1;
    }

    private int afterPid(TextLine line, int q, int e) {
        byte[] b = line.buf;
        int j = Ascii.skipSpaces(b, q, e);
        if (j >= e) {
            return -1;
        }
        int tgid = -1;
        if (b[j] == '(') {
            int k = Ascii.indexOf(b, j + 1, Math.min(e, j + 12), (byte) ')');
            if (k < 0) {
                return -1;
            }
            int ts = Ascii.skipSpaces(b, j + 1, k);
            long v = Ascii.parseDecimal(b, ts, k);
            if (v != NOT_A_NUMBER) {
                tgid = (int) v;
            } else if (!(k > ts && b[ts] == '-')) {
                return -1;
            }
            j = Ascii.skipSpaces(b, k + 1, e);
            if (j >= e) {
                return -1;
            }
        }
        int cpu;
        cFlagsStart = -1;
        cFlagsEnd = -1;
        cLatency = false;
        if (b[j] == '[') {
            int k = Ascii.skipDigits(b, j + 1, e);
            if (k == j + 1 || k >= e || b[k] != ']') {
                return -1;
            }
            cpu = (int) Ascii.parseDecimal(b, j + 1, k);
            j = k + 1;
            if (j < e && b[j] != ' ') {
                return -1;
            }
            j = Ascii.skipSpaces(b, j, e);
            int t = tokenEnd(b, j, e);
            if (t > j && b[t - 1] != ':' && !isTimestampToken(b, j, t)) {
                if (!isFlags(b, j, t)) {
                    return -1;
                }
                cFlagsStart = j;
                cFlagsEnd = t;
                j = Ascii.skipSpaces(b, t, e);
            }
        } else if (Ascii.isDigit(b[j])) {
            int k = Ascii.skipDigits(b, j, e);
            cpu = (int) Ascii.parseDecimal(b, j, k);
            int t = tokenEnd(b, k, e);
            if (t > k) {
                if (!isFlags(b, k, t)) {
                    return -1;
                }
                cFlagsStart = k;
                cFlagsEnd = t;
            }
            cLatency = true;
            j = Ascii.skipSpaces(b, t, e);
        } else {
            return -1;
        }
        int r = parseTime(line, j, e);
        if (r < 0) {
            return -1;
        }
        line.cpu = cpu;
        line.tgid = tgid;
        return r;
    }

    static int tokenEnd(byte[] b, int i, int e) {
        while (i < e && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    private static boolean isTimestampToken(byte[] b, int s, int t) {
        return t > s && Ascii.isDigit(b[s]) && Ascii.skipDigits(b, s, t) < t && b[Ascii.skipDigits(b, s, t)] == '.';
    }

    /** irqs-off / need-resched / hardirq / preempt-depth / migrate-disable characters. */
    static boolean isFlags(byte[] b, int s, int t) {
        if (t - s < 3 || t - s > 8) {
            return false;
        }
        for (int i = s; i < t; i++) {
            byte c = b[i];
            if (!(c == '.' || Ascii.isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads {@code secs.frac:}, a counter {@code 1234:}, or the latency forms {@code 4us :} /
     * {@code 4us+:} at {@code j}; sets ts. Returns the index after the colon and one space.
     */
    final int parseTime(TextLine line, int j, int e) {
        byte[] b = line.buf;
        int k = Ascii.skipDigits(b, j, e);
        if (k == j) {
            return -1;
        }
        long ts;
        if (k < e && b[k] == '.') {
            int f = Ascii.skipDigits(b, k + 1, e);
            ts = Ascii.parseTimestamp(b, j, f);
            k = f;
        } else {
            ts = Ascii.parseDecimal(b, j, k);
            if (k + 1 < e && b[k] == 'u' && b[k + 1] == 's' && ts != NOT_A_NUMBER) {
                ts *= 1000;
                k += 2;
                if (k < e && b[k] != ':') {
                    k++;
                }
            }
        }
        if (ts == NOT_A_NUMBER || k >= e || b[k] != ':') {
            return -1;
        }
        line.ts = ts;
        line.hasTs = true;
        k++;
        if (k < e) {
            if (b[k] != ' ') {
                return -1;
            }
            k++;
        }
        return k;
    }

    // ---------------------------------------------------------------- function_graph

    /**
     * Reads a function_graph line tail starting at {@code s}: optional prefix fields separated by
     * {@code |} (task, latency flags, duration) and the body (entry, leaf call, closing brace,
     * comment). Returns false when the text is no graph line.
     */
    /**
     * The ')' that closes the '(' at {@code open}, or -1: funcgraph-args puts an argument passed by value in
     * parentheses of its own ({@code kuid=(STRUCT)[0x0]}).
     */
    private static int closingParen(byte[] b, int open, int e) {
        int depth = 0;
        for (int i = open; i < e; i++) {
            if (b[i] == '(') {
                depth++;
            } else if (b[i] == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    final boolean parseGraphTail(TextLine line, int s, int e, byte style) {
        byte[] b = line.buf;
        int body = -1;
        int lastBar = -1;
        for (int i = s; i < e; i++) {
            if (b[i] == '|') {
                int t = Ascii.skipSpaces(b, i + 1, e);
                if (t < e && (b[t] == '}' || (b[t] == '/' && t + 1 < e && b[t + 1] == '*'))) {
                    body = i + 1;
                    break;
                }
                lastBar = i;
            }
        }
        if (body < 0) {
            body = lastBar >= 0 ? lastBar + 1 : s;
        }
        // prefix fields
        int segStart = s;
        for (int i = s; i < body; i++) {
            if (b[i] == '|') {
                graphPrefixField(line, segStart, i);
                segStart = i + 1;
            }
        }
        int t = Ascii.skipSpaces(b, body, e);
        int indent = t - body;
        if (lastBar >= 0 || body > s) {
            line.depth = indent >= 2 ? (indent - 2) / 2 : 0;
        }
        if (t >= e) {
            return false;
        }
        int bodyEnd = Ascii.skipBackSpaces(b, e, t);
        if (b[t] == '}') {
            line.graph = TextLine.GRAPH_EXIT;
            line.event = "funcgraph_exit";
            int c = Ascii.skipSpaces(b, t + 1, bodyEnd);
            if (c + 2 < bodyEnd && b[c] == '/' && b[c + 1] == '*') {
                int n = Ascii.skipSpaces(b, c + 2, bodyEnd);
                if (parseSymbol(b, n, bodyEnd, true)) {
                    commit(line, n, style, SymbolRefs.ROLE_FUNC);
                }
            }
            return true;
        }
        if (b[t] == '/' && t + 1 < e && b[t + 1] == '*') {
            line.graph = TextLine.GRAPH_COMMENT;
            int cs = t + 2;
            if (cs < bodyEnd && b[cs] == ' ') {
                cs++;
            }
            int ce = bodyEnd;
            if (ce - 2 >= cs && b[ce - 1] == '/' && b[ce - 2] == '*') {
                ce -= 2;
                if (ce > cs && b[ce - 1] == ' ') {
                    ce--;
                }
            }
            graphComment(line, cs, ce, style);
            return true;
        }
        if (Ascii.startsWith(b, t, e, "==========>") || Ascii.startsWith(b, t, e, "<==========")) {
            line.kind = TextLine.OTHER;
            return true;
        }
        if (!parseSymbol(b, t, e, true)) {
            return false;
        }
        int x = pEnd;
        if (x >= e || b[x] != '(') {
            return false;
        }
        int close = closingParen(b, x, e);
        if (close < 0) {
            return false;
        }
        int after = close + 1;
        if (after < e && b[after] == ';') {
            line.graph = TextLine.GRAPH_LEAF;
        } else if (after + 1 < e && b[after] == ' ' && b[after + 1] == '{') {
            line.graph = TextLine.GRAPH_ENTRY;
        } else {
            return false;
        }
        line.event = "funcgraph_entry";
        commit(line, t, style, SymbolRefs.ROLE_FUNC);
        return true;
    }

    /** One {@code |}-separated prefix field of a graph line: task, latency flags or duration. */
    private void graphPrefixField(TextLine line, int s, int e) {
        byte[] b = line.buf;
        s = Ascii.skipSpaces(b, s, e);
        e = Ascii.skipBackSpaces(b, e, s);
        if (s >= e) {
            return;
        }
        if (e - s > 2 && b[e - 1] == 's' && b[e - 2] == 'u') {
            int i = s;
            if (!Ascii.isDigit(b[i])) {
                i = Ascii.skipSpaces(b, i + 1, e);
            }
            int k = Ascii.skipDigits(b, i, e);
            if (k == i) {
                return;
            }
            long us = Ascii.parseDecimal(b, i, k);
            long ns = us * 1000;
            if (k < e && b[k] == '.') {
                int f = Ascii.skipDigits(b, k + 1, e);
                long frac = Ascii.parseDecimal(b, k + 1, Math.min(f, k + 4));
                for (int d = Math.min(f, k + 4) - k - 1; d < 3; d++) {
                    frac *= 10;
                }
                if (frac != NOT_A_NUMBER) {
                    ns += frac;
                }
            }
            line.durationNs = ns;
            return;
        }
        int dash = Ascii.lastIndexOf(b, s, e, (byte) '-');
        if (dash > s && dash + 1 < e && Ascii.skipDigits(b, dash + 1, e) == e) {
            line.comm = names.intern(b, s, dash);
            line.pid = (int) Ascii.parseDecimal(b, dash + 1, e);
        }
    }

    /** Single-word event names (without an underscore) that can appear as {@code name: fields}. */
    private static boolean isPlainEventName(byte[] b, int s, int e) {
        return Ascii.equals(b, s, e, "kmalloc") || Ascii.equals(b, s, e, "kfree") || Ascii.equals(b, s, e, "console");
    }

    /**
     * The text of a graph comment: another event ({@code module_load: dummy}) or a message
     * (trace_marker, trace_printk), which the kernel prints without its ip.
     */
    final void graphComment(TextLine line, int s, int e, byte style) {
        byte[] b = line.buf;
        int k = Ascii.skipIdent(b, s, e);
        line.payloadStart = s;
        line.payloadEnd = e;
        if (k > s && k < e && b[k] == ':' && (Ascii.indexOf(b, s, k, (byte) '_') >= 0 || isPlainEventName(b, s, k))) {
            line.event = names.intern(b, s, k);
            int p = k + 1;
            if (p < e && b[p] == ' ') {
                p++;
            }
            line.payloadStart = p;
            scanFields(line, p, e, style);
        } else {
            line.event = "print";
            line.messageStart = s;
            scanFields(line, s, e, style);
        }
    }
}
