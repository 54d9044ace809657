package dev.tracesym.symbolizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.symbolizer.table.KernelTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/ACCURACY.md, "kallmodsyms and the build files": the kallmodsyms-6.12 sample's real
 * /proc/kallmodsyms compared, symbol by symbol, with what modules.builtin.ranges and the linker
 * maps of the same build say about the same kernel table (the /proc/kallsyms of that moment: the
 * kallmodsyms lines without their size column and groups, which the sample's harness checked to
 * be the kallsyms read with it). Every difference must be one the document explains; the counts
 * are printed for it.
 */
class KallmodsymsAccuracyTest {
    /** How kallmodsyms' built-in module(s) of a symbol compare with modules.builtin.ranges'. */
    enum Modules {
        /** The same modules, or none in both. */
        AGREE,
        /** kallmodsyms names the module of init code: the ranges file covers {@code .text} only. */
        INIT_TEXT
    }

    /** How kallmodsyms' {object} of a symbol compares with the linker maps' object. */
    enum Objects {
        /** kallmodsyms' object is the maps' path or a suffix of it at a '/'. */
        SUFFIX,
        /** kallmodsyms prints none (the name needs none to be unique); the maps know the object. */
        NOT_PRINTED,
        /** Neither: the per-CPU symbols, which the table lists as absolute offsets into the per-CPU area (type A). */
        NEITHER_PER_CPU,
        /** Neither: names the linker script defines ({@code name = .} in vmlinux.map: section bounds, {@code _stext}). */
        NEITHER_LINKER_SCRIPT,
        /**
         * Neither: a symbol of size 0 (an empty {@code struct lock_class_key __key.N}, {@code __irf_end},
         * an asm label) at the very end of its object's section, where the maps show alignment fill:
         * no input section covers its address.
         */
        NEITHER_EMPTY_AT_SECTION_END,
        /** A name the linker script defines as another's alias: kallmodsyms takes the object of its address. */
        LINKER_ALIAS
    }

    private static KernelTable kallmodsyms;
    private static KernelTable build;
    private static String vmlinuxMap;

    @BeforeAll
    static void load(@TempDir Path tmp) throws IOException {
        Path km = SampleData.path("kallmodsyms-6.12", "kallmodsyms", "001-start.kallsyms.xz");
        kallmodsyms = StaticSymbolizer.open(km).state().kernel();
        // the same table as /proc/kallsyms printed it: address, type, name, and [module] only for loaded modules
        StringBuilder ks = new StringBuilder();
        String[] lines = SampleData.text("kallmodsyms-6.12", "kallmodsyms", "001-start.kallsyms").split("\n");
        for (int i = 0; i < lines.length; i++) {
            String[] f = lines[i].split("[ \t]+");
            ks.append(f[0]).append(' ').append(f[2]).append(' ').append(f[3]);
            if (i >= kallmodsyms.size()) {
                ks.append('\t').append(f[4]);
            }
            ks.append('\n');
        }
        Path kallsyms = tmp.resolve("kallsyms");
        Files.writeString(kallsyms, ks);
        build = StaticSymbolizer.open(List.of(kallsyms, SampleData.path("kallmodsyms-6.12", "modules.builtin.ranges"),
                SampleData.path("kallmodsyms-6.12", "vmlinux.map.xz"), SampleData.path("kallmodsyms-6.12", "vmlinux.o.map.xz")))
                .state().kernel();
        vmlinuxMap = SampleData.text("kallmodsyms-6.12", "vmlinux.map");
    }

    /** True when vmlinux.map shows the linker script assigning {@code name} ({@code name = .}, {@code PROVIDE (name = ...)}). */
    private static boolean definedByLinkerScript(String name) {
        return vmlinuxMap.contains(" " + name + " = ") || vmlinuxMap.contains("(" + name + " = ");
    }

