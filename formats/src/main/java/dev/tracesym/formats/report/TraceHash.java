package dev.tracesym.formats.report;

/**
 * trace-cmd's {@code trace_hash()} (Paul Hsieh's mixing over a 32-bit value) and its string form. trace-cmd
 * keys its wakeup and profile tables by this hash: two values with one hash are one entry there, so
 * reproducing those tables exactly means keying them the same way.
 */
public final class TraceHash {
    private TraceHash() {
    }

    /** The hash of the low 32 bits of {@code value}, as an unsigned 32-bit number in a long. */
    public static long of(long value) {
        int val = (int) value;
        int hash = 12546869;
        hash += val & 0xffff;
        int tmp = (val >>> 16) ^ hash;
        hash = (hash << 16) ^ tmp;
        hash += hash >>> 11;
        hash ^= hash << 3;
        hash += hash >>> 5;
        hash ^= hash << 4;
        hash += hash >>> 17;
        hash ^= hash << 25;
        hash += hash >>> 6;
        return hash & 0xffffffffL;
    }

    /** {@code trace_hash_str()}: each byte (a signed C char) shifted by its index mod 16, summed, hashed. */
    public static long ofString(byte[] s) {
        int val = 0;
        for (int i = 0; i < s.length && s[i] != 0; i++) {
            val += s[i] << (i & 0xf);
        }
        return of(val);
    }
}
