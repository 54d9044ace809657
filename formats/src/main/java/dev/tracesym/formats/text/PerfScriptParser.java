package dev.tracesym.formats.text;

/**
 * {@code perf script} text: a sample header {@code comm [pid/]tid [cpu] time: [period] event:}
 * followed either by {@code ip sym+off (dso)} on the same line or by tab-indented callchain
 * frames {@code addr sym+off (dso)}; {@code -F} selections that drop columns are accepted. Kernel
 * frames are those with a kernel-half address (top 16 bits set) and a bracketed dso ({@code [kernel.kallsyms]},
 * a module {@code [wp512]}, {@code [unknown]}).
 */
final class PerfScriptParser extends LineParser {
    private int frameNo;
    /** The file shows symoff ({@code sym+0xoff}), so an {@code [unknown]} named later gets one too. */
    private boolean symOffset;

    PerfScriptParser(Interner names) {
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
        if (b[s] == '\t' || b[s] == ' ' && frameLike(b, s, e)) {
            line.kind = TextLine.FRAME;
            line.frame = frameNo++;
            frameSymbol(line, Ascii.skipSpaces(b, s, e), e, SymbolRefs.ROLE_FRAME);
            return;
        }
        if (header(line, s, e)) {
            frameNo = 0;
            return;
        }
        line.kind = TextLine.GARBAGE;
    }

    /** A space-indented line of the form {@code hex sym (dso)}. */
    private static boolean frameLike(byte[] b, int s, int e) {
        int i = Ascii.skipSpaces(b, s, e);
        int h = Ascii.skipHex(b, i, e);
        return h > i && h < e && b[h] == ' ' && b[e - 1] == ')';
    }