    @Test
    void theTwoDifferOnlyWhereTheDocumentSays() {
        assertEquals(kallmodsyms.size(), build.size(), "one kernel table");
        long sinit = kallmodsyms.addressOf("_sinittext");
        long einit = kallmodsyms.addressOf("_einittext");
        Map<Modules, Integer> modules = new EnumMap<>(Modules.class);
        Map<Objects, Integer> objects = new EnumMap<>(Objects.class);
        List<String> unexplained = new ArrayList<>();
        for (int i = 0; i < kallmodsyms.size(); i++) {
            assertEquals(kallmodsyms.name(i), build.name(i));
            String[] km = kallmodsyms.builtinModules(i);
            String[] br = build.builtinModules(i);
            long a = kallmodsyms.address(i);
            Modules m = null;
            if (Arrays.equals(km, br)) {
                m = Modules.AGREE;
            } else if (br == null && Long.compareUnsigned(a, sinit) >= 0 && Long.compareUnsigned(a, einit) < 0) {
                m = Modules.INIT_TEXT;
            }
            String ko = kallmodsyms.object(i);
            String mo = build.object(i);
            Objects o = null;
            if (ko != null && mo != null && (mo.equals(ko) || mo.endsWith("/" + ko))) {
                o = Objects.SUFFIX;
            } else if (ko == null && mo != null) {
                o = Objects.NOT_PRINTED;
            } else if (ko == null && kallmodsyms.type(i) == 'A') {
                o = Objects.NEITHER_PER_CPU;
            } else if (ko == null && definedByLinkerScript(kallmodsyms.name(i))) {
                o = Objects.NEITHER_LINKER_SCRIPT;
            } else if (ko == null && mo == null && kallmodsyms.sizeColumn(i) == 0) {
                o = Objects.NEITHER_EMPTY_AT_SECTION_END;
            } else if (mo == null && definedByLinkerScript(kallmodsyms.name(i))) {
                o = Objects.LINKER_ALIAS;
            }
            if (m == null || o == null) {
                unexplained.add(kallmodsyms.name(i) + " " + Long.toHexString(a) + ": kallmodsyms " + Arrays.toString(km)
                        + " {" + ko + "}, build files " + Arrays.toString(br) + " {" + mo + "}");
            } else {
                modules.merge(m, 1, Integer::sum);
                objects.merge(o, 1, Integer::sum);
            }
        }
        System.out.println("kallmodsyms vs modules.builtin.ranges + linker maps, " + kallmodsyms.size()
                + " symbols of the kernel image: modules " + modules + "; objects " + objects);
        assertEquals(List.of(), unexplained.subList(0, Math.min(20, unexplained.size())));
        assertTrue(modules.getOrDefault(Modules.INIT_TEXT, 0) > 0 && objects.getOrDefault(Objects.SUFFIX, 0) > 1000
                && objects.getOrDefault(Objects.NOT_PRINTED, 0) > 10 * objects.get(Objects.SUFFIX),
                "the sample shows every kind: " + modules + " " + objects);
    }

    /**
     * The kernel's %pS sizes are the size column: every function event of the kernel image in the
     * ground truth has the size of the table's own lookup; the distance to the next symbol (what a
     * reader of the same table without its size column, or of /proc/kallsyms, would print) is
     * another number for many of them.
     */
    @Test
    void theKernelPrintsTheSizeColumnNotTheDistanceToTheNextSymbol() {
        Resolution sized = new Resolution();
        Resolution distance = new Resolution();
        int kernelRows = 0;
        int differ = 0;
        List<String> bad = new ArrayList<>();
        for (GroundTruth.Row r : Archives.truth("kallmodsyms-6.12").rows) {
            if (!r.event.equals("function") || !r.module.isEmpty() || r.size.isEmpty() || !kallmodsyms.contains(r.addr)) {
                continue;
            }
            kernelRows++;
            sized.reset(r.addr);
            distance.reset(r.addr);
            kallmodsyms.lookup(r.addr, sized);
            build.lookup(r.addr, distance);
            long want = Long.parseUnsignedLong(r.size, 16);
            if (!r.symbol.equals(sized.name) || sized.size != want) {
                bad.add(r.timestamp + " " + Long.toHexString(r.addr) + ": kernel " + r.symbol + "/0x" + r.size + ", table " + sized);
            }
            differ += distance.size != want ? 1 : 0;
        }
        System.out.println("kallmodsyms-6.12: " + kernelRows + " function events in the kernel image; the distance to the"
                + " next symbol differs from the kernel's size for " + differ);
        assertEquals(List.of(), bad.subList(0, Math.min(20, bad.size())));
        assertTrue(kernelRows > 20000 && differ > 0, kernelRows + " rows, " + differ + " differ");
    }

    /**
     * What kallmodsyms promises: among code symbols, (name, built-in modules, object) is unique, so
     * its text tells every function apart.
     */
    @Test
    void everyCodeSymbolIsToldApartByNameModulesAndObject() {
        Map<String, Integer> seen = new HashMap<>();
        List<String> twice = new ArrayList<>();
        int code = 0;
        for (int i = 0; i < kallmodsyms.size(); i++) {
            char t = kallmodsyms.type(i);
            if (t != 't' && t != 'T' && t != 'w' && t != 'W') {
                continue;
            }
            code++;
            String key = kallmodsyms.name(i) + " " + Arrays.toString(kallmodsyms.builtinModules(i)) + " {"
                    + kallmodsyms.object(i) + "}";
            if (seen.merge(key, 1, Integer::sum) == 2) {
                twice.add(key);
            }
        }
        assertTrue(code > 40000, "code symbols: " + code);
        assertEquals(List.of(), twice);
    }
}
