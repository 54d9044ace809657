package dev.tracesym.app.cli;

import static dev.tracesym.app.cli.TracesymProcess.arg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.cli.TracesymProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * The text forms of names: kallmodsyms' {@code symbol [module] {object}} (built-in modules carry
 * their {@code [module]} as loaded ones do), and {@code --trace-cmd-forms}, which keeps trace-cmd
 * report's text exactly but for the names themselves.
 */
class TextFormsTest {
    private static final String MODULES = "modules-6.1.0-56-amd64";

    @Test
    void builtinModulesAndObjectsPrintAsKallmodsymsDoes() {
        Result r = TracesymProcess.run(null, "report", "--archive", arg("builtin-6.12/snapshots"), "--modules",
                arg("builtin-6.12/modules"), arg("builtin-6.12/builtin.v7-zstd.dat"));
        assertEquals(ExitCodes.OK, r.code(), r.err());
        String text = r.text();
        // fat is built into this kernel: its code is named as a loaded fat's would be
        assertTrue(text.contains("function:                fat_init_fs_context [fat]\n"), "built-in fat's [module]");
        // init_once is seven functions: each carries its object after a space
        assertTrue(text.contains("function:             init_once {fs/inode.o}\n"), "init_once's {object}");
        assertFalse(Pattern.compile("[\\w.]\\{[\\w/.-]+\\.o\\}").matcher(text).find(), "no {object} glued to its name");
    }

    @Test
    void traceCmdFormsChangeOnlyTheNames() throws IOException {
        Result r = TracesymProcess.run(null, "report", "--trace-cmd-forms", "--archive", arg("events/snapshots"), "--modules",
                arg(MODULES), arg("events/events.v7-zstd.dat"));
        assertEquals(ExitCodes.OK, r.code(), r.err());
        List<String> ours = r.text().lines().toList();
        List<String> theirs;
        try (InputStream in = new XZInputStream(Files.newInputStream(TracesymProcess.data("events/events.report.txt.xz")))) {
            theirs = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().toList();
        }
        assertEquals(theirs.size(), ours.size());
        // a name as trace-cmd prints it: the name alone or name+0xoff, maybe after "key=" and before ':'
        Pattern name = Pattern.compile("([\\w]+=)?[A-Za-z_][\\w.]*(\\+0x[0-9a-f]+)?:?");
        int renamed = 0;
        for (int i = 0; i < ours.size(); i++) {
            if (ours.get(i).equals(theirs.get(i))) {
                continue;
            }
            renamed++;
            // a stack frame the kernel does not name (an ftrace trampoline): trace-cmd's table has a name for it
            String[] a = ours.get(i).replaceFirst("^=> \\S+ \\(([0-9a-f]+)\\)$", "=> $1").split(" ");
            String[] b = theirs.get(i).replaceFirst("^=> \\S+ \\(([0-9a-f]+)\\)$", "=> $1").split(" ");
            assertEquals(b.length, a.length, "line " + (i + 1) + ": same words\n" + theirs.get(i) + "\n" + ours.get(i));
            for (int k = 0; k < a.length; k++) {
                if (!a[k].equals(b[k])) {
                    assertTrue(name.matcher(a[k]).matches() && name.matcher(b[k]).matches(),
                            "line " + (i + 1) + ": only names differ, not '" + b[k] + "' -> '" + a[k] + "'");
                }
            }
        }
        // the names trace-cmd gets wrong (module code named with the end of the recording's modules) change
        assertTrue(renamed > 20, "renamed lines: " + renamed);
        // without the option the same run prints tracesym's forms
        r = TracesymProcess.run(null, "report", "--archive", arg("events/snapshots"), "--modules", arg(MODULES),
                arg("events/events.v7-zstd.dat"));
        assertTrue(r.text().contains("call_site=alloc_pipe_info+0x5c/0x"), "tracesym's own form has the size");
    }
}
