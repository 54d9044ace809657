package dev.tracesym.formats.dat;

/**
 * How {@code trace-cmd report}'s options change the timestamps of one file, applied as trace-cmd 3.1.6
 * does (its timestamp_calc): with {@code raw} the recorded counts, untouched; otherwise the count times
 * {@code 1e9 / ts2secsHz} (as a C double) when that is given, else the TSC2NSEC conversion the file
 * stores, plus {@code offsetNs} and the DATE (unless {@code ignoreDate}) and OFFSET options of the file.
 *
 * @param ignoreDate {@code --nodate}: leave out the offset {@code trace-cmd record --date} stored
 * @param raw        {@code --raw-ts}: recorded counts, no offset or conversion, shown as counts
 * @param ts2secsHz  {@code --ts2secs}: the counts tick at this many per second (0: not given; the value
 *                   is read as C's unsigned long long)
 * @param offsetNs   {@code --ts-offset}: nanoseconds added to every timestamp
 */
public record Timing(boolean ignoreDate, boolean raw, long ts2secsHz, long offsetNs) {
    /** The file's own timestamps. */
    public static final Timing DEFAULT = new Timing(false, false, 0, 0);

    /** C's conversion of an unsigned long long to double. */
    static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((double) ((v >>> 1) | (v & 1))) * 2.0;
    }

    /** C's conversion of a double to unsigned long long, as x86-64 code does it (out of range: 2^63). */
    static long doubleToUnsigned(double d) {
        if (d < 0x1p63) {
            return d >= 0 ? (long) d : d > -1.0 ? 0 : (long) d;
        }
        if (d < 0x1p64) {
            return (long) (d - 0x1p63) + Long.MIN_VALUE;
        }
        return Long.MIN_VALUE;
    }
}
