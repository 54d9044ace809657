package dev.tracesym.app.capture;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * SIGINT, SIGTERM and SIGHUP end the capture cleanly instead of killing the JVM mid-snapshot;
 * a second signal exits at once (temporary files are removed by their shutdown hook).
 */
final class StopSignals implements AutoCloseable {
    private static final String[] NAMES = {"INT", "TERM", "HUP"};
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {}

    static StopSignals install(Runnable onStop) {
        StopSignals s = new StopSignals();
        boolean[] stopping = {false};
        SignalHandler handler = sig -> {
            synchronized (stopping) {
                if (stopping[0]) Runtime.getRuntime().exit(128 + sig.getNumber());
                stopping[0] = true;
            }
            onStop.run();
        };
        for (String name : NAMES) {
            try {
                Signal sig = new Signal(name);
                s.previous.add(Signal.handle(sig, handler));
                s.signals.add(sig);
            } catch (IllegalArgumentException e) {
                // the JVM uses this signal itself (-Xrs) or the platform lacks it: keep its default
            }
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) Signal.handle(signals.get(i), previous.get(i));
    }
}
