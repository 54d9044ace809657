package dev.tracesym.formats.event;

import dev.tracesym.formats.dat.RawEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * libtraceevent's field-by-field fallback: {@code " name=value"} for every own field, used after
 * {@code [FAILED TO PARSE]} when an event's format or print fmt could not be read.
 */
final class RawFieldPrinter {
    private static final byte[] HEX_PREFIX = {'0', 'x'};
    /**
     * String arrays that once held unprintable bytes: libtraceevent then clears the field's string
     * flag for good, so later records print that field as ARRAY[...] too. Kept per printer, as
     * libtraceevent keeps it per parsed trace.
     */
    private final Set<FieldFormat> notStrings = new HashSet<>();

    void printFields(ByteText out, RawEvent e, EventFormat f, boolean bigEndian) {
        for (FieldFormat field : f.fields) {
            out.append(field.rawLabel());
            printField(out, e, field, bigEndian);
        }
    }

    void printField(ByteText out, RawEvent e, FieldFormat field, boolean bigEndian) {
        if (field.array) {
            int start, len;
            if (field.dynamic) {
                len = EventFields.dynamicLength(e, field, bigEndian);
                start = EventFields.dynamicOffset(e, field, bigEndian);
            } else {
                start = e.offset + field.offset;
                len = field.size;
            }
            // C reads on past a short record into its buffer (the rest of the page, the CPU's next page), at
            // the buffer's end into memory that is not the trace's; tracesym reads on as far as it holds the
            // CPU's data: a string is printed up to its NUL (an empty dynamic string, such as a probe's failed
            // fetch, points at the record's end: C prints the bytes that follow it), an array to its size
            int held = e.heldEnd();
            if (field.string && !notStrings.contains(field) && printable(e.data, start, len, held)) {
                Printf.copyCString(out, e.data, start, held);
            } else {
                out.append("ARRAY[");
                // past what tracesym holds it prints 00
                for (int i = 0; i < len; i++) {
                    if (i > 0) {
                        out.append(',');
                        out.append(' ');
                    }
                    int b = start + i >= 0 && start + i < held ? e.data[start + i] & 0xff : 0;
                    Printf.hex2(out, b);
                }
                out.append(']');
                if (field.string) notStrings.add(field);
            }
            return;
        }
        long v = field.offset + field.size <= e.length
                ? EventFields.read(e.data, e.offset + field.offset, field.size, bigEndian) : 0;
        if (field.pointer) {
            out.append(HEX_PREFIX);
            out.appendHex(v);
        } else if (field.signed) {
            switch (field.size) {
                case 4:
                    if (field.isLong) {
                        out.append(HEX_PREFIX);
                        out.appendHex(v & 0xffffffffL);
                    } else {
                        out.appendSigned((int) v);
                    }
                    break;
                case 2:
                    if ((short) v >= 0 && (short) v < 10) out.append(' ');
                    out.appendSigned((short) v);
                    break;
                case 1:
                    out.appendSigned((byte) v);
                    break;
                default:
                    out.appendSigned(v);
            }
        } else if (field.isLong) {
            out.append(HEX_PREFIX);
            out.appendHex(v);
        } else {
            Printf.appendUnsigned(out, v);
        }
    }

    /** libtraceevent's is_printable_array: every byte before the first NUL (within len) is printable or space. */
    private static boolean printable(byte[] d, int start, int len, int end) {
        for (int i = 0; i < len; i++) {
            int p = start + i;
            if (p >= end) break;
            int c = d[p];
            if (c == 0) break;
            if (!Lexer.isPrint(c) && !Lexer.isSpace(c)) return false;
        }
        return true;
    }
}
