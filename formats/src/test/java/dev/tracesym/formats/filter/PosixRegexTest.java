package dev.tracesym.formats.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** POSIX basic regular expressions as glibc's regcomp(REG_ICASE) reads them. */
class PosixRegexTest {
    private static boolean finds(String re, String text) throws PosixRegex.Invalid {
        Pattern p = PosixRegex.compile(re);
        return p.matcher(text).find();
    }

    @Test
    void basicSyntaxGroupsWithBackslashesAndTakesParensPlusQuestionLiterally() throws Exception {
        assertEquals(true, finds("^sched_\\(switch\\|wakeup\\)$", "sched_wakeup"));
        assertEquals(false, finds("^sched_(switch|wakeup)$", "sched_wakeup"));
        assertEquals(true, finds("^a(b)$", "a(b)"));
        assertEquals(true, finds("^ab+$", "ab+"), "'+' is a plain character");
        assertEquals(true, finds("^ab\\+$", "abbb"), "GNU's \\+ repeats");
        assertEquals(true, finds("^ab\\?c$", "ac"));
        assertEquals(true, finds("^x\\{2,3\\}$", "xxx"));
        assertEquals(false, finds("^x\\{2,3\\}$", "xxxx"));
        assertEquals(true, finds("^a{1}$", "a{1}"), "'{' is a plain character");
        assertEquals(true, finds("^\\(ab\\)\\1$", "abab"), "back references");
    }

    @Test
    void anchorsAndStarsDependOnWhereTheyStand() throws Exception {
        assertEquals(true, finds("*a", "x*a"), "a leading '*' is a plain character");
        assertEquals(true, finds("^*a", "*a"));
        assertEquals(true, finds("\\(*a\\)", "*a"));
        assertEquals(true, finds("a^b", "a^b"), "'^' inside is a plain character");
        assertEquals(true, finds("a$b", "a$b"), "'$' inside is a plain character");
        assertEquals(false, finds("a$", "a\n"), "'$' is the very end, not before a newline");
        assertEquals(true, finds("a.b", "a\nb"), "'.' matches a newline");
        assertEquals(true, finds("SCHED", "sched_switch"), "case-insensitive, found anywhere");
    }

    @Test
    void bracketExpressionsTakeClassesAndBackslashesLiterally() throws Exception {
        assertEquals(true, finds("^[[:alpha:]_]*$", "sched_switch"));
        assertEquals(false, finds("^[[:digit:]]$", "a"));
        assertEquals(true, finds("^[]a]$", "]"), "a ']' first is a member");
        assertEquals(true, finds("^[^]a]$", "b"));
        assertEquals(true, finds("^[\\]$", "\\"), "a backslash is a member");
        assertEquals(true, finds("^[a-c-]$", "-"));
        assertEquals(true, finds("^[.]$", "."));
    }

    @Test
    void whatRegcompRefuses() {
        for (String bad : new String[] {"\\(a", "a\\)", "[a", "a\\", "\\{1\\}", "x\\{3,1\\}", "[[:nope:]]", "\\2\\(a\\)", "[z-a]"}) {
            assertThrows(PosixRegex.Invalid.class, () -> PosixRegex.compile(bad), bad);
        }
    }
}
