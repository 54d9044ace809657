package dev.tracesym.symbolizer.source;

import dev.tracesym.input.Excerpt;
import dev.tracesym.symbolizer.SymbolSourceException;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over the lines of a {@link TextSource} and the fields of the current line, working on
 * the bytes directly so that parsing a 4 MB kallsyms makes no garbage besides the names it keeps.
 * Fields are separated by runs of spaces and tabs.
 */
final class Lines {
    private final TextSource src;
    private final byte[] b;
    private final int end;
    private int next;        // start of the next line
    private int lineNo;
    int start;               // current line [start, stop)
    int stop;
    int pos;                 // field cursor within the current line

    Lines(TextSource src) {
        this.src = src;
        this.b = src.bytes();
        this.end = src.length();
    }

    /** Advances to the next line; false at the end of the input. */
    boolean nextLine() {
        if (next >= end) {
            return false;
        }
        start = next;
        int i = start;
        while (i < end && b[i] != '\n') {
            i++;
        }
        stop = i;
        if (stop > start && b[stop - 1] == '\r') {
            stop--;
        }
        next = i + 1;
        pos = start;
        lineNo++;
        return true;
    }

    int lineNumber() { return lineNo; }

    /** Makes the next {@link #nextLine()} return the current line again (one level only). */
    void pushBack() {
        next = start;
        lineNo--;
    }

    /** True when the current line starts with {@code c}. */
    boolean startsWith(byte c) {
        return stop > start && b[start] == c;
    }

    /** Number of spaces and tabs the current line starts with. */
    int indent() {
        int i = start;
        while (i < stop && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        return i - start;
    }

    /** True when the field at the cursor is {@code 0x} followed by at least one hexadecimal digit. */
    boolean atHexField() {
        if (!hasField()) {
            return false;
        }
        int e = fieldEnd();
        if (e - pos < 3 || b[pos] != '0' || (b[pos + 1] != 'x' && b[pos + 1] != 'X') || e - pos > 18) {
            return false;
        }
        for (int i = pos + 2; i < e; i++) {
            if (Character.digit(b[i], 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True when the rest of the current line, from the cursor, starts with {@code text}. */
    boolean restStartsWith(String text) {
        if (stop - pos < text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[pos + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    boolean blank() {
        for (int i = start; i < stop; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** True when the current line contains byte {@code c}. */
    boolean contains(byte c) {
        for (int i = start; i < stop; i++) {
            if (b[i] == c) {
                return true;
            }
        }
        return false;
    }

    /** Skips spaces and tabs; true if a field follows. */
    boolean hasField() {
        while (pos < stop && (b[pos] == ' ' || b[pos] == '\t')) {
            pos++;
        }
        return pos < stop;
    }

    /** The byte at the cursor (call after {@link #hasField()}). */
    byte peek() { return b[pos]; }

    /** End of the field that starts at the cursor. */
    int fieldEnd() {
        int i = pos;
        while (i < stop && b[i] != ' ' && b[i] != '\t') {
            i++;
        }
        return i;
    }

    /** Counts the fields from the cursor to the end of the line, or up to a field starting with a stop byte. */
    int countFieldsUntil(byte stop1, byte stop2) {
        int save = pos;
        int n = 0;
        while (hasField()) {
            if (b[pos] == stop1 || b[pos] == stop2) {
                break;
            }
            n++;
            pos = fieldEnd();
        }
        pos = save;
        return n;
    }

    /** Parses a hexadecimal field (optional 0x); throws naming {@code what} if it is not one. */
    long hex(String what) throws SymbolSourceException {
        if (!hasField()) {
            throw error("expected " + what + " (hexadecimal), found end of line");
        }
        int e = fieldEnd();
        int i = pos;
        if (e - i > 2 && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
            i += 2;
        }
        if (e - i > 16 || e == i) {
            throw error("expected " + what + " (at most 16 hexadecimal digits), found " + quoted(pos, e));
        }
        long v = 0;
        for (; i < e; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) {
                throw error("expected " + what + " (hexadecimal), found " + quoted(pos, e));
            }
            v = (v << 4) | d;
        }
        pos = e;
        return v;
    }

    /** Parses a decimal field; throws naming {@code what} if it is not one. */
    long decimal(String what) throws SymbolSourceException {
        if (!hasField()) {
            throw error("expected " + what + " (decimal), found end of line");
        }
        int e = fieldEnd();
        if (e - pos > 18) {
            throw error("expected " + what + " (decimal), found " + quoted(pos, e));
        }
        long v = 0;
        for (int i = pos; i < e; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw error("expected " + what + " (decimal), found " + quoted(pos, e));
            }
            v = v * 10 + (b[i] - '0');
        }
        pos = e;
        return v;
    }

    /** The next field as a string; throws naming {@code what} at end of line. */
    String word(String what) throws SymbolSourceException {
        if (!hasField()) {
            throw error("expected " + what + ", found end of line");
        }
        int e = fieldEnd();
        String s = field(pos, e);
        pos = e;
        return s;
    }

    /** The rest of the line from the cursor, trimmed. */
    String rest() {
        hasField();
        int e = stop;
        while (e > pos && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
            e--;
        }
        String s = field(pos, e);
        pos = stop;
        return s;
    }

    String field(int from, int to) { return new String(b, from, to - from, StandardCharsets.ISO_8859_1); }

    String line() { return field(start, stop); }

    /** The current line quoted for a message: at most {@link Excerpt#MAX} characters of it. */
    String quotedLine() { return Excerpt.quote(b, start, stop - start); }

    /** Bytes {@code [from, to)} of the line quoted for a message, shortened as {@link #quotedLine()}. */
    String quoted(int from, int to) { return Excerpt.quote(b, from, to - from); }

    byte byteAt(int i) { return b[i]; }

    SymbolSourceException error(String message) {
        return SymbolSourceException.atLine(src.origin(), lineNo, message);
    }
}
