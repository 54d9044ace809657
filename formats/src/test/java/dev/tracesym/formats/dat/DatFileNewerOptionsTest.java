package dev.tracesym.formats.dat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tracesym.formats.text.SampleFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options of newer trace-cmd releases, in traces they wrote (samples newer-3.4 and newer-3.3.3, Debian
 * 6.12 with a persistent ring-buffer instance): read, kept, and none of them taken for damage.
 */
class DatFileNewerOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void traceCmd34WritesBtfLastBootInfoAndModules() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("newer-3.4/newer.v7-zstd.dat", tmp))) {
            assertEquals(List.of(), f.warnings());
            assertEquals(0, f.skippedOptions());
            assertTrue(f.traceCmdVersion().startsWith("3.4.0"), f.traceCmdVersion());
            assertEquals("zstd", f.compression());
            // /sys/kernel/btf/vmlinux of that kernel, as long as the file says
            assertEquals(4_918_287, f.btfSize());
            assertEquals(List.of("boot_map:text delta:\t0\ndata delta:\t0\n"), f.lastBootInfo());
            assertEquals("virtio_blk 32768 0 - Live 0xffffffffc03ac000\nvirtio_mmio 16384 0 - Live 0xffffffffc03a5000\n",
                    f.modulesFile());
            assertEquals(List.of("", "boot_map", "foo"), f.buffers().stream().map(BufferInfo::name).toList());
        }
    }

    @Test
    void traceCmd333WritesNoneOfThem() throws IOException {
        try (DatFile f = DatFile.open(SampleFiles.plain("newer-3.3.3/newer.v7-zstd.dat", tmp))) {
            assertEquals(List.of(), f.warnings());
            assertTrue(f.traceCmdVersion().startsWith("3.3.3"), f.traceCmdVersion());
            assertEquals(0, f.btfSize());
            assertEquals(List.of(), f.lastBootInfo());
            assertNull(f.modulesFile());
        }
    }
}
