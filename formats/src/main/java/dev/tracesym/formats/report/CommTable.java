package dev.tracesym.formats.report;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * pid → comm as libtraceevent keeps it, including its quirks, because the report shows {@code <...>}
 * exactly where trace-cmd cannot name a pid:
 * <ul>
 * <li>Registrations first go to a list (newest first); the first lookup of a non-zero pid turns the list
 * into an array stably sorted by pid. Lookups are glibc's {@code bsearch}, so among duplicate pids the
 * one found depends on the search path, as in C.</li>
 * <li>Once the array exists, registering a pid that is present changes nothing; new pids are inserted.</li>
 * <li>pid 0 is always {@code <idle>}; unknown pids are {@code <...>}.</li>
 * </ul>
 */
public final class CommTable {
    static final byte[] IDLE = "<idle>".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] UNKNOWN = "<...>".getBytes(StandardCharsets.ISO_8859_1);

    private static final int CACHE_SIZE = 4096; // direct-mapped pid cache, cleared on every change

    private int[] pids = new int[64];
    private byte[][] comms = new byte[64][];
    private int count;
    /** False while registrations are still the pending list (kept in registration order here). */
    private boolean sorted;
    private int version;

    private final int[] cachePid = new int[CACHE_SIZE];
    private final byte[][] cacheComm = new byte[CACHE_SIZE][];

    CommTable() {
        clearCache();
    }

    /**
     * Registers the lines of a {@code saved_cmdlines} file ({@code "<pid> <comm>"} per line) as
     * libtraceevent's {@code tep_parse_saved_cmdlines} does: empty lines are skipped, the comm is the rest
     * of the line after the blanks following the pid, and parsing stops at the first line it cannot read.
     */
    public static CommTable parseSavedCmdlines(byte[] text) {
        CommTable table = new CommTable();
        if (text == null) {
            return table;
        }
        int n = text.length;
        int i = 0;
        while (i < n) {
            if (text[i] == '\n') {
                i++;
                continue;
            }
            if (text[i] == 0) {
                break; // the C string ends here
            }
            int end = i;
            while (end < n && text[end] != '\n' && text[end] != 0) {
                end++;
            }
            if (!table.parseLine(text, i, end)) {
                break;
            }
            if (end < n && text[end] == 0) {
                break;
            }
            i = end + 1;
        }
        return table;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0b || b == 0x0c;
    }

    /** One {@code sscanf(line, "%d %m[^\n]s")}; false when it does not yield both values. */
    private boolean parseLine(byte[] t, int from, int end) {
        int p = from;
        while (p < end && isBlank(t[p])) {
            p++;
        }
        boolean negative = false;
        if (p < end && (t[p] == '-' || t[p] == '+')) {
            negative = t[p] == '-';
            p++;
        }
        int digitsStart = p;
        long value = 0;
        while (p < end && t[p] >= '0' && t[p] <= '9') {
            value = value * 10 + (t[p] - '0');
            if (value > 1L << 32) {
                return false; // out of range: sscanf sets errno and the parse stops
            }
            p++;
        }
        if (p == digitsStart) {
            return false;
        }
        long pid = negative ? -value : value;
        if (pid < Integer.MIN_VALUE || pid > Integer.MAX_VALUE) {
            return false;
        }
        while (p < end && isBlank(t[p])) {
            p++;
        }
        if (p == end) {
            return false;
        }
        register(Arrays.copyOfRange(t, p, end), (int) pid);
        return true;
    }

    /** {@code tep_register_comm}: adds a mapping, never replacing one the table already has. */
    void register(byte[] comm, int pid) {
        if (!sorted) {
            add(comm, pid);
            return;
        }
        if (pid == 0 || search(pid) >= 0) {
            return;
        }
        // insert at the sorted position (the pid is not present)
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pids[mid] < pid) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        grow();
        System.arraycopy(pids, lo, pids, lo + 1, count - lo);
        System.arraycopy(comms, lo, comms, lo + 1, count - lo);
        pids[lo] = pid;
        comms[lo] = comm.clone();
        count++;
        clearCache();
    }

    /** Registers {@code length} bytes of {@code data} from {@code offset} as the comm of {@code pid}. */
    public void register(byte[] data, int offset, int length, int pid) {
        if (sorted && (pid == 0 || search(pid) >= 0)) {
            return; // the common case: nothing changes, nothing to copy
        }
        register(Arrays.copyOfRange(data, offset, offset + length), pid);
    }

    private void add(byte[] comm, int pid) {
        grow();
        pids[count] = pid;
        comms[count] = comm;
        count++;
    }

    private void grow() {
        if (count == pids.length) {
            pids = Arrays.copyOf(pids, count * 2);
            comms = Arrays.copyOf(comms, count * 2);
        }
    }

    /** The comm for {@code pid}: {@code <idle>} for 0, {@code <...>} when unknown. */
    public byte[] find(int pid) {
        if (pid == 0) {
            return IDLE;
        }
        int slot = pid & (CACHE_SIZE - 1);
        if (cachePid[slot] == pid && cacheComm[slot] != null) {
            return cacheComm[slot];
        }
        if (!sorted) {
            sortPending();
        }
        int i = search(pid);
        byte[] comm = i >= 0 ? comms[i] : UNKNOWN;
        cachePid[slot] = pid;
        cacheComm[slot] = comm;
        return comm;
    }

    /**
     * The pids whose comm is {@code comm}, in the order libtraceevent's {@code tep_data_pid_from_comm}
     * walks its table (sorted by pid).
     */
    public int[] pidsOf(byte[] comm) {
        if (!sorted) {
            sortPending();
        }
        int[] found = new int[0];
        for (int i = 0; i < count; i++) {
            if (Arrays.equals(comms[i], comm)) {
                found = Arrays.copyOf(found, found.length + 1);
                found[found.length - 1] = pids[i];
            }
        }
        return found;
    }

    /** The list is newest-first in C; glibc's qsort (a merge sort) keeps that order among equal pids. */
    private void sortPending() {
        int[] p = new int[count];
        byte[][] c = new byte[count][];
        for (int i = 0; i < count; i++) {
            p[i] = pids[count - 1 - i];
            c[i] = comms[count - 1 - i];
        }
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(p[a], p[b])); // stable
        for (int i = 0; i < count; i++) {
            pids[i] = p[order[i]];
            comms[i] = c[order[i]];
        }
        sorted = true;
        clearCache();
    }

    /** glibc {@code bsearch} over the sorted array: index of a match, or -1. */
    private int search(int pid) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int v = pids[mid];
            if (pid < v) {
                hi = mid;
            } else if (pid > v) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Changes whenever a lookup could give a different answer than before. */
    public int version() {
        return version;
    }

    private void clearCache() {
        version++;
        Arrays.fill(cachePid, Integer.MIN_VALUE);
        Arrays.fill(cacheComm, null);
    }
}
