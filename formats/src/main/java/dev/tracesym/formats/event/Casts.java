package dev.tracesym.formats.event;

/**
 * libtraceevent's eval_type: what a C cast in a print fmt does to a value. Casts to 8/16/32-bit
 * types mask the value (also the signed ones: libtraceevent never sign-extends here), everything
 * else passes it through.
 */
final class Casts {
    static final long KEEP = -1L;

    private Casts() {
    }

    /** The mask a cast to {@code type} applies; {@link #KEEP} (all ones) when it keeps the value. */
    static long mask(String type, boolean pointer) {
        int len = type.length();
        if (len < 2) return KEEP;
        if (pointer) {
            if (type.charAt(len - 1) != '*') return KEEP;
            return mask(type.substring(0, len - 2), false);
        }
        if (type.charAt(len - 1) == '*') return KEEP;
        if (type.startsWith("struct")) return KEEP;
        switch (type) {
            case "u8": case "s8": return 0xffL;
            case "u16": case "s16": return 0xffffL;
            case "u32": case "s32": return 0xffffffffL;
            case "u64": case "s64": return KEEP;
            default:
        }
        String t = type.startsWith("unsigned ") ? type.substring(9) : type;
        switch (t) {
            case "char": return 0xffL;
            case "short": return 0xffffL;
            case "int": return 0xffffffffL;
            default: return KEEP;
        }
    }

    static long apply(long v, String type, boolean pointer) {
        return v & mask(type, pointer);
    }
}
