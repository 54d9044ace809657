package dev.tracesym.formats.dat;

import java.util.List;

/**
 * The event formats of one event system as stored in a {@code .dat} file.
 *
 * @param name    system name, e.g. {@code sched}
 * @param formats the text of each {@code events/<system>/<event>/format} file, in file order
 */
public record EventSystem(String name, List<String> formats) {
    public EventSystem {
        formats = List.copyOf(formats);
    }
}
