package dev.tracesym.app.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;

/**
 * Reads trace_pipe on its own thread (a read blocks until the kernel has an event) and queues
 * the module events; {@link ModuleEvent#END} follows the last one. Closing the channel ends it.
 */
final class ModuleEventReader implements Runnable {
    private final ReadableByteChannel pipe;
    private final BlockingQueue<ModuleEvent> queue;
    private volatile IOException failure;

    ModuleEventReader(ReadableByteChannel pipe, BlockingQueue<ModuleEvent> queue) {
        this.pipe = pipe;
        this.queue = queue;
    }

    /** Why reading stopped, when it was not the end of the pipe or a close; null otherwise. */
    IOException failure() {
        return failure;
    }

    @Override
    public void run() {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        try {
            while (pipe.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    byte b = buf.get();
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    offer(line);
                }
                buf.clear();
            }
            offer(line);                                  // a last line without its newline
        } catch (ClosedChannelException e) {   // incl. AsynchronousCloseException
            // the capture is stopping
        } catch (IOException e) {
            failure = e;
        } finally {
            queue.add(ModuleEvent.END);
        }
    }

    private void offer(ByteArrayOutputStream line) {
        if (line.size() == 0) return;
        ModuleEvent e = ModuleEvent.parse(line.toString(StandardCharsets.UTF_8));
        line.reset();
        if (e != null) queue.add(e);
    }
}
