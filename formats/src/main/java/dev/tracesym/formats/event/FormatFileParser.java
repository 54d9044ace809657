package dev.tracesym.formats.event;

import dev.tracesym.formats.TraceFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one event {@code format} file the way libtraceevent's parse_format does: the header
 * ({@code name:}, {@code ID:}, {@code format:}), the common fields up to the blank line, the event's
 * fields up to the next blank line, and the position of the {@code print fmt:} line.
 */
final class FormatFileParser {
    private final String system;
    private final String text;
    private final String source;
    private final boolean ftrace;
    private final int longSize;
    private final Lexer lx;

    private FormatFileParser(String system, String text, String source, int longSize) {
        this.system = system;
        this.text = text;
        this.source = source;
        this.ftrace = "ftrace".equals(system);
        this.longSize = longSize;
        this.lx = new Lexer(text);
    }

    /**
     * Parses one format file. A bad header (no name or id) is an error; bad fields only mark the
     * event as failed, as libtraceevent keeps such events and prints them as [FAILED TO PARSE].
     */
    static EventFormat parse(String system, String text, String source, int longSize) throws TraceFormatException {
        return new FormatFileParser(system, text, source, longSize).parse();
    }

    /**
     * Reads only the {@code name:} and {@code ID:} lines, which decide whether libtraceevent keeps
     * the event: {@link #parse} of the same text then succeeds. The rest is read when the event is
     * first needed (a trace uses a handful of its ~1,500 formats).
     */
    static Header header(String system, String text, String source) throws TraceFormatException {
        FormatFileParser p = new FormatFileParser(system, text, source, 8);
        String name = p.readName();
        return new Header(name, p.readId(name));
    }

    /**
     * The header of a format text in the form the kernel writes ({@code name: NAME\nID: DIGITS\n},
     * a name of letters, digits and underscores), read without the lexer; null for any other form,
     * which {@link #header} then reads as libtraceevent does. Both give the same answer where this one
     * gives one.
     */
    static Header plainHeader(String text) {
        if (!text.startsWith("name: ")) {
            return null;
        }
        int p = 6;
        int n = text.length();
        if (p >= n || text.charAt(p) >= '0' && text.charAt(p) <= '9') { // the lexer reads digits as a number
            return null;
        }
        while (p < n && word(text.charAt(p))) {
            p++;
        }
        if (p == 6 || p + 5 > n || text.charAt(p) != '\n' || !text.startsWith("ID: ", p + 1)) {
            return null;
        }
        int nameEnd = p;
        p += 5;
        int id = 0;
        int digits = p;
        while (p < n && p - digits < 6 && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
            id = id * 10 + text.charAt(p++) - '0';
        }
        // "0x.." or a leading zero would be read in another base by strtoull: left to the lexer
        if (p == digits || p - digits > 5 || p >= n || text.charAt(p) != '\n' || id > 0xffff
                || (text.charAt(digits) == '0' && p - digits > 1)) {
            return null;
        }
        return new Header(text.substring(6, nameEnd), id);
    }

