package dev.tracesym.symbolizer.source;

import dev.tracesym.symbolizer.SymbolSourceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A GNU ld or LLVM lld link map ({@code -Map}, e.g. the kernel's {@code vmlinux.map} with
 * {@code CONFIG_VMLINUX_MAP}, or {@code vmlinux.o.map}, the {@code ld -r} map kbuild writes for
 * {@code CONFIG_BUILTIN_MODULE_RANGES}): the output sections with their addresses, the input
 * sections placed in them (section, address, size, object file) and the symbols the map lists.
 *
 * <p>Of a GNU ld map only the part after {@code Linker script and memory map} is read: the discarded-sections
 * list before it carries addresses of 0. A record whose section name is too long for its column
 * continues on the next line, as ld prints it. Objects read from an archive ({@code lib.a(x.o)})
 * are named by their member.
 */
public final class LinkerMap {
    private static final String START = "Linker script and memory map";

    private final String origin;
    private final String output;
    private final String[] secName;
    private final long[] secAddr;
    private final long[] secSize;
    private final boolean[] secPlaced;
    private final int[] recSection;
    private final String[] recInput;
    private final long[] recAddr;
    private final long[] recSize;
    private final String[] recObject;
    private final int[] symSection;
    private final String[] symName;
    private final long[] symAddr;
    private final boolean[] symAssigned;

    private LinkerMap(String origin, String output, Growing sec, Growing rec, Growing sym) {
        this.origin = origin;
        this.output = output;
        int n = sec.size;
        secName = Arrays.copyOf(sec.s1, n);
        secAddr = Arrays.copyOf(sec.l1, n);
        secSize = Arrays.copyOf(sec.l2, n);
        secPlaced = Arrays.copyOf(sec.flag, n);
        n = rec.size;
        recSection = Arrays.copyOf(rec.i1, n);
        recInput = Arrays.copyOf(rec.s1, n);
        recAddr = Arrays.copyOf(rec.l1, n);
        recSize = Arrays.copyOf(rec.l2, n);
        recObject = Arrays.copyOf(rec.s2, n);
        n = sym.size;
        symSection = Arrays.copyOf(sym.i1, n);
        symName = Arrays.copyOf(sym.s1, n);
        symAddr = Arrays.copyOf(sym.l1, n);
        symAssigned = Arrays.copyOf(sym.flag, n);
    }

    /** Parallel growable columns: a few of them are used per table. */
    private static final class Growing {
        int size;
        int[] i1 = new int[64];
        String[] s1 = new String[64];
        String[] s2 = new String[64];
        long[] l1 = new long[64];
        long[] l2 = new long[64];
        boolean[] flag = new boolean[64];

        int add() {
            if (size == i1.length) {
                int c = size * 2;
                i1 = Arrays.copyOf(i1, c);
                s1 = Arrays.copyOf(s1, c);
                s2 = Arrays.copyOf(s2, c);
                l1 = Arrays.copyOf(l1, c);
                l2 = Arrays.copyOf(l2, c);
                flag = Arrays.copyOf(flag, c);
            }
            return size++;
        }
    }

    /**
     * Parses a GNU ld or an LLVM lld map (told apart by lld's header line).
     *
     * @throws SymbolSourceException when the text is neither
     */
    public static LinkerMap parse(TextSource src, Names names) throws SymbolSourceException {
        Lines in = new Lines(src);
        boolean started = false;
        String output = null;
        Growing sec = new Growing();
        Growing rec = new Growing();
        Growing sym = new Growing();
        int current = -1;
        while (in.nextLine()) {
            if (!started) {
                in.hasField();
                if (in.restStartsWith(START)) {
                    started = true;
                } else if (in.lineNumber() == 1 && (in.restStartsWith("VMA ") || in.restStartsWith("Address "))) {
                    return parseLld(in, src, names);
                }
                continue;
            }
            if (in.blank()) {
                continue;
            }
            int indent = in.indent();
            in.hasField();
            if (indent == 0) {
                current = outputSection(in, sec, names);
                if (current == -2) {
                    output = outputFile(in);
                    current = -1;
                }
                continue;
            }
            if (indent == 1) {
                if (in.peek() != '*') {
                    inputSection(in, current, rec, names);
                }
                continue;
            }
            symbolLine(in, current, sym, names);
        }
        if (!started) {
            throw SymbolSourceException.of(src.origin(), "expected a GNU ld link map (ld -Map; no line '" + START
                    + "') or an LLVM lld map (header 'VMA LMA Size Align Out In Symbol')", null);
        }
        return new LinkerMap(src.origin(), output, sec, rec, sym);
    }

