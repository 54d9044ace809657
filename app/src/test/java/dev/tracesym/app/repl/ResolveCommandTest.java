package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ResolveCommandTest {
    static final class Run {
        int code;
        String out;
        String err;
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new ResolveCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        Run r = new Run();
        r.code = cl.execute(args);
        r.out = out.toString();
        r.err = err.toString();
        return r;
    }

    @Test
    void explore() {
        for (String at : new String[] {"16", "17.8", "20", "end"}) {
            Run r = run("--archive", SampleData.reuseArchive().toString(), "--modules", SampleData.modules().toString(),
                    "--trace", SampleData.reuseTrace().toString(), "--at", at,
                    "ffffffffc02c9000", "ffffffffc0326000", "ffffffffc02be000", "ffffffff81000000", "1234");
            System.out.println("at " + at + " code " + r.code + "\n" + r.out + r.err);
        }
        Run r = run("--archive", SampleData.reuseArchive().toString(), "--at", "16", "ffffffffc02c9000");
        System.out.println(r.code + "\n" + r.out + r.err);
        assertEquals(0, r.code);
    }
}
