package dev.tracesym.formats.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Task names as libtraceevent finds them, quirks included (each checked against trace-cmd 3.1.6). */
class CommTableTest {
    private static CommTable parse(String text) {
        return CommTable.parseSavedCmdlines(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String find(CommTable t, int pid) {
        return new String(t.find(pid), StandardCharsets.ISO_8859_1);
    }

    @Test
    void savedCmdlinesGiveNamesUntilTheFirstLineThatDoesNotParse() {
        CommTable t = parse("  12 bash\n\n7 kworker/0:1 extra words\nnot a line\n9 never\n");
        assertEquals("bash", find(t, 12));
        assertEquals("kworker/0:1 extra words", find(t, 7));
        assertEquals("<...>", find(t, 9));
        assertEquals("<idle>", find(t, 0));
    }

    @Test
    void amongDuplicatePidsTheBinarySearchDecides() {
        // newest first, stably sorted, then bsearch: the middle one of three, the first of two
        assertEquals("xxxx", find(parse("105 init\n105 xxxx\n105 yyyy\n"), 105));
        assertEquals("init", find(parse("105 init\n105 xxxx\n"), 105));
    }

    @Test
    void registeringNeverReplacesAKnownName() {
        CommTable t = parse("5 old\n");
        assertEquals("old", find(t, 5));
        t.register("new".getBytes(StandardCharsets.ISO_8859_1), 5);
        t.register("later".getBytes(StandardCharsets.ISO_8859_1), 6);
        t.register("a".getBytes(StandardCharsets.ISO_8859_1), 1);
        assertEquals("old", find(t, 5));
        assertEquals("later", find(t, 6));
        assertEquals("a", find(t, 1));
        assertEquals("<...>", find(t, 4));
    }

    @Test
    void registrationsBeforeTheFirstLookupAreKeptAsDuplicates() {
        CommTable t = parse("5 old\n");
        t.register("new".getBytes(StandardCharsets.ISO_8859_1), 5);
        assertEquals("old", find(t, 5)); // [new, old] searched at index 1
    }
}
