package dev.tracesym.spark;

import java.io.Serializable;

/**
 * Where a trace's names come from, as Hadoop path strings: the archive's listings folder and
 * module folder (null: none), and how it was chosen, for the trace's status.
 *
 * @param archive the listings folder (manifest.tsv, NNN-label.*)
 * @param modules the module files' folder, or null
 * @param how     {@code given}, or the discovery rule that found it
 */
record ArchiveLocation(String archive, String modules, String how) implements Serializable {
    /** What the status row says about the names. */
    String describe() {
        return "archive " + archive + (modules == null ? "" : " with modules " + modules) + " (" + how + ")";
    }
}
