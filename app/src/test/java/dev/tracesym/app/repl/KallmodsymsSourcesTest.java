package dev.tracesym.app.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.app.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/**
 * The kallmodsyms-6.12 sample (a real {@code /proc/kallmodsyms}): the REPL's and
 * {@code tracesym resolve}'s answers say where each part came from, for every traced built-in
 * function of the ground truth, and {@code tracesym info} which table and build files an archive uses. With the archive alone everything is kallmodsyms' (the size its
 * size column); with the kernel build's files beside it the object is the linker maps'.
 */
class KallmodsymsSourcesTest {
    /** A resolve line: {@code 0xADDR name[#n]+0xoff/0xsize [module] {object} builtin=... object=...  from ...}. */
    private static final Pattern ANSWER = Pattern.compile("0x([0-9a-f]+) (\\S+?)(?:#\\d+)?\\+0x([0-9a-f]+)/0x([0-9a-f]+)"
            + " \\[([^\\]]+)\\](?: \\{[^}]+\\})? builtin=(\\S+)(?: object=(\\S+))?  (from .*)");

    @TempDir
    static Path tmp;
    private static Path sample;
    private static Path alone;
    /** Address of each traced built-in function -> {modules, object} of groundtruth-builtin.tsv. */
    private static Map<Long, String[]> truth;
    /** "name@address" -> size column of the table's first full copy. */
    private static Map<String, Long> sizeColumn;

    @BeforeAll
    static void load() throws IOException {
        sample = SampleData.dir().resolve("kallmodsyms-6.12");
        // the archive alone: build files are also looked for beside the archive folder
        alone = tmp.resolve("kallmodsyms");
        Files.createDirectories(alone);
        try (Stream<Path> files = Files.list(sample.resolve("kallmodsyms"))) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, alone.resolve(f.getFileName()));
        }
        truth = new LinkedHashMap<>();
        try (BufferedReader r = open(sample.resolve("groundtruth-builtin.tsv.xz"))) {
            List<String> head = Arrays.asList(r.readLine().split("\t"));
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t", -1);
                truth.putIfAbsent(Long.parseUnsignedLong(f[head.indexOf("addr")], 16),
                        new String[] {f[head.indexOf("modules")], f[head.indexOf("object")]});
            }
        }
        sizeColumn = new HashMap<>();
        try (BufferedReader r = open(sample.resolve("kallmodsyms").resolve("001-start.kallsyms.xz"))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("[ \t]");
                sizeColumn.put(f[3] + "@" + f[0], Long.parseLong(f[1], 16));
            }
        }
    }

    private static BufferedReader open(Path xz) throws IOException {
        return new BufferedReader(new InputStreamReader(new XZInputStream(Files.newInputStream(xz)), StandardCharsets.UTF_8));
    }

    private static String[] resolveAll(Path archive) throws IOException {
        ReplSession session = new ReplSession(SymbolQueries.load(null, archive, sample.resolve("modules"), null));
        StringBuilder line = new StringBuilder("resolve");
        truth.keySet().forEach(a -> line.append(' ').append(Long.toHexString(a)));
        StringWriter w = new StringWriter();
        session.execute(line.toString(), new PrintWriter(w, true));
        String[] got = w.toString().split("\n");
        assertEquals(truth.size(), got.length, w.toString());
        return got;
    }

    @Test
    void withTheArchiveAloneEveryPartIsKallmodsymsAndTheSizeIsItsColumn() throws IOException {
        assertTrue(truth.size() > 250, "distinct addresses: " + truth.size());
        String[] got = resolveAll(alone);
        int i = 0, objects = 0;
        for (Map.Entry<Long, String[]> e : truth.entrySet()) {
            Matcher m = ANSWER.matcher(got[i++]);
            assertTrue(m.matches(), m.toString());
            long symbol = Long.parseUnsignedLong(m.group(1), 16) - Long.parseLong(m.group(3), 16);
            assertEquals(sizeColumn.get(m.group(2) + "@" + Long.toHexString(symbol)), Long.parseLong(m.group(4), 16),
                    "size column of " + m.group(2) + ": " + m.group());
            assertEquals(List.of(e.getValue()[0].split(" ")), List.of(m.group(6).split(",")), m.group());
            assertEquals(m.group(6), m.group(5), "a built-in module's code carries its [module]: " + m.group());
            if (m.group(7) != null) {
                objects++;
                assertTrue(e.getValue()[1].endsWith("/" + m.group(7)), e.getValue()[1] + ": " + m.group());
            }
            assertEquals("from kallmodsyms", m.group(8), m.group());
        }
        assertTrue(objects > 0, "kallmodsyms names the object of ambiguous names ({inode.o})");
    }

    @Test
    void withTheBuildFilesBesideItTheObjectIsTheLinkerMaps() throws IOException {
        String[] got = resolveAll(sample.resolve("kallmodsyms"));
        int i = 0;
        for (Map.Entry<Long, String[]> e : truth.entrySet()) {
            Matcher m = ANSWER.matcher(got[i++]);
            assertTrue(m.matches(), m.toString());
            assertEquals(List.of(e.getValue()[0].split(" ")), List.of(m.group(6).split(",")), m.group());
            assertEquals(e.getValue()[1], m.group(7), m.group());
            assertEquals("from kallmodsyms (name, size, builtin), linker maps (object)", m.group(8), m.group());
        }
    }

    @Test
    void infoSaysWhichTableAndWhichBuildFilesTheArchiveIsMadeOf() throws IOException {
        assertEquals(List.of("kernel:       70440 core symbols from kallmodsyms (with its size column)", "snapshots:    28"),
                info(alone).subList(1, 3));
        Path folder = sample.toAbsolutePath();
        assertEquals(List.of("kernel:       70440 core symbols from kallmodsyms (with its size column)",
                "build files:  " + folder.resolve("modules.builtin.ranges") + " " + folder.resolve("vmlinux.map.xz") + " "
                        + folder.resolve("vmlinux.o.map.xz")),
                info(sample.resolve("kallmodsyms")).subList(1, 3));
    }

    /** The lines {@code tracesym info DIR} prints. */
    private static List<String> info(Path archive) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run("info", archive.toString()));
        } finally {
            System.setOut(old);
        }
        return List.of(out.toString(StandardCharsets.UTF_8).split("\n"));
    }

    @Test
    void theResolveCommandShowsTheSourceToo() {
        // fat's second init_once, which kallmodsyms tells apart from cache.o's by its object
        ResolveCommandTest.Run alone = ResolveCommandTest.run("--archive", KallmodsymsSourcesTest.alone.toString(),
                "ffffffff9b26f694", "ffffffff9b2679d4");
        assertEquals(0, alone.code(), alone.err());
        assertEquals("0xffffffff9b26f694 init_once+0x4/0x5b [fat] {inode.o} builtin=fat object=inode.o  from kallmodsyms\n"
                + "0xffffffff9b2679d4 init_once#3+0x4/0x15 [fat] builtin=fat  from kallmodsyms\n", alone.out());
        ResolveCommandTest.Run built = ResolveCommandTest.run("--archive", sample.resolve("kallmodsyms").toString(),
                "ffffffff9b2679d4");
        assertEquals(0, built.code(), built.err());
        assertEquals("0xffffffff9b2679d4 init_once+0x4/0x15 [fat] {fat/cache.o} builtin=fat object=fs/fat/cache.o"
                + "  from kallmodsyms (name, size, builtin), linker maps (object)\n", built.out());
    }
}