    private static boolean word(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** The name and id of one format text. */
    record Header(String name, int id) {
    }

    private String readName() throws TraceFormatException {
        if (!(lx.next() == Lexer.ITEM && "name".equals(lx.text)) || !(lx.next() == Lexer.OP && ":".equals(lx.text))
                || lx.next() != Lexer.ITEM) {
            throw error("expected 'name: <event name>'");
        }
        return lx.text;
    }

    private int readId(String name) throws TraceFormatException {
        if (!(lx.nextItem() == Lexer.ITEM && "ID".equals(lx.text)) || !(lx.next() == Lexer.OP && ":".equals(lx.text))
                || lx.next() != Lexer.ITEM) {
            throw error("expected 'ID: <number>' after the name of event " + name);
        }
        long id = CNumbers.strtoull(lx.text);
        if (id < 0 || id > 0xffff) {
            throw error("event " + name + " has an id that is not a 16-bit number: " + lx.text);
        }
        return (int) id;
    }

    private EventFormat parse() throws TraceFormatException {
        String name = readName();
        int id = readId(name);
        List<FieldFormat> common = new ArrayList<>();
        List<FieldFormat> own = new ArrayList<>();
        boolean failed = !(lx.nextItem() == Lexer.ITEM && "format".equals(lx.text))
                || !(lx.next() == Lexer.OP && ":".equals(lx.text)) || lx.next() != Lexer.NEWLINE
                || !readFields(common) || !readFields(own);
        int printStart = failed ? -1 : lx.position();
        return new EventFormat(id, system, name, common.toArray(new FieldFormat[0]),
                own.toArray(new FieldFormat[0]), printFmtText(), failed, text, printStart);
    }

    private String printFmtText() {
        int p = text.indexOf("print fmt: ");
        if (p < 0) return "";
        int s = p + "print fmt: ".length();
        int e = text.indexOf('\n', s);
        return text.substring(s, e < 0 ? text.length() : e);
    }

    private TraceFormatException error(String what) {
        int line = 1;
        int end = Math.min(lx.position(), text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') line++;
        }
        return TraceFormatException.atLine(source, line, what);
    }

    /** One field list, ended by an empty line; false when a line does not read as libtraceevent expects. */
    private boolean readFields(List<FieldFormat> out) {
        for (;;) {
            int t = lx.next();
            if (t == Lexer.NEWLINE) return true;
            if (!lx.is(Lexer.ITEM, "field")) return false;
            t = lx.next();
            if (ftrace && lx.is(Lexer.ITEM, "special")) t = lx.next();
            if (!lx.is(Lexer.OP, ":")) return false;
            if (lx.next() != Lexer.ITEM) return false;
            String last = lx.text;
            StringBuilder type = null;
            boolean pointer = false;
            for (;;) {
                t = lx.next();
                if (t == Lexer.ITEM || lx.is(Lexer.OP, "*") || (ftrace && lx.is(Lexer.OP, "."))) {
                    if ("*".equals(lx.text)) pointer = true;
                    if (type == null) type = new StringBuilder(last);
                    else type.append(' ').append(last);
                    last = lx.text;
                    continue;
                }
                if (t == Lexer.DELIM && "__attribute__".equals(last) && "(".equals(lx.text)) {
                    // __attribute__((user)) and the like become part of the type
                    if (type == null) return false;
                    type.append(' ').append(last).append('(');
                    int depth = 1;
                    String delim = " ";
                    while ((t = lx.next()) != Lexer.NONE) {
                        if (t == Lexer.DELIM) {
                            if ("(".equals(lx.text)) depth++;
                            else if (")".equals(lx.text)) depth--;
                            if (depth == 0) break;
                            type.append(lx.text);
                            delim = "";
                        } else {
                            type.append(delim).append(lx.text);
                            delim = " ";
                        }
                        last = lx.text;
                    }
                    continue;
                }
                break;
            }
            if (type == null) return false;
            String name = last;
            if (t != Lexer.OP) return false;
            boolean array = false;
            int arrayLength = 0;
            int dynamicElementSize = 0;
            if ("[".equals(lx.text)) {
                array = true;
                int lastType = t;
                StringBuilder brackets = new StringBuilder("[");
                t = lx.next();
                if (t == Lexer.NONE) return false; // the text ends inside the brackets
                arrayLength = t == Lexer.ITEM ? (int) CNumbers.strtoull(lx.text) : 0;
                while (!"]".equals(lx.text)) {
                    brackets.append(lastType == Lexer.ITEM && t == Lexer.ITEM ? " " : "").append(lx.text);
                    lastType = t;
                    arrayLength = (int) CNumbers.strtoull(lx.text);
                    t = lx.next();
                    if (t == Lexer.NONE) return false;
                }
                brackets.append(']');
                t = lx.next();
                if (t == Lexer.ITEM) {
                    // "type [] name;" form: the word before the brackets was part of the type
                    type.append(' ').append(name).append(brackets);
                    dynamicElementSize = typeSize(name);
                    name = lx.text;
                    t = lx.next();
                } else {
                    type.append(brackets);
                }
            }
            if (!lx.is(Lexer.OP, ";")) return false;
            int offset = readAttribute("offset");
            if (offset == Integer.MIN_VALUE) return false;
            int size = readAttribute("size");
            if (size == Integer.MIN_VALUE) return false;
            boolean signed = false;
            t = lx.next();
            if (t != Lexer.NEWLINE) {
                if (!lx.is(Lexer.ITEM, "signed")) return false;
                if (!(lx.next() == Lexer.OP && ":".equals(lx.text))) return false;
                if (lx.next() != Lexer.ITEM) return false;
                signed = CNumbers.strtoull(lx.text) != 0;
                if (!(lx.next() == Lexer.OP && ";".equals(lx.text))) return false;
                if (lx.next() != Lexer.NEWLINE) return false;
            }
            out.add(new FieldFormat(name.intern(), type.toString().intern(), offset, size, signed, array,
                    arrayLength, pointer, longSize, dynamicElementSize));
        }
    }

    /** Reads {@code name:N;}; Integer.MIN_VALUE when the text does not have that shape. */
    private int readAttribute(String name) {
        if (!(lx.next() == Lexer.ITEM && name.equals(lx.text))) return Integer.MIN_VALUE;
        if (!(lx.next() == Lexer.OP && ":".equals(lx.text))) return Integer.MIN_VALUE;
        if (lx.next() != Lexer.ITEM) return Integer.MIN_VALUE;
        long v = CNumbers.strtoull(lx.text);
        if (!(lx.next() == Lexer.OP && ";".equals(lx.text))) return Integer.MIN_VALUE;
        return (int) v;
    }

    /** Element size of the types libtraceevent knows for {@code type [] name} dynamic arrays. */
    private static int typeSize(String t) {
        switch (t) {
            case "u8": case "s8": case "char": return 1;
            case "u16": case "s16": return 2;
            case "u32": case "s32": return 4;
            case "u64": case "s64": return 8;
            default: return 0;
        }
    }
}