    /**
     * An LLVM lld map: a header {@code VMA LMA Size Align Out In Symbol} (older lld: {@code Address
     * Size Align ...}), then per line the hexadecimal columns, the decimal alignment, one space and
     * 8 spaces per level: output section, input section {@code file:(section)} or assignment,
     * symbol. Column widths are not fixed (a wide value shifts the rest), so the level is counted
     * from the end of the alignment field.
     */
    private static LinkerMap parseLld(Lines in, TextSource src, Names names) throws SymbolSourceException {
        int numbers = in.countFieldsUntil((byte) 'O', (byte) 'O');     // fields before "Out"
        if (numbers != 3 && numbers != 4) {
            throw in.error("expected an lld map header 'VMA LMA Size Align Out In Symbol', found " + in.quotedLine());
        }
        Growing sec = new Growing();
        Growing rec = new Growing();
        Growing sym = new Growing();
        int current = -1;
        while (in.nextLine()) {
            if (in.blank()) {
                continue;
            }
            long vma = in.hex("address");
            long size = 0;
            for (int f = 1; f < numbers - 1; f++) {
                long v = in.hex(f == numbers - 2 ? "size" : "load address");
                size = f == numbers - 2 ? v : size;
            }
            in.decimal("alignment");
            int from = in.pos + 1;
            in.hasField();
            int level = (in.pos - from) / 8;
            if (in.pos == from - 1 || (in.pos - from) % 8 != 0 || level > 2) {
                throw in.error("expected one space and 8 spaces per level before the name, found " + in.quotedLine());
            }
            String rest = in.rest();
            int eq = rest.indexOf(" = ");
            if (eq > 0) {                    // "_text = .": an assignment, at any level
                addSymbol(sym, current, names.intern(rest.substring(0, eq)), vma, true);
            } else if (level == 0) {
                int i = sec.add();
                sec.s1[i] = names.intern(rest);
                sec.l1[i] = vma;
                sec.l2[i] = size;
                sec.flag[i] = true;
                current = i;
            } else if (level == 1) {
                int colon = rest.lastIndexOf(":(");
                if (current >= 0 && colon > 0 && rest.endsWith(")") && !rest.startsWith("<")) {
                    int i = rec.add();
                    rec.i1[i] = current;
                    rec.s1[i] = names.intern(rest.substring(colon + 2, rest.length() - 1));
                    rec.l1[i] = vma;
                    rec.l2[i] = size;
                    rec.s2[i] = names.intern(objectName(rest.substring(0, colon)));
                }
            } else if (isSymbolName(rest)) {
                addSymbol(sym, current, names.intern(rest), vma, false);
            }
        }
        return new LinkerMap(src.origin(), null, sec, rec, sym);
    }

    private static boolean isSymbolName(String s) {
        char c = s.charAt(0);
        return (Character.isLetter(c) || c == '_') && s.indexOf(' ') < 0;
    }

    private static void addSymbol(Growing sym, int current, String name, long addr, boolean assigned) {
        if (!isSymbolName(name)) {
            return;              // ". = ALIGN (0x10)" and the like
        }
        int i = sym.add();
        sym.i1[i] = current;
        sym.s1[i] = name;
        sym.l1[i] = addr;
        sym.flag[i] = assigned;
    }

    /** An output-section line (name, then address and size, maybe on the next line); -1 for other directives, -2 for OUTPUT(...). */
    private static int outputSection(Lines in, Growing sec, Names names) throws SymbolSourceException {
        if (in.restStartsWith("OUTPUT(")) {
            return -2;
        }
        String name = in.word("output section name");
        long addr = 0;
        long size = 0;
        boolean placed = false;
        if (in.atHexField()) {
            addr = in.hex("section address");
            size = in.atHexField() ? in.hex("section size") : 0;
            placed = true;
        } else if (in.hasField()) {
            return -1;           // LOAD x, START GROUP, ...
        } else if (in.nextLine()) {
            // a long name: ld puts address and size on the next line, if the section has any
            if (in.indent() > 0 && in.atHexField()) {
                addr = in.hex("section address");
                size = in.atHexField() ? in.hex("section size") : 0;
                placed = true;
            } else {
                in.pushBack();
            }
        }
        int i = sec.add();
        sec.s1[i] = names.intern(name);
        sec.l1[i] = addr;
        sec.l2[i] = size;
        sec.flag[i] = placed;
        return i;
    }