    /**
     * {@code addr sym[+0xoff] (dso)}: records a kernel frame. Returns false when the text is not
     * of that form.
     */
    private boolean frameSymbol(TextLine line, int i, int e, byte role) {
        byte[] b = line.buf;
        int h = Ascii.skipHex(b, i, e);
        if (h == i || h >= e || b[h] != ' ') {
            return false;
        }
        long addr = Ascii.parseHex(b, i, h);
        int close = Ascii.skipBackSpaces(b, e, h);
        if (close <= h || b[close - 1] != ')') {
            return true;
        }
        int open = close - 1;
        int depth = 0;
        while (open > h) {
            byte c = b[open];
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                break;
            }
            open--;
        }
        if (open <= h + 1 || b[open - 1] != ' ') {
            return true;
        }
        int symStart = h + 1;
        int symEnd = open - 1;
        int dsoStart = open + 1;
        int dsoEnd = close - 1;
        if (addr == Ascii.NOT_A_NUMBER || (addr >>> 48) != 0xffff || dsoEnd - dsoStart < 3 || b[dsoStart] != '['
                || b[dsoEnd - 1] != ']' || Ascii.equals(b, dsoStart, dsoEnd, "[vsyscall]")
                || Ascii.equals(b, dsoStart, dsoEnd, "[vdso]")) {
            return true; // user-space frame: not ours to name
        }
        SymbolRefs r = line.syms;
        int x;
        if (Ascii.equals(b, symStart, symEnd, "[unknown]")) {
            x = r.add(symStart, close, symStart, symEnd, SymbolRefs.STYLE_PERF, role);
            r.flags[x] = SymbolRefs.RAW | SymbolRefs.HAS_ADDR | (symOffset ? SymbolRefs.WANTS_OFFSET : 0);
        } else {
            int n = Ascii.skipName(b, symStart, symEnd);
            x = r.add(symStart, close, symStart, n, SymbolRefs.STYLE_PERF, role);
            r.flags[x] = SymbolRefs.HAS_ADDR;
            if (n + 3 < symEnd + 1 && b[n] == '+' && b[n + 1] == '0' && b[n + 2] == 'x') {
                int k = Ascii.skipHex(b, n + 3, symEnd);
                long off = Ascii.parseHex(b, n + 3, k);
                if (k == symEnd && off != Ascii.NOT_A_NUMBER) {
                    r.offset[x] = off;
                    r.flags[x] |= SymbolRefs.HAS_OFFSET;
                    symOffset = true;
                } else {
                    r.nameEnd[x] = symEnd;
                }
            } else {
                r.nameEnd[x] = symEnd;
            }
        }
        r.addr[x] = addr;
        r.modStart[x] = dsoStart + 1;
        r.modEnd[x] = dsoEnd - 1;
        if (!Ascii.equals(b, dsoStart, dsoEnd, "[kernel.kallsyms]") && !Ascii.equals(b, dsoStart, dsoEnd, "[unknown]")) {
            r.flags[x] |= SymbolRefs.HAS_MODULE;
        }
        if (role == SymbolRefs.ROLE_FRAME) {
            r.frame[x] = line.frame;
        }
        return true;
    }

    private boolean header(TextLine line, int s, int e) {
        byte[] b = line.buf;
        // the time: first "digits.digits:" token preceded by a space
        int t = -1;
        int te = -1;
        for (int i = s + 1; i < e; i++) {
            if (Ascii.isDigit(b[i]) && b[i - 1] == ' ') {
                int k = Ascii.skipDigits(b, i, e);
                if (k < e && b[k] == '.') {
                    int f = Ascii.skipDigits(b, k + 1, e);
                    if (f > k + 1 && f < e && b[f] == ':') {
                        t = i;
                        te = f;
                        break;
                    }
                }
                i = k;
            }
        }
        if (t < 0) {
            return false;
        }
        long ts = Ascii.parseTimestamp(b, t, te);
        if (ts == Ascii.NOT_A_NUMBER) {
            return false;
        }
        int left = Ascii.skipBackSpaces(b, t, s);
        int cpu = -1;
        if (left > s && b[left - 1] == ']') {
            int open = Ascii.lastIndexOf(b, s, left, (byte) '[');
            if (open < 0) {
                return false;
            }
            long c = Ascii.parseDecimal(b, open + 1, left - 1);
            if (c == Ascii.NOT_A_NUMBER) {
                return false;
            }
            cpu = (int) c;
            left = Ascii.skipBackSpaces(b, open, s);
        }
        int tidEnd = left;
        int tidStart = tidEnd;
        while (tidStart > s && (Ascii.isDigit(b[tidStart - 1]) || b[tidStart - 1] == '/' || b[tidStart - 1] == '-')) {
            tidStart--;
        }
        if (tidStart == tidEnd || (tidStart > s && b[tidStart - 1] != ' ')) {
            return false;
        }
        int slash = Ascii.indexOf(b, tidStart, tidEnd, (byte) '/');
        long pid = -1;
        long tid;
        if (slash >= 0) {
            pid = Ascii.parseDecimal(b, tidStart, slash);
            tid = Ascii.parseDecimal(b, slash + 1, tidEnd);
        } else {
            tid = Ascii.parseDecimal(b, tidStart, tidEnd);
        }
        if (tid == Ascii.NOT_A_NUMBER || pid == Ascii.NOT_A_NUMBER) {
            return false;
        }
        int commStart = Ascii.skipSpaces(b, s, tidStart);
        int commEnd = Ascii.skipBackSpaces(b, tidStart, commStart);
        line.kind = TextLine.EVENT;
        line.hasTs = true;
        line.ts = ts;
        line.cpu = cpu;
        line.pid = (int) tid;
        line.tgid = (int) pid;
        line.comm = names.intern(b, commStart, commEnd);
        // [period] event: rest
        int i = Ascii.skipSpaces(b, te + 1, e);
        int k = tokenEnd(b, i, e);
        if (k > i && Ascii.skipDigits(b, i, k) == k) {
            i = Ascii.skipSpaces(b, k, e);
            k = tokenEnd(b, i, e);
        }
        if (k > i + 1 && b[k - 1] == ':') {
            int colon = Ascii.indexOf(b, i, k - 1, (byte) ':');
            if (colon > i) {
                line.system = names.intern(b, i, colon);
                line.event = names.intern(b, colon + 1, k - 1);
            } else {
                line.event = names.intern(b, i, k - 1);
            }
            i = Ascii.skipSpaces(b, k, e);
        }
        line.payloadStart = i;
        line.payloadEnd = e;
        if (i < e) {
            int save = line.syms.count;
            if (!frameSymbol(line, i, e, SymbolRefs.ROLE_IP) || line.syms.count == save) {
                line.syms.count = save;
                scanFields(line, i, e, SymbolRefs.STYLE_TRACE_CMD);
            }
        }
        return true;
    }

    @Override
    int score(TextLine line) {
        switch (line.kind) {
            case TextLine.EVENT:
                return 2;
            case TextLine.FRAME:
                return line.syms.count > 0 ? 3 : 1;
            case TextLine.GARBAGE:
                return -3;
            default:
                return 0;
        }
    }
}
