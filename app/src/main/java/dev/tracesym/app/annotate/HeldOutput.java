package dev.tracesym.app.annotate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The output of an annotation whose symbols are being checked against the text
 * ({@link TextEvidence}): held in memory until the evidence accepts the symbols, then passed on;
 * dropped for good once it refuses them, so a refused run writes nothing. A pause of the input
 * (a flush) decides with the evidence seen so far, or, with none yet, passes the held lines on so
 * that a live pipe is never held back; so does a held output over {@link #LIMIT}.
 */
final class HeldOutput extends OutputStream {
    /** Bytes held at most before they are passed on unjudged. */
    static final int LIMIT = 4 << 20;

    private final OutputStream out;
    private final TextEvidence evidence;
    private ByteArrayOutputStream held = new ByteArrayOutputStream(1 << 16);

    HeldOutput(OutputStream out, TextEvidence evidence) {
        this.out = out;
        this.evidence = evidence;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (evidence.refused()) {
            return;
        }
        if (held != null) {
            if (!evidence.decided()) {
                held.write(b, off, len);
                if (held.size() > LIMIT) {
                    release();
                }
                return;
            }
            release();
        }
        out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        if (held != null && evidence.any()) {
            evidence.decide();
        }
        if (evidence.refused()) {
            return;
        }
        if (held != null) {
            release();
        }
        out.flush();
    }

    private void release() throws IOException {
        ByteArrayOutputStream h = held;
        held = null;
        h.writeTo(out);
    }
}
