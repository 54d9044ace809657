package dev.tracesym.formats.event;

/**
 * One field line of an event {@code format} file, e.g.
 * {@code field:unsigned long ip;	offset:8;	size:8;	signed:0;}, read as libtraceevent reads it.
 */
public final class FieldFormat {
    /** Field name: {@code "ip"}, {@code "buf"}, {@code "caller"}. */
    public final String name;
    /**
     * C type as written without array brackets and without {@code __data_loc}/{@code __rel_loc}:
     * {@code "unsigned long"}, {@code "char"} for {@code char comm[16]} and {@code __data_loc char[] name}.
     */
    public final String type;
    /** Position and size in bytes in the payload (the payload starts at {@code common_type}). */
    public final int offset, size;
    /** The {@code signed:} attribute. */
    public final boolean signed;
    /** -1 when not an array; the element count of a fixed array ({@code caller[8]}); 0 for {@code []} and dynamic arrays. */
    public final int arrayLength;
    /** {@code __data_loc} or {@code __rel_loc}: the field holds a 32-bit (length << 16 | offset) locator. */
    public final boolean dynamic;
    /** {@code __rel_loc}: the locator's offset counts from the end of the field. */
    public final boolean relative;
    /** Size of one element for arrays (as libtraceevent computes it), else {@link #size}. */
    public final int elementSize;

    /** libtraceevent's type text, brackets included ({@code "char[16]"}, {@code "__data_loc char[]"}). */
    final String fullType;
    final boolean array, pointer, isLong;
    /** libtraceevent's TEP_FIELD_IS_STRING (char/u8/s8 arrays). */
    final boolean string;
    /** {@code " name="}, what a raw field's value follows. */
    private final byte[] rawLabel;

    FieldFormat(String name, String fullType, int offset, int size, boolean signed, boolean array,
                int arrayLength, boolean pointer, int longSize, int dynamicElementSize) {
        this.name = name;
        this.fullType = fullType;
        this.offset = offset;
        this.size = size;
        this.signed = signed;
        this.pointer = pointer;
        this.relative = fullType.startsWith("__rel_loc");
        this.dynamic = relative || fullType.startsWith("__data_loc");
        boolean str = array && (fullType.contains("char") || fullType.contains("u8") || fullType.contains("s8"));
        this.isLong = fullType.contains("long");
        // the old 2-byte locator format describes strings only
        if (dynamic && size == 2) {
            str = true;
        }
        this.string = str;
        boolean arr = array || (dynamic && size == 2);
        this.array = arr;
        this.arrayLength = arr ? arrayLength : -1;
        if (arr || dynamic) {
            if (arrayLength > 0) elementSize = size / arrayLength;
            else if (dynamic) elementSize = dynamicElementSize;
            else if (str) elementSize = 1;
            else if (isLong) elementSize = longSize;
            else elementSize = 0;
        } else {
            elementSize = size;
        }
        this.type = plainType(fullType);
        this.rawLabel = Segment.latin1(" " + name + "=");
    }

    byte[] rawLabel() {
        return rawLabel;
    }

    private static String plainType(String full) {
        String t = full;
        if (t.startsWith("__data_loc ")) t = t.substring(11);
        else if (t.startsWith("__rel_loc ")) t = t.substring(10);
        int b = t.indexOf('[');
        if (b >= 0) t = t.substring(0, b);
        return t.trim();
    }

    /** libtraceevent's TEP_FIELD_IS_STRING: a char/u8/s8 array, fixed or dynamic. */
    public boolean isString() {
        return string;
    }

    /** libtraceevent's TEP_FIELD_IS_POINTER or TEP_FIELD_IS_LONG: a value that may be a kernel address. */
    public boolean mayBeAddress() {
        return pointer || isLong;
    }

    @Override
    public String toString() {
        return fullType + " " + name + "@" + offset + ":" + size;
    }
}
