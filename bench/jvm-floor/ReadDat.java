import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;

/**
 * The floor a JVM puts under a small report (bench/jvm-floor.sh): reads a file and writes its bytes to
 * standard output, nothing else, in 64 KiB blocks. With no argument it prints one line.
 */
public final class ReadDat {
    public static void main(String[] args) throws IOException {
        FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        if (args.length == 0) {
            out.write("cpus=2\n".getBytes());
            return;
        }
        byte[] buf = new byte[1 << 16];
        try (FileInputStream in = new FileInputStream(args[0])) {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        }
    }
}
