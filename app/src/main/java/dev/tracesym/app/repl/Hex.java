package dev.tracesym.app.repl;

/** Kernel addresses as typed and printed: hex, with or without {@code 0x}, unsigned 64-bit. */
final class Hex {
    private Hex() {}

    /** @throws IllegalArgumentException when {@code text} is not a hex address */
    static long parseAddress(String text) {
        String s = text.trim();
        if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
        if (s.isEmpty() || s.length() > 16) throw bad(text);
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) throw bad(text);
        }
        return Long.parseUnsignedLong(s, 16);
    }

    /** {@code 0xffffffffc02c9000}. */
    static String format(long addr) {
        return "0x" + Long.toHexString(addr);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not an address: expected hex such as 0xffffffffc02c9000");
    }
}