    private static String outputFile(Lines in) {
        String rest = in.rest();
        int open = rest.indexOf('(');
        int end = rest.length();
        for (int i = open + 1; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == ' ' || c == ')') {
                end = i;
                break;
            }
        }
        return rest.substring(open + 1, end);
    }

    /** {@code  .text  0xADDR  0xSIZE object}, the part after the name possibly on the next line. */
    private static void inputSection(Lines in, int current, Growing rec, Names names) throws SymbolSourceException {
        String input = in.word("input section name");
        if (!in.hasField()) {
            if (!in.nextLine()) {
                return;
            }
            if (in.indent() <= 1 || !in.atHexField()) {
                in.pushBack();
                return;
            }
        }
        if (current < 0 || !in.atHexField()) {
            return;              // outside an output section, or a linker script statement
        }
        long addr = in.hex("input section address");
        if (!in.atHexField()) {
            return;
        }
        long size = in.hex("input section size");
        String object = in.rest();
        if (object.isEmpty() || object.startsWith("0x")) {
            return;              // data statements (LONG 0x..) name no object
        }
        int i = rec.add();
        rec.i1[i] = current;
        rec.s1[i] = names.intern(input);
        rec.l1[i] = addr;
        rec.l2[i] = size;
        rec.s2[i] = names.intern(objectName(object));
    }

    /** {@code lib.a(x.o)} names member {@code x.o}; a leading {@code ./} is dropped. */
    static String objectName(String object) {
        String o = object;
        int open = o.indexOf(".a(");
        if (open > 0 && o.endsWith(")")) {
            o = o.substring(open + 3, o.length() - 1);
        }
        while (o.startsWith("./")) {
            o = o.substring(2);
        }
        return o;
    }

    /** {@code 0xADDR name} (a global symbol of the input section above) or {@code 0xADDR name = expr}. */
    private static void symbolLine(Lines in, int current, Growing sym, Names names) throws SymbolSourceException {
        if (!in.atHexField()) {
            return;
        }
        long addr = in.hex("symbol address");
        if (!in.hasField() || in.atHexField()) {
            return;
        }
        String name = in.word("symbol name");
        boolean assigned = false;
        if (in.hasField()) {
            if (in.peek() != '=' || in.fieldEnd() - in.pos != 1) {
                return;          // PROVIDE (...), ASSERT (...), ...
            }
            assigned = true;
        }
        addSymbol(sym, current, names.intern(name), addr, assigned);
    }

    /** Where the map came from. */
    public String origin() { return origin; }

    /**
     * The file the link wrote: GNU ld's {@code OUTPUT(vmlinux.o elf64-x86-64)} gives
     * {@code vmlinux.o}; lld maps name none, so the map's file name without compression suffix
     * and {@code .map} stands for it ({@code vmlinux.o.map.gz} gives {@code vmlinux.o}).
     */
    public String output() {
        if (output != null) {
            return output;
        }
        String f = TextSource.plainName(origin.substring(origin.lastIndexOf('/') + 1));
        return f.endsWith(".map") ? f.substring(0, f.length() - 4) : f;
    }

    /** Number of output sections. */
    public int sectionCount() { return secName.length; }

    public String sectionName(int s) { return secName[s]; }

    public long sectionAddress(int s) { return secAddr[s]; }

    public long sectionSize(int s) { return secSize[s]; }

    /** True when the map gives the section an address (sections that end up empty have none). */
    public boolean sectionPlaced(int s) { return secPlaced[s]; }

    /** Number of input-section records. */
    public int recordCount() { return recInput.length; }

    /** The output section record {@code r} was placed in. */
    public int recordSection(int r) { return recSection[r]; }

    /** The input section's name ({@code .text}, {@code .text.unlikely}, ...). */
    public String recordInput(int r) { return recInput[r]; }

    public long recordAddress(int r) { return recAddr[r]; }

    public long recordSize(int r) { return recSize[r]; }

    /** The object file, as the link named it ({@code fs/fat/cache.o}, {@code vmlinux.o}). */
    public String recordObject(int r) { return recObject[r]; }

    /** Number of symbol lines. */
    public int symbolCount() { return symName.length; }

    public String symbolName(int i) { return symName[i]; }

    public long symbolAddress(int i) { return symAddr[i]; }

    /** The output section the symbol line is in, or -1. */
    public int symbolSection(int i) { return symSection[i]; }

    /** True for {@code name = expr} lines: symbols the linker script defines, which belong to no object. */
    public boolean symbolAssigned(int i) { return symAssigned[i]; }

    /** Address of the first symbol line called {@code name}, or -1. */
    public long addressOf(String name) {
        for (int i = 0; i < symName.length; i++) {
            if (symName[i].equals(name)) {
                return symAddr[i];
            }
        }
        return -1;
    }

    /** Names of the symbols the linker script assigns ({@code _text = .}); shared pool strings. */
    public List<String> assignedSymbols() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < symName.length; i++) {
            if (symAssigned[i]) {
                l.add(symName[i]);
            }
        }
        return l;
    }
}
