package dev.tracesym.formats.dat;

import java.util.ArrayList;
import java.util.List;

/** What a reader of one file noticed without stopping, and whether any of it lost events. */
final class Warnings {
    final List<String> all = new ArrayList<>();
    /** True once a warning said events are missing (data cut short, a CPU or buffer skipped). */
    boolean eventsLost;

    /** Something unusual that costs no event (a skipped option, a guessed clock). */
    void note(String warning) {
        all.add(warning);
    }

    /** Events are missing: the file is damaged. */
    void lost(String warning) {
        all.add(warning);
        eventsLost = true;
    }
}
