package dev.tracesym.formats.event;

/**
 * What libtraceevent's scsi plugin prints for a SCSI command descriptor block
 * ({@code scsi_trace_parse_cdb}, the helper the scsi events' print fmts call): the block address and
 * transfer length of reads, writes and verifies, the regions of UNMAP, READ CAPACITY(16) / GET LBA
 * STATUS, {@code -} for everything else, then a NUL byte (the %s that prints it stops there). Like the
 * plugin it reads the bytes it wants whatever the block's length, and it does its arithmetic in C's
 * types: a byte shifted by 24 is an {@code int} and reaches the 64-bit {@code sector_t} sign-extended.
 */
final class ScsiCdb {
    private ScsiCdb() {
    }

    /** Appends the text for the block at payload offset {@code at} of the record. */
    static void parse(StringBuilder out, byte[] d, int base, int size, int at) {
        int op = b(d, base, size, at, 0);
        switch (op) {
            case 0x08: // READ_6
            case 0x0a: // WRITE_6
                rw6(out, d, base, size, at);
                break;
            case 0x28: // READ_10
            case 0x2f: // VERIFY
            case 0x2a: // WRITE_10
            case 0x41: // WRITE_SAME
                rw10(out, d, base, size, at, op == 0x41);
                break;
            case 0xa8: // READ_12
            case 0xaf: // VERIFY_12
            case 0xaa: // WRITE_12
                rw12(out, d, base, size, at);
                break;
            case 0x88: // READ_16
            case 0x8f: // VERIFY_16
            case 0x8a: // WRITE_16
            case 0x93: // WRITE_SAME_16
                rw16(out, d, base, size, at, op == 0x93);
                break;
            case 0x42: { // UNMAP
                int regions = b(d, base, size, at, 7) << 8 | b(d, base, size, at, 8);
                out.append("regions=").append(Integer.toUnsignedString(Integer.divideUnsigned(regions - 8, 16)));
                break;
            }
            case 0x9e: // SERVICE_ACTION_IN_16
                serviceActionIn(out, d, base, size, at);
                break;
            case 0x7f: // VARIABLE_LENGTH_CMD
                varlen(out, d, base, size, at);
                break;
            default:
                out.append('-');
        }
        out.append('\0');
    }

    private static int b(byte[] d, int base, int size, int at, int i) {
        return PluginFunction.byteAt(d, base, size, at + i);
    }

    /** {@code (cdb[i] << 24) | ... | cdb[i + 3]} in int arithmetic, widened with its sign as C does. */
    private static long int32(byte[] d, int base, int size, int at, int i) {
        return (b(d, base, size, at, i) << 24) | (b(d, base, size, at, i + 1) << 16) | (b(d, base, size, at, i + 2) << 8)
                | b(d, base, size, at, i + 3);
    }

    /** Bytes i..i+7 as a big-endian 64-bit number, the low half in int arithmetic (sign-extended). */
    private static long int64(byte[] d, int base, int size, int at, int i) {
        long high = 0;
        for (int k = 0; k < 4; k++) {
            high |= (long) b(d, base, size, at, i + k) << (56 - 8 * k);
        }
        return high | int32(d, base, size, at, i + 4);
    }

    private static void lbaTxlen(StringBuilder out, long lba, long txlen) {
        out.append("lba=").append(Long.toUnsignedString(lba)).append(" txlen=").append(Long.toUnsignedString(txlen));
    }

    private static void rw6(StringBuilder out, byte[] d, int base, int size, int at) {
        long lba = ((b(d, base, size, at, 1) & 0x1f) << 16) | (b(d, base, size, at, 2) << 8) | b(d, base, size, at, 3);
        lbaTxlen(out, lba, b(d, base, size, at, 4));
    }

    private static void rw10(StringBuilder out, byte[] d, int base, int size, int at, boolean writeSame) {
        long lba = int32(d, base, size, at, 2);
        long txlen = (b(d, base, size, at, 7) << 8) | b(d, base, size, at, 8);
        lbaTxlen(out, lba, txlen);
        out.append(" protect=").append(b(d, base, size, at, 1) >> 5);
        if (writeSame) {
            out.append(" unmap=").append(b(d, base, size, at, 1) >> 3 & 1);
        }
    }

    private static void rw12(StringBuilder out, byte[] d, int base, int size, int at) {
        lbaTxlen(out, int32(d, base, size, at, 2), int32(d, base, size, at, 6));
        out.append(" protect=").append(b(d, base, size, at, 1) >> 5);
    }

    private static void rw16(StringBuilder out, byte[] d, int base, int size, int at, boolean writeSame) {
        lbaTxlen(out, int64(d, base, size, at, 2), int32(d, base, size, at, 10));
        out.append(" protect=").append(b(d, base, size, at, 1) >> 5);
        if (writeSame) {
            out.append(" unmap=").append(b(d, base, size, at, 1) >> 3 & 1);
        }
    }

    private static void serviceActionIn(StringBuilder out, byte[] d, int base, int size, int at) {
        String cmd;
        switch (b(d, base, size, at, 1) & 0x1f) {
            case 0x10:
                cmd = "READ_CAPACITY_16";
                break;
            case 0x12:
                cmd = "GET_LBA_STATUS";
                break;
            default:
                out.append("UNKNOWN");
                return;
        }
        long lba = int64(d, base, size, at, 2);
        long allocLen = int32(d, base, size, at, 10) & 0xffffffffL;
        out.append(cmd).append(" lba=").append(Long.toUnsignedString(lba)).append(" alloc_len=").append(allocLen);
    }

    private static void varlen(StringBuilder out, byte[] d, int base, int size, int at) {
        int action = (b(d, base, size, at, 8) << 8) | b(d, base, size, at, 9);
        String cmd;
        switch (action) {
            case 0x09:
                cmd = "READ";
                break;
            case 0x0a:
                cmd = "VERIFY";
                break;
            case 0x0b:
                cmd = "WRITE";
                break;
            case 0x0d:
                cmd = "WRITE_SAME";
                break;
            default:
                out.append('-'); // scsi_trace_misc
                return;
        }
        long lba = int64(d, base, size, at, 12);
        long eiLbrt = int32(d, base, size, at, 20) & 0xffffffffL;
        long txlen = int32(d, base, size, at, 28);
        out.append(cmd).append("_32 ");
        lbaTxlen(out, lba, txlen);
        out.append(" protect=").append(b(d, base, size, at, 10) >> 5).append(" ei_lbrt=").append(eiLbrt);
        if (action == 0x0d) {
            out.append(" unmap=").append(b(d, base, size, at, 10) >> 3 & 1);
        }
    }
}
