package dev.tracesym.spark;

import java.io.Serializable;

/**
 * What became of one trace in the job: a row of the outcome table.
 *
 * @param trace   the trace's path
 * @param output  the file or partition written for it (null: nothing kept)
 * @param outcome {@code ok}, {@code damaged} (kept: --partial-ok or Parquet) or {@code failed}
 * @param names   where its names came from
 * @param message why it failed or what was damaged, else null
 */
record TraceOutcome(String trace, String output, String outcome, String names, String message) implements Serializable {
    static final String FAILED = "failed";

    boolean done() {
        return !FAILED.equals(outcome);
    }

    /** A row of the outcome table: tab-separated, {@code -} for nothing. */
    String row() {
        return trace + '\t' + outcome + '\t' + (output == null ? "-" : output) + '\t' + names + '\t'
                + (message == null ? "-" : message.replace('\t', ' ').replace('\n', ' '));
    }

    static final String HEADER = "trace\toutcome\toutput\tnames\tmessage";
}
