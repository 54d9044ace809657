package dev.tracesym.app.pipeline;

import dev.tracesym.app.pipeline.RecordSink.Key;

/** Text a JSON writer must escape or repair, for the direct encoders' byte-for-byte tests. */
final class EscapingCases {
    /** Bytes that are not all UTF-8: ASCII, a lone 0xff, an e-acute in UTF-8, a control character, a quote. */
    static final byte[] BYTES = {'o', 'k', (byte) 0xff, 'x', (byte) 0xc3, (byte) 0xa9, 0x01, '"'};
    /** Comms with a quote and a backslash, control characters, non-ASCII with a surrogate pair and U+2028, and none. */
    static final String[] COMMS = {"plain", "quote\" back\\slash", "ctl\u0001\u001f\t\n\r\b\f", "caf\u00e9 \ud83d\ude00 \u2028", ""};

    private EscapingCases() {
    }

    /** An address, {@link #BYTES} whole and its ASCII start, {@code comm} as a string, an address list and a symbol. */
    static void fields(RecordSink s, String comm) {
        s.address(Key.of("addr"), -1L);
        s.text(Key.of("bytes"), BYTES, 0, BYTES.length);
        s.text(Key.of("ascii"), BYTES, 0, 2);
        s.string(Key.of("str"), comm);
        s.addresses(Key.of("list"), new long[] {0, 0xffffffffc0000000L}, 2);
        s.symbol(Key.of("ip"), 0xffffffffc02d4000L, -3);
    }
}
