package dev.tracesym.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExcerptTest {
    @Test
    void shortTextIsQuotedWhole() {
        assertEquals("'ffffffff81000000 [ foo'", Excerpt.quote("ffffffff81000000 [ foo"));
    }

    @Test
    void longTextIsCutAndItsLengthGiven() {
        String line = "x".repeat(40_000_000);
        assertEquals("'" + "x".repeat(64) + "...' (40000000 characters)", Excerpt.quote(line));
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        assertEquals("'" + "x".repeat(64) + "...' (40000000 bytes)", Excerpt.quote(b, 0, b.length));
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("'a\\0b\\x1b[2Jc\\td'", Excerpt.quote("a\0b\u001b[2Jc\td"));
    }
}
