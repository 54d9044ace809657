package dev.tracesym.symbolizer.source;

/** Search over sorted, non-overlapping address ranges held as two parallel arrays. */
final class AddressRanges {
    private AddressRanges() {
    }

    /**
     * Index of the range holding {@code addr}, or -1: the last range starting at or below it (kernel
     * addresses compare unsigned), if {@code addr} is below that range's exclusive end.
     */
    static int find(long[] start, long[] end, long addr) {
        int lo = 0;
        int hi = start.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(start[mid], addr) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && Long.compareUnsigned(addr, end[found]) < 0 ? found : -1;
    }
}
