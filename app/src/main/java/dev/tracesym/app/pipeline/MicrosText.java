package dev.tracesym.app.pipeline;

/**
 * ns as a µs number with three decimals ({@code 5126629123} → {@code 5126629.123}), as
 * {@link dev.tracesym.formats.json.PerfettoWriter} writes a time. The digits above the millisecond
 * change rarely from one event to the next, so they are kept. One per thread.
 */
final class MicrosText {
    /** The most bytes {@link #put} writes. */
    static final int MAX = 24;

    /** The millisecond whose digits are kept, as ns: {@code [msStart, msEnd)} (empty at first). */
    private long msStart;
    private long msEnd;
    private byte[] msHighDigits;

    /** Writes {@code ns} (room for {@link #MAX} bytes ensured by the caller). */
    void put(JsonBytes text, long ns) {
        long a = ns;
        if (ns < 0) {
            text.put((byte) '-');
            a = -ns;
        }
        int low;
        if (a >= msStart && a < msEnd) { // the millisecond of the time before: no long division
            low = (int) (a - msStart);
        } else {
            long high = a / 1_000_000;
            low = (int) (a - high * 1_000_000);
            if (high == 0) {
                int us = low / 1000;
                int frac = low - us * 1000;
                text.number(us);
                fraction(text, frac);
                return;
            }
            int mark = text.len;
            text.number(high);
            msHighDigits = text.cut(mark);
            msStart = high * 1_000_000;
            msEnd = msStart + 1_000_000;
        }
        int us = low / 1000;
        int frac = low - us * 1000;
        text.put(msHighDigits);
        text.put((byte) ('0' + us / 100));
        text.twoDigits(us % 100);
        fraction(text, frac);
    }

    private static void fraction(JsonBytes text, int frac) {
        text.put((byte) '.');
        text.put((byte) ('0' + frac / 100));
        text.twoDigits(frac % 100);
    }
}
