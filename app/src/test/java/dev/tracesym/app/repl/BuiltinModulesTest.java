package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/**
 * The builtin-6.12 sample (a kernel with modules.builtin.ranges): resolve and lookup show the
 * built-in module of kernel code, checked against the sample's ground truth (the module each
 * traced built-in function belongs to, from the kernel build's own files) and its System.map.
 */
class BuiltinModulesTest {
    private static ReplSession session;

    @BeforeAll
    static void load() throws IOException {
        Path d = SampleData.dir().resolve("builtin-6.12");
        session = new ReplSession(SymbolQueries.load(null, d.resolve("snapshots"), d.resolve("modules"), null));
    }

    private static String run(String line) throws IOException {
        StringWriter w = new StringWriter();
        session.execute(line, new PrintWriter(w, true));
        return w.toString();
    }

    private static BufferedReader open(String file) throws IOException {
        Path p = SampleData.dir().resolve("builtin-6.12").resolve(file);
        var in = Files.newInputStream(p);
        return new BufferedReader(new InputStreamReader(file.endsWith(".xz") ? new XZInputStream(in) : new GZIPInputStream(in),
                StandardCharsets.UTF_8));
    }

    /** Address of each traced built-in function event -> its built-in module, from groundtruth-builtin.tsv. */
    private static Map<Long, String> truth() throws IOException {
        Map<Long, String> out = new LinkedHashMap<>();
        try (BufferedReader r = open("groundtruth-builtin.tsv.xz")) {
            List<String> head = Arrays.asList(r.readLine().split("\t"));
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t", -1);
                out.putIfAbsent(Long.parseUnsignedLong(f[head.indexOf("addr")], 16), f[head.indexOf("modules")]);
            }
        }
        return out;
    }

    @Test
    void resolveShowsTheBuiltinModuleOfEveryTracedBuiltinFunction() throws IOException {
        Map<Long, String> truth = truth();
        assertTrue(truth.size() > 200, "distinct addresses: " + truth.size());
        StringBuilder line = new StringBuilder("resolve");
        truth.keySet().forEach(a -> line.append(' ').append(Long.toHexString(a)));
        String[] got = run(line.toString()).split("\n");
        assertEquals(truth.size(), got.length);
        int i = 0;
        for (Map.Entry<Long, String> e : truth.entrySet()) {
            String g = got[i++];
            assertTrue(g.startsWith(Hex.format(e.getKey()) + " "), g);
            String mods = g.replaceAll(".* builtin=(\\S+).*", "$1");
            assertTrue(g.contains(" builtin=") && Arrays.asList(mods.split(",")).contains(e.getValue()),
                    "expected built-in module " + e.getValue() + ": " + g);
            // kallmodsyms' form: a built-in module's code carries its [module] as a loaded module's does
            assertTrue(g.contains(" [" + e.getValue() + "]"), "built-in code prints its [module]: " + g);
        }
    }

    @Test
    void lookupListsEveryCopyOfAStaticNameWithItsModule() throws IOException {
        int copies = 0;
        try (BufferedReader r = open("System.map.gz")) {
            for (String line; (line = r.readLine()) != null; ) if (line.endsWith(" init_once")) copies++;
        }
        String[] lines = run("lookup init_once").split("\n");
        assertEquals(copies, lines.length, String.join("\n", lines));
        // the copies the ground truth places in fat are listed as fat's
        Map<Long, String> truth = truth();
        int fat = 0;
        for (Map.Entry<Long, String> e : truth.entrySet()) {
            String r = run("resolve " + Long.toHexString(e.getKey())).strip();
            if (!r.contains(" init_once+0x")) continue;
            long start = e.getKey() - Long.parseLong(r.replaceAll(".* init_once\\+0x([0-9a-f]+)/.*", "$1"), 16);
            boolean listed = Arrays.stream(lines).anyMatch(l -> l.contains(Hex.format(start) + " ")
                    && l.contains("builtin=" + e.getValue()));
            assertTrue(listed, Hex.format(start) + " builtin=" + e.getValue() + " in\n" + String.join("\n", lines));
            fat++;
        }
        assertTrue(fat >= 2, "copies of init_once in the ground truth: " + fat);
    }
}
